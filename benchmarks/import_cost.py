"""Import cost: ``import dockersdk`` (and its first typed model) against ``import docker``.

Each sample is a fresh interpreter; the candidates are interleaved so machine noise hits
all of them alike.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks._common import DOCKER_PY, OURS, Row

# name -> ((scenario, client), statement)
CANDIDATES: dict[str, tuple[tuple[str, str], str]] = {
    "import dockersdk": (("import", OURS), "import dockersdk"),
    "import dockersdk + APIClient + a model": (
        ("import + client + model", OURS),
        "import dockersdk; dockersdk.APIClient; dockersdk.models.ContainerInspectResponse",
    ),
    "import docker (docker-py)": (("import", DOCKER_PY), "import docker"),
    "import docker + APIClient": (
        ("import + client + model", DOCKER_PY),
        "import docker; docker.APIClient",
    ),
}

PROBE = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def sample(stmt: str) -> float | None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(stmt=stmt)], capture_output=True, text=True
    )
    if done.returncode != 0:
        return None
    return float(done.stdout.strip()) * 1000


def main(rounds: int = 15) -> list[Row]:
    """Interleaved fresh-interpreter imports; one row per candidate that is installed."""
    samples: dict[str, list[float]] = {name: [] for name in CANDIDATES}
    missing: set[str] = set()
    for _ in range(rounds):
        for name, (_, stmt) in CANDIDATES.items():
            if name in missing:
                continue
            ms = sample(stmt)
            if ms is None:
                missing.add(name)
            else:
                samples[name].append(ms)
    return [
        Row(scenario, client, "ms", values, note="fresh interpreter")
        for (scenario, client), values in ((CANDIDATES[n][0], v) for n, v in samples.items())
        if values
    ]
