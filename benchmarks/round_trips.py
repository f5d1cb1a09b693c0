"""Per-call cost: ping and container inspect, dockersdk against docker-py and a raw floor.

The floor is ``http.client`` over the same unix socket with keep-alive (and ``json.loads``
for inspect). Rounds are interleaved so machine noise hits every client alike; the table
gives the median of the per-round times and the ratios to the floor and to docker-py.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import time
from collections.abc import Callable

IMAGE = os.environ.get("DOCKERSDK_TEST_IMAGE", "dockersdk-test/busybox:latest")


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=30)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self._path)
        self.sock = sock


def _raw(path: str, version: str) -> dict[str, Callable[[str], object]]:
    conn = _UnixConnection(path)

    def get(url: str) -> bytes:
        conn.request("GET", url)
        return conn.getresponse().read()

    return {
        "ping": lambda _cid: get("/_ping"),
        "inspect": lambda cid: json.loads(get(f"/v{version}/containers/{cid}/json")),
    }


def _timed(fn: Callable[[str], object], arg: str, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn(arg)
    return (time.perf_counter() - start) / calls * 1e6  # microseconds per call


def main(rounds: int = 5, calls: int = 400) -> None:
    import docker

    from dockersdk import APIClient

    url = os.environ.get("DOCKERSDK_ENGINE_B") or os.environ.get("DOCKERSDK_ENGINE_A")
    if not url:
        raise SystemExit("no engine: run through `make bench`, which starts one")
    ours = APIClient(base_url=url)
    theirs = docker.APIClient(base_url=url, version=ours.api_version)
    cid = ours.create_container(IMAGE, ["sleep", "600"], labels={"dockersdk.bench": "1"}).id
    try:
        raw = _raw(url[len("unix://") :], ours.api_version)
        clients: dict[str, dict[str, Callable[[str], object]]] = {
            "raw http.client": raw,
            "docker-py 7.1": {
                "ping": lambda _c: theirs.ping(),
                "inspect": theirs.inspect_container,
            },
            "dockersdk": {"ping": lambda _c: ours.ping(), "inspect": ours.inspect_container},
        }
        samples = {(c, op): [] for c in clients for op in ("ping", "inspect")}
        for _ in range(rounds):
            for name, ops in clients.items():
                for op, fn in ops.items():
                    samples[(name, op)].append(_timed(fn, cid, calls))
    finally:
        ours.remove_container(cid, force=True)
        ours.close()
        theirs.close()
    print(f"\n| call ({calls} x {rounds} rounds) | client | median µs | vs raw | vs docker-py |")
    print("|---|---|---|---|---|")
    for op in ("ping", "inspect"):
        floor = statistics.median(samples[("raw http.client", op)])
        base = statistics.median(samples[("docker-py 7.1", op)])
        for name in clients:
            value = statistics.median(samples[(name, op)])
            print(f"| {op} | {name} | {value:.0f} | {value / floor:.2f}x | {value / base:.2f}x |")


if __name__ == "__main__":
    main()
