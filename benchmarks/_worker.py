"""One bulk transfer in a fresh interpreter, so its peak RSS growth is that client's alone.

Run as ``python -m benchmarks._worker '<json job>'``; prints ``{"seconds", "bytes",
"rss_growth_kib"}``. The job names the operation (``get_archive``, ``put_archive``,
``save``, ``load``), the client, the engine and the operation's arguments. Imports, the
client and a first request happen before the peak-RSS mark is reset, so only the transfer
itself counts.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks._common import AIODOCKER, DOCKER_PY, OURS, RAW, Raw, drain


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> int:
    """Reset the peak-RSS mark (Linux: ``5 > clear_refs``); returns the baseline in KiB."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return _status_kib("VmRSS")
    except OSError:
        return _status_kib("VmHWM")


def _raw(job: dict[str, Any]) -> Callable[[], int]:
    raw = Raw(job["url"][len("unix://") :], job["version"])
    raw.call("GET", "/_ping")
    op, target, path = job["op"], job["target"], job["path"]
    if op == "get_archive":
        return lambda: drain(raw.open("GET", f"/containers/{target}/archive?path={path}"))
    if op == "save":
        return lambda: drain(raw.open("GET", f"/images/{target}/get"))
    size = os.path.getsize(path)
    headers = {"Content-Type": "application/x-tar", "Content-Length": str(size)}

    def upload() -> int:
        with open(path, "rb") as data:
            if op == "put_archive":
                raw.call("PUT", f"/containers/{target}/archive?path={job['dest']}", data, headers)
            else:
                drain(raw.open("POST", "/images/load?quiet=1", body=data, headers=headers))
        return size

    return upload


def _client(job: dict[str, Any], client: Any) -> Callable[[], int]:
    """docker-py and dockersdk share docker-py's API names."""
    # Set-up, not measured: a versioned call negotiates the API version (docker-py does
    # that in its constructor) and loads the models, whose first import is reported apart
    # ("import + client + model").
    client.version()
    op, target, path = job["op"], job["target"], job["path"]

    def count(chunks: Any) -> int:
        total = 0
        for chunk in chunks:
            total += len(chunk)
        return total

    if op == "get_archive":
        return lambda: count(client.get_archive(target, path)[0])
    if op == "save":
        return lambda: count(client.get_image(target))

    def upload() -> int:
        with open(path, "rb") as data:
            if op == "put_archive":
                client.put_archive(target, job["dest"], data)
            else:
                for _ in client.load_image(data, quiet=True):
                    pass
        return os.path.getsize(path)

    return upload


def _aiodocker(job: dict[str, Any]) -> Callable[[], int]:
    """aiodocker's get_archive (it returns a ``tarfile.TarFile`` read into memory)."""
    import asyncio

    import aiodocker

    if job["op"] != "get_archive":
        raise SystemExit(f"aiodocker: {job['op']} not measured")
    loop = asyncio.new_event_loop()
    client = loop.run_until_complete(_aiodocker_open(aiodocker, job["url"]))

    async def fetch() -> int:
        container = await client.containers.get(job["target"])
        archive = await container.get_archive(job["path"])
        return sum(member.size for member in archive.getmembers())

    return lambda: loop.run_until_complete(fetch())


async def _aiodocker_open(aiodocker: Any, url: str) -> Any:
    client = aiodocker.Docker(url=url)
    await client.version()
    return client


def main(job: dict[str, Any]) -> dict[str, float]:
    client = job["client"]
    if client == RAW:
        run = _raw(job)
    elif client == DOCKER_PY:
        import docker

        run = _client(job, docker.APIClient(base_url=job["url"], version=job["version"]))
    elif client == OURS:
        import dockersdk

        run = _client(job, dockersdk.APIClient(base_url=job["url"], version=job["version"]))
    elif client == AIODOCKER:
        run = _aiodocker(job)
    else:
        raise SystemExit(f"unknown client {client!r}")
    base = _reset_peak()
    start = time.perf_counter()
    moved = run()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "bytes": moved, "rss_growth_kib": _status_kib("VmHWM") - base}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
