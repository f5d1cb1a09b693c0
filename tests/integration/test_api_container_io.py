"""Container I/O against the real engines: logs follow, attach, stats, archives, export,
diff, commit, update, resize, port, prune, and exec streams/sockets."""

from __future__ import annotations

import io
import tarfile
import time
import uuid
from collections.abc import Iterator

import pytest

from dockersdk import APIClient
from dockersdk.errors import NotFound
from dockersdk.utils.socket import frames_iter

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def name() -> str:
    return f"dsdk-it-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def running(api: APIClient, test_image: str, name: str) -> Iterator[str]:
    created = api.create_container(
        test_image,
        ["sh", "-c", "echo ready; while true; do sleep 1; done"],
        name=name,
        labels=LABELS,
        ports=[80],
        host_config={"PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": ""}]}},
    )
    api.start(created.id)
    yield created.id
    api.remove_container(created.id, force=True)


def wait_for(predicate: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def tar_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, data in files.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_logs_follow_streams_new_output(api: APIClient, test_image: str, name: str) -> None:
    created = api.create_container(
        test_image,
        ["sh", "-c", "for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.2; done"],
        name=name,
        labels=LABELS,
    )
    try:
        api.start(created.id)
        with api.logs(created.id, stream=True, follow=True, demux=True) as stream:
            pieces = list(stream)  # ends when the container exits
        out = b"".join(o for o, _ in pieces if o)
        err = b"".join(e for _, e in pieces if e)
        assert out == b"out1\nout2\nout3\n"
        assert err == b"err1\nerr2\nerr3\n"
        assert api.logs(created.id, tail=2, demux=True) == (b"out3\n", b"err3\n")
        assert b"out1" in api.logs(created.id, timestamps=True, until=int(time.time()) + 5)
    finally:
        api.remove_container(created.id, force=True)


def test_attach_stream_and_socket_with_stdin(api: APIClient, test_image: str, name: str) -> None:
    created = api.create_container(
        test_image,
        ["sh", "-c", "read line; echo got:$line"],
        name=name,
        labels=LABELS,
        stdin_open=True,
    )
    try:
        sock = api.attach_socket(
            created.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        )
        with sock:
            api.start(created.id)
            sock.sendall(b"hello\n")
            sock.shutdown_write()
            assert list(frames_iter(sock)) == [(1, b"got:hello\n")]
        assert api.wait(created.id).status_code == 0
        assert api.attach(created.id, logs=True) == b"got:hello\n"
    finally:
        api.remove_container(created.id, force=True)


def test_attach_stream_follows_until_exit(api: APIClient, test_image: str, name: str) -> None:
    created = api.create_container(
        test_image, ["sh", "-c", "sleep 0.5; echo one; echo two >&2"], name=name, labels=LABELS
    )
    try:
        stream = api.attach(created.id, stream=True, demux=True)
        api.start(created.id)
        with stream:
            pieces = list(stream)
        assert (b"one\n", None) in pieces and (None, b"two\n") in pieces
    finally:
        api.remove_container(created.id, force=True)


def test_stats_stream_and_one_shot(api: APIClient, running: str) -> None:
    with api.stats(running, decode=True) as stream:
        sample = next(stream)
    assert sample.memory_stats is not None and sample.read
    sample = api.stats(running, stream=False)
    assert sample.pids_stats is not None and (sample.pids_stats.current or 0) >= 1
    with api.stats(running) as raw:
        assert next(raw).startswith(b"{")
    if api.api_version >= "1.41":
        assert api.stats(running, stream=False, one_shot=True).read


def test_archives_export_diff_and_commit(api: APIClient, running: str, name: str) -> None:
    assert api.put_archive(running, "/tmp", tar_of({"hello.txt": b"hi there"})) is True
    stream, stat = api.get_archive(running, "/tmp/hello.txt", chunk_size=4)
    with stream:
        data = b"".join(stream)
    assert stat["name"] == "hello.txt" and stat["size"] == 8
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile("hello.txt")
        assert member is not None and member.read() == b"hi there"
    assert api.stat_archive(running, "/tmp/hello.txt")["size"] == 8
    with pytest.raises(NotFound):
        api.stat_archive(running, "/no/such/path")
    changes = {(c.path, c.kind) for c in api.diff(running)}
    assert ("/tmp/hello.txt", 1) in changes
    total = 0
    with api.export(running, chunk_size=64 * 1024) as exported:
        for chunk in exported:
            assert len(chunk) <= 64 * 1024
            total += len(chunk)
    assert total > 1024 * 1024  # the busybox filesystem
    image = api.commit(
        running, f"dsdk-it/{name}", "c1", message="m", changes=["ENV A=1"], conf={"Labels": LABELS}
    )
    try:
        inspected = api.inspect_image(image.id or "")
        assert "A=1" in (inspected.config.env or [])  # type: ignore[union-attr]
        assert inspected.config.labels == LABELS  # type: ignore[union-attr]
    finally:
        api.remove_image(image.id or "", force=True)


def test_update_resize_port(api: APIClient, running: str) -> None:
    api.update_container(
        running,
        mem_limit="64m",
        memswap_limit="128m",
        cpu_shares=512,
        restart_policy={"Name": "on-failure", "MaximumRetryCount": 2},
    )
    host = api.inspect_container(running).host_config
    assert host is not None and host.memory == 64 * 1024 * 1024 and host.cpu_shares == 512
    assert host.restart_policy is not None and host.restart_policy.maximum_retry_count == 2
    bindings = api.port(running, 80)
    assert bindings and bindings[0].host_ip == "127.0.0.1" and bindings[0].host_port
    assert api.port(running, "80/udp") is None


def test_resize_a_tty_container(api: APIClient, test_image: str, name: str) -> None:
    created = api.create_container(
        test_image, ["sh", "-c", "sleep 1; stty size; sleep 30"], tty=True, name=name, labels=LABELS
    )
    try:
        api.start(created.id)
        api.resize(created.id, 30, 100)
        wait_for(lambda: b"30 100" in api.logs(created.id))
        exec_id = (
            api.exec_create(created.id, "sh -c 'sleep 1; stty size'", stdin=True, tty=True).id or ""
        )
        with api.exec_start(exec_id, tty=True, socket=True) as sock:
            api.exec_resize(exec_id, height=20, width=60)
            output = b""
            while chunk := sock.recv(1024):
                output += chunk
        assert output.strip() == b"20 60"
    finally:
        api.remove_container(created.id, force=True)


def test_exec_stream_socket_and_resize(api: APIClient, running: str) -> None:
    exec_id = api.exec_create(running, "sh -c 'echo a; sleep 0.2; echo b >&2; exit 4'").id
    assert exec_id
    stream = api.exec_start(exec_id, stream=True, demux=True)
    assert list(stream) == [(b"a\n", None), (None, b"b\n")]
    assert stream.exit_code() == 4
    exec_id = api.exec_create(running, "cat", stdin=True).id or ""
    with api.exec_start(exec_id, socket=True) as sock:
        sock.sendall(b"through stdin\n")
        sock.shutdown_write()
        assert b"".join(data for _, data in frames_iter(sock)) == b"through stdin\n"
    detached = api.exec_create(running, "sh -c 'echo x > /tmp/detached'").id or ""
    assert api.exec_start(detached, detach=True) == ""  # docker-py: the empty reply
    wait_for(lambda: api.exec_inspect(detached).running is False)
    assert api.exec_inspect(detached).exit_code == 0


def test_prune_containers_by_label(api: APIClient, test_image: str, name: str) -> None:
    created = api.create_container(
        test_image, "true", name=name, labels={**LABELS, "dsdk.prune": name}
    )
    result = api.prune_containers(filters={"label": f"dsdk.prune={name}"})
    assert result.containers_deleted == [created.id]
    assert api.prune_containers(filters={"label": f"dsdk.prune={name}"}).containers_deleted in (
        None,
        [],
    )


def test_builder_helpers_configure_a_real_container(
    api: APIClient, test_image: str, name: str
) -> None:
    net = api.create_network(name, labels=LABELS)
    try:
        host = api.create_host_config(
            port_bindings={80: ("127.0.0.1", None)}, mem_limit="32m", network_mode=name
        )
        networking = api.create_networking_config(
            {name: api.create_endpoint_config(aliases=["svc-alias"])}
        )
        config = api.create_container_config(test_image, ["sleep", "30"], ports=[80], labels=LABELS)
        created = api.create_container_from_config(
            {**config, "HostConfig": host, "NetworkingConfig": networking}, name=name
        )
        try:
            api.start(created.id)
            inspected = api.inspect_container(created.id)
            assert inspected.host_config.memory == 32 * 1024 * 1024  # type: ignore[union-attr]
            endpoints = inspected.network_settings.networks  # type: ignore[union-attr]
            assert endpoints is not None and "svc-alias" in (endpoints[name].aliases or [])
            assert api.port(created.id, 80)[0].host_ip == "127.0.0.1"  # type: ignore[index]
        finally:
            api.remove_container(created.id, force=True)
    finally:
        api.remove_network(net.id or "")
