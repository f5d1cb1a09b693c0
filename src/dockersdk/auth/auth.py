"""Registry credentials: read the Docker config file, pick the entry for a registry, encode it.

docker-py's ``docker.auth`` with the same names. Secrets (passwords, identity tokens, the
base64 ``auth`` strings) never appear in a ``repr``, a ``str``, an exception message or a log
line: the objects that hold them mask them, and messages name registries and files only.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import os
from collections.abc import Mapping
from typing import Any

from dockersdk import credentials
from dockersdk._guards import is_list, is_mapping, is_str, is_tuple
from dockersdk.auth.config_files import find_config_file
from dockersdk.errors import DockerException, InvalidConfigFile, InvalidRepository

__all__ = [
    "INDEX_NAME",
    "INDEX_URL",
    "TOKEN_USERNAME",
    "AuthConfig",
    "AuthEntry",
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

INDEX_NAME = "docker.io"
INDEX_URL = f"https://index.{INDEX_NAME}/v1/"
TOKEN_USERNAME = "<token>"

_SECRET_KEYS = frozenset({"password", "identitytoken", "auth", "registrytoken", "secret"})
_MASK = "***"

log = logging.getLogger(__name__)


def _mask(value: Any) -> Any:
    if is_mapping(value):
        return {
            k: _MASK if str(k).lower() in _SECRET_KEYS and v else _mask(v) for k, v in value.items()
        }
    if is_list(value) or is_tuple(value):
        return [_mask(item) for item in value]
    return value


class AuthEntry(dict[str, Any]):
    """One registry's credentials: a plain dict whose ``repr``/``str`` mask the secrets.

    ``json.dumps`` and item access see the real values (``encode_header`` needs them).
    """

    def __repr__(self) -> str:
        return repr(_mask(self))

    __str__ = __repr__


def _entry(value: Any) -> AuthEntry:
    if isinstance(value, AuthEntry):
        return value
    if not is_mapping(value):
        raise InvalidConfigFile(f"an auths entry is a {type(value).__name__}, not a dict")
    return AuthEntry(value)


# -- repository and registry names ----------------------------------------------------------


def resolve_repository_name(repo_name: str) -> tuple[str, str]:
    """Split a repository into its registry (index) name and the name on that registry.

    Args:
        repo_name: e.g. ``'ubuntu'``, ``'user/app'``, ``'localhost:5000/app'``.

    Returns:
        ``(registry, remote name)``, e.g. ``('docker.io', 'ubuntu')``.

    Raises:
        InvalidRepository: an empty name, a scheme (``https://``), or an index name that
            begins or ends with a hyphen.
    """
    if not is_str(repo_name) or not repo_name:  # untyped callers pass None
        raise InvalidRepository(f"Repository name is empty or not a string ({repo_name!r})")
    if "://" in repo_name:
        raise InvalidRepository(f"Repository name cannot contain a scheme ({repo_name})")
    index_name, remote_name = split_repo_name(repo_name)
    if not index_name or not remote_name:
        raise InvalidRepository(f"Invalid repository name ({repo_name})")
    if index_name[0] == "-" or index_name[-1] == "-":
        raise InvalidRepository(
            f"Invalid index name ({index_name}). Cannot begin or end with a hyphen."
        )
    return resolve_index_name(index_name), remote_name


def resolve_index_name(index_name: str) -> str:
    """Normalise a registry name: no scheme or path, and ``index.docker.io`` is ``docker.io``."""
    index_name = convert_to_hostname(index_name)
    if index_name == f"index.{INDEX_NAME}":
        index_name = INDEX_NAME
    return index_name


def split_repo_name(repo_name: str) -> tuple[str, str]:
    """Split ``repo_name`` at its first ``/`` when the first part is a registry host.

    The first part is a registry when it has a ``.`` or a ``:`` or is ``localhost``;
    otherwise the repository is on Docker Hub (``('docker.io', repo_name)``).
    """
    parts = repo_name.split("/", 1)
    if len(parts) == 1 or ("." not in parts[0] and ":" not in parts[0] and parts[0] != "localhost"):
        return INDEX_NAME, repo_name
    return parts[0], parts[1]


def convert_to_hostname(url: str) -> str:
    """``'https://host:5000/v1/'`` -> ``'host:5000'``."""
    return url.replace("http://", "").replace("https://", "").split("/", 1)[0]


# -- the auth config -------------------------------------------------------------------------


def decode_auth(auth: str | bytes) -> tuple[str, str]:
    """Decode a config file's base64 ``'user:password'`` ``auth`` string.

    Raises:
        InvalidConfigFile: not base64 of ``user:password`` (the value is not quoted).
    """
    raw = auth.encode("ascii", "replace") if isinstance(auth, str) else auth
    try:
        login, password = base64.b64decode(raw).split(b":", 1)
        return login.decode("utf-8"), password.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidConfigFile("an 'auth' value is not base64-encoded 'user:password'") from None


def _is_auths_map(value: Mapping[str, Any]) -> bool:
    """True for a bare ``{registry: entry}`` map (what ``config.get('auths')`` gives)."""
    if not value or {"auths", "credsStore", "credHelpers"} & set(value):
        return False
    return all(isinstance(entry, Mapping) for entry in value.values())


class AuthConfig(dict[str, Any]):
    """The auth part of a Docker config file: ``auths``, ``credsStore``, ``credHelpers``.

    A dict, as docker-py's was (``config.get('auths', {})`` works), whose ``repr`` and
    ``str`` mask every secret.

    Args:
        dct: the config. A bare ``{registry: entry}`` map (``config.get('auths')``) is
            taken as the ``auths`` section.
        credstore_env: variables for credential helpers, on top of ``os.environ``.
    """

    def __init__(
        self, dct: Mapping[str, Any] | None = None, credstore_env: Mapping[str, str] | None = None
    ) -> None:
        data = dict(dct or {})
        if _is_auths_map(data):
            data = {"auths": data}
        data["auths"] = {key: _entry(value) for key, value in (data.get("auths") or {}).items()}
        super().__init__(data)
        self._credstore_env = dict(credstore_env) if credstore_env else None
        self._stores: dict[str, credentials.Store] = {}

    def __repr__(self) -> str:
        return f"AuthConfig({_mask(self)!r})"

    __str__ = __repr__

    @classmethod
    def parse_auth(
        cls, entries: Mapping[str, Any], raise_on_error: bool = False
    ) -> dict[str, AuthEntry]:
        """Parse a config file's ``auths`` section into credential entries.

        Args:
            entries: ``{registry: {'auth': base64, 'email': ..}}`` (or ``identitytoken``).
            raise_on_error: raise for an entry that is not a dict (else return ``{}``, for
                the legacy whole-file fallback).

        Returns:
            ``{registry: {'username', 'password', 'email', 'serveraddress'}}``, or
            ``{registry: {'IdentityToken': ..}}``, or ``{registry: {}}`` (credentials are
            in a helper).

        Raises:
            InvalidConfigFile: a malformed entry (the message names the registry only).
        """
        conf: dict[str, AuthEntry] = {}
        for registry, entry in entries.items():
            if not is_mapping(entry):
                log.debug("Config entry for key %s is not auth config", registry)
                if raise_on_error:
                    raise InvalidConfigFile(f"Invalid configuration for registry {registry}")
                return {}
            if "identitytoken" in entry:
                log.debug("Found an IdentityToken entry for registry %s", registry)
                conf[registry] = AuthEntry(IdentityToken=entry["identitytoken"])
                continue
            if "auth" not in entry:
                log.debug("Auth data for %s is absent: a credential store may have it", registry)
                conf[registry] = AuthEntry()
                continue
            try:
                username, password = decode_auth(entry["auth"])
            except InvalidConfigFile:
                raise InvalidConfigFile(
                    f"The 'auth' value for registry {registry} is not base64-encoded "
                    "'user:password'"
                ) from None
            log.debug("Found entry (registry=%r, username=%r)", registry, username)
            conf[registry] = AuthEntry(
                username=username,
                password=password,
                email=entry.get("email"),
                serveraddress=registry,
            )
        return conf

    @classmethod
    def load_config(
        cls,
        config_path: str | os.PathLike[str] | None,
        config_dict: Mapping[str, Any] | None,
        credstore_env: Mapping[str, str] | None = None,
    ) -> AuthConfig:
        """Load the auth config from ``config_dict`` or the config file.

        The file is, in order: ``config_path``, ``$DOCKER_CONFIG/config.json``,
        ``~/.docker/config.json``, ``~/.dockercfg`` (the legacy format).

        Raises:
            InvalidConfigFile: an ``auths`` section with a malformed entry.
        """
        if not config_dict:
            config_file = find_config_file(config_path)
            if not config_file:
                return cls({}, credstore_env)
            try:
                with open(config_file, encoding="utf-8") as f:
                    config_dict = json.load(f)
            except (OSError, ValueError) as exc:
                # Perhaps the legacy format (two "key = value" lines).
                log.debug("Cannot read %s as JSON (%s)", config_file, type(exc).__name__)
                return cls(_load_legacy_config(config_file), credstore_env)
            if not isinstance(config_dict, Mapping):
                raise InvalidConfigFile(f"{config_file} does not hold a JSON object")
        result: dict[str, Any] = {}
        if config_dict.get("auths"):
            log.debug("Found 'auths' section")
            result["auths"] = cls.parse_auth(config_dict["auths"], raise_on_error=True)
        if config_dict.get("credsStore"):
            log.debug("Found 'credsStore' section")
            result["credsStore"] = config_dict["credsStore"]
        if config_dict.get("credHelpers"):
            log.debug("Found 'credHelpers' section")
            result["credHelpers"] = config_dict["credHelpers"]
        if result:
            return cls(result, credstore_env)
        log.debug("No auth section: reading the file as an auth-only (legacy) file")
        return cls({"auths": cls.parse_auth(config_dict)}, credstore_env)

    @property
    def auths(self) -> dict[str, Any]:
        """``{registry: credentials}`` from the file."""
        auths: dict[str, Any] = self.get("auths", {})
        return auths

    @property
    def creds_store(self) -> str | None:
        """The default credential helper (``credsStore``), if any."""
        store: str | None = self.get("credsStore")
        return store

    @property
    def cred_helpers(self) -> dict[str, str]:
        """``{registry: helper}`` (``credHelpers``)."""
        helpers: dict[str, str] = self.get("credHelpers", {})
        return helpers

    @property
    def is_empty(self) -> bool:
        """True when there are no credentials and no helpers."""
        return not self.auths and not self.creds_store and not self.cred_helpers

    def resolve_authconfig(self, registry: str | None = None) -> AuthEntry | None:
        """The credentials for ``registry`` (Docker Hub when None), or None.

        A credential helper for the registry (``credHelpers``, else ``credsStore``) is asked
        first; then the ``auths`` entries, matched by hostname as the Docker CLI does
        (``https://index.docker.io/v1/`` matches ``docker.io``).

        Raises:
            DockerException: a credential helper failed (the message names the helper).
        """
        if self.creds_store or self.cred_helpers:
            store_name = self.get_credential_store(registry)
            if store_name is not None:
                log.debug('Using credentials store "%s"', store_name)
                cfg = self._resolve_authconfig_credstore(registry, store_name)
                if cfg is not None:
                    return cfg
                log.debug("No entry in credstore - fetching from auth dict")
        registry = resolve_index_name(registry) if registry else INDEX_NAME
        log.debug("Looking for auth entry for %r", registry)
        if registry in self.auths:
            return _entry(self.auths[registry])
        for key, conf in self.auths.items():
            if resolve_index_name(key) == registry:
                log.debug("Found %r", key)
                return _entry(conf)
        log.debug("No entry found")
        return None

    def _resolve_authconfig_credstore(
        self, registry: str | None, credstore_name: str
    ) -> AuthEntry | None:
        if not registry or registry == INDEX_NAME:
            # Helpers know Docker Hub by its full index URL.
            registry = INDEX_URL
        log.debug("Looking for auth entry for %r in %s", registry, credstore_name)
        store = self._get_store_instance(credstore_name)
        try:
            data = store.get(registry)
        except credentials.CredentialsNotFound:
            log.debug("No entry found")
            return None
        except credentials.StoreError as exc:
            raise DockerException(f"Credentials store error: {exc}") from exc
        result = AuthEntry(ServerAddress=registry)
        if data["Username"] == TOKEN_USERNAME:
            result["IdentityToken"] = data["Secret"]
        else:
            result.update(Username=data["Username"], Password=data["Secret"])
        return result

    def _get_store_instance(self, name: str) -> credentials.Store:
        if name not in self._stores:
            self._stores[name] = credentials.Store(name, environment=self._credstore_env)
        return self._stores[name]

    def get_credential_store(self, registry: str | None) -> str | None:
        """The helper to ask for ``registry``: its ``credHelpers`` entry, else ``credsStore``."""
        if not registry or registry == INDEX_NAME:
            registry = INDEX_URL
        return self.cred_helpers.get(registry) or self.creds_store

    def get_all_credentials(self) -> dict[str, Any]:
        """Every credential known: ``auths``, then the default store's, then ``credHelpers``'.

        Entries from helpers are listed under the URL and under its hostname.

        Raises:
            DockerException: a credential helper failed.
        """
        auth_data: dict[str, Any] = dict(self.auths)
        if self.creds_store:
            store = self._get_store_instance(self.creds_store)
            try:
                listed = store.list()
            except credentials.StoreError as exc:
                raise DockerException(f"Credentials store error: {exc}") from exc
            for key in listed:
                auth_data[key] = self._resolve_authconfig_credstore(key, self.creds_store)
                auth_data[convert_to_hostname(key)] = auth_data[key]
        for registry, store_name in self.cred_helpers.items():
            auth_data[registry] = self._resolve_authconfig_credstore(registry, store_name)
            auth_data[convert_to_hostname(registry)] = auth_data[registry]
        return auth_data

    def add_auth(self, reg: str, data: Mapping[str, Any]) -> None:
        """Add (or replace) the ``auths`` entry for registry ``reg``."""
        self["auths"][reg] = AuthEntry(data)


# -- module functions (docker-py's) ------------------------------------------------------------


def get_credential_store(authconfig: Mapping[str, Any], registry: str | None) -> str | None:
    """The credential helper for ``registry`` (:meth:`AuthConfig.get_credential_store`)."""
    if not isinstance(authconfig, AuthConfig):
        authconfig = AuthConfig(authconfig)
    return authconfig.get_credential_store(registry)


def resolve_authconfig(
    authconfig: Mapping[str, Any],
    registry: str | None = None,
    credstore_env: Mapping[str, str] | None = None,
) -> AuthEntry | None:
    """The credentials for ``registry`` (Docker Hub when None), or None.

    Args:
        authconfig: an :class:`AuthConfig` (from :func:`load_config`), a config dict, or its
            bare ``auths`` map (``config.get('auths', {})``).
        registry: a registry host or URL.
        credstore_env: variables for credential helpers.

    Returns:
        A dict such as ``{'username', 'password', 'email', 'serveraddress'}`` (from the
        file) or ``{'ServerAddress', 'Username', 'Password'}`` (from a helper); its ``repr``
        masks the secrets.

    Raises:
        DockerException: a credential helper failed.
    """
    if not isinstance(authconfig, AuthConfig):
        authconfig = AuthConfig(authconfig, credstore_env)
    return authconfig.resolve_authconfig(registry)


def parse_auth(entries: Mapping[str, Any], raise_on_error: bool = False) -> dict[str, AuthEntry]:
    """Parse a config file's ``auths`` section, see :meth:`AuthConfig.parse_auth`."""
    return AuthConfig.parse_auth(entries, raise_on_error)


def load_config(
    config_path: str | os.PathLike[str] | None = None,
    config_dict: Mapping[str, Any] | None = None,
    credstore_env: Mapping[str, str] | None = None,
) -> AuthConfig:
    """Load the auth part of the Docker config file.

    Args:
        config_path: the file; by default ``$DOCKER_CONFIG/config.json``, else
            ``~/.docker/config.json``, else the legacy ``~/.dockercfg``.
        config_dict: an already-loaded config instead of a file.
        credstore_env: variables for credential helpers.

    Returns:
        An :class:`AuthConfig`: a dict (``config.get('auths', {})``) that also resolves
        credentials. An absent file gives an empty one.

    Raises:
        InvalidConfigFile: a malformed ``auths`` entry.
    """
    return AuthConfig.load_config(config_path, config_dict, credstore_env)


def encode_header(auth: Mapping[str, Any]) -> str:
    """Encode credentials for the ``X-Registry-Auth`` header: URL-safe base64 of their JSON.

    Returns:
        The header value (ASCII text; docker-py returned the same as bytes).
    """
    auth_json = json.dumps(dict(auth)).encode("ascii")
    return base64.urlsafe_b64encode(auth_json).decode("ascii")


def get_config_header(client: Any, registry: str | None) -> str | None:
    """The ``X-Registry-Auth`` value for ``registry`` from the client's config, or None.

    The client's ``_auth_configs`` (an :class:`AuthConfig`) is used when set and not empty;
    otherwise the config file is loaded (with the client's ``credstore_env``) and kept
    there for the next call.

    Raises:
        DockerException: a credential helper failed.
    """
    log.debug("Looking for auth config")
    credstore_env = getattr(client, "credstore_env", None)
    configs = getattr(client, "_auth_configs", None)
    if not isinstance(configs, AuthConfig) or configs.is_empty:
        log.debug("No auth config in memory - loading from filesystem")
        configs = load_config(credstore_env=credstore_env)
        with contextlib.suppress(AttributeError):  # a client with __slots__: no cache
            client._auth_configs = configs
    authcfg = resolve_authconfig(configs, registry, credstore_env=credstore_env)
    if authcfg:
        log.debug("Found auth config")
        return encode_header(authcfg)
    log.debug("No auth config found")
    return None


# -- legacy config file ------------------------------------------------------------------


def _load_legacy_config(config_file: str) -> dict[str, Any]:
    """Parse the legacy ``.dockercfg`` format (``auth = <base64>`` / ``email = <email>``)."""
    log.debug("Attempting to parse legacy auth file format")
    try:
        with open(config_file, encoding="utf-8") as f:
            data = [line.strip().split(" = ", 1)[1] for line in f if " = " in line]
        if len(data) < 2:
            raise InvalidConfigFile("Invalid or empty configuration file!")
        username, password = decode_auth(data[0])
    except (OSError, InvalidConfigFile, IndexError) as exc:
        log.debug("Legacy parsing failed: %s", type(exc).__name__)
        log.debug("All parsing attempts failed - returning empty config")
        return {}
    return {
        "auths": {
            INDEX_NAME: {
                "username": username,
                "password": password,
                "email": data[1],
                "serveraddress": INDEX_URL,
            }
        }
    }
