"""Where the Docker CLI's config file is: ``config_path``, ``$DOCKER_CONFIG``, ``~/.docker``."""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

from dockersdk._guards import is_dict

__all__ = [
    "DOCKER_CONFIG_FILENAME",
    "LEGACY_DOCKER_CONFIG_FILENAME",
    "config_path_from_environment",
    "find_config_file",
    "home_dir",
    "load_general_config",
]

DOCKER_CONFIG_FILENAME = os.path.join(".docker", "config.json")
LEGACY_DOCKER_CONFIG_FILENAME = ".dockercfg"

log = logging.getLogger(__name__)


def home_dir() -> str:
    """The user's home directory (``USERPROFILE`` on Windows)."""
    if sys.platform == "win32":
        return os.environ.get("USERPROFILE", "")
    return os.path.expanduser("~")


def config_path_from_environment() -> str | None:
    """``$DOCKER_CONFIG/config.json``, if ``DOCKER_CONFIG`` is set."""
    config_dir = os.environ.get("DOCKER_CONFIG")
    if not config_dir:
        return None
    return os.path.join(config_dir, os.path.basename(DOCKER_CONFIG_FILENAME))


def find_config_file(config_path: str | os.PathLike[str] | None = None) -> str | None:
    """The first existing of ``config_path``, ``$DOCKER_CONFIG/config.json``,
    ``~/.docker/config.json`` and ``~/.dockercfg``; None if there is none."""
    candidates = [
        os.fspath(config_path) if config_path else None,
        config_path_from_environment(),
        os.path.join(home_dir(), DOCKER_CONFIG_FILENAME),
        os.path.join(home_dir(), LEGACY_DOCKER_CONFIG_FILENAME),
    ]
    for path in candidates:
        if path and os.path.exists(path):
            log.debug("Found file at path: %s", path)
            return path
    log.debug("No config file found")
    return None


def load_general_config(config_path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The Docker CLI's config file as a dict (``HttpHeaders``, ``proxies``,
    ``detachKeys``...), or ``{}`` when there is none or it cannot be read."""
    path = find_config_file(config_path)
    if path is None:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        log.debug("Cannot read %s: %s", path, exc)
        return {}
    return data if is_dict(data) else {}
