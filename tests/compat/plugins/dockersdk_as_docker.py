"""pytest plugin for ``make compat``: docker-py's suite runs on dockersdk.

Loaded with ``-p dockersdk_as_docker`` before the suite's conftest imports ``docker``, it
calls :func:`dockersdk.install_as_docker`, so every ``import docker`` in the suite gives
dockersdk, unmodified.
"""

from __future__ import annotations

import dockersdk

dockersdk.install_as_docker()
