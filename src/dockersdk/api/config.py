"""docker-py's ``docker.api.config``: the swarm config endpoints' mixin.

dockersdk keeps the config endpoints beside the secret ones (the same API shape), in
:class:`~dockersdk.api.secret.SecretApiMixin`; ``ConfigApiMixin`` names that class.
"""

from dockersdk.api.secret import SecretApiMixin

__all__ = ["ConfigApiMixin"]

ConfigApiMixin = SecretApiMixin
