"""Registry authentication: docker-py's ``docker.auth``.

``from dockersdk.auth import auth`` gives the module (``auth.load_config()``), and every name
is also importable from here (``dockersdk.auth.resolve_authconfig``).
"""

from __future__ import annotations

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
