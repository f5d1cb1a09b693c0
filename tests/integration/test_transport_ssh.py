"""ssh:// against a real sshd whose ``docker`` reaches private engine A (``sshd.sh``).

The transport runs the system ``ssh`` with the throwaway client key and known-hosts file
of ``$STATE/ssh/ssh_config``, which the tests hand over through ``DOCKERSDK_SSH_CONFIG``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk import APIClient
from dockersdk.errors import DockerConnectionError, DockerException
from dockersdk.transport.sshconn import SSH_CONFIG_ENV
from dockersdk.utils.socket import frames_iter_no_tty
from tests.fixtures.flavours import open_api
from tests.fixtures.remote import free_port

pytestmark = pytest.mark.integration

LABELS = {"dockersdk.test": "ssh"}


@pytest.fixture
def ssh_url(sshd: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(SSH_CONFIG_ENV, sshd["DOCKERSDK_SSH_CONFIG"])
    return sshd["DOCKERSDK_SSH_URL"]


@pytest.fixture
def api(ssh_url: str, flavour: str) -> Iterator[APIClient]:
    with open_api(flavour, base_url=ssh_url, timeout=30) as client:
        yield client


def ssh_children() -> list[int]:
    """Live ``ssh`` processes that this test process started."""
    found = []
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        if comm == "ssh" and ppid == me and state != "Z":
            found.append(int(entry))
    return found


def test_reaches_engine_a(api: APIClient, sshd: dict[str, str]) -> None:
    assert api.ping() is True
    with APIClient(base_url=sshd["DOCKERSDK_SSH_ENGINE"]) as direct:
        assert api.info().id == direct.info().id
        assert api.version().api_version == direct.version().api_version
    assert isinstance(api.containers(all=True), list)


def test_run_a_container(api: APIClient, test_image: str) -> None:
    name = f"dsdk-ssh-{uuid.uuid4().hex[:8]}"
    created = api.create_container(
        test_image, ["sh", "-c", "echo out; echo err >&2; exit 3"], name=name, labels=LABELS
    )
    try:
        api.start(created.id)
        assert api.wait(created.id, timeout=30)["StatusCode"] == 3
        assert api.logs(created.id, stdout=True, stderr=False) == b"out\n"
        assert api.logs(created.id, stdout=False, stderr=True) == b"err\n"
        listed = api.containers(all=True, filters={"name": name})
        assert [c.id for c in listed] == [created.id]
    finally:
        api.remove_container(created.id, force=True)
    assert api.containers(all=True, filters={"name": name}) == []


def test_exec_and_follow_logs(api: APIClient, test_image: str) -> None:
    created = api.create_container(
        test_image,
        ["sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.2; done; exec sleep 60"],
        labels=LABELS,
        stop_timeout=1,
    )
    try:
        api.start(created.id)
        exec_id = api.exec_create(created.id, ["sh", "-c", "echo hi; echo there; exit 4"])
        assert api.exec_start(exec_id.id) == b"hi\nthere\n"
        assert api.exec_inspect(exec_id.id).exit_code == 4
        out, err = api.exec_start(
            api.exec_create(created.id, ["sh", "-c", "echo a; echo b >&2"]).id, demux=True
        )
        assert (out, err) == (b"a\n", b"b\n")
        seen = b""
        with api.logs(created.id, stream=True, follow=True) as lines:
            for chunk in lines:
                seen += chunk
                if b"line3" in seen:
                    break
        assert seen == b"line1\nline2\nline3\n"
    finally:
        api.remove_container(created.id, force=True)


def test_events_closed_from_another_thread_end_at_once(api: APIClient) -> None:
    """Over ssh (no socket: the ssh process carries the connection) a follow stream closed
    from another thread or task ends its reader at once, without an error, and the client
    goes on with a fresh ssh process."""
    from tests.integration.test_wire_compat import closed_from_another_thread

    got, took = closed_from_another_thread(api.events())
    assert got == [] and took < 3
    assert api.ping() is True


def test_twenty_calls_reuse_one_ssh_process(ssh_url: str, flavour: str) -> None:
    before = ssh_children()
    with open_api(flavour, base_url=ssh_url, timeout=30) as client:
        client.ping()
        first = set(ssh_children()) - set(before)
        assert len(first) == 1
        for _ in range(10):
            client.ping()
            client.version()
        assert set(ssh_children()) - set(before) == first
    assert set(ssh_children()) - set(before) == set()


def test_killed_idle_ssh_process_is_replaced(api: APIClient) -> None:
    before = set(ssh_children())
    assert api.ping() is True
    (pid,) = set(ssh_children()) - before
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while pid in ssh_children() and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    try:
        assert api.ping() is True  # a new ssh process, transparently
    except DockerConnectionError:  # or a clear error for this call only
        assert api.ping() is True
    assert time.monotonic() - started < 15
    assert pid not in ssh_children()
    assert len(set(ssh_children()) - before) == 1


def test_ssh_killed_mid_request_raises_not_hangs(api: APIClient, test_image: str) -> None:
    created = api.create_container(test_image, ["sleep", "60"], labels=LABELS, stop_timeout=1)
    try:
        api.start(created.id)
        before = set(ssh_children())  # the pooled connection that wait() will use
        outcome: list[BaseException | object] = []

        def wait_for_exit() -> None:
            try:
                outcome.append(api.wait(created.id))
            except BaseException as exc:
                outcome.append(exc)

        waiter = threading.Thread(target=wait_for_exit)
        waiter.start()
        time.sleep(0.5)  # wait() took the pooled connection; the engine holds the reply
        assert not outcome
        assert set(ssh_children()) == before and len(before) == 1
        (pid,) = before
        os.kill(pid, signal.SIGKILL)
        waiter.join(10)
        assert not waiter.is_alive(), "wait() hung after its ssh process was killed"
        (error,) = outcome
        assert isinstance(error, DockerConnectionError)
        assert "ssh" in str(error) and "signal 9" in str(error)
        assert api.ping() is True  # the client recovers with a new process
    finally:
        api.remove_container(created.id, force=True)


def test_unknown_host_key_is_a_clear_error(
    sshd: dict[str, str], tmp_path: Path, flavour: str
) -> None:
    config = Path(sshd["DOCKERSDK_SSH_CONFIG"]).read_text()
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    strange = tmp_path / "ssh_config"
    strange.write_text(
        "\n".join(
            f"  UserKnownHostsFile {empty}" if "UserKnownHostsFile" in line else line
            for line in config.splitlines()
        )
        + "\n"
    )
    env = {**os.environ, SSH_CONFIG_ENV: str(strange)}
    code = (
        "from dockersdk import APIClient\n"
        "from dockersdk.errors import DockerConnectionError\n"
        f"api = APIClient(base_url={sshd['DOCKERSDK_SSH_URL']!r}, timeout=20)\n"
        "try:\n    api.ping()\nexcept DockerConnectionError as exc:\n    print(exc)\n"
        "finally:\n    api.close()\n"
    )
    if flavour == "async":
        code = (
            "import asyncio\n"
            "from dockersdk.aio import AsyncAPIClient\n"
            "from dockersdk.errors import DockerConnectionError\n"
            "async def main():\n"
            f"    async with AsyncAPIClient(base_url={sshd['DOCKERSDK_SSH_URL']!r}, timeout=20)"
            " as api:\n"
            "        try:\n            await api.ping()\n"
            "        except DockerConnectionError as exc:\n            print(exc)\n"
            "asyncio.run(main())\n"
        )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert "Host key verification failed" in result.stdout, result.stdout + result.stderr
    assert sshd["DOCKERSDK_SSH_URL"] in result.stdout


def test_refused_connection_names_the_host(
    sshd: dict[str, str], monkeypatch: pytest.MonkeyPatch, flavour: str
) -> None:
    monkeypatch.setenv(SSH_CONFIG_ENV, sshd["DOCKERSDK_SSH_CONFIG"])
    url = f"ssh://root@127.0.0.1:{free_port()}"
    with (
        open_api(flavour, base_url=url, timeout=10) as api,
        pytest.raises(DockerException) as caught,
    ):
        api.ping()
    assert isinstance(caught.value, DockerConnectionError)
    assert url in str(caught.value) and "Connection refused" in str(caught.value)


def test_attach_stream_and_socket(api: APIClient, test_image: str) -> None:
    created = api.create_container(
        test_image,
        ["sh", "-c", "read line; echo got:$line; sleep 0.5; echo done"],
        stdin_open=True,
        labels=LABELS,
    )
    try:
        with api.attach_socket(created.id, params={"stdin": 1, "stdout": 1, "stream": 1}) as sock:
            api.start(created.id)
            sock.sendall(b"hello over ssh\n")
            output = b"".join(frames_payloads(sock))
        assert output == b"got:hello over ssh\ndone\n"
        assert api.wait(created.id, timeout=30)["StatusCode"] == 0
        assert api.logs(created.id) == b"got:hello over ssh\ndone\n"
    finally:
        api.remove_container(created.id, force=True)


def frames_payloads(sock: object) -> Iterator[bytes]:
    for _stream, payload in frames_iter_no_tty(sock):
        yield payload
