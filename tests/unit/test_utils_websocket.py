"""The sans-IO WebSocket pieces behind ``attach_socket(ws=True)``: RFC 6455's own examples,
frames split anywhere, fragments, control frames and protocol errors."""

from __future__ import annotations

import random
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersdk.utils.websocket import (
    OP_BINARY,
    OP_CLOSE,
    OP_CONTINUATION,
    OP_PING,
    OP_TEXT,
    FrameParser,
    Message,
    WebSocketError,
    accept_value,
    client_handshake,
    encode_frame,
)


def server_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    """An unmasked frame, as a server sends it."""
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        return head + bytes([n]) + payload
    if n < 1 << 16:
        return head + bytes([126]) + struct.pack("!H", n) + payload
    return head + bytes([127]) + struct.pack("!Q", n) + payload


def test_accept_value_is_the_rfc_example() -> None:
    assert accept_value("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


def test_handshake_headers() -> None:
    key, headers = client_handshake()
    assert len(key) == 24 and headers["Sec-WebSocket-Key"] == key
    assert headers["Upgrade"] == "websocket" and headers["Sec-WebSocket-Version"] == "13"
    assert client_handshake()[0] != key


def test_masked_frame_is_the_rfc_example() -> None:
    frame = encode_frame(OP_TEXT, b"Hello", mask_key=bytes.fromhex("37fa213d"))
    assert frame == bytes.fromhex("818537fa213d7f9f4d5158")


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536])
def test_frame_lengths_round_trip_through_unmasking(size: int) -> None:
    payload = bytes(random.Random(size).randrange(256) for _ in range(size))
    frame = encode_frame(OP_BINARY, payload, mask_key=b"\x01\x02\x03\x04")
    header = 2 + (2 if 126 <= size < 65536 else 8 if size >= 65536 else 0)
    key, masked = frame[header : header + 4], frame[header + 4 :]
    assert bytes(b ^ key[i % 4] for i, b in enumerate(masked)) == payload
    assert frame[1] & 0x80  # clients always mask


@given(
    messages=st.lists(st.binary(max_size=300), min_size=1, max_size=6),
    cuts=st.lists(st.integers(min_value=1, max_value=50), max_size=40),
)
def test_parser_reassembles_whatever_the_chunking(messages: list[bytes], cuts: list[int]) -> None:
    wire = b"".join(server_frame(OP_BINARY, m) for m in messages)
    parser = FrameParser()
    got: list[Message] = []
    position = 0
    for cut in cuts:
        got += parser.feed(wire[position : position + cut])
        position += cut
    got += parser.feed(wire[position:])
    assert [m.data for m in got] == messages


def test_fragments_are_joined_and_control_frames_pass_in_between() -> None:
    wire = (
        server_frame(OP_TEXT, b"hel", fin=False)
        + server_frame(OP_PING, b"p")
        + server_frame(OP_CONTINUATION, b"lo")
        + server_frame(OP_CLOSE, struct.pack("!H", 1000))
    )
    parser = FrameParser()
    messages = [m for byte in wire for m in parser.feed(bytes([byte]))]
    assert messages == [
        Message(OP_PING, b"p"),
        Message(OP_TEXT, b"hello"),
        Message(OP_CLOSE, b"\x03\xe8"),
    ]


@pytest.mark.parametrize(
    ("wire", "match"),
    [
        (bytes([0x82, 0x81, 1, 2, 3, 4, 5]), "masked"),
        (bytes([0xC2, 0x00]), "reserved"),
        (bytes([0x83, 0x00]), "opcode"),
        (server_frame(OP_CONTINUATION, b"x"), "without a start"),
        (server_frame(OP_PING, b"x", fin=False), "control"),
        (server_frame(OP_TEXT, b"a", fin=False) + server_frame(OP_TEXT, b"b"), "inside"),
        (bytes([0x82, 127]) + struct.pack("!Q", 1 << 40), "limit"),
    ],
)
def test_protocol_errors_raise(wire: bytes, match: str) -> None:
    with pytest.raises(WebSocketError, match=match):
        FrameParser().feed(wire)
