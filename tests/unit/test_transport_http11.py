"""The sans-IO HTTP/1.1 of the unix-socket transport: heads and bodies, however the network
splits them, and replies it must refuse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersdk.transport._http11 import (
    LAST_CHUNK,
    ProtocolError,
    ResponseHead,
    body_decoder,
    chunk,
    parse_head,
    request_head,
)


def test_request_head() -> None:
    head = request_head("POST", b"/v1.51/x?a=1", {"Host": "docker", "Content-Length": "2"})
    assert head == b"POST /v1.51/x?a=1 HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\n\r\n"


def test_a_line_break_in_a_request_header_is_refused() -> None:
    with pytest.raises(ValueError, match="X-Evil"):
        request_head("GET", b"/", {"X-Evil": "a\r\nHost: elsewhere"})


def test_chunks() -> None:
    assert chunk(b"hello") == b"5\r\nhello\r\n"
    assert chunk(b"x" * 26) == b"1a\r\n" + b"x" * 26 + b"\r\n"
    assert LAST_CHUNK == b"0\r\n\r\n"


def head_of(raw: bytes) -> tuple[ResponseHead, bytes]:
    buffer = bytearray(raw)
    head = parse_head(buffer)
    assert head is not None
    return head, bytes(buffer)


def test_head_is_parsed_and_the_rest_kept() -> None:
    head, rest = head_of(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.51\r\n\r\nOKmore")
    assert (head.status, head.reason, head.keep_alive) == (200, b"OK", True)
    assert head.header(b"api-version") == b"1.51"
    assert rest == b"OKmore"


def test_incomplete_head_waits() -> None:
    buffer = bytearray(b"HTTP/1.1 200 OK\r\nContent-Le")
    assert parse_head(buffer) is None
    assert buffer == bytearray(b"HTTP/1.1 200 OK\r\nContent-Le")


@pytest.mark.parametrize(
    ("raw", "keep"),
    [
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", False),
        (b"HTTP/1.0 200 OK\r\n\r\n", False),
        (b"HTTP/1.1 204 No Content\r\n\r\n", True),
    ],
)
def test_keep_alive(raw: bytes, keep: bool) -> None:
    assert head_of(raw)[0].keep_alive is keep


def test_interim_replies_are_skipped_but_not_101() -> None:
    head, _ = head_of(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n\r\n")
    assert head.status == 201
    head, rest = head_of(b"HTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\n\r\n\x01\x00")
    assert head.status == 101 and rest == b"\x01\x00"


@pytest.mark.parametrize(
    "raw",
    [
        b"SSH-2.0-OpenSSH\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n Folded: x\r\n\r\n",
    ],
)
def test_malformed_heads_raise(raw: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_head(bytearray(raw))


def test_oversized_head_raises() -> None:
    with pytest.raises(ProtocolError, match="head"):
        parse_head(bytearray(b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70_000))


def decode_all(method: str, raw_head: bytes, body: bytes, cuts: list[int]) -> tuple[bytes, bool]:
    head, _ = head_of(raw_head)
    decoder = body_decoder(method, head)
    out = []
    position = 0
    for cut in [*cuts, len(body)]:
        out.append(decoder.feed(body[position : position + cut]))
        position += cut
        if position >= len(body):
            break
    return b"".join(out), decoder.done


CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


@given(
    pieces=st.lists(st.binary(min_size=1, max_size=200), max_size=8),
    cuts=st.lists(st.integers(min_value=1, max_value=30), max_size=60),
)
def test_chunked_body_whatever_the_split(pieces: list[bytes], cuts: list[int]) -> None:
    wire = b"".join(chunk(p) for p in pieces) + b"0\r\nX-Trailer: 1\r\n\r\n"
    data, done = decode_all("GET", CHUNKED, wire, cuts)
    assert data == b"".join(pieces) and done


def test_chunk_extensions_and_bytes_after_the_end() -> None:
    head, _ = head_of(CHUNKED)
    decoder = body_decoder("GET", head)
    assert decoder.feed(b"3;name=value\r\nabc\r\n0\r\n\r\nHTTP/1.1") == b"abc"
    assert decoder.done and decoder.leftover == b"HTTP/1.1"


@pytest.mark.parametrize("wire", [b"zz\r\n", b"3\r\nabcXY", b"1" * 5000])
def test_bad_chunks_raise(wire: bytes) -> None:
    decoder = body_decoder("GET", head_of(CHUNKED)[0])
    with pytest.raises(ProtocolError):
        decoder.feed(wire)


def test_sized_body_and_cut_short() -> None:
    head, _ = head_of(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    decoder = body_decoder("GET", head)
    assert decoder.feed(b"hel") == b"hel" and not decoder.done
    with pytest.raises(ProtocolError, match="middle"):
        decoder.end_of_stream()
    assert decoder.feed(b"loEXTRA") == b"lo" and decoder.done and decoder.leftover == b"EXTRA"


def test_body_until_close() -> None:
    decoder = body_decoder("GET", head_of(b"HTTP/1.0 200 OK\r\n\r\n")[0])
    assert decoder.feed(b"abc") == b"abc" and not decoder.done
    decoder.end_of_stream()
    assert decoder.done and decoder.until_close


@pytest.mark.parametrize(
    ("method", "raw"),
    [
        ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"),
        ("GET", b"HTTP/1.1 204 No Content\r\n\r\n"),
        ("POST", b"HTTP/1.1 304 Not Modified\r\n\r\n"),
    ],
)
def test_replies_without_a_body(method: str, raw: bytes) -> None:
    assert body_decoder(method, head_of(raw)[0]).done


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
    ],
)
def test_unsupported_framing_raises(raw: bytes) -> None:
    with pytest.raises(ProtocolError):
        body_decoder("GET", head_of(raw)[0])
