"""Registry authentication: docker-py's ``docker.auth``.

``from dockersdk.auth import auth`` gives the module (``auth.load_config()``), and every name
is also importable from here (``dockersdk.auth.resolve_authconfig``). They load on first
use: the clients import only :mod:`dockersdk.auth.config_files` up front.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersdk.auth import auth
    from dockersdk.auth.auth import (
        INDEX_NAME,
        INDEX_URL,
        TOKEN_USERNAME,
        AuthConfig,
        AuthEntry,
        convert_to_hostname,
        decode_auth,
        encode_header,
        find_config_file,
        get_config_header,
        get_credential_store,
        load_config,
        parse_auth,
        resolve_authconfig,
        resolve_index_name,
        resolve_repository_name,
        split_repo_name,
    )

__all__ = [
    "INDEX_NAME",
    "INDEX_URL",
    "TOKEN_USERNAME",
    "AuthConfig",
    "AuthEntry",
    "auth",
    "convert_to_hostname",
    "decode_auth",
    "encode_header",
    "find_config_file",
    "get_config_header",
    "get_credential_store",
    "load_config",
    "parse_auth",
    "resolve_authconfig",
    "resolve_index_name",
    "resolve_repository_name",
    "split_repo_name",
]


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name not in __all__:
            raise AttributeError(f"module 'dockersdk.auth' has no attribute {name!r}")
        module = importlib.import_module("dockersdk.auth.auth")
        value = module if name == "auth" else getattr(module, name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
