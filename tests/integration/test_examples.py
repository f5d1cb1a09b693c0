"""The README's flows (examples/flows.py) run as written, against both engines, the swarm
service part included (the session's swarm is there)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.swarm import ensure_swarm

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "flows.py"


def test_flows_example_runs(engine_url: str, test_image: str) -> None:
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
        "build: Step 1/",
        "b'built for the README\\n'",
        "b'saved\\n'",
        "2 tasks running",
    ):
        assert expected in out, f"{expected!r} not in:\n{out}"
