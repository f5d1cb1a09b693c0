"""Faults against a real engine: killed with streams open, restarted, frozen, missing.

The engine hurt here is a throwaway dockerd of its own (``scripts/engines/extra.sh``, see
``tests/fixtures/extra_engine.py``), never the shared engines A and B. Every wait on a
stream is bounded by a watchdog, so a hang fails the test instead of blocking the suite.

Every scenario runs with both clients (the ``flavour`` fixture): ``APIClient``, and
``AsyncAPIClient`` through the sync facade of ``tests/fixtures/async_bridge.py``, whose
streams are then async streams drained on the bridge's event loop.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from dockersdk import APIClient
from dockersdk.errors import DockerConnectionError, DockerException, DockerTimeoutError
from dockersdk.transport._messages import ReadTimeout
from tests.fixtures.extra_engine import ExtraEngine, extra_engine
from tests.fixtures.flavours import open_api
from tests.integration.test_transport_tls import netns

pytestmark = pytest.mark.integration

LABELS = {"dockersdk.test": "1"}
REGISTRY = "127.0.0.1:5000"  # inside the extra engine's namespace
WATCHDOG = 20.0  # seconds a stream may take to end after the engine died
ENDS_WITHIN = 10.0  # what we promise: seconds from SIGKILL to the stream raising or ending
REGISTRY_CONFIG = f"""version: 0.1
storage:
  filesystem:
    rootdirectory: {{root}}
http:
  addr: {REGISTRY}
"""


@pytest.fixture(scope="module")
def engine() -> Iterator[ExtraEngine]:
    with extra_engine("f") as started:
        yield started


@pytest.fixture
def running(engine: ExtraEngine) -> ExtraEngine:
    """The extra engine, restarted first if an earlier test left it dead.

    A few seconds of grace first: just after SIGCONT the engine is still draining a listen
    backlog an earlier test filled, and refuses connections (EAGAIN) meanwhile.
    """
    deadline = time.monotonic() + 3
    while True:
        try:
            with APIClient(base_url=engine.host, timeout=5) as probe:
                probe.ping()
            return engine
        except DockerException:
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
    engine.restart()
    return engine


class Reader(threading.Thread):
    """Drains a stream in the background, recording what it got and how it ended."""

    def __init__(self, name: str, stream: Any) -> None:
        super().__init__(name=f"reader-{name}", daemon=True)
        self.stream = stream
        self.items: list[Any] = []
        self.error: BaseException | None = None
        self.ended_at: float | None = None
        self.got_item = threading.Event()

    def run(self) -> None:
        try:
            for item in self.stream:
                self.items.append(item)
                self.got_item.set()
        except BaseException as exc:
            self.error = exc
        finally:
            self.ended_at = time.monotonic()
            self.stream.close()


@contextlib.contextmanager
def registry_in(namespace: str, root: Path) -> Iterator[None]:
    if not shutil.which("docker-registry"):
        pytest.fail("docker-registry missing: run scripts/engines/install.sh")
    (root / "config.yml").write_text(REGISTRY_CONFIG.format(root=root / "data"))
    with open(root / "registry.log", "wb") as log:
        process = subprocess.Popen(
            [
                "ip",
                "netns",
                "exec",
                namespace,
                "docker-registry",
                "serve",
                str(root / "config.yml"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 15
        probe = "exec 3<>/dev/tcp/127.0.0.1/5000"
        while subprocess.run(
            ["ip", "netns", "exec", namespace, "bash", "-c", probe], capture_output=True
        ).returncode:
            assert time.monotonic() < deadline, "docker-registry did not start"
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def throttled_loopback(namespace: str, rate: str) -> Iterator[None]:
    """Slow the namespace's loopback (engine <-> registry) so a pull stays open."""
    tc = ["ip", "netns", "exec", namespace, "tc", "qdisc"]
    subprocess.run(
        [*tc, "add", "dev", "lo", "root", "tbf", "rate", rate, "burst", "16kb", "latency", "1s"],
        check=True,
    )
    try:
        yield
    finally:
        subprocess.run([*tc, "del", "dev", "lo", "root"], check=False)


def push_slow_image(api: Any, test_image: str) -> str:
    """Push an image with a 3 MB incompressible layer, then forget it locally."""
    repo = f"{REGISTRY}/faults/big-{uuid.uuid4().hex[:6]}"
    maker = api.create_container(
        test_image, ["sh", "-c", "head -c 3000000 /dev/urandom > /blob"], labels=LABELS
    )
    api.start(maker)
    assert api.wait(maker, timeout=60).status_code == 0
    api.commit(maker, repository=repo, tag="v1")
    api.remove_container(maker)
    pushed = api.push(repo, "v1")
    assert "v1: digest: sha256:" in pushed, pushed
    api.remove_image(f"{repo}:v1")
    return repo


