"""The main flows of the high-level client, typed and runnable: run, logs, exec, build,
networks, volumes, and a swarm service (when the engine is a swarm manager).

Run with ``python examples/flows.py [BASE_URL]``; the README and the getting-started guide
(docs/guides/getting-started.md, which includes the ``--8<--`` sections) show these pieces.
Everything made here carries the label ``dockersdk.example=1`` and is removed at the end.
"""

from __future__ import annotations

import io
import os
import sys
import time

import dockersdk
from dockersdk.errors import ContainerError
from dockersdk.models import Task

IMAGE = os.environ.get("DOCKERSDK_DEMO_IMAGE", "dockersdk-test/busybox:latest")
LABELS = {"dockersdk.example": "1"}


# --8<-- [start:run_and_logs]
def run_and_logs(client: dockersdk.DockerClient) -> None:
    # Run a command and get its output; a non-zero exit raises with its stderr.
    print(client.containers.run(IMAGE, ["echo", "hello"], remove=True))  # b'hello\n'
    try:
        client.containers.run(IMAGE, ["sh", "-c", "echo oops >&2; exit 3"], remove=True)
    except ContainerError as error:
        print(f"exit {error.exit_status}: {error.stderr!r}")

    # A background container, its logs as they come, and its typed attributes.
    web = client.containers.run(
        IMAGE, ["sh", "-c", "for i in 1 2 3; do echo tick $i; sleep 0.2; done"],
        detach=True, labels=LABELS,
    )  # fmt: skip
    with web.logs(stream=True, follow=True) as lines:
        for line in lines:
            print("log:", line.decode().rstrip())
    exit_code = web.wait().status_code
    web.reload()  # attrs are what the engine said when they were read: read them again
    print(exit_code, web.attrs.state.status if web.attrs.state else None)  # 0 exited

    # stdout and stderr apart.
    out, err = web.logs(demux=True)
    print(len(out or b""), err)
    web.remove()


# --8<-- [end:run_and_logs]


# --8<-- [start:exec_in_a_container]
def exec_in_a_container(client: dockersdk.DockerClient) -> None:
    box = client.containers.run(IMAGE, ["sleep", "60"], detach=True, labels=LABELS)
    try:
        result = box.exec_run(["sh", "-c", "echo in; echo err >&2"], demux=True)
        print(result.exit_code, result.output)  # 0 (b'in\n', b'err\n')
        for chunk in box.exec_run(["seq", "3"], stream=True).output:
            print("exec:", chunk)
    finally:
        box.remove(force=True)


# --8<-- [end:exec_in_a_container]


# --8<-- [start:build_an_image]
def build_an_image(client: dockersdk.DockerClient) -> None:
    dockerfile = f'FROM {IMAGE}\nARG WHO\nRUN echo "built for $WHO" > /who\n'
    image, log = client.images.build(
        fileobj=io.BytesIO(dockerfile.encode()),
        tag="dockersdk-example/built:latest",
        buildargs={"WHO": "the README"},
        labels=LABELS,
        rm=True,
    )
    for item in log:
        if item.stream and item.stream.strip():
            print("build:", item.stream.rstrip())
    print(image.tags, client.containers.run(image.id, ["cat", "/who"], remove=True))
    image.remove(force=True)


# --8<-- [end:build_an_image]


# --8<-- [start:networks_and_volumes]
def networks_and_volumes(client: dockersdk.DockerClient) -> None:
    network = client.networks.create("dockersdk-example-net", labels=LABELS)
    volume = client.volumes.create("dockersdk-example-data", labels=LABELS)
    try:
        db = client.containers.run(
            IMAGE, ["sh", "-c", "echo saved > /data/file; sleep 60"], detach=True,
            network=network.name, volumes={volume.name: {"bind": "/data", "mode": "rw"}},
            labels=LABELS,
        )  # fmt: skip
        network.reload()
        print([c.name for c in network.containers])
        time.sleep(0.5)
        reader = client.containers.run(
            IMAGE, ["cat", "/data/file"], remove=True,
            volumes={volume.name: {"bind": "/data", "mode": "ro"}},
        )  # fmt: skip
        print(reader)  # b'saved\n'
        db.remove(force=True)
    finally:
        network.remove()
        volume.remove(force=True)


# --8<-- [end:networks_and_volumes]


# --8<-- [start:a_swarm_service]
def a_swarm_service(client: dockersdk.DockerClient) -> None:
    swarm = client.info().swarm
    if swarm is None or swarm.control_available is not True:
        print("not a swarm manager: skipping the service example")
        return
    service = client.services.create(
        IMAGE, ["sh", "-c", "echo from a task; sleep 60"], name="dockersdk-example-svc",
        labels=LABELS,
    )  # fmt: skip
    try:
        service.scale(2)
        deadline = time.monotonic() + 30
        running: list[Task] = []
        while time.monotonic() < deadline:
            running = [t for t in service.tasks() if t.status and t.status.state == "running"]
            if len(running) == 2:
                break
            time.sleep(0.5)
        print(f"{len(running)} tasks running")
        print(b"".join(service.logs(stdout=True)).decode().strip().splitlines()[:1])
    finally:
        service.remove()


# --8<-- [end:a_swarm_service]


# --8<-- [start:main]
def main(base_url: str | None) -> None:
    with dockersdk.DockerClient(base_url=base_url) if base_url else dockersdk.from_env() as client:
        run_and_logs(client)
        exec_in_a_container(client)
        build_an_image(client)
        networks_and_volumes(client)
        a_swarm_service(client)


# --8<-- [end:main]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
