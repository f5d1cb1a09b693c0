"""Where docker CLI contexts are stored: docker-py's ``docker.context.config``.

A context named ``N`` keeps its metadata in ``<config dir>/contexts/meta/<sha256(N)>/
meta.json`` and its TLS files in ``<config dir>/contexts/tls/<sha256(N)>/<endpoint>/``;
the config dir is ``$DOCKER_CONFIG``, else ``~/.docker`` (the CLI's rule; docker-py put
the store beside whichever config file it found, or in the working directory when it found
none).
"""

from __future__ import annotations

import json
import os

from dockersdk.auth.config_files import find_config_file
from dockersdk.context._cli import config_dir, context_id
from dockersdk.utils.hosts import DEFAULT_UNIX_SOCKET, parse_host

__all__ = [
    "METAFILE",
    "get_context_dir",
    "get_context_host",
    "get_context_id",
    "get_current_context_name",
    "get_meta_dir",
    "get_meta_file",
    "get_tls_dir",
    "write_context_name_to_docker_config",
]

METAFILE = "meta.json"


def get_current_context_name() -> str:
    """``currentContext`` from the docker config file, else ``"default"``.

    As in docker-py, ``DOCKER_CONTEXT`` is not read here (``from_env`` does read it) and an
    unreadable config file counts as ``"default"``.
    """
    path = find_config_file()
    if not path:
        return "default"
    try:
        with open(path, encoding="utf-8") as handle:
            name = json.load(handle).get("currentContext", "default")
    except (OSError, ValueError, AttributeError):
        return "default"
    return name if isinstance(name, str) and name else "default"


def write_context_name_to_docker_config(name: str | None = None) -> Exception | None:
    """Set (or, for None or ``"default"``, remove) ``currentContext`` in the config file.

    Returns:
        None when done, or the exception that stopped it (docker-py's convention: the
        caller raises it).
    """
    if name == "default":
        name = None
    path = find_config_file() or os.path.join(config_dir(), "config.json")
    config: dict[str, object] = {}
    if os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as handle:
                config = json.load(handle)
        except (OSError, ValueError) as error:
            return error
    if name:
        config["currentContext"] = name
    elif config.pop("currentContext", None) is None:
        return None
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(config, handle, indent=4)
    except OSError as error:
        return error
    return None


def get_context_id(name: str) -> str:
    """The directory name of a context: the sha256 of its name, in hex."""
    return context_id(name)


def get_context_dir() -> str:
    """The context store: ``<config dir>/contexts``."""
    return os.path.join(config_dir(), "contexts")


def get_meta_dir(name: str | None = None) -> str:
    """The metadata dir of context ``name``, or of all contexts."""
    meta_dir = os.path.join(get_context_dir(), "meta")
    return os.path.join(meta_dir, get_context_id(name)) if name else meta_dir


def get_meta_file(name: str) -> str:
    """The ``meta.json`` of context ``name``."""
    return os.path.join(get_meta_dir(name), METAFILE)


def get_tls_dir(name: str | None = None, endpoint: str = "") -> str:
    """The TLS dir of context ``name`` (and ``endpoint``), or of all contexts."""
    if name:
        return os.path.join(get_context_dir(), "tls", get_context_id(name), endpoint)
    return os.path.join(get_context_dir(), "tls")


def get_context_host(path: str | None = None, tls: bool = False) -> str:
    """A context endpoint's ``Host``: ``path`` parsed, the default socket as ``unix://``."""
    host = parse_host(path, False, tls).base_url
    if host == DEFAULT_UNIX_SOCKET and host.startswith("http+"):
        host = host[len("http+") :]
    return host