def test_engine_killed_with_streams_open_then_restarted(
    running: ExtraEngine, test_image: str, tmp_path: Path, flavour: str
) -> None:
    engine = running
    # Calls on the main thread are bounded by the client's timeout; the streams switch off
    # their read timeout, so the readers below are bounded by the watchdog instead.
    with open_api(flavour, base_url=engine.host, timeout=15) as api:
        _killed_with_streams_open(engine, api, test_image, tmp_path)


def _killed_with_streams_open(
    engine: ExtraEngine, api: Any, test_image: str, tmp_path: Path
) -> None:
    readers: list[Reader] = []
    try:
        with registry_in(engine.netns, tmp_path):
            repo = push_slow_image(api, test_image)
            with throttled_loopback(engine.netns, "400kbit"):
                events = Reader("events", api.events())
                events.start()
                talker = api.create_container(
                    test_image,
                    ["sh", "-c", "while true; do echo tick; sleep 0.2; done"],
                    labels=LABELS,
                )
                api.start(talker)
                logs = Reader("logs", api.logs(talker, stream=True, follow=True))
                logs.start()
                pull = Reader("pull", api.pull(repo, "v1", stream=True, decode=True))
                pull.start()
                readers = [events, logs, pull]
                for reader in readers:
                    assert reader.got_item.wait(WATCHDOG), f"{reader.name} got nothing"
                deadline = time.monotonic() + WATCHDOG
                while len(pull.items) < 3 and time.monotonic() < deadline:
                    time.sleep(0.05)  # wait until the layer download is under way
                assert all(r.ended_at is None for r in readers), [
                    (r.name, r.error, r.items[-1:]) for r in readers if r.ended_at is not None
                ]

                killed_at = time.monotonic()
                engine.kill()
                for reader in readers:
                    reader.join(WATCHDOG)
                hung = [r.name for r in readers if r.is_alive()]
                assert not hung, f"streams still blocked {WATCHDOG} s after SIGKILL: {hung}"
                for reader in readers:
                    assert reader.ended_at is not None
                    took = reader.ended_at - killed_at
                    assert took < ENDS_WITHIN, (reader.name, took)
                    assert reader.error is None or isinstance(reader.error, DockerException), (
                        reader.name,
                        repr(reader.error),
                    )
                statuses = [item.status or "" for item in pull.items]
                assert not any("Downloaded newer image" in s for s in statuses), statuses
                assert any(s.startswith("Pulling from") for s in statuses), statuses
                assert any(b"tick" in chunk for chunk in logs.items)
                assert any(e.action == "start" for e in events.items)
                # Until the engine is back, the same client says so: a connection error
                # that names the socket, promptly.
                started = time.monotonic()
                with pytest.raises(DockerConnectionError) as caught:
                    api.ping()
                assert engine.socket_path in str(caught.value)
                assert time.monotonic() - started < 5

        engine.restart()
        # The same client (its pooled connections died with the old engine) just works.
        assert api.ping() is True
        assert api.version().api_version
        ids = {c.id for c in api.containers(all=True)}
        assert talker["Id"] in ids or any(talker["Id"].startswith(i) for i in ids)
        api.remove_container(talker, force=True)
    finally:
        for reader in readers:
            reader.stream.close()


def _fill_unix_backlog(path: str) -> list[socket.socket]:
    """Connect to ``path`` until the listen backlog is full (the engine accepts nothing)."""
    held: list[socket.socket] = []
    for _ in range(200):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect(path)
        except BlockingIOError:
            sock.close()
            return held
        held.append(sock)
    raise AssertionError("the backlog never filled (net.core.somaxconn not applied?)")


def _fill_tcp_backlog(address: tuple[str, int]) -> list[socket.socket]:
    """Enough half-open connections that the accept queue is full and SYNs are dropped."""
    held = []
    for _ in range(40):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        assert sock.connect_ex(address) in (0, errno.EINPROGRESS)
        held.append(sock)
    time.sleep(0.5)
    return held


def _timed(call: Any) -> tuple[BaseException, float]:
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:
        return exc, time.monotonic() - started
    raise AssertionError("no error")


def test_frozen_engine_read_timeout_over_unix_socket(running: ExtraEngine, flavour: str) -> None:
    with open_api(flavour, base_url=running.host, timeout=1.0, version="1.41") as api:
        assert api.ping() is True
        with running.stopped():
            error, took = _timed(api.version)  # connects (the kernel queues it), no reply
        assert isinstance(error, DockerTimeoutError), repr(error)
        # The unix socket's own transport (no httpx) raises the core's ReadTimeout.
        assert isinstance(error.__cause__, ReadTimeout), repr(error.__cause__)
        assert "ReadTimeout" in str(error) and running.socket_path in str(error)
        assert 0.9 <= took < 4, took
        assert api.ping() is True  # thawed: the same client recovers


