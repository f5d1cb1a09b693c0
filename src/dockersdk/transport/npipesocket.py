"""docker-py's ``docker.transport.npipesocket``: Windows named-pipe constants.

docker-py emulated a socket over a pipe with pywin32 (``NpipeSocket``) for ``requests``;
dockersdk opens the pipe as a file and hands it to httpcore as a network stream
(:mod:`dockersdk.transport.npipeconn`), so there is no socket class here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "MAXIMUM_RETRY_COUNT",
    "cERROR_PIPE_BUSY",
    "cSECURITY_ANONYMOUS",
    "cSECURITY_SQOS_PRESENT",
    "check_closed",
]

F = TypeVar("F", bound=Callable[..., Any])

cERROR_PIPE_BUSY = 0xE7
cSECURITY_SQOS_PRESENT = 0x100000
cSECURITY_ANONYMOUS = 0
MAXIMUM_RETRY_COUNT = 10


def check_closed(f: F) -> F:
    """Make method ``f`` raise ``RuntimeError`` once its object's ``_closed`` is true."""

    @functools.wraps(f)
    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._closed:
            raise RuntimeError("Can not reuse socket after connection was closed.")
        return f(self, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
