"""Cold start (issue #15): whole fresh processes, each importing a library, making a client
and doing one thing, side by side with docker-py (aiodocker for asyncio).

Each sample is one ``python -c`` process timed from the outside: wall time from spawn to
exit, its CPU time and its peak RSS (``wait4``'s rusage: the kernel's own accounting of
that child). The clients are interleaved per round in a rotating order; the ratios are
medians of the per-round ratios, so machine drift between rounds cancels out.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from benchmarks._common import AIODOCKER, DOCKER_PY, IMAGE, LABEL, OURS, OURS_ASYNC, Row, log

#: The reference each cold scenario is compared with (docker-py, or aiodocker for asyncio).
REFERENCE = {
    "cold: low-level inspect": DOCKER_PY,
    "cold: high-level get": DOCKER_PY,
    "cold: high-level run": DOCKER_PY,
    "cold: async inspect": AIODOCKER,
    "cold: async high-level get": AIODOCKER,
}

_ASYNC_AIODOCKER = """
import asyncio, os, aiodocker
async def main():
    docker = aiodocker.Docker(url=os.environ["BENCH_URL"])
    try:
        print((await docker.containers.get(os.environ["BENCH_CID"]))["State"]["Status"])
    finally:
        await docker.close()
asyncio.run(main())
"""

#: scenario -> client -> (program, note)
PROGRAMS: dict[str, dict[str, str]] = {
    "cold: low-level inspect": {
        OURS: """
import os, dockersdk
api = dockersdk.APIClient(base_url=os.environ["BENCH_URL"], version="1.41")
print(api.inspect_container(os.environ["BENCH_CID"]).state.status)
""",
        DOCKER_PY: """
import os, docker
api = docker.APIClient(base_url=os.environ["BENCH_URL"], version="1.41")
print(api.inspect_container(os.environ["BENCH_CID"])["State"]["Status"])
""",
    },
    "cold: high-level get": {
        OURS: """
import os, dockersdk
print(dockersdk.from_env().containers.get(os.environ["BENCH_CID"]).status)
""",
        DOCKER_PY: """
import os, docker
print(docker.from_env().containers.get(os.environ["BENCH_CID"]).status)
""",
    },
    "cold: high-level run": {
        OURS: """
import os, dockersdk
box = dockersdk.from_env().containers.run(
    os.environ["BENCH_IMAGE"], ["true"], detach=True, labels={os.environ["BENCH_LABEL"]: "cold"}
)
print(box.id)
""",
        DOCKER_PY: """
import os, docker
box = docker.from_env().containers.run(
    os.environ["BENCH_IMAGE"], ["true"], detach=True, labels={os.environ["BENCH_LABEL"]: "cold"}
)
print(box.id)
""",
    },
    "cold: async inspect": {
        OURS_ASYNC: """
import asyncio, os
from dockersdk.aio import AsyncAPIClient
async def main():
    async with AsyncAPIClient(base_url=os.environ["BENCH_URL"], version="1.41") as api:
        print((await api.inspect_container(os.environ["BENCH_CID"])).state.status)
asyncio.run(main())
""",
        AIODOCKER: _ASYNC_AIODOCKER,
    },
    "cold: async high-level get": {
        OURS_ASYNC: """
import asyncio, os
import dockersdk.aio
async def main():
    async with dockersdk.aio.from_env() as client:
        print((await client.containers.get(os.environ["BENCH_CID"])).status)
asyncio.run(main())
""",
        AIODOCKER: _ASYNC_AIODOCKER,
    },
}

NOTES = {
    "cold: low-level inspect": 'APIClient(version="1.41") + inspect_container + .state.status',
    "cold: high-level get": "from_env() + containers.get(id).status",
    "cold: high-level run": "from_env() + containers.run(busybox, detach=True)",
    "cold: async inspect": "AsyncAPIClient + inspect_container + .state.status (aiodocker: "
    "Docker() + containers.get(id)['State'])",
    "cold: async high-level get": "dockersdk.aio.from_env() + containers.get(id).status "
    "(aiodocker: as above)",
}


@dataclass
class Sample:
    """One process: wall and CPU milliseconds, peak RSS in MiB."""

    wall_ms: float
    cpu_ms: float
    rss_mib: float


#: Appended to every program: its peak RSS, as the kernel counts it for this executable
#: (``VmHWM``; the rusage of a child also counts the parent's pages it was forked with).
_PEAK = """
import sys as _sys
with open("/proc/self/status") as _status:
    _sys.stderr.write([_l for _l in _status if _l.startswith("VmHWM:")][0])
