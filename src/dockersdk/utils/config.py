"""docker-py's ``docker.utils.config``: finding and reading the docker CLI's config file."""

from __future__ import annotations

from dockersdk.auth.config_files import (
    DOCKER_CONFIG_FILENAME,
    LEGACY_DOCKER_CONFIG_FILENAME,
    config_path_from_environment,
    find_config_file,
    home_dir,
    load_general_config,
)

__all__ = [
    "DOCKER_CONFIG_FILENAME",
    "LEGACY_DOCKER_CONFIG_FILENAME",
    "config_path_from_environment",
    "find_config_file",
    "home_dir",
    "load_general_config",
]
