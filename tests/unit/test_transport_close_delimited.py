"""Close-delimited replies over TCP and TLS, against a stand-in that hijacks like dockerd.

dockerd answers ``attach`` and ``exec start`` without ``Upgrade`` with ``200 OK`` and no
``Content-Length``, writes the stream and then half-closes: over TCP a FIN, over TLS a
close_notify with the TCP connection left open. A client must not send its next request
down that connection (over TLS it used to, and failed with h11's "can't handle event type
ConnectionClosed when role=SERVER and state=SEND_RESPONSE"). With ``Upgrade`` it answers
``101`` and reads stdin until the client half-closes (``shutdown_write``).
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk.transport._core import close_delimited
from dockersdk.utils.socket import frames_iter_no_tty
from tests.fixtures.flavours import open_api
from tests.unit.test_tls_config import mutual, pki

__all__ = ["pki"]  # the fixture, used here by name

FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])
VERSION = b'{"ApiVersion": "1.41", "MinAPIVersion": "1.12", "Version": "20.10.24"}'
RAW_STREAM = b"application/vnd.docker.raw-stream"


def frame(stream: int, payload: bytes) -> bytes:
    return struct.pack(">BxxxL", stream, len(payload)) + payload


class HijackingEngine:
    """A threaded HTTP/1.1 stand-in, plain or TLS, that answers:

    * ``GET …/version``, ``GET …/_ping``, ``GET …/containers/x/json``: keep-alive replies;
    * ``POST …/attach`` without ``Upgrade``: ``200`` raw stream, no length, two frames, then
      the half-close dockerd does (FIN, or close_notify and the TCP connection kept);
    * ``POST …/attach`` with ``Upgrade: tcp``: ``101``, then stdin until the client's
      half-close, echoed back in one frame, then the same half-close.

    Attributes:
        connections: connections accepted.
        closed_by_client: hijacked connections the client closed afterwards (it must: no
            other request can go down them).
    """

    def __init__(self, context: ssl.SSLContext | None) -> None:
        self.context = context
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.closed_by_client = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> HijackingEngine:
        self._accepting.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes accept(); close() alone would not
        self.listener.close()
        for conn in self._conns:  # wakes the threads still reading
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._accepting.join(5)
        for thread in self._threads:
            thread.join(5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._conns.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, raw: socket.socket) -> None:
        conn: socket.socket = raw
        try:
            if self.context is not None:
                conn = self.context.wrap_socket(raw, server_side=True)
            buffer = b""
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                request_line = head.split(b"\r\n", 1)[0]
                if b"/attach" in request_line:
                    upgrade = b"upgrade: tcp" in head.lower()
                    self._hijack(conn, upgrade, buffer)
                    return
                if b"/version" in request_line:
                    body, kind = VERSION, b"application/json"
                elif b"/containers/x/json" in request_line:
                    body, kind = b'{"Id": "x", "Config": {"Tty": false}}', b"application/json"
                else:
                    body, kind = b"OK", b"text/plain"
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: " + kind + b"\r\nContent-Length: "
                    + str(len(body)).encode() + b"\r\n\r\n" + body
                )  # fmt: skip
        except (OSError, ValueError):
            return
        finally:
            conn.close()

    def _hijack(self, conn: socket.socket, upgrade: bool, stdin: bytes) -> None:
        if upgrade:
            conn.sendall(
                b"HTTP/1.1 101 UPGRADED\r\nContent-Type: " + RAW_STREAM
                + b"\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
            )  # fmt: skip
            while data := conn.recv(65536):  # until the client's half-close
                stdin += data
            conn.sendall(frame(1, b"got:" + stdin))
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + RAW_STREAM + b"\r\n\r\n")
            conn.sendall(frame(1, b"out\n") + frame(2, b"err\n"))
        self._half_close(conn)
        # The TCP connection stays open until the client closes it.
        ready, _, _ = select.select([conn.fileno()], [], [], 10)
        try:
            closed = bool(ready) and not socket.socket.recv(conn, 1)
        except ConnectionResetError:  # closed with our bytes unread: a reset, not a FIN
            closed = True
        if closed:
            with self._lock:
                self.closed_by_client += 1

    @staticmethod
    def _half_close(conn: socket.socket) -> None:
        if isinstance(conn, ssl.SSLSocket):
            # Go's tls.Conn.CloseWrite: a close_notify alert, and no FIN.
            conn.setblocking(False)
            with contextlib.suppress(ssl.SSLWantReadError):
                conn.unwrap()
            conn.setblocking(True)
        else:
            conn.shutdown(socket.SHUT_WR)

    def wait_closed_by_client(self, count: int) -> bool:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with self._lock:
                if self.closed_by_client >= count:
                    return True
            time.sleep(0.01)
        return False


def server_context(pki: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server-key.pem")
    context.load_verify_locations(pki / "ca.pem")
    context.verify_mode = ssl.CERT_REQUIRED
    # Go's crypto/tls (dockerd) takes a client's TCP EOF at a record boundary for the end
    # of its input and goes on writing; OpenSSL does with this option.
    context.options |= ssl.OP_IGNORE_UNEXPECTED_EOF
    return context


@pytest.fixture(params=["tcp", "tls"])
def engine(request: pytest.FixtureRequest, pki: Path) -> Iterator[tuple[HijackingEngine, dict]]:
    """The stand-in and the client arguments that reach it."""
    tls = request.param == "tls"
    with HijackingEngine(server_context(pki) if tls else None) as stand_in:
        kwargs: dict[str, object] = {
            "base_url": f"tcp://127.0.0.1:{stand_in.port}",
            "version": "1.41",
            "timeout": 10,
        }
        if tls:
            kwargs["tls"] = mutual(pki)
        yield stand_in, kwargs


# -- what a close-delimited reply is --------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "status", "headers", "expected"),
    [
        ("POST", 200, [(b"Content-Type", RAW_STREAM)], True),
        (b"GET", 200, [], True),
        ("POST", 500, [(b"Content-Type", b"text/plain")], True),
        ("GET", 200, [(b"Content-Length", b"2")], False),
        ("GET", 200, [(b"content-length", b"0")], False),
        ("GET", 200, [(b"Transfer-Encoding", b"chunked")], False),
        ("HEAD", 200, [], False),
        ("head", 200, [], False),
        ("POST", 101, [(b"Upgrade", b"tcp")], False),
        ("GET", 204, [], False),
        ("GET", 304, [], False),
    ],
)
def test_close_delimited(
    method: str | bytes, status: int, headers: list[tuple[bytes, bytes]], expected: bool
) -> None:
    assert close_delimited(method, status, headers) is expected


# -- clients against the stand-in ------------------------------------------------------------


@FLAVOURS
def test_the_next_request_after_an_attach_gets_a_new_connection(
    engine: tuple[HijackingEngine, dict], flavour: str
) -> None:
    stand_in, kwargs = engine
    with open_api(flavour, **kwargs) as api:
        assert api.ping() is True
        assert stand_in.connections == 1
        assert api.attach("x", logs=True) == b"out\nerr\n"
        assert stand_in.wait_closed_by_client(1), "the hijacked connection was left open"
        assert api.ping() is True  # a new connection, not the hijacked one
        with api.attach("x", stream=True, demux=True) as frames:
            assert list(frames) == [(b"out\n", None), (None, b"err\n")]
        assert stand_in.wait_closed_by_client(2)
        for _ in range(3):
            assert api.ping() is True
        # Each attach ends the connection it went down (the ping's, then the next one);
        # one more, kept alive, for every ping after.
        assert stand_in.connections == 3


@FLAVOURS
def test_a_stream_left_early_drops_its_connection(
    engine: tuple[HijackingEngine, dict], flavour: str
) -> None:
    stand_in, kwargs = engine
    with open_api(flavour, **kwargs) as api:
        with api.attach("x", stream=True) as chunks:
            assert next(iter(chunks)) == b"out\n"
        assert stand_in.wait_closed_by_client(1)
        assert api.ping() is True


@FLAVOURS
def test_shutdown_write_ends_stdin_and_the_output_still_reads(
    engine: tuple[HijackingEngine, dict], flavour: str
) -> None:
    stand_in, kwargs = engine
    with open_api(flavour, **kwargs) as api:
        with api.attach_socket("x", params={"stdin": 1, "stdout": 1, "stream": 1}) as sock:
            sock.sendall(b"hello ")
            sock.sendall(b"world\n")
            sock.shutdown_write()
            output = b"".join(payload for _, payload in frames_iter_no_tty(sock))
        assert output == b"got:hello world\n"
        assert stand_in.wait_closed_by_client(1)
        assert api.ping() is True
