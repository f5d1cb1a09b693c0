"""docker-py's ``docker.constants``: defaults and limits, under the names code reads them by.

Values are dockersdk's own where dockersdk differs (user agent, the oldest API version it
speaks); the rest are docker-py 7.1's.
"""

from __future__ import annotations

import sys

from dockersdk import __version__
from dockersdk.utils.hosts import DEFAULT_HTTP_HOST, DEFAULT_NPIPE, DEFAULT_UNIX_SOCKET

__all__ = [
    "BYTE_UNITS",
    "CONTAINER_LIMITS_KEYS",
    "DEFAULT_DATA_CHUNK_SIZE",
    "DEFAULT_DOCKER_API_VERSION",
    "DEFAULT_HTTP_HOST",
    "DEFAULT_MAX_POOL_SIZE",
    "DEFAULT_NPIPE",
    "DEFAULT_NUM_POOLS",
    "DEFAULT_NUM_POOLS_SSH",
    "DEFAULT_SWARM_ADDR_POOL",
    "DEFAULT_SWARM_SUBNET_SIZE",
    "DEFAULT_TIMEOUT_SECONDS",
    "DEFAULT_UNIX_SOCKET",
    "DEFAULT_USER_AGENT",
    "INSECURE_REGISTRY_DEPRECATION_WARNING",
    "IS_WINDOWS_PLATFORM",
    "MAXIMUM_DOCKER_API_VERSION",
    "MINIMUM_DOCKER_API_VERSION",
    "STREAM_HEADER_SIZE_BYTES",
    "WINDOWS_LONGPATH_PREFIX",
]

#: The API version docker-py 7.1 pins when given none. dockersdk negotiates instead (the
#: lower of the engine's and :data:`MAXIMUM_DOCKER_API_VERSION`); passing this pins it.
DEFAULT_DOCKER_API_VERSION = "1.44"
#: The oldest API version dockersdk speaks (docker-py said 1.24; 1.25 is the oldest spec).
MINIMUM_DOCKER_API_VERSION = "1.25"
#: The newest API version dockersdk speaks.
MAXIMUM_DOCKER_API_VERSION = "1.56"
DEFAULT_TIMEOUT_SECONDS = 60
STREAM_HEADER_SIZE_BYTES = 8
CONTAINER_LIMITS_KEYS = ["memory", "memswap", "cpushares", "cpusetcpus"]

BYTE_UNITS = {"b": 1, "k": 1024, "m": 1024 * 1024, "g": 1024 * 1024 * 1024}

INSECURE_REGISTRY_DEPRECATION_WARNING = (
    "The `insecure_registry` argument to {} is deprecated and non-functional. Please remove it."
)

IS_WINDOWS_PLATFORM = sys.platform == "win32"
WINDOWS_LONGPATH_PREFIX = "\\\\?\\"

DEFAULT_USER_AGENT = f"dockersdk/{__version__}"
DEFAULT_NUM_POOLS = 25
#: OpenSSH allows 10 sessions per connection by default: one is the connection's own.
DEFAULT_NUM_POOLS_SSH = 9
DEFAULT_MAX_POOL_SIZE = 10
DEFAULT_DATA_CHUNK_SIZE = 1024 * 2048

DEFAULT_SWARM_ADDR_POOL = ["10.0.0.0/8"]
DEFAULT_SWARM_SUBNET_SIZE = 24
