"""The ssh:// transport over a stand-in ``ssh`` that serves HTTP/1.1 on its stdio."""

from __future__ import annotations

import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dockersdk import APIClient
from dockersdk.errors import DockerConnectionError, DockerException, InvalidArgument
from dockersdk.transport._factory import make_transport, resolve_endpoint
from dockersdk.transport.sshconn import (
    SSH_CONFIG_ENV,
    SSHBackend,
    SSHHTTPAdapter,
    SSHTarget,
    ssh_command,
)

# The stand-in: records its argv and pid, then behaves as FAKE_SSH_MODE says.
FAKE_SSH = r"""
import json, os, sys, time
log = os.environ["FAKE_SSH_LOG"]
with open(log, "a") as f:
    f.write(json.dumps({"pid": os.getpid(), "argv": sys.argv[1:]}) + "\n")
mode = os.environ.get("FAKE_SSH_MODE", "serve")
if mode == "fail":
    sys.stderr.write("ssh: connect to host 127.0.0.1 port 2222: Connection refused\r\n")
    sys.exit(255)
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
served = 0
while True:
    line = stdin.readline()
    if not line:
        sys.exit(0)
    method, target, _ = line.decode().split(" ", 2)
    length = 0
    while True:
        header = stdin.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    body = stdin.read(length) if length else b""
    if mode == "hang":
        time.sleep(3600)
    if mode == "die" and served == 1:
        os._exit(1)
    if mode == "quit" and served == 1:
        os._exit(0)
    served += 1
    if target == "/_ping":
        payload, kind = b"OK", b"text/plain"
    elif target == "/version":
        payload = json.dumps({"ApiVersion": "1.41", "MinAPIVersion": "1.12"}).encode()
        kind = b"application/json"
    else:
        payload = json.dumps({"pid": os.getpid(), "n": served, "path": target,
                              "body": body.decode()}).encode()
        kind = b"application/json"
    stdout.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + kind + b"\r\nContent-Length: "
                 + str(len(payload)).encode() + b"\r\n\r\n" + payload)
    stdout.flush()
"""


@pytest.fixture
def fake_ssh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding an executable ``ssh`` stand-in, put first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "ssh"
    script.write_text(f"#!{sys.executable}\n{FAKE_SSH}")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FAKE_SSH_LOG", str(tmp_path / "ssh.log"))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv(SSH_CONFIG_ENV, raising=False)
    return tmp_path / "ssh.log"


def spawned(log: Path) -> list[dict[str, object]]:
    import json

    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def client(fake_ssh: Path) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=SSHHTTPAdapter("ssh://root@example.test:2222"),
        base_url="http://docker",
        timeout=5,
    ) as http:
        yield http


# -- addresses and command lines ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "user", "host", "port"),
    [
        ("ssh://root@127.0.0.1:2222", "root", "127.0.0.1", 2222),
        ("ssh://example.test", None, "example.test", None),
        ("ssh://deploy@example.test", "deploy", "example.test", None),
        ("ssh://me@[::1]:22", "me", "::1", 22),
        ("ssh://[fe80::1]", None, "fe80::1", None),
    ],
)
def test_target_parses_user_host_port(
    url: str, user: str | None, host: str, port: int | None
) -> None:
    target = SSHTarget(url)
    assert (target.user, target.host, target.port) == (user, host, port)


@pytest.mark.parametrize(
    "url", ["ssh://host/path", "ssh://user:pw@host", "ssh://", "ssh://host:99999", "tcp://h:1"]
)
def test_target_refuses_bad_addresses(url: str) -> None:
    with pytest.raises(InvalidArgument):
        SSHTarget(url)


def test_command_is_batch_mode_without_tty_and_runs_dial_stdio() -> None:
    command = ssh_command(
        SSHTarget("ssh://root@127.0.0.1:2222"),
        config_file="/cfg",
        options=["Compression=yes"],
        connect_timeout=2.5,
    )
    assert command == [
        "ssh",
        "-T",
        "-o",
        "BatchMode=yes",
        "-F",
        "/cfg",
        "-o",
        "ConnectTimeout=3",
        "-o",
        "Compression=yes",
        "-l",
        "root",
        "-p",
        "2222",
        "--",
        "127.0.0.1",
        "docker",
        "system",
        "dial-stdio",
    ]


def test_command_leaves_user_and_port_to_the_ssh_config() -> None:
    command = ssh_command(SSHTarget("ssh://myhost"))
    assert "-l" not in command and "-p" not in command and "-F" not in command
    assert command[-5:] == ["--", "myhost", "docker", "system", "dial-stdio"]


def test_config_file_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SSH_CONFIG_ENV, "/etc/dsdk-ssh.conf")
    assert SSHBackend(SSHTarget("ssh://h")).config_file == "/etc/dsdk-ssh.conf"
    assert SSHBackend(SSHTarget("ssh://h"), config_file="/x").config_file == "/x"
    monkeypatch.delenv(SSH_CONFIG_ENV)
    assert SSHBackend(SSHTarget("ssh://h")).config_file is None


# -- factory wiring ---------------------------------------------------------------------


def test_resolve_endpoint_and_make_transport_for_ssh() -> None:
    endpoint = resolve_endpoint("ssh://root@127.0.0.1:2222")
    assert (endpoint.scheme, endpoint.url) == ("ssh", "http://docker")
    transport = make_transport(endpoint)
    try:
        assert isinstance(transport, SSHHTTPAdapter)
        assert transport.target.port == 2222
    finally:
        transport.close()


