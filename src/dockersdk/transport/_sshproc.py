"""What the sync and async ``ssh://`` transports share, with no I/O of their own: where to
ssh to, the ssh command line, how a process is started, and the errors of a dead ssh.

The sync stream (:mod:`dockersdk.transport.sshconn`) polls blocking pipes and the async one
(:mod:`dockersdk.aio._ssh`) awaits asyncio's; both word their errors here, so a user reads
the same "ssh://host: the ssh process exited with status 255: Connection refused" from
either client.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from typing import IO

import httpcore

from dockersdk.errors import InvalidArgument
from dockersdk.utils.hosts import parse_host

__all__ = [
    "CLOSE_GRACE_SECONDS",
    "SSH_CONFIG_ENV",
    "STDERR_LIMIT",
    "SSHLauncher",
    "SSHTarget",
    "closed_error",
    "exited_error",
    "read_timeout",
    "ssh_command",
    "stderr_text",
]

#: Environment variable naming an ssh config file (``ssh -F``) for every ``ssh://`` client.
SSH_CONFIG_ENV = "DOCKERSDK_SSH_CONFIG"

#: Seconds an ssh process gets to exit (after its output ended, or after SIGTERM).
CLOSE_GRACE_SECONDS = 1.0

#: The most of ssh's stderr quoted in an error.
STDERR_LIMIT = 4096

#: ssh's exit status for its own failures (as opposed to the remote command's status).
_SSH_FAILED = 255


class SSHTarget:
    """Where to ssh to, from an ``ssh://[user@]host[:port]`` URL.

    Attributes:
        url: the URL as given.
        user: the login name, or None to let the ssh config decide.
        host: the host name or address (IPv6 without brackets).
        port: the port, or None when the URL names none (the ssh config decides).
    """

    def __init__(self, url: str) -> None:
        parsed = parse_host(url)
        if parsed.protocol != "ssh":
            raise InvalidArgument(f"{url!r} is not an ssh:// address")
        netloc = url.split("://", 1)[1]
        userinfo, at, hostport = netloc.rpartition("@")
        self.url = url
        self.user: str | None = userinfo if at and userinfo else None
        self.host = parsed.host
        explicit_port = hostport.rsplit("]", 1)[-1] if hostport.startswith("[") else hostport
        self.port: int | None = parsed.port if ":" in explicit_port else None

    def __repr__(self) -> str:
        return f"SSHTarget({self.url!r})"


def ssh_command(
    target: SSHTarget,
    *,
    ssh_binary: str = "ssh",
    config_file: str | None = None,
    options: Sequence[str] = (),
    connect_timeout: float | None = None,
) -> list[str]:
    """The ``ssh`` command line that opens one dial-stdio connection to ``target``.

    ``BatchMode`` is on (never a password or host-key prompt) and no tty is allocated;
    everything else (keys, known hosts, proxies, ``ControlMaster``...) comes from the
    user's ssh config, or from ``config_file`` (``ssh -F``) when given.

    Args:
        target: the host to reach.
        ssh_binary: the ssh client to run.
        config_file: an ssh config file to use instead of ``~/.ssh/config``.
        options: extra ``-o Key=Value`` options (without the ``-o``).
        connect_timeout: seconds for ssh's own TCP connect (``ConnectTimeout``).
    """
    command = [ssh_binary, "-T", "-o", "BatchMode=yes"]
    if config_file:
        command += ["-F", config_file]
    if connect_timeout is not None:
        command += ["-o", f"ConnectTimeout={max(1, math.ceil(connect_timeout))}"]
    for option in options:
        command += ["-o", option]
    if target.user:
        command += ["-l", target.user]
    if target.port is not None:
        command += ["-p", str(target.port)]
    command += ["--", target.host, "docker", "system", "dial-stdio"]
    return command


class SSHLauncher:
    """How the network backends start one ssh process per connection (the host and port
    of request URLs are ignored): its command line and environment, its stderr file, the
    error when ssh cannot be run.

    Args:
        target: where to ssh to.
        ssh_binary: the ssh client.
        config_file: ``ssh -F`` file; default: ``$DOCKERSDK_SSH_CONFIG`` when set, else
            ssh's own (``~/.ssh/config``).
        options: extra ``-o`` options.
        env: the environment for ssh (default: this process's).
    """

    def __init__(
        self,
        target: SSHTarget,
        *,
        ssh_binary: str = "ssh",
        config_file: str | None = None,
        options: Sequence[str] = (),
        env: dict[str, str] | None = None,
    ) -> None:
        self.target = target
        self.ssh_binary = ssh_binary
        self.config_file = config_file or os.environ.get(SSH_CONFIG_ENV) or None
        self.options = tuple(options)
        self.env = env

    def command(self, connect_timeout: float | None) -> list[str]:
        """The ssh command line for one connection (:func:`ssh_command`)."""
        return ssh_command(
            self.target,
            ssh_binary=self.ssh_binary,
            config_file=self.config_file,
            options=self.options,
            connect_timeout=connect_timeout,
        )

    @staticmethod
    def stderr_file() -> IO[bytes]:
        """A file for ssh's stderr, which the stream closes.

        A file, not a pipe: nothing has to drain it, and it can be read after ssh died.
        """
        return tempfile.TemporaryFile()

    def cannot_run(self, exc: OSError) -> httpcore.ConnectError:
        """The error for an ssh client that could not be started (not found, not
        executable...)."""
        return httpcore.ConnectError(
            f"{self.target.url}: cannot run {self.ssh_binary!r}: {exc.strerror or exc}"
        )


def closed_error(where: str, kind: type[httpcore.NetworkError]) -> httpcore.NetworkError:
    """The error for a read or write on a stream already closed."""
    return kind(f"{where}: the ssh connection is closed")


def read_timeout(where: str, timeout: float | None) -> httpcore.ReadTimeout:
    """The error for a read that got nothing within ``timeout`` seconds."""
    return httpcore.ReadTimeout(f"{where}: no reply within {timeout} s")


def stderr_text(stderr: IO[bytes]) -> str:
    """What ssh wrote to ``stderr`` (its first :data:`STDERR_LIMIT` bytes) on one line;
    ``""`` when the file cannot be read (already closed)."""
    try:
        stderr.seek(0)
        text = stderr.read(STDERR_LIMIT).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""
    return " ".join(text.split())


def exited_error(
    where: str,
    code: int | None,
    detail: str,
    *,
    received: bool,
    kind: type[httpcore.NetworkError],
) -> httpcore.NetworkError:
    """The error for an ssh process whose output ended, or that took no more input.

    Args:
        where: the ``ssh://`` URL, which starts the message.
        code: ssh's exit status; negative: killed by that signal; None: still running.
        detail: ssh's stderr (:func:`stderr_text`), appended after a colon when not empty.
        received: whether any byte came back from the engine through this process.
        kind: the error to raise otherwise (``httpcore.ReadError`` or ``WriteError``).

    Returns:
        ``httpcore.ConnectError`` when ssh failed on its own (status 255) before anything
        came back: it never reached the engine. ``kind`` otherwise.
    """
    if code is None:
        message = f"{where}: the ssh process closed its output"
    elif code < 0:
        message = f"{where}: the ssh process was killed by signal {-code}"
    else:
        message = f"{where}: the ssh process exited with status {code}"
    if detail:
        message += f": {detail}"
    if not received and code == _SSH_FAILED:
        return httpcore.ConnectError(message)
    return kind(message)
