"""docker-py's ``docker.credentials.utils``."""

from __future__ import annotations

from dockersdk.credentials.store import create_environment_dict

__all__ = ["create_environment_dict"]
