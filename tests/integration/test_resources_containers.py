"""client.containers against the real engines: run, list/get, exec, logs, object methods."""

from __future__ import annotations

import contextlib
import io
import tarfile
import time
import uuid
from collections.abc import Iterator

import pytest

from dockersdk import DockerClient
from dockersdk.errors import APIError, Conflict, ContainerError, DockerException, NotFound
from dockersdk.resources import Container, Image
from tests.fixtures.flavours import is_a

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def client(client: DockerClient) -> Iterator[DockerClient]:
    # conftest's client, in each flavour (DockerClient, AsyncDockerClient via the bridge).
    yield client
    for container in client.containers.list(all=True, filters={"label": "dockersdk.test=1"}):
        with contextlib.suppress(NotFound, Conflict):  # auto_remove may be at it already
            container.remove(force=True)


def unique() -> str:
    return f"dsdk-rc-{uuid.uuid4().hex[:8]}"


def test_run_returns_output_and_removes(client: DockerClient, test_image: str) -> None:
    name = unique()
    output = client.containers.run(
        test_image,
        ["sh", "-c", "echo out; echo err >&2"],
        name=name,
        labels=LABELS,
        remove=True,
    )
    assert output == b"out\n"
    with pytest.raises(NotFound):
        client.containers.get(name)
    both = client.containers.run(
        test_image, ["sh", "-c", "echo out; sleep 0.1; echo err >&2"], stderr=True, labels=LABELS
    )
    assert both == b"out\nerr\n"


def test_run_stream_yields_chunks(client: DockerClient, test_image: str) -> None:
    chunks = client.containers.run(
        test_image, ["sh", "-c", "echo a; echo b"], stream=True, labels=LABELS, remove=True
    )
    assert b"".join(chunks) == b"a\nb\n"


def test_run_nonzero_exit_raises_with_stderr(client: DockerClient, test_image: str) -> None:
    with pytest.raises(ContainerError) as info:
        client.containers.run(
            test_image, ["sh", "-c", "echo broken >&2; exit 3"], labels=LABELS, remove=True
        )
    assert info.value.exit_status == 3
    assert info.value.stderr == b"broken\n"
    assert info.value.image == test_image


def test_run_auto_remove_nonzero_exit_raises_with_stderr(
    client: DockerClient, test_image: str
) -> None:
    # With auto_remove the container is gone before a second logs call; stderr survives.
    with pytest.raises(ContainerError) as auto:
        client.containers.run(
            test_image, ["sh", "-c", "echo gone >&2; exit 4"], labels=LABELS, auto_remove=True
        )
    assert (auto.value.exit_status, auto.value.stderr) == (4, b"gone\n")


def test_run_missing_image_is_pulled_then_fails_cleanly(client: DockerClient) -> None:
    # No registry is reachable here: the pull after ImageNotFound fails with the engine's
    # error (not the ImageNotFound of the create), and no container is left behind.
    with pytest.raises(APIError) as info:
        client.containers.run("dockersdk-test/absent:nope", "true", labels=LABELS)
    assert "/images/create" in str(info.value)
    assert (
        client.containers.list(all=True, filters={"ancestor": "dockersdk-test/absent:nope"}) == []
    )


def test_run_detached_with_builder_kwargs(client: DockerClient, test_image: str) -> None:
    name = unique()
    container = client.containers.run(
        test_image,
        ["sleep", "300"],
        detach=True,
        name=name,
        labels=LABELS,
        environment={"GREETING": "hi"},
        ports={"80/tcp": None},
        mem_limit="64m",
        restart_policy={"Name": "on-failure", "MaximumRetryCount": 2},
        working_dir="/tmp",
        hostname="box",
        stop_signal="SIGTERM",
        tmpfs={"/scratch": "size=1m"},
        init=True,
    )
    assert is_a(container, Container)
    container.reload()
    attrs = container.attrs
    assert container.name == name and container.status == "running"
    assert attrs.host_config is not None and attrs.host_config.memory == 64 * 1024 * 1024
    assert attrs["HostConfig"]["RestartPolicy"]["MaximumRetryCount"] == 2
    assert attrs.config is not None and "GREETING=hi" in (attrs.config.env or [])
    assert attrs.config.working_dir == "/tmp" and attrs.config.hostname == "box"
    assert container.labels == LABELS
    assert set(container.ports) == {"80/tcp"}
    image = container.image
    assert is_a(image, Image) and test_image in image.tags


