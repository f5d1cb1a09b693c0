"""``ssh://`` transport: HTTP/1.1 over ``ssh HOST -- docker system dial-stdio``.

Each pooled connection is one system ``ssh`` process (the user's ``ssh`` config, agent,
known hosts and keys all apply), speaking HTTP over the process's stdin and stdout to
``docker system dial-stdio`` on the remote host, as the Docker CLI does. An httpcore
connection pool keeps the processes alive between requests; a process that dies while
idle is noticed (its stdout becomes readable) and replaced, one that dies mid-request
fails that request with a connection error naming the host and ssh's own message.
The target, the command line and the errors' wording are shared with the async transport
(:mod:`dockersdk.aio._ssh`) in :mod:`dockersdk.transport._sshproc`.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
from collections.abc import Iterable, Sequence
from typing import IO, Any

import httpcore

from dockersdk.transport._core import PoolTransport
from dockersdk.transport._sshproc import (
    CLOSE_GRACE_SECONDS,
    SSH_CONFIG_ENV,
    SSHLauncher,
    SSHTarget,
    closed_error,
    exited_error,
    read_timeout,
    ssh_command,
    stderr_text,
)

__all__ = ["SSH_CONFIG_ENV", "SSHHTTPAdapter", "SSHTarget", "ssh_command"]

DEFAULT_NUM_POOLS = 9
DEFAULT_MAX_POOL_SIZE = 9


class SSHProcessStream(httpcore.NetworkStream):
    """One ``ssh ... docker system dial-stdio`` process as an httpcore byte stream.

    Reads and writes honour their timeouts (``poll`` on the pipes); end of output
    with ssh gone is an error carrying ssh's stderr ("Connection refused", "Permission
    denied (publickey)", "Host key verification failed"...).

    Attributes:
        process: the ``subprocess.Popen`` of ssh.
    """

    def __init__(self, process: subprocess.Popen[bytes], stderr: IO[bytes], where: str) -> None:
        self.process = process
        self._stderr = stderr
        self._where = where
        assert process.stdin is not None and process.stdout is not None
        self._stdin = process.stdin
        self._stdout = process.stdout
        self._closed = False
        self._received = False

    # -- reading -----------------------------------------------------------------------

    def _wait_readable(self, fd: int, events: int, timeout: float | None) -> bool:
        poller = select.poll()
        poller.register(fd, events)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = poller.poll(None if remaining is None else remaining * 1000)
            if ready:
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read up to ``max_bytes`` from ssh's stdout.

        Raises:
            httpcore.ReadTimeout: nothing arrived within ``timeout`` seconds.
            httpcore.ReadError: ssh exited (the message has its stderr).
        """
        if self._closed:
            raise closed_error(self._where, httpcore.ReadError)
        fd = self._stdout.fileno()
        if not self._wait_readable(fd, select.POLLIN | select.POLLHUP | select.POLLERR, timeout):
            raise read_timeout(self._where, timeout)
        try:
            data = os.read(fd, max_bytes)
        except OSError as exc:
            raise httpcore.ReadError(f"{self._where}: {exc}") from exc
        if not data:
            # End of output. After a clean exit that is the engine closing the connection
            # (the end of a close-delimited body); otherwise ssh failed or was killed.
            error = self._exited_error(httpcore.ReadError)
            if self.process.returncode == 0:
                return b""
            raise error
        self._received = True
        return data

    # -- writing -----------------------------------------------------------------------

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write all of ``buffer`` to ssh's stdin.

        Raises:
            httpcore.WriteTimeout: ssh did not take the bytes within ``timeout`` seconds.
            httpcore.WriteError: ssh exited.
        """
        if self._closed:
            raise closed_error(self._where, httpcore.WriteError)
        fd = self._stdin.fileno()
        view = memoryview(buffer)
        deadline = None if timeout is None else time.monotonic() + timeout
        while view:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._wait_readable(fd, select.POLLOUT | select.POLLERR, remaining):
                raise httpcore.WriteTimeout(f"{self._where}: ssh took no input for {timeout} s")
            try:
                written = os.write(fd, view)
            except BrokenPipeError as exc:
                raise self._exited_error(httpcore.WriteError) from exc
            except OSError as exc:
                raise httpcore.WriteError(f"{self._where}: {exc}") from exc
            view = view[written:]

    def write_eof(self) -> None:
        """Half-close: close ssh's stdin (the remote side sees end of input)."""
        with contextlib.suppress(OSError):
            self._stdin.close()

    # -- state -------------------------------------------------------------------------

    def _exited_error(self, kind: type[httpcore.NetworkError]) -> httpcore.NetworkError:
        try:
            code: int | None = self.process.wait(timeout=CLOSE_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        detail = stderr_text(self._stderr)
        return exited_error(self._where, code, detail, received=self._received, kind=kind)

    def get_extra_info(self, info: str) -> Any:
        """``is_readable`` (an idle connection whose ssh died), ``process``, ``write_eof``."""
        if info == "is_readable":
            if self._closed or self.process.poll() is not None:
                return True
            poller = select.poll()
            poller.register(self._stdout.fileno(), select.POLLIN | select.POLLHUP)
            return bool(poller.poll(0))
        if info == "process":
            return self.process
        if info == "write_eof":
            return self.write_eof
        return None

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("TLS is not used over ssh:// (ssh encrypts already)")

    def close(self) -> None:
        """End the ssh process (stdin closed, then SIGTERM, then SIGKILL) and reap it."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            self._stdin.close()
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=CLOSE_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            self._stdout.close()
        with contextlib.suppress(OSError):
            self._stderr.close()


class SSHBackend(SSHLauncher, httpcore.NetworkBackend):
    """An httpcore network backend whose every connection is a new ssh process.

    Takes the arguments of :class:`~dockersdk.transport._sshproc.SSHLauncher`: ``target``
    (the host and port of request URLs are ignored), ``ssh_binary``, ``config_file``
    (default: ``$DOCKERSDK_SSH_CONFIG`` when set, else ssh's own ``~/.ssh/config``),
    ``options`` (extra ``-o`` options) and ``env`` (default: this process's).
    """

    def _spawn(self, timeout: float | None) -> httpcore.NetworkStream:
        stderr = self.stderr_file()
        try:
            process = subprocess.Popen(
                self.command(timeout),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=self.env,
                bufsize=0,
                # Its own session: no controlling tty (no prompt) and no SIGINT from the
                # user's Ctrl-C at the terminal.
                start_new_session=True,
            )
        except OSError as exc:
            stderr.close()
            raise self.cannot_run(exc) from exc
        return SSHProcessStream(process, stderr, self.target.url)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return self._spawn(timeout)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return self._spawn(timeout)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class SSHHTTPAdapter(PoolTransport):
    """The httpx transport for an engine reached over ssh (docker-py's ``SSHHTTPAdapter``).

    Use it as ``httpx.Client(transport=SSHHTTPAdapter("ssh://user@host"),
    base_url="http://docker")``. Always the system ``ssh`` client (docker-py's
    ``use_ssh_client=True``); paramiko is not used.

    Args:
        base_url: ``ssh://[user@]host[:port]``.
        timeout: seconds per request phase when the request sets none.
        maxsize: the most ssh processes (connections) open at once.
        max_pool_size: idle ssh processes kept for reuse.
        ssh_binary: the ssh client to run.
        config_file: an ssh config file (``ssh -F``) to use instead of ``~/.ssh/config``;
            default: ``$DOCKERSDK_SSH_CONFIG`` when set.
        options: extra ``ssh -o`` options, e.g. ``("StrictHostKeyChecking=accept-new",)``.

    Attributes:
        target: the parsed :class:`SSHTarget`.
        backend: the :class:`SSHBackend` the pool opens connections with.

    Raises:
        InvalidArgument: ``base_url`` is not a valid ``ssh://`` address.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float | None = 60,
        maxsize: int = DEFAULT_NUM_POOLS,
        max_pool_size: int = DEFAULT_MAX_POOL_SIZE,
        *,
        ssh_binary: str = "ssh",
        config_file: str | None = None,
        options: Sequence[str] = (),
    ) -> None:
        self.base_url = base_url
        self.target = SSHTarget(base_url)
        self.backend = SSHBackend(
            self.target, ssh_binary=ssh_binary, config_file=config_file, options=options
        )
        pool = httpcore.ConnectionPool(
            network_backend=self.backend,
            max_connections=max(maxsize, 1),
            max_keepalive_connections=min(max_pool_size, max(maxsize, 1)),
        )
        super().__init__(pool, timeout)

    def __repr__(self) -> str:
        return f"SSHHTTPAdapter({self.base_url!r})"
