"""Bounded-time coverage-guided fuzzing (atheris) of the decoders, parsers and extract_archive.

Each target (``tests/fuzz/targets.py``) runs for ``DOCKERSDK_FUZZ_SECONDS`` seconds (default 3)
in its own process; any exception other than a documented one is a finding and fails the
test with the crashing input. ``python -m tests.fuzz TARGET -max_total_time=600`` runs longer.
The hypothesis tests in ``test_utils_robustness.py`` cover the same functions with shaped input.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.targets import TARGETS

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("DOCKERSDK_FUZZ_SECONDS", "3"))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target_for_a_bounded_time(target: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fuzz",
            target,
            f"-max_total_time={SECONDS}",
            "-timeout=10",
            "-rss_limit_mb=1024",
            "-print_final_stats=1",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    crashes = {p.name: p.read_bytes()[:2000] for p in tmp_path.glob("*-*") if p.is_file()}
    assert result.returncode == 0, f"{result.stderr[-4000:]}\ncrashing inputs: {crashes!r}"
    runs = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("stat::number_of_executed_units")
    ]
    assert runs and int(runs[0].split(":")[-1]) > 100, result.stderr[-2000:]


SEEDS = [
    b"",
    b"\x00" * 64,
    b"\x01\x00\x00\x00\x00\x00\x00\x05hello" * 3,
    b'{"status": "ok"}\n{"a": [1, 2' + b"\xff" * 10,
    bytes(range(256)),
]


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"{len(s)}b")
def test_targets_replay_in_process(target: str, seed: bytes) -> None:
    TARGETS[target](seed)
