"""Find the engine the way the docker CLI does: ``DOCKER_HOST``, then contexts, then the default.

The CLI's order (``cli/command/cli.go``, ``resolveContextName``):

1. ``DOCKER_HOST`` (with ``DOCKER_TLS_VERIFY`` and ``DOCKER_CERT_PATH``);
2. ``DOCKER_CONTEXT``;
3. ``currentContext`` in ``$DOCKER_CONFIG/config.json`` (``~/.docker/config.json``);
4. the platform default (``unix:///var/run/docker.sock``, ``npipe:////./pipe/docker_engine``).

A context named ``N`` lives in ``<config dir>/contexts/meta/<sha256(N)>/meta.json``; its TLS
material, if any, in ``<config dir>/contexts/tls/<sha256(N)>/docker/{ca,cert,key}.pem``.
The context ``default`` is the implicit one: the platform default address.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dockersdk._guards import is_dict
from dockersdk.errors import ContextNotFound, InvalidConfigFile

if TYPE_CHECKING:
    from dockersdk.tls import TLSConfig

__all__ = [
    "DEFAULT_CONTEXT",
    "DockerContext",
    "config_dir",
    "context_id",
    "current_context_name",
    "default_host",
    "load_context",
    "resolve_client_kwargs",
]

DEFAULT_CONTEXT = "default"
_META_FILE = "meta.json"


@dataclass(frozen=True)
class DockerContext:
    """A docker CLI context's ``docker`` endpoint.

    Attributes:
        name: the context's name.
        host: the engine address (``unix://...``, ``tcp://...``, ``ssh://...``).
        tls: the TLS settings from the context's TLS material, or None for none.
        skip_tls_verify: the endpoint's ``SkipTLSVerify``.
        description: the context's description, if any.
        metadata: the whole ``meta.json`` as read (empty for ``default``).
    """

    name: str
    host: str
    tls: TLSConfig | None = None
    skip_tls_verify: bool = False
    description: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict[str, Any])


def default_host() -> str:
    """The platform's default engine address."""
    if sys.platform == "win32":
        return "npipe:////./pipe/docker_engine"
    return "unix:///var/run/docker.sock"


def config_dir(environment: Mapping[str, str] | None = None) -> str:
    """The docker CLI's config directory: ``$DOCKER_CONFIG``, else ``~/.docker``."""
    env = os.environ if environment is None else environment
    configured = env.get("DOCKER_CONFIG")
    if configured:
        return configured
    home = env.get("USERPROFILE") if sys.platform == "win32" else None
    return os.path.join(home or os.path.expanduser("~"), ".docker")


def context_id(name: str) -> str:
    """The directory name of a context: the sha256 of its name, in hex."""
    import hashlib  # only for a named context: not on every client's path

    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def current_context_name(
    environment: Mapping[str, str] | None = None, directory: str | None = None
) -> str:
    """The context the CLI would use when ``DOCKER_HOST`` is unset.

    ``DOCKER_CONTEXT`` if set, else ``currentContext`` from ``config.json``, else
    ``default``.

    Raises:
        InvalidConfigFile: ``config.json`` exists but is not a JSON object.
    """
    env = os.environ if environment is None else environment
    if env.get("DOCKER_CONTEXT"):
        return env["DOCKER_CONTEXT"]
    path = os.path.join(directory or config_dir(env), "config.json")
    if not os.path.isfile(path):
        return DEFAULT_CONTEXT
    data = _read_json(path, "the docker config file")
    current = data.get("currentContext")
    if current is not None and not isinstance(current, str):
        raise InvalidConfigFile(f"{path}: currentContext must be a string, found {current!r}")
    return current or DEFAULT_CONTEXT


def load_context(name: str, directory: str | None = None) -> DockerContext:
    """Read context ``name`` from the CLI's context store.

    Args:
        name: the context; ``default`` gives the platform default address.
        directory: the config directory (default: :func:`config_dir`).

    Raises:
        InvalidArgument: no context of that name exists.
        InvalidConfigFile: its ``meta.json`` is malformed or has no ``docker`` endpoint.
        TLSParameterError: its TLS material is incomplete.
    """
    if name == DEFAULT_CONTEXT:
        return DockerContext(name=name, host=default_host())
    base = os.path.join(directory or config_dir(), "contexts")
    meta_path = os.path.join(base, "meta", context_id(name), _META_FILE)
    if not os.path.isfile(meta_path):
        raise ContextNotFound(
            f"docker context {name!r} not found: no {meta_path} (see `docker context ls`)"
        )
    meta = _read_json(meta_path, f"the metadata of docker context {name!r}")
    endpoints = meta.get("Endpoints")
    endpoint = endpoints.get("docker") if is_dict(endpoints) else None
    if not is_dict(endpoint):
        raise InvalidConfigFile(f"{meta_path}: docker context {name!r} has no docker endpoint")
    host = endpoint.get("Host") or default_host()
    if not isinstance(host, str):
        raise InvalidConfigFile(f"{meta_path}: the docker endpoint's Host must be a string")
    skip = bool(endpoint.get("SkipTLSVerify", False))
    tls_dir = os.path.join(base, "tls", context_id(name), "docker")
    metadata = meta.get("Metadata")
    description = metadata.get("Description") if is_dict(metadata) else None
    return DockerContext(
        name=name,
        host=host,
        tls=_context_tls(tls_dir, skip),
        skip_tls_verify=skip,
        description=description or None,
        metadata=meta,
    )


def _context_tls(tls_dir: str, skip_verify: bool) -> TLSConfig | None:
    """TLS settings from a context's ``ca.pem``/``cert.pem``/``key.pem``, or None."""
    from dockersdk.errors import TLSParameterError
    from dockersdk.tls import TLSConfig

    def found(file: str) -> str | None:
        path = os.path.join(tls_dir, file)
        return path if os.path.isfile(path) else None

    ca, cert, key = found("ca.pem"), found("cert.pem"), found("key.pem")
    if ca is None and cert is None and key is None:
        return None
    if (cert is None) != (key is None):
        raise TLSParameterError(
            f"{tls_dir}: a client certificate needs both cert.pem and key.pem; only "
            f"{'cert.pem' if cert else 'key.pem'} is there"
        )
    return TLSConfig(
        client_cert=(cert, key) if cert is not None and key is not None else None,
        ca_cert=ca,
        verify=not skip_verify,
    )


def _read_json(path: str, what: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise InvalidConfigFile(f"cannot read {what} ({path}): {exc}") from exc
    if not is_dict(data):
        raise InvalidConfigFile(f"{what} ({path}) is not a JSON object")
    return data


def resolve_client_kwargs(
    environment: Mapping[str, str] | None = None,
    *,
    ssl_version: Any = None,
    assert_hostname: bool | None = None,
) -> dict[str, Any]:
    """``base_url`` and ``tls`` for a client, resolved in the docker CLI's order.

    Args:
        environment: the variables to read (``os.environ`` when None).
        ssl_version, assert_hostname: passed to the TLS settings built from
            ``DOCKER_TLS_VERIFY``/``DOCKER_CERT_PATH`` (as in docker-py's ``from_env``).

    Returns:
        ``{"base_url": ..., "tls": ...}`` (``tls`` only when TLS is on).

    Raises:
        InvalidArgument: ``DOCKER_CONTEXT``/``currentContext`` names no context.
        InvalidConfigFile: a malformed config or context file.
    """
    from dockersdk.utils.env import kwargs_from_env

    env = os.environ if environment is None else environment
    if env.get("DOCKER_HOST"):
        return kwargs_from_env(
            ssl_version=ssl_version, assert_hostname=assert_hostname, environment=env
        )
    name = current_context_name(env)
    if name == DEFAULT_CONTEXT:
        # The CLI's default context still takes DOCKER_TLS_VERIFY / DOCKER_CERT_PATH.
        kwargs = kwargs_from_env(
            ssl_version=ssl_version, assert_hostname=assert_hostname, environment=env
        )
        kwargs["base_url"] = default_host()
        return kwargs
    context = load_context(name, config_dir(env))
    result: dict[str, Any] = {"base_url": context.host}
    if context.tls is not None:
        result["tls"] = context.tls
    return result