def test_list_is_one_call_and_matches_inspect(
    client: DockerClient, test_image: str, flavour: str
) -> None:
    running = client.containers.run(
        test_image, ["sleep", "300"], detach=True, name=unique(), labels=LABELS, ports={80: None}
    )
    stopped = client.containers.create(test_image, "true", name=unique(), labels=LABELS)
    listed = client.containers.list(filters={"label": "dockersdk.test=1"})
    assert [c.id for c in listed] == [running.id]
    everything = {
        c.id: c for c in client.containers.list(all=True, filters={"label": "dockersdk.test"})
    }
    assert set(everything) >= {running.id, stopped.id}
    summary = everything[running.id]
    assert not summary.loaded
    # What the summary answers agrees with the full inspect.
    full = client.containers.get(running.id)
    assert (summary.name, summary.status, summary.labels) == (full.name, full.status, full.labels)
    assert summary.image_id == full.image_id
    summary_ports = {
        k: sorted((b.host_ip, b.host_port) for b in v or []) for k, v in summary.ports.items()
    }
    full_ports = {
        k: sorted((b.host_ip, b.host_port) for b in v or []) for k, v in full.ports.items()
    }
    assert summary_ports == full_ports
    assert everything[stopped.id].status == "created"
    if flavour == "sync":
        assert summary.attrs.id == running.id and summary.loaded  # lazily inspected
    else:
        # Documented: an async property cannot inspect, so attrs asks for a reload.
        with pytest.raises(DockerException, match=r"await obj\.reload\(\)"):
            summary.attrs  # noqa: B018
        assert not summary.loaded
        summary.reload()
        assert summary.attrs.id == running.id and summary.loaded
    limited = client.containers.list(all=True, limit=1, filters={"label": "dockersdk.test=1"})
    assert len(limited) == 1
    sparse = client.containers.list(sparse=True, filters={"label": "dockersdk.test=1"})
    assert sparse[0].name == running.name


def test_removed_after_list_does_not_break_the_list(client: DockerClient, test_image: str) -> None:
    first = client.containers.create(test_image, "true", name=unique(), labels=LABELS)
    client.containers.create(test_image, "true", name=unique(), labels=LABELS)
    listed = client.containers.list(all=True, filters={"label": "dockersdk.test=1"})
    first.remove()
    gone = next(c for c in listed if c.id == first.id)
    assert gone.name == first.name  # the summary still answers
    with pytest.raises(NotFound):
        gone.reload()


def test_container_object_methods(client: DockerClient, test_image: str) -> None:
    container = client.containers.run(
        test_image,
        ["sh", "-c", "echo started; exec sleep 300"],
        detach=True,
        name=unique(),
        labels=LABELS,
        stop_signal="SIGKILL",
    )
    deadline = time.monotonic() + 10
    while b"started" not in container.logs() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert container.logs() == b"started\n"
    assert b"".join(container.logs(stream=True, follow=False)) == b"started\n"

    result = container.exec_run(["sh", "-c", "echo x; echo y >&2; exit 2"], demux=True)
    assert result.exit_code == 2 and result.output == (b"x\n", b"y\n")
    assert container.exec_run("touch /tmp/made").exit_code == 0
    assert any(change["Path"] == "/tmp/made" for change in container.diff())

    titles = container.top()["Titles"]
    assert "PID" in titles
    stats = container.stats(stream=False)
    assert stats["id"] == container.id or stats.get("read") is not None

    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    assert container.put_archive("/tmp", data.getvalue()) is True
    stream, stat = container.get_archive("/tmp/hello.txt")
    archive = b"".join(stream)
    assert stat["name"] == "hello.txt"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        member = tar.extractfile("hello.txt")
        assert member is not None and member.read() == b"hello"
    exported = container.export()
    assert len(b"".join(exported)) > 0

    container.pause()
    container.reload()
    assert container.status == "paused"
    container.unpause()
    container.update(mem_limit="128m", memswap_limit="256m")
    container.reload()
    assert container.attrs.host_config.memory == 128 * 1024 * 1024  # type: ignore[union-attr]
    new_name = unique()
    container.rename(new_name)
    container.reload()
    assert container.name == new_name

    image = container.commit(repository="dockersdk-test/committed", tag=new_name)
    try:
        assert f"dockersdk-test/committed:{new_name}" in image.tags
    finally:
        image.remove(force=True)

    container.restart(timeout=1)
    container.kill()
    assert container.wait().status_code == 137
    container.start()
    container.stop(timeout=1)
    container.reload()
    assert container.status == "exited"
    container.remove()
    with pytest.raises(NotFound):
        container.reload()


def test_attach_and_resize(client: DockerClient, test_image: str) -> None:
    container = client.containers.create(
        test_image, ["sh", "-c", "sleep 1; echo attached"], labels=LABELS, tty=True
    )
    container.start()
    container.resize(20, 80)
    with container.attach(stream=True, logs=True) as output:  # type: ignore[union-attr]
        assert b"".join(output) == b"attached\r\n"  # type: ignore[arg-type]
    container.remove(force=True)


def test_attach_with_logs_to_an_exited_container_replays_them(
    client: DockerClient, test_image: str
) -> None:
    container = client.containers.create(test_image, ["echo", "replayed"], labels=LABELS)
    container.start()
    assert container.wait()["StatusCode"] == 0
    assert container.attach(stream=False, logs=True) == b"replayed\n"
    container.remove(force=True)


def test_prune_removes_stopped_labelled_containers(client: DockerClient, test_image: str) -> None:
    label = f"dockersdk.prune={uuid.uuid4().hex[:8]}"
    container = client.containers.create(
        test_image, "true", labels={**LABELS, label.split("=")[0]: label.split("=")[1]}
    )
    pruned = client.containers.prune(filters={"label": label})
    assert container.id in (pruned.containers_deleted or [])
