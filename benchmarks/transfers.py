"""Bulk streams: demuxed logs, get/put_archive, and image save/load, as throughput.

Logs run in this process (the docker CLI as a subprocess). Archives and images run one
transfer per fresh interpreter (``benchmarks._worker``) so each client's peak RSS growth
is measured on its own.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from importlib.util import find_spec
from typing import Any

from benchmarks._common import (
    AIODOCKER,
    CLI,
    DOCKER_PY,
    IMAGE,
    LABEL,
    MIB,
    OURS,
    RAW,
    Raw,
    Row,
    Settings,
    interleave,
    log,
)

BENCH_IMAGE = "dockersdk-bench/big:latest"
WORKER_TIMEOUT = 600  # seconds: a hung transfer fails the run instead of stalling it


def _run_to_end(raw: Raw, command: list[str]) -> str:
    """Create, start and wait for a busybox container; returns its id."""
    cid: str = raw.json(
        "POST", "/containers/create", {"Image": IMAGE, "Cmd": command, "Labels": {LABEL: "bulk"}}
    )["Id"]
    raw.call("POST", f"/containers/{cid}/start")
    status = raw.json("POST", f"/containers/{cid}/wait")["StatusCode"]
    if status != 0:
        raise RuntimeError(f"{command}: exit status {status}")
    return cid


def _raw_demux(response: Any) -> tuple[int, int]:
    """The floor's frame reader: 1 MiB reads, frames walked by offset, no payload copies.

    Returns the stdout and stderr byte counts.
    """
    counts = [0, 0, 0]
    buffer = bytearray()
    while chunk := response.read1(MIB):
        buffer += chunk
        offset, end = 0, len(buffer)
        while end - offset >= 8:
            stream, size = struct.unpack_from(">BxxxL", buffer, offset)
            if end - offset - 8 < size:
                break
            counts[stream] += size
            offset += 8 + size
        del buffer[:offset]
    return counts[1], counts[2]


def logs(settings: Settings, ours: Any, theirs: Any, raw: Raw) -> list[Row]:
    """200 MB (quick: 50 MB) of stdout+stderr logs read back demuxed."""
    total = settings.pick(50, 200) * 1000 * 1000
    rounds = settings.pick(5, 7)
    line = "x" * 1023  # + newline: 1 KiB lines
    half = total // 2
    script = f"(yes {line} | head -c {half}) & (yes {line} | head -c {half} >&2); wait"
    log(f"logs: writing {total // 1000 // 1000} MB")
    cid = _run_to_end(raw, ["sh", "-c", script])
    cli_config = tempfile.TemporaryDirectory(prefix="dsdk-bench-cli-")  # an empty CLI config
    env = dict(os.environ, DOCKER_CONFIG=cli_config.name)

    def mib_per_s(read: Callable[[], int]) -> Callable[[], float]:
        def run() -> float:
            start = time.perf_counter()
            got = read()
            seconds = time.perf_counter() - start
            if got != total:
                raise RuntimeError(f"logs: read {got} bytes, expected {total}")
            return total / MIB / seconds

        return run

    def raw_read() -> int:
        response = raw.open("GET", f"/containers/{cid}/logs?stdout=1&stderr=1")
        return sum(_raw_demux(response))

    def ours_read() -> int:
        got = 0
        for out, err in ours.logs(cid, stream=True, demux=True, follow=False):
            got += len(out or b"") + len(err or b"")
        return got

    def theirs_read() -> int:
        # docker-py's logs() has no demux: its stream decodes the frames into payloads.
        got = 0
        for payload in theirs.logs(cid, stream=True, follow=False):
            got += len(payload)
        return got

    def cli_read() -> int:
        command = ["docker", "-H", settings.url, "logs", cid]
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        return total

    try:
        samples = interleave(
            rounds,
            {
                RAW: mib_per_s(raw_read),
                CLI: mib_per_s(cli_read),
                DOCKER_PY: mib_per_s(theirs_read),
                OURS: mib_per_s(ours_read),
            },
            warmup=False,
        )
    finally:
        raw.call("DELETE", f"/containers/{cid}?force=1")
        cli_config.cleanup()
    note = f"{total // 1000 // 1000} MB, 1 KiB lines, half on stderr"
    note += "; docker-py has no demux for logs: frames decoded, streams not split"
    return [
        Row("logs demuxed", name, "MiB/s", values, note=note) for name, values in samples.items()
    ]


def _worker_rows(
    settings: Settings,
    scenario: str,
    clients: list[str],
    job: dict[str, Any],
    size: int,
    rounds: int,
    note: str,
) -> list[Row]:
    """Interleaved rounds of one worker per client; throughput and peak RSS growth."""
    rss: dict[str, list[float]] = {name: [] for name in clients}

    def one(name: str) -> Callable[[], float]:
        def run() -> float:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks._worker", json.dumps({**job, "client": name})],
                capture_output=True,
                text=True,
                check=False,
                timeout=WORKER_TIMEOUT,
            )
            if done.returncode != 0:
                raise RuntimeError(f"{scenario} {name}: {done.stderr.strip()[-800:]}")
            result = json.loads(done.stdout)
            rss[name].append(result["rss_growth_kib"] / 1024)
            return size / MIB / float(result["seconds"])

        return run

    samples = interleave(rounds, {name: one(name) for name in clients}, warmup=False)
    out: list[Row] = []
    for name, values in samples.items():
        row = Row(scenario, name, "MiB/s", values, note=note)
        row.rss_mib = sorted(rss[name])[len(rss[name]) // 2]
        out.append(row)
    return out


def _random_file(path: str, size: int) -> None:
    with open(path, "wb") as out:
        for _ in range(size // MIB):
            out.write(os.urandom(MIB))


def archives(settings: Settings, raw: Raw, version: str, work: str) -> list[Row]:
    """put_archive then get_archive of one 256 MiB (quick: 128 MiB) file, into and out of a
    tmpfs of a running container: the engine's disk writeback would otherwise add more
    noise between rounds (±40 %) than the clients differ by."""
    size = settings.pick(128, 256) * MIB
    rounds = settings.pick(5, 7)
    log(f"archives: {size // MIB} MiB, {rounds} rounds")
    blob = os.path.join(work, "blob")
    _random_file(blob, size)
    archive = os.path.join(work, "blob.tar")
    with tarfile.open(archive, "w") as tar:
        tar.add(blob, arcname="blob")
    os.unlink(blob)
    config = {
        "Image": IMAGE,
        "Cmd": ["sleep", "3600"],
        "Labels": {LABEL: "archive"},
        "HostConfig": {"Tmpfs": {"/data": f"size={3 * size // MIB}m"}},
    }
    cid = raw.json("POST", "/containers/create", config)["Id"]
    raw.call("POST", f"/containers/{cid}/start")
    job = {"url": settings.url, "version": version, "target": cid, "dest": "/data"}
    note = f"one {size // MIB} MiB file"
    try:
        out = _worker_rows(
            settings,
            "put_archive",
            [RAW, DOCKER_PY, OURS],
            {**job, "op": "put_archive", "path": archive},
            size,
            rounds,
            note,
        )
        out += _worker_rows(
            settings,
            "get_archive",
            [RAW, DOCKER_PY, OURS] + ([AIODOCKER] if find_spec("aiodocker") else []),
            {**job, "op": "get_archive", "path": "/data/blob"},
            size,
            rounds,
            note,
        )
    finally:
        raw.call("DELETE", f"/containers/{cid}?force=1")
        os.unlink(archive)
    return out


def images(settings: Settings, raw: Raw, version: str, work: str) -> list[Row]:
    """``docker save`` / ``docker load`` of an image of ~200 MiB (quick: ~64 MiB)."""
    size = settings.pick(64, 200) * MIB
    rounds = settings.pick(5, 7)
    log(f"save/load: image of ~{size // MIB} MiB, {rounds} rounds")
    cid = _run_to_end(raw, ["sh", "-c", f"head -c {size} /dev/urandom > /blob"])
    repo, tag = BENCH_IMAGE.split(":")
    raw.json("POST", f"/commit?container={cid}&repo={repo}&tag={tag}", {})
    raw.call("DELETE", f"/containers/{cid}")
    saved = os.path.join(work, "image.tar")
    try:
        response = raw.open("GET", f"/images/{BENCH_IMAGE}/get")
        with open(saved, "wb") as file:
            while chunk := response.read(MIB):
                file.write(chunk)
        tar_size = os.path.getsize(saved)
        job = {"url": settings.url, "version": version, "target": BENCH_IMAGE}
        note = f"{tar_size // MIB} MiB archive"
        clients = [RAW, DOCKER_PY, OURS]
        out = _worker_rows(
            settings,
            "image save",
            clients,
            {**job, "op": "save", "path": ""},
            tar_size,
            rounds,
            note,
        )
        out += _worker_rows(
            settings,
            "image load",
            clients,
            {**job, "op": "load", "path": saved},
            tar_size,
            rounds,
            note,
        )
    finally:
        raw.call("DELETE", f"/images/{BENCH_IMAGE}?force=1")
        if os.path.exists(saved):
            os.unlink(saved)
    return out


def main(settings: Settings) -> list[Row]:
    """Every bulk-transfer scenario."""
    import docker

    import dockersdk

    ours = dockersdk.APIClient(base_url=settings.url)
    version = ours.api_version
    theirs = docker.APIClient(base_url=settings.url, version=version)
    raw = Raw(settings.socket_path, version)
    try:
        out = logs(settings, ours, theirs, raw)
        with tempfile.TemporaryDirectory(prefix="dsdk-bench-") as work:
            out += archives(settings, raw, version, work)
            out += images(settings, raw, version, work)
    finally:
        ours.close()
        theirs.close()
        raw.close()
    return out
