"""``ssh://`` for the async client: HTTP/1.1 over ``ssh HOST -- docker system dial-stdio``.

The same design as :mod:`dockersdk.transport.sshconn` (one system ``ssh`` process per pooled
connection, kept and reused; ssh's own messages in the errors), with asyncio subprocess
pipes instead of blocking ones. What does no I/O (the command line, the errors' wording) is
shared with it in :mod:`dockersdk.transport._sshproc`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Sequence
from typing import IO, Any

import httpcore

from dockersdk.aio._pool import AsyncPoolTransport
from dockersdk.transport._sshproc import (
    CLOSE_GRACE_SECONDS,
    SSHLauncher,
    SSHTarget,
    closed_error,
    exited_error,
    read_timeout,
    stderr_text,
)

__all__ = ["AsyncSSHTransport"]


class _AsyncSSHStream(httpcore.AsyncNetworkStream):
    """One ``ssh ... docker system dial-stdio`` process as an httpcore async byte stream."""

    def __init__(self, process: asyncio.subprocess.Process, stderr: IO[bytes], where: str):
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self._stdin = process.stdin
        self._stdout = process.stdout
        self._stderr = stderr
        self._where = where
        self._closed = False
        self._received = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read up to ``max_bytes`` from ssh's stdout.

        Raises:
            httpcore.ReadTimeout: nothing arrived within ``timeout`` seconds.
            httpcore.ReadError: ssh exited (the message has its stderr).
        """
        if self._closed:
            raise closed_error(self._where, httpcore.ReadError)
        try:
            data = await asyncio.wait_for(self._stdout.read(max_bytes), timeout)
        except asyncio.TimeoutError as exc:
            raise read_timeout(self._where, timeout) from exc
        if not data:
            # End of output. After a clean exit that is the engine closing the connection
            # (the end of a close-delimited body, e.g. a non-streamed exec_start); otherwise
            # ssh failed or was killed.
            error = await self._exited_error(httpcore.ReadError)
            if self.process.returncode == 0:
                return b""
            raise error
        self._received = True
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._stdin.write(buffer)
            await asyncio.wait_for(self._stdin.drain(), timeout)
        except asyncio.TimeoutError as exc:
            raise httpcore.WriteTimeout(f"{self._where}: write timed out") from exc
        except (ConnectionError, OSError) as exc:
            raise await self._exited_error(httpcore.WriteError) from exc

    def write_eof(self) -> None:
        """Close ssh's stdin: the remote side sees the end of the request stream."""
        with contextlib.suppress(OSError):
            self._stdin.write_eof()

    async def _exited_error(self, kind: type[httpcore.NetworkError]) -> httpcore.NetworkError:
        try:
            code: int | None = await asyncio.wait_for(self.process.wait(), CLOSE_GRACE_SECONDS)
        except asyncio.TimeoutError:
            code = None
        detail = stderr_text(self._stderr)
        return exited_error(self._where, code, detail, received=self._received, kind=kind)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # an idle connection whose ssh died or spoke
            return self._closed or self.process.returncode is not None or self._stdout.at_eof()
        if info == "process":
            return self.process
        if info == "write_eof":
            return self.write_eof
        return None

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("TLS is not used over ssh:// (ssh encrypts already)")

    async def aclose(self) -> None:
        """End the ssh process (stdin closed, then SIGTERM, then SIGKILL) and reap it."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            self._stdin.close()
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), CLOSE_GRACE_SECONDS)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
                await self.process.wait()
        with contextlib.suppress(OSError):
            self._stderr.close()


class _AsyncSSHBackend(SSHLauncher, httpcore.AsyncNetworkBackend):
    """Every connection is a new ssh process (the request's host and port are ignored)."""

    async def _spawn(self, timeout: float | None) -> httpcore.AsyncNetworkStream:
        stderr = self.stderr_file()
        try:
            process = await asyncio.create_subprocess_exec(
                *self.command(timeout),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
                env=self.env,
                start_new_session=True,
            )
        except OSError as exc:
            stderr.close()
            raise self.cannot_run(exc) from exc
        return _AsyncSSHStream(process, stderr, self.target.url)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._spawn(timeout)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return await self._spawn(timeout)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class AsyncSSHTransport(AsyncPoolTransport):
    """The async httpx transport for an engine reached over ssh.

    Args:
        base_url: ``ssh://[user@]host[:port]``.
        max_connections: the most ssh processes open at once.
        max_keepalive: idle ssh processes kept for reuse.
        ssh_binary: the ssh client to run.
        config_file: ``ssh -F`` file; default: ``$DOCKERSDK_SSH_CONFIG`` when set.
        options: extra ``ssh -o`` options.
    """

    def __init__(
        self,
        base_url: str,
        *,
        max_connections: int = 9,
        max_keepalive: int = 9,
        ssh_binary: str = "ssh",
        config_file: str | None = None,
        options: Sequence[str] = (),
    ) -> None:
        self.target = SSHTarget(base_url)
        pool = httpcore.AsyncConnectionPool(
            network_backend=_AsyncSSHBackend(
                self.target, ssh_binary=ssh_binary, config_file=config_file, options=options
            ),
            max_connections=max(max_connections, 1),
            max_keepalive_connections=min(max_keepalive, max(max_connections, 1)),
        )
        super().__init__(pool)

    def __repr__(self) -> str:
        return f"AsyncSSHTransport({self.target.url!r})"
