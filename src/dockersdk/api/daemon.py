"""docker-py's ``docker.api.daemon``: the engine-wide endpoints' mixin.

dockersdk keeps ``info``, ``version``, ``ping``, ``df`` and ``events`` in
:class:`~dockersdk.api.system.SystemApiMixin` and ``login`` in
:class:`~dockersdk.api.registry.RegistryApiMixin`; ``DaemonApiMixin`` names the first.
"""

from dockersdk.api.system import SystemApiMixin

__all__ = ["DaemonApiMixin"]

DaemonApiMixin = SystemApiMixin
