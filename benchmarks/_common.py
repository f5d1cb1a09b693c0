"""Shared pieces of the benchmarks: run settings, the raw floor client, interleaved timing.

Every scenario measures its clients in rounds; inside a round each client runs once, in an
order that rotates from round to round, so machine noise (2 shared cores) hits every client
alike and the ratios stay fair even when the absolute numbers move.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

IMAGE = os.environ.get("DOCKERSDK_TEST_IMAGE", "dockersdk-test/busybox:latest")
LABEL = "dockersdk.bench"
MIB = 1024 * 1024

# Client names, used as keys in the results: ratios are taken against RAW and DOCKER_PY.
RAW = "raw http.client"
DOCKER_PY = "docker-py 7.1"
AIODOCKER = "aiodocker"
CLI = "docker CLI"
OURS = "dockersdk"
OURS_ASYNC = "dockersdk.aio"


@dataclass(frozen=True)
class Settings:
    """How much work one run does: the quick mode stays under five minutes.

    Attributes:
        full: the full mode (issue #7's sizes), else the quick mode.
        url: the engine (``unix://...``).
    """

    full: bool
    url: str

    @property
    def socket_path(self) -> str:
        return self.url[len("unix://") :]

    def pick(self, quick: int, full: int) -> int:
        """The quick or the full value of a knob."""
        return full if self.full else quick


@dataclass
class Row:
    """One client's result in one scenario.

    Attributes:
        scenario: the scenario's key (``ping``, ``logs``...).
        client: the client's name (``RAW``, ``OURS``...).
        unit: ``us``/``ms`` per operation (lower is better) or ``MiB/s`` (higher is better).
        samples: one value per round.
        rss_mib: median peak RSS growth during the operation, where measured.
        note: what exactly was measured, for the table.
    """

    scenario: str
    client: str
    unit: str
    samples: list[float]
    rss_mib: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def higher_is_better(self) -> bool:
        return self.unit == "MiB/s"


class UnixConnection(http.client.HTTPConnection):
    """``http.client`` over a unix socket: the floor every client is compared with."""

    def __init__(self, path: str, timeout: float = 300) -> None:
        # File bodies go out 16 KiB at a time: dockerd takes uploads over a unix socket
        # fastest in pieces of that size (1 MiB ones: about 0.7x the rate).
        super().__init__("localhost", timeout=timeout, blocksize=16 * 1024)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


class Raw:
    """Keep-alive requests with ``http.client`` and ``json.loads``, nothing more."""

    def __init__(self, path: str, version: str) -> None:
        self.conn = UnixConnection(path)
        self.prefix = f"/v{version}"

    def call(
        self, method: str, url: str, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> bytes:
        """Send one request to the versioned API and return the whole body."""
        self.conn.request(method, self.prefix + url, body=body, headers=dict(headers or {}))
        response = self.conn.getresponse()
        data = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{method} {url}: {response.status} {data[:200]!r}")
        return data

    def json(self, method: str, url: str, body: Any = None) -> Any:
        """One request with a JSON body (or none) and a JSON reply."""
        if body is None:
            return json.loads(self.call(method, url) or b"null")
        payload = json.dumps(body).encode()
        data = self.call(method, url, payload, {"Content-Type": "application/json"})
        return json.loads(data or b"null")

    def open(self, method: str, url: str, **kwargs: Any) -> http.client.HTTPResponse:
        """Send one request and return the unread reply (for streams)."""
        self.conn.request(method, self.prefix + url, **kwargs)
        response = self.conn.getresponse()
        if response.status >= 400:
            raise RuntimeError(f"{method} {url}: {response.status} {response.read()[:200]!r}")
        return response

    def close(self) -> None:
        self.conn.close()


def drain(response: http.client.HTTPResponse) -> int:
    """Read a reply to its end into one reused buffer; returns the byte count."""
    buffer = bytearray(MIB)
    total = 0
    while n := response.readinto(buffer):
        total += n
    return total


def interleave(
    rounds: int, clients: Mapping[str, Callable[[], float]], warmup: bool = True
) -> dict[str, list[float]]:
    """Run each client once per round, rotating the order; returns the samples per client.

    Args:
        rounds: how many rounds.
        clients: name -> a function running the workload once and returning its value
            (a time per operation, or a throughput).
        warmup: run every client once first, untimed (connections, imports, caches).
    """
    names = list(clients)
    if warmup:
        for name in names:
            clients[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(clients[name]())
    return samples


def per_call_us(fn: Callable[[], object], calls: int) -> Callable[[], float]:
    """A workload running ``fn`` ``calls`` times; its value is microseconds per call."""

    def run() -> float:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - start) / calls * 1e6

    return run


def once_ms(fn: Callable[[], object]) -> Callable[[], float]:
    """A workload running ``fn`` once; its value is milliseconds."""

    def run() -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1e3

    return run


def rows(scenario: str, unit: str, samples: Mapping[str, list[float]], note: str = "") -> list[Row]:
    """Rows for every client of a scenario."""
    return [Row(scenario, name, unit, values, note=note) for name, values in samples.items()]


def log(message: str) -> None:
    """Progress on stderr (the tables go to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