def test_frozen_engine_unix_backlog_full_fails_fast_naming_the_socket(
    running: ExtraEngine, flavour: str
) -> None:
    # A unix socket whose backlog is full refuses a non-blocking connect with EAGAIN at
    # once (as it does for the docker CLI): dockersdk reports a connection error naming the
    # socket rather than waiting for the connect timeout. Never a hang.
    with running.stopped():
        held = _fill_unix_backlog(running.socket_path)
        try:
            with open_api(flavour, base_url=running.host, timeout=3.0, version="1.41") as api:
                error, took = _timed(api.ping)
        finally:
            for sock in held:
                sock.close()
    assert isinstance(error, DockerConnectionError), repr(error)
    assert running.socket_path in str(error)
    assert took < 3.0, took


def test_frozen_engine_connect_and_read_timeouts_over_tcp(
    running: ExtraEngine, flavour: str
) -> None:
    # TCP inside the engine's namespace: with dockerd frozen the kernel still completes
    # handshakes until the accept queue is full (somaxconn 8 there), then drops SYNs.
    host, port = running.tcp.removeprefix("tcp://").split(":")
    outcome: dict[str, Any] = {}

    def scenario() -> None:
        # The async flavour's loop thread starts here, so it shares this thread's namespace.
        with netns(running.netns):
            limits = httpx.Timeout(connect=0.8, read=2.5, write=2.5, pool=2.5)
            with open_api(flavour, base_url=running.tcp, timeout=limits, version="1.41") as api:
                assert api.ping() is True
                with running.stopped():
                    outcome["read"] = _timed(api.version)
                    held = _fill_tcp_backlog((host, int(port)))
                    try:
                        with open_api(
                            flavour, base_url=running.tcp, timeout=limits, version="1.41"
                        ) as fresh:
                            outcome["connect"] = _timed(fresh.ping)
                    finally:
                        for sock in held:
                            sock.close()
                # Thawed, the engine first drains the connections queued meanwhile: the
                # same client works again once it does (a few seconds on a loaded machine).
                deadline = time.monotonic() + 10
                while True:
                    try:
                        outcome["after"] = api.ping()
                        break
                    except DockerTimeoutError:
                        if time.monotonic() > deadline:
                            raise

    worker = threading.Thread(target=scenario, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "hung"
    read_error, read_took = outcome["read"]
    assert isinstance(read_error, DockerTimeoutError), repr(read_error)
    assert isinstance(read_error.__cause__, httpx.ReadTimeout), repr(read_error.__cause__)
    assert 2.4 <= read_took < 6, read_took
    connect_error, connect_took = outcome["connect"]
    assert isinstance(connect_error, DockerTimeoutError), repr(connect_error)
    assert isinstance(connect_error.__cause__, httpx.ConnectTimeout), repr(connect_error.__cause__)
    assert f"{host}:{port}" in str(connect_error)
    assert 0.7 <= connect_took < 2.0, connect_took
    assert outcome["after"] is True


def test_float_timeout_bounds_connect_too(running: ExtraEngine, flavour: str) -> None:
    host, port = running.tcp.removeprefix("tcp://").split(":")
    outcome: dict[str, Any] = {}

    def scenario() -> None:
        with netns(running.netns), running.stopped():
            held = _fill_tcp_backlog((host, int(port)))
            try:
                with open_api(flavour, base_url=running.tcp, timeout=1.0, version="1.41") as api:
                    outcome["connect"] = _timed(api.ping)
            finally:
                for sock in held:
                    sock.close()

    worker = threading.Thread(target=scenario, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "hung"
    error, took = outcome["connect"]
    assert isinstance(error, DockerTimeoutError), repr(error)
    assert isinstance(error.__cause__, httpx.ConnectTimeout)
    assert 0.9 <= took < 3, took


def test_missing_socket_path_is_named(tmp_path: Path, flavour: str) -> None:
    path = tmp_path / "no-such-dir" / "docker.sock"
    assert len(str(path)) < 108
    with open_api(flavour, base_url=f"unix://{path}", timeout=5) as api:
        error, took = _timed(api.ping)
    assert isinstance(error, DockerConnectionError), repr(error)
    assert not isinstance(error, DockerTimeoutError)
    assert str(path) in str(error)
    assert error.address is not None and str(path) in error.address
    assert took < 2