def test_resolve_endpoint_refuses_a_malformed_ssh_address() -> None:
    with pytest.raises(InvalidArgument, match="no path"):
        resolve_endpoint("ssh://host/some/path")


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows refusal")
def test_npipe_is_wired_to_the_npipe_adapter() -> None:
    endpoint = resolve_endpoint("npipe:////./pipe/docker_engine")
    assert endpoint.scheme == "npipe"
    with pytest.raises(DockerException, match="Windows"):
        make_transport(endpoint)


# -- behaviour over the stand-in --------------------------------------------------------


def test_twenty_requests_reuse_one_ssh_process(client: httpx.Client, fake_ssh: Path) -> None:
    replies = [client.post("/echo", content=f"call {i}").json() for i in range(20)]
    assert [r["n"] for r in replies] == list(range(1, 21))
    assert replies[-1]["body"] == "call 19"
    runs = spawned(fake_ssh)
    assert len(runs) == 1
    assert runs[0]["argv"][-4:] == ["example.test", "docker", "system", "dial-stdio"]  # type: ignore[index]
    pid = int(runs[0]["pid"])  # type: ignore[call-overload]
    assert alive(pid)
    client.close()
    assert not alive(pid)


def test_close_ends_every_process(fake_ssh: Path) -> None:
    adapter = SSHHTTPAdapter("ssh://h")
    http = httpx.Client(transport=adapter, base_url="http://docker", timeout=5)
    barrier = threading.Barrier(3)

    def call() -> None:
        barrier.wait()
        with http.stream("GET", "/slow") as response:
            response.read()

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pids = [int(run["pid"]) for run in spawned(fake_ssh)]  # type: ignore[call-overload]
    assert 1 <= len(pids) <= 3
    http.close()
    assert not any(alive(pid) for pid in pids)


def test_an_idle_process_that_died_is_replaced(client: httpx.Client, fake_ssh: Path) -> None:
    assert client.get("/one").json()["n"] == 1
    first = int(spawned(fake_ssh)[0]["pid"])  # type: ignore[call-overload]
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while alive(first) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.get("/two").json()["n"] == 1  # a fresh process answered
    assert len(spawned(fake_ssh)) == 2


def test_a_process_dying_mid_request_is_an_error_not_a_hang(
    client: httpx.Client, fake_ssh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SSH_MODE", "die")
    assert client.get("/one").status_code == 200
    started = time.monotonic()
    with pytest.raises(httpx.TransportError, match="ssh process exited with status 1"):
        client.get("/two")
    assert time.monotonic() - started < 3


def test_a_clean_exit_mid_request_is_a_disconnect(
    client: httpx.Client, fake_ssh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SSH_MODE", "quit")
    assert client.get("/one").status_code == 200
    with pytest.raises(httpx.RemoteProtocolError, match="disconnected"):
        client.get("/two")
    assert client.get("/three").json()["n"] == 1  # and the next call gets a new process


def test_ssh_failure_carries_its_message(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SSH_MODE", "fail")
    with pytest.raises(httpx.ConnectError) as caught:
        client.get("/_ping")
    message = str(caught.value)
    assert "ssh://root@example.test:2222" in message
    assert "status 255" in message and "Connection refused" in message


def test_read_timeout_is_honoured(fake_ssh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SSH_MODE", "hang")
    with httpx.Client(
        transport=SSHHTTPAdapter("ssh://h"), base_url="http://docker", timeout=0.5
    ) as http:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get("/_ping")
        assert time.monotonic() - started < 3
        pid = int(spawned(fake_ssh)[0]["pid"])  # type: ignore[call-overload]
    assert not alive(pid)  # the timed-out connection was dropped with its process


def test_missing_ssh_binary_is_a_connect_error(tmp_path: Path) -> None:
    adapter = SSHHTTPAdapter("ssh://h", ssh_binary=str(tmp_path / "no-ssh"))
    with (
        httpx.Client(transport=adapter, base_url="http://docker") as http,
        pytest.raises(httpx.ConnectError, match="cannot run"),
    ):
        http.get("/_ping")


def test_api_client_speaks_over_ssh(fake_ssh: Path) -> None:
    with APIClient(base_url="ssh://root@127.0.0.1:2222", timeout=5) as api:
        assert api.ping() is True
        assert api.api_version == "1.41"
        for _ in range(18):
            api.ping()
    runs = spawned(fake_ssh)
    assert len(runs) == 1
    argv = runs[0]["argv"]
    assert isinstance(argv, list)
    assert argv[argv.index("-l") : argv.index("-l") + 2] == ["-l", "root"]
    assert argv[-5:] == ["--", "127.0.0.1", "docker", "system", "dial-stdio"]
    assert not alive(int(runs[0]["pid"]))  # type: ignore[call-overload]


def test_api_client_maps_ssh_failure_to_connection_error(
    fake_ssh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SSH_MODE", "fail")
    with (
        APIClient(base_url="ssh://root@127.0.0.1:2222", timeout=5) as api,
        pytest.raises(DockerConnectionError, match="Connection refused") as caught,
    ):
        api.ping()
    assert "ssh://root@127.0.0.1:2222" in str(caught.value)


def test_write_eof_is_offered_for_half_close(fake_ssh: Path) -> None:
    stream = SSHHTTPAdapter("ssh://h").backend.connect_tcp("docker", 80, timeout=5)
    try:
        process = stream.get_extra_info("process")
        stream.get_extra_info("write_eof")()
        assert process.wait(timeout=5) == 0  # stdin closed: the stand-in ends
    finally:
        stream.close()
