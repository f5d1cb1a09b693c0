"""Import cost: ``import dockersdk`` (and its first typed model) against ``import docker``.

Each sample is a fresh interpreter; the candidates are interleaved so machine noise hits
all of them alike. Prints a markdown table of medians.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CANDIDATES = {
    "import dockersdk": "import dockersdk",
    "import dockersdk + APIClient + a model": (
        "import dockersdk; dockersdk.APIClient; dockersdk.models.ContainerInspectResponse"
    ),
    "import docker (docker-py)": "import docker",
}

PROBE = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def sample(stmt: str) -> float | None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(stmt=stmt)], capture_output=True, text=True
    )
    if done.returncode != 0:
        return None
    return float(done.stdout.strip()) * 1000


def main(rounds: int = 15) -> dict[str, float | None]:
    samples: dict[str, list[float]] = {name: [] for name in CANDIDATES}
    missing: set[str] = set()
    for _ in range(rounds):
        for name, stmt in CANDIDATES.items():
            if name in missing:
                continue
            ms = sample(stmt)
            if ms is None:
                missing.add(name)
            else:
                samples[name].append(ms)
    medians = {n: (statistics.median(s) if s else None) for n, s in samples.items()}
    base = medians.get("import docker (docker-py)")
    print("| import | median ms | vs docker-py |\n|---|---|---|")
    for name, ms in medians.items():
        if ms is None:
            print(f"| {name} | not installed | |")
            continue
        ratio = f"{ms / base:.2f}x" if base else "n/a"
        print(f"| {name} | {ms:.1f} | {ratio} |")
    return medians


if __name__ == "__main__":
    main()
