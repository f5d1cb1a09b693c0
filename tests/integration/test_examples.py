"""The README's flows (examples/flows.py) run as written, against every engine: the swarm
service part included on the dockerds (the session's swarm is there); Podman has no swarm
mode, and the example says it skips that part."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.engines import is_podman
from tests.fixtures.swarm import ensure_swarm

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "flows.py"


def test_flows_example_runs(engine_url: str, test_image: str) -> None:
    podman = is_podman(engine_url)
    if not podman:
        ensure_swarm(engine_url)
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), engine_url],
        env={**os.environ, "DOCKERSDK_DEMO_IMAGE": test_image},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for expected in (
        "b'hello\\n'",
        "exit 3: b'oops\\n'",
        "log: tick 3",
        "0 (b'in\\n', b'err\\n')",
        "0 exited",
        "build: STEP 1/" if podman else "build: Step 1/",  # Podman builds with buildah
        "b'built for the README\\n'",
        "b'saved\\n'",
        "not a swarm manager: skipping the service example" if podman else "2 tasks running",
    ):
        assert expected in out, f"{expected!r} not in:\n{out}"
