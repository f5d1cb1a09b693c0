"""testcontainers-python, a docker-py client nobody here wrote, runs on dockersdk.

After ``dockersdk.install_as_docker()`` its ``DockerContainer`` starts a busybox container,
execs in it, reads its logs and stops (removes) it, on each engine, and sees what it sees on
docker-py 7.1.0 itself (the same script, run again without the install). It runs in a child
interpreter: docker-py itself is imported in this one, and ``install_as_docker()`` refuses to
take over a ``docker`` already imported. Ryuk (testcontainers' reaper container) is off:
its image cannot be pulled offline, and the test removes what it starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

from dockersdk import APIClient

SCRIPT = textwrap.dedent(
    """
    import json, sys
    image, label, client = sys.argv[1:4]
    if client == "dockersdk":
        import dockersdk
        dockersdk.install_as_docker()
    import docker
    from testcontainers.core.container import DockerContainer

    sdk = client == "dockersdk"
    expected = "dockersdk.resources.containers" if sdk else "docker.models.containers"
    box = DockerContainer(image).with_command(["sh", "-c", "echo started; sleep 60"])
    box.with_kwargs(labels={label: "1"})
    with box:
        wrapped = box.get_wrapped_container()
        assert type(wrapped).__module__ == expected, type(wrapped)
        exec_result = box.exec(["sh", "-c", "echo in-exec; echo to-err >&2; exit 3"])
        stdout, stderr = box.get_logs()
        status = box.status
        container_id = wrapped.id
    print(json.dumps({
        "client": type(wrapped).__module__,
        "exit_code": exec_result.exit_code,
        # stdout and stderr share the output: their order is the kernel's
        "exec_output": sorted(exec_result.output.decode().splitlines()),
        "stdout": stdout.decode(),
        "stderr": stderr.decode(),
        "status": status,
    }))
    """
)


def _run(engine_url: str, image: str, label: str, client: str) -> dict[str, Any]:
    env = {**os.environ, "DOCKER_HOST": engine_url, "TESTCONTAINERS_RYUK_DISABLED": "true"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, image, label, client],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"with {client}: {done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_testcontainers_docker_container_runs_on_dockersdk(
    engine_url: str, test_image: str
) -> None:
    label = f"dockersdk-test.testcontainers.{os.getpid()}"
    try:
        result = _run(engine_url, test_image, label, "dockersdk")
        assert result.pop("client") == "dockersdk.resources.containers"
        assert result["exit_code"] == 3
        assert result["exec_output"] == ["in-exec", "to-err"]
        assert result["stdout"] == "started\n" and result["stderr"] == ""
        # what testcontainers sees on docker-py itself, for the same container
        reference = _run(engine_url, test_image, label, "docker-py")
        assert reference.pop("client") == "docker.models.containers"
        assert result == reference
        with APIClient(engine_url) as api:
            # stop() removed it: nothing with the test's label is left
            assert api.containers(all=True, filters={"label": label}) == []
    finally:
        with APIClient(engine_url) as api:
            for leftover in api.containers(all=True, filters={"label": label}):
                api.remove_container(leftover.id, force=True)
