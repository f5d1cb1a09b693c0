"""dockersdk.utils.socket: blocking reads over real socket pairs and file-likes."""

from __future__ import annotations

import io
import os
import socket
import threading
from collections.abc import Iterator

import pytest

from dockersdk.errors import StreamParseError
from dockersdk.utils.frames import encode_frame
from dockersdk.utils.socket import (
    STDERR,
    STDOUT,
    SocketError,
    consume_socket_output,
    demux_adaptor,
    frames_iter,
    next_frame_header,
    next_frame_size,
    read,
    read_exactly,
)

FRAMES = [(STDOUT, b"out-1\n"), (STDERR, b"err-1\n"), (STDOUT, b"o" * 10000)]
STREAM = b"".join(encode_frame(s, d) for s, d in FRAMES)


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


def _send_slowly(sock: socket.socket, data: bytes, step: int) -> threading.Thread:
    def run() -> None:
        for i in range(0, len(data), step):
            sock.sendall(data[i : i + step])
        sock.shutdown(socket.SHUT_WR)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_read_from_socket(pair: tuple[socket.socket, socket.socket]) -> None:
    a, b = pair
    a.sendall(b"abcdef")
    assert read(b, 4) == b"abcd"
    assert read(b) == b"ef"
    a.shutdown(socket.SHUT_WR)
    assert read(b) == b""


def test_read_waits_on_non_blocking_socket(pair: tuple[socket.socket, socket.socket]) -> None:
    a, b = pair
    b.setblocking(False)
    timer = threading.Timer(0.05, lambda: a.sendall(b"late"))
    timer.start()
    assert read(b) == b"late"
    timer.join()


def test_read_from_file_like_and_fd() -> None:
    assert read(io.BytesIO(b"xyz"), 2) == b"xy"
    r, w = os.pipe()
    try:
        os.write(w, b"piped")
        holder = type("FdOnly", (), {"fileno": lambda self: r})()
        assert read(holder) == b"piped"
    finally:
        os.close(r)
        os.close(w)


def test_read_exactly(pair: tuple[socket.socket, socket.socket]) -> None:
    a, b = pair
    thread = _send_slowly(a, b"0123456789", 3)
    assert read_exactly(b, 10) == b"0123456789"
    thread.join()
    with pytest.raises(SocketError, match="Unexpected EOF: got 0 of 1 bytes"):
        read_exactly(b, 1)


def test_next_frame_header_and_size() -> None:
    sock = io.BytesIO(STREAM)
    assert next_frame_header(sock) == (STDOUT, 6)
    assert read_exactly(sock, 6) == b"out-1\n"
    assert next_frame_size(sock) == 6
    read_exactly(sock, 6)
    assert next_frame_size(sock) == 10000
    read_exactly(sock, 10000)
    assert next_frame_header(sock) == (-1, -1)
    assert next_frame_size(io.BytesIO(b"\x01\x00")) == -1


@pytest.mark.parametrize("step", [1, 5, 8, 4096])
def test_frames_iter_over_a_socket(pair: tuple[socket.socket, socket.socket], step: int) -> None:
    a, b = pair
    thread = _send_slowly(a, STREAM, step)
    frames = list(frames_iter(b))
    thread.join()
    assert frames == FRAMES


def test_frames_iter_tty(pair: tuple[socket.socket, socket.socket]) -> None:
    a, b = pair
    thread = _send_slowly(a, b"raw tty output", 4)
    frames = list(frames_iter(b, tty=True))
    thread.join()
    assert all(stream == STDOUT for stream, _ in frames)
    assert b"".join(data for _, data in frames) == b"raw tty output"


def test_frames_iter_truncated_stream_yields_what_arrived() -> None:
    frames = list(frames_iter(io.BytesIO(STREAM[:-10])))
    assert frames[:2] == FRAMES[:2]
    assert frames[2] == (STDOUT, b"o" * 9990)


def test_frames_iter_rejects_tty_data_read_as_multiplexed() -> None:
    with pytest.raises(StreamParseError):
        list(frames_iter(io.BytesIO(b"this is not multiplexed")))


def test_consume_socket_output() -> None:
    assert consume_socket_output([b"a", b"b"]) == b"ab"
    pairs = [demux_adaptor(s, d) for s, d in FRAMES]
    assert consume_socket_output(pairs, demux=True) == (b"out-1\n" + b"o" * 10000, b"err-1\n")
    assert consume_socket_output([(b"x", None)], demux=True) == (b"x", None)
    assert consume_socket_output([], demux=True) == (None, None)
