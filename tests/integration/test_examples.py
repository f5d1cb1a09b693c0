"""The examples (``examples/``) run as written, against every engine: the README's flows and
the code the guides of the documentation site include (``docs/guides/``, through
``--8<--`` sections). The swarm service part of the flows runs on the dockerds (the
session's swarm is there); Podman has no swarm mode, and the example says it skips that part.
Examples that need the TLS engine, the sshd or a registry are imported and called with the
suite's fixtures."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

import pytest

from dockersdk import APIClient
from dockersdk.context import context_id
from dockersdk.transport.sshconn import SSH_CONFIG_ENV
from tests.fixtures.engines import is_podman
from tests.fixtures.remote import netns
from tests.fixtures.swarm import ensure_swarm
from tests.integration.test_api_registry import (  # noqa: F401 (fixtures)
    CREDENTIALS,
    registry,
    repo,
)

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(name: str, engine_url: str, test_image: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), engine_url, *args],
        env={**os.environ, "DOCKERSDK_DEMO_IMAGE": test_image},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def load_example(name: str, test_image: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("DOCKERSDK_DEMO_IMAGE", test_image)
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_lines(out: str, *expected: str) -> None:
    for line in expected:
        assert line in out, f"{line!r} not in:\n{out}"


def test_quickstart_example_runs(engine_url: str, test_image: str) -> None:
    out = run_example("quickstart.py", engine_url, test_image)
    assert_lines(out, "container exited with 0: hello from ", "dict-style: ", "errors are typed: ")


def test_flows_example_runs(engine_url: str, test_image: str) -> None:
    podman = is_podman(engine_url)
    if not podman:
        ensure_swarm(engine_url)
    out = run_example("flows.py", engine_url, test_image)
    assert_lines(
        out,
        "b'hello\\n'",
        "exit 3: b'oops\\n'",
        "log: tick 3",
        "0 (b'in\\n', b'err\\n')",
        "0 exited",
        "build: STEP 1/" if podman else "build: Step 1/",  # Podman builds with buildah
        "b'built for the README\\n'",
        "b'saved\\n'",
        "not a swarm manager: skipping the service example" if podman else "2 tasks running",
    )


def test_asyncio_example_runs(engine_url: str, test_image: str) -> None:
    out = run_example("aio_flows.py", engine_url, test_image)
    assert_lines(out, "b'hello\\n'", "[0, 1, 2]", "log: tick 3", "\n0\n", "['exited']")


def test_errors_example_runs(engine_url: str, test_image: str) -> None:
    out = run_example("errors.py", engine_url, test_image)
    assert_lines(
        out,
        "ContainerNotFound 404 ",
        "image: ",
        "api error: ",
        "container error: 7 b'broken\\n'",
        "invalid: ",
        "connection: cannot connect to the Docker engine at unix:///tmp/no-engine-here.sock",
        "TLSParameterError ",
    )


def test_versions_example_runs(engine_url: str, test_image: str) -> None:
    out = run_example("versions.py", engine_url, test_image)
    assert_lines(
        out,
        "1.41\n1.25\n1.52\nNetworkSettings.Networks.<network>.IPAddress\n",
        "offline: cgroupns is not supported in API version 1.40",
        "pinned 1.40 True",
        "refused: cgroupns is not supported in API version 1.40",
    )
    with APIClient(base_url=engine_url) as api:
        assert f"negotiated {api.api_version} engine {api.version().api_version}" in out


def test_progress_example_builds(engine_url: str, test_image: str) -> None:
    out = run_example("progress_bars.py", engine_url, test_image)
    assert_lines(out, "sha256:", "build: ")
    assert out.count("\nTrue\n") == 2, out  # the tracker's and the async display's image IDs


def test_progress_example_pushes_and_pulls(
    engine_url: str,
    test_image: str,
    registry: str,  # noqa: F811
    repo: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    example = load_example("progress_bars", test_image, monkeypatch)
    out = io.StringIO()
    with APIClient(base_url=engine_url) as api, redirect_stdout(out):
        example.build_with_bars(api)
        try:
            example.push_and_pull_with_bars(api, repo, CREDENTIALS)
        finally:
            api.remove_image(example.TAG)
    if is_podman(engine_url):  # Podman's push stream has no per-layer events nor digest
        assert_lines(out.getvalue(), "sha256:", "same digest: ")
    else:
        assert_lines(out.getvalue(), "sha256:", "['Pushed', 'Pushed']", "same digest: True")


@pytest.fixture
def tls(tls_engine: dict[str, str]) -> Iterator[dict[str, str]]:
    with netns(tls_engine["DOCKERSDK_TLS_NETNS"]):
        yield tls_engine


def test_connecting_over_tls(
    tls: dict[str, str], test_image: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = load_example("connecting", test_image, monkeypatch)
    url = f"tcp://127.0.0.1:{tls['DOCKERSDK_TLS_PORT']}"
    out = io.StringIO()
    with redirect_stdout(out):
        example.over_tls(url, tls["DOCKERSDK_TLS_CERTS"])
        example.from_the_environment(url, tls["DOCKERSDK_TLS_CERTS"])
    assert_lines(out.getvalue(), "tls: True 1.41", "env: True")


def test_connecting_over_ssh(
    sshd: dict[str, str], test_image: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SSH_CONFIG_ENV, sshd["DOCKERSDK_SSH_CONFIG"])
    example = load_example("connecting", test_image, monkeypatch)
    out = io.StringIO()
    with redirect_stdout(out):
        example.over_ssh(sshd["DOCKERSDK_SSH_URL"])
    assert_lines(out.getvalue(), "ssh: True True")


def test_connecting_through_a_context(
    engine_url: str, test_image: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `docker context create example --docker host=<engine>` writes.
    meta = tmp_path / "contexts" / "meta" / context_id("example") / "meta.json"
    meta.parent.mkdir(parents=True)
    meta.write_text(
        json.dumps(
            {
                "Name": "example",
                "Metadata": {},
                "Endpoints": {"docker": {"Host": engine_url, "SkipTLSVerify": False}},
            }
        )
    )
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    example = load_example("connecting", test_image, monkeypatch)
    out = io.StringIO()
    with redirect_stdout(out):
        example.through_a_context(str(tmp_path), "example")
    assert_lines(out.getvalue(), "context: True")
