"""The ssh helpers both transports share (``dockersdk.transport._sshproc``): the wording of
a dead ssh process's errors, its stderr on one line, and the launcher; table-driven."""

from __future__ import annotations

import errno
import tempfile

import httpcore
import pytest

from dockersdk.transport import _sshproc, sshconn
from dockersdk.transport._sshproc import (
    SSH_CONFIG_ENV,
    STDERR_LIMIT,
    SSHLauncher,
    SSHTarget,
    closed_error,
    exited_error,
    read_timeout,
    stderr_text,
)

WHERE = "ssh://me@host"


@pytest.mark.parametrize(
    ("code", "detail", "received", "kind", "expected_type", "expected"),
    [
        (None, "", False, httpcore.ReadError, httpcore.ReadError,
         "ssh://me@host: the ssh process closed its output"),
        (-9, "", True, httpcore.ReadError, httpcore.ReadError,
         "ssh://me@host: the ssh process was killed by signal 9"),
        (1, "docker: not found", False, httpcore.WriteError, httpcore.WriteError,
         "ssh://me@host: the ssh process exited with status 1: docker: not found"),
        # 255 before any reply is ssh's own failure: it never reached the engine.
        (255, "Connection refused", False, httpcore.ReadError, httpcore.ConnectError,
         "ssh://me@host: the ssh process exited with status 255: Connection refused"),
        (255, "", False, httpcore.WriteError, httpcore.ConnectError,
         "ssh://me@host: the ssh process exited with status 255"),
        # ... after a reply, the connection was there: the caller's kind.
        (255, "Broken pipe", True, httpcore.ReadError, httpcore.ReadError,
         "ssh://me@host: the ssh process exited with status 255: Broken pipe"),
        (0, "", False, httpcore.ReadError, httpcore.ReadError,
         "ssh://me@host: the ssh process exited with status 0"),
    ],
)  # fmt: skip
def test_exited_error(
    code: int | None,
    detail: str,
    received: bool,
    kind: type[httpcore.NetworkError],
    expected_type: type[Exception],
    expected: str,
) -> None:
    error = exited_error(WHERE, code, detail, received=received, kind=kind)
    assert type(error) is expected_type and str(error) == expected


def test_closed_and_timeout_wording() -> None:
    error = closed_error(WHERE, httpcore.WriteError)
    assert type(error) is httpcore.WriteError
    assert str(error) == "ssh://me@host: the ssh connection is closed"
    timeout = read_timeout(WHERE, 2.5)
    assert type(timeout) is httpcore.ReadTimeout
    assert str(timeout) == "ssh://me@host: no reply within 2.5 s"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (b"", ""),
        (b"ssh: connect to host h port 22: Connection refused\r\n",
         "ssh: connect to host h port 22: Connection refused"),
        (b"Warning: added\n  me@h: Permission denied (publickey).\n",
         "Warning: added me@h: Permission denied (publickey)."),
        (b"bad \xff byte", "bad \ufffd byte"),
        (b"x" * (STDERR_LIMIT + 10), "x" * STDERR_LIMIT),
    ],
)  # fmt: skip
def test_stderr_text(written: bytes, expected: str) -> None:
    with tempfile.TemporaryFile() as stderr:
        stderr.write(written)  # the read position is at the end, as ssh leaves it
        assert stderr_text(stderr) == expected


def test_stderr_text_of_a_closed_file_is_empty() -> None:
    with tempfile.TemporaryFile() as stderr:
        stderr.write(b"gone")
    assert stderr_text(stderr) == ""  # closed by the stream before the error was worded


def test_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SSH_CONFIG_ENV, "/etc/dsdk/ssh_config")
    launcher = SSHLauncher(SSHTarget("ssh://me@host:2222"), options=["Compression=yes"])
    assert launcher.config_file == "/etc/dsdk/ssh_config" and launcher.env is None
    assert launcher.command(2.2) == [
        "ssh", "-T", "-o", "BatchMode=yes", "-F", "/etc/dsdk/ssh_config",
        "-o", "ConnectTimeout=3", "-o", "Compression=yes", "-l", "me", "-p", "2222",
        "--", "host", "docker", "system", "dial-stdio",
    ]  # fmt: skip
    explicit = SSHLauncher(SSHTarget("ssh://host"), config_file="/mine", env={"A": "1"})
    assert explicit.config_file == "/mine" and explicit.env == {"A": "1"}
    monkeypatch.delenv(SSH_CONFIG_ENV)
    assert SSHLauncher(SSHTarget("ssh://host")).config_file is None


def test_launcher_cannot_run_and_stderr_file() -> None:
    launcher = SSHLauncher(SSHTarget("ssh://host"), ssh_binary="/no/ssh")
    error = launcher.cannot_run(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert type(error) is httpcore.ConnectError
    assert str(error) == "ssh://host: cannot run '/no/ssh': No such file or directory"
    assert str(launcher.cannot_run(OSError("odd"))) == "ssh://host: cannot run '/no/ssh': odd"
    with launcher.stderr_file() as stderr:
        stderr.write(b"ok")
        assert stderr_text(stderr) == "ok"


def test_sshconn_keeps_its_public_names() -> None:
    # docker-py's dotted paths: the names moved to _sshproc are the same objects there.
    for name in ("SSH_CONFIG_ENV", "SSHTarget", "ssh_command"):
        assert name in sshconn.__all__
        assert getattr(sshconn, name) is getattr(_sshproc, name)