"""


def run_once(program: str, env: dict[str, str]) -> Sample:
    """Run ``program`` in a fresh interpreter; its wall time, CPU time and peak RSS.

    Raises:
        RuntimeError: the program failed (its stderr is in the message).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", program + _PEAK], env=env, stdout=out, stderr=err
        )
        # wait4 reaps the child and returns its own rusage (wait() would reap it first).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        report = err.read().decode(errors="replace")
        if child.returncode != 0 or not out.read().strip() or "VmHWM:" not in report:
            raise RuntimeError(f"a cold-start program failed:\n{program}\n{report[-2000:]}")
    peak_kib = int(report.rsplit("VmHWM:", 1)[1].split()[0])
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall * 1e3, cpu * 1e3, peak_kib / 1024)


def paired_ratio(mine: list[float], theirs: list[float]) -> float:
    """The median of the per-round ratios ``mine[i] / theirs[i]``."""
    return statistics.median(a / b for a, b in zip(mine, theirs, strict=True))


def _remove_run_containers(url: str) -> None:
    """Remove the containers the ``run`` programs left (outside the timed region)."""
    import dockersdk

    with dockersdk.APIClient(base_url=url) as api:
        for entry in api.containers(all=True, filters={"label": f"{LABEL}=cold"}):
            api.remove_container(entry["Id"], force=True)


def main(url: str, rounds: int) -> list[Row]:
    """Every cold scenario, ``rounds`` fresh processes per client, interleaved."""
    import dockersdk

    log(f"cold start: {len(PROGRAMS)} scenarios x 2 clients, {rounds} fresh processes each")
    with dockersdk.APIClient(base_url=url) as api:
        cid = str(api.create_container(IMAGE, ["sleep", "3600"], labels={LABEL: "cold-target"}).id)
        api.start(cid)
    env = {
        **os.environ,
        "DOCKER_HOST": url,
        "BENCH_URL": url,
        "BENCH_CID": cid,
        "BENCH_IMAGE": IMAGE,
        "BENCH_LABEL": LABEL,
    }
    # PYTHONDONTWRITEBYTECODE (some machines set it) would leave this editable checkout
    # without the bytecode that pip compiles for every installed package, docker-py's and
    # aiodocker's included: the warm-up writes it, as an install would have.
    for name in (
        "DOCKER_CONTEXT",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CERT_PATH",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    jobs = [(scenario, client) for scenario, clients in PROGRAMS.items() for client in clients]
    samples: dict[tuple[str, str], list[Sample]] = {job: [] for job in jobs}
    try:
        for scenario, client in jobs:  # warm-up: page cache, .pyc files, the engine
            run_once(PROGRAMS[scenario][client], env)
        _remove_run_containers(url)
        for index in range(rounds):
            # Each scenario's clients back to back (pairs stay close in time), the scenario
            # order and the order inside each pair rotating from round to round.
            shift = index % len(PROGRAMS)
            scenarios = list(PROGRAMS)[shift:] + list(PROGRAMS)[:shift]
            for scenario in scenarios:
                clients = list(PROGRAMS[scenario])
                if index % 2:
                    clients.reverse()
                for client in clients:
                    samples[(scenario, client)].append(run_once(PROGRAMS[scenario][client], env))
            _remove_run_containers(url)
    finally:
        _remove_run_containers(url)
        with dockersdk.APIClient(base_url=url) as api:
            api.remove_container(cid, force=True)
    out: list[Row] = []
    for (scenario, client), taken in samples.items():
        reference = samples[(scenario, REFERENCE[scenario])]
        extra: dict[str, Any] = {
            "cpu_ms": [s.cpu_ms for s in taken],
            "peak_rss_mib": [s.rss_mib for s in taken],
            "reference": REFERENCE[scenario],
            "wall_vs_reference": paired_ratio(
                [s.wall_ms for s in taken], [s.wall_ms for s in reference]
            ),
            "cpu_vs_reference": paired_ratio(
                [s.cpu_ms for s in taken], [s.cpu_ms for s in reference]
            ),
            "rss_vs_reference": paired_ratio(
                [s.rss_mib for s in taken], [s.rss_mib for s in reference]
            ),
        }
        out.append(
            Row(
                scenario,
                client,
                "ms",
                [s.wall_ms for s in taken],
                note=NOTES[scenario],
                extra=extra,
            )
        )
    return out


def medians(row: Row) -> tuple[float, float, float]:
    """A cold row's median wall ms, CPU ms and peak RSS MiB."""
    return (
        row.median,
        statistics.median(row.extra["cpu_ms"]),
        statistics.median(row.extra["peak_rss_mib"]),
    )


if __name__ == "__main__":  # a quick look: python -m benchmarks.cold_start URL [ROUNDS]
    found = main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    print(json.dumps([[r.scenario, r.client, *medians(r), r.extra] for r in found], indent=1))
