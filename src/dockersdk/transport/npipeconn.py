"""Windows named-pipe transport: ``NpipeAdapter``, an httpcore pool over a pipe backend."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpcore

from dockersdk.errors import DockerException
from dockersdk.transport._core import PoolTransport

__all__ = ["NpipeAdapter", "NpipeHTTPAdapter", "npipe_path_from_url"]

DEFAULT_NUM_POOLS = 25
_ERROR_PIPE_BUSY = 231
_BUSY_RETRY_SECONDS = 0.05
_IS_WINDOWS = sys.platform == "win32"

Opener = Callable[[str], Any]


def npipe_path_from_url(socket_url: str) -> str:
    """``npipe:////./pipe/docker_engine`` -> ``\\\\.\\pipe\\docker_engine``."""
    path = socket_url[len("npipe://") :] if socket_url.startswith("npipe://") else socket_url
    return path.replace("/", "\\")


def _open_pipe(path: str) -> Any:
    """Open the pipe as an unbuffered ``io.FileIO`` (what ``CreateFile`` gives on Windows)."""
    return open(path, "r+b", buffering=0)


class _PipeStream(httpcore.NetworkStream):
    """A byte stream over an open pipe handle (a raw, unbuffered file object)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data = self._raw.read(max_bytes)
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc
        return data or b""

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)
        try:
            while view:
                written = self._raw.write(view)
                view = view[written or 0 :] if written is not None else view[len(view) :]
        except OSError as exc:
            raise httpcore.WriteError(str(exc)) from exc

    def close(self) -> None:
        self._raw.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("TLS is not available over a named pipe")

    def get_extra_info(self, info: str) -> Any:
        return None


class _PipeBackend(httpcore.NetworkBackend):
    """An httpcore network backend whose every connection opens the same pipe.

    Args:
        path: the pipe (``\\\\.\\pipe\\docker_engine``).
        opener: opens ``path`` as a raw byte stream (tests pass a socket-backed one).
    """

    def __init__(self, path: str, opener: Opener = _open_pipe) -> None:
        self.path = path
        self._opener = opener

    def _connect(self, timeout: float | None) -> httpcore.NetworkStream:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                return _PipeStream(self._opener(self.path))
            except OSError as exc:
                busy = getattr(exc, "winerror", None) == _ERROR_PIPE_BUSY
                if busy and (deadline is None or time.monotonic() < deadline):
                    time.sleep(_BUSY_RETRY_SECONDS)  # every pipe instance is in use
                    continue
                if busy:
                    raise httpcore.ConnectTimeout(f"named pipe {self.path} stayed busy") from exc
                raise httpcore.ConnectError(f"cannot open named pipe {self.path}: {exc}") from exc

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return self._connect(timeout)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return self._connect(timeout)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class NpipeAdapter(PoolTransport):
    """The httpx transport for an engine on a Windows named pipe (``npipe://``).

    Args:
        socket_url: ``npipe:////./pipe/docker_engine``.
        timeout: seconds per request phase when the request sets none (opening a busy
            pipe is retried until then).
        num_pools: the most pipe connections open at once.

    Raises:
        DockerException: not on Windows: named pipes need Windows.
    """

    def __init__(
        self,
        socket_url: str,
        timeout: float | None = 60,
        num_pools: int = DEFAULT_NUM_POOLS,
    ) -> None:
        if not _IS_WINDOWS:
            raise DockerException(
                f"Named pipes (npipe://) need Windows; this is {sys.platform}. Use a unix:// "
                "socket or a tcp:// address here."
            )
        self.socket_url = socket_url
        self.npipe_path = npipe_path_from_url(socket_url)
        self.num_pools = num_pools
        backend = _PipeBackend(self.npipe_path, lambda path: _open_pipe(path))
        pool = httpcore.ConnectionPool(max_connections=max(num_pools, 1), network_backend=backend)
        super().__init__(pool, timeout)

    def __repr__(self) -> str:
        return f"NpipeAdapter({self.socket_url!r})"


#: docker-py's name for the named-pipe transport.
NpipeHTTPAdapter = NpipeAdapter
