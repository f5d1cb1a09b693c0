"""The WebSocket protocol (RFC 6455) as far as ``attach_socket(ws=True)`` needs it, sans-IO.

A client handshake (key and headers, and the check of the server's ``Sec-WebSocket-Accept``),
masked client frames, and an incremental parser of server frames that joins fragmented
messages and reports control frames (ping, pong, close). The clients drive it over the
connection a ``101`` reply leaves.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from dataclasses import dataclass

from dockersdk.errors import DockerException

__all__ = [
    "OP_BINARY",
    "OP_CLOSE",
    "OP_CONTINUATION",
    "OP_PING",
    "OP_PONG",
    "OP_TEXT",
    "FrameParser",
    "Message",
    "WebSocketError",
    "accept_value",
    "client_handshake",
    "encode_frame",
]

OP_CONTINUATION = 0x0
OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9
OP_PONG = 0xA

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#: The largest message the parser accepts (the engine sends output in small frames).
MAX_MESSAGE = 64 * 1024 * 1024


class WebSocketError(DockerException):
    """The engine's side of a WebSocket broke the protocol (bad handshake or frame)."""


@dataclass(frozen=True)
class Message:
    """One whole message (fragments joined) or control frame.

    Attributes:
        opcode: ``OP_TEXT``, ``OP_BINARY``, ``OP_CLOSE``, ``OP_PING`` or ``OP_PONG``.
        data: the payload.
    """

    opcode: int
    data: bytes


def client_handshake(origin: str = "http://localhost") -> tuple[str, dict[str, str]]:
    """A fresh ``Sec-WebSocket-Key`` and the headers of the upgrade request."""
    key = base64.b64encode(os.urandom(16)).decode("ascii")
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
        "Origin": origin,
    }
    return key, headers


def accept_value(key: str) -> str:
    """The ``Sec-WebSocket-Accept`` a server must answer ``key`` with."""
    digest = hashlib.sha1((key + _GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def encode_frame(opcode: int, payload: bytes = b"", *, mask_key: bytes | None = None) -> bytes:
    """One final client frame: always masked, as RFC 6455 requires of clients.

    Args:
        opcode: the frame's opcode.
        payload: its data.
        mask_key: 4 bytes (random when None; tests pass a fixed one).
    """
    key = mask_key if mask_key is not None else os.urandom(4)
    length = len(payload)
    head = bytes([0x80 | opcode])
    if length < 126:
        head += bytes([0x80 | length])
    elif length < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack("!H", length)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", length)
    return head + key + _mask(payload, key)


def _mask(payload: bytes, key: bytes) -> bytes:
    if not payload:
        return b""
    repeated = (key * (len(payload) // 4 + 1))[: len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(
        len(payload), "big"
    )


class FrameParser:
    """Turns the bytes a server sends into :class:`Message` objects, however they are split.

    Raises:
        WebSocketError: a masked server frame, a reserved bit or unknown opcode, a
            fragmented control frame, a continuation without a start, or a message over
            ``MAX_MESSAGE`` bytes.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._fragments: list[bytes] = []
        self._fragment_opcode: int | None = None
        self._fragment_size = 0

    def feed(self, data: bytes) -> list[Message]:
        """Add received bytes; return the messages they complete."""
        self._buffer += data
        messages: list[Message] = []
        while True:
            frame = self._next_frame()
            if frame is None:
                return messages
            fin, opcode, payload = frame
            message = self._assemble(fin, opcode, payload)
            if message is not None:
                messages.append(message)

    def _next_frame(self) -> tuple[bool, int, bytes] | None:
        buffer = self._buffer
        if len(buffer) < 2:
            return None
        first, second = buffer[0], buffer[1]
        if first & 0x70:
            raise WebSocketError("the engine sent a WebSocket frame with reserved bits set")
        if second & 0x80:
            raise WebSocketError("the engine sent a masked WebSocket frame (servers must not)")
        length = second & 0x7F
        offset = 2
        if length == 126:
            if len(buffer) < 4:
                return None
            length = struct.unpack_from("!H", buffer, 2)[0]
            offset = 4
        elif length == 127:
            if len(buffer) < 10:
                return None
            length = struct.unpack_from("!Q", buffer, 2)[0]
            offset = 10
        if length > MAX_MESSAGE:
            raise WebSocketError(f"a WebSocket frame of {length} bytes is over the limit")
        if len(buffer) < offset + length:
            return None
        payload = bytes(buffer[offset : offset + length])
        del buffer[: offset + length]
        return bool(first & 0x80), first & 0x0F, payload

    def _assemble(self, fin: bool, opcode: int, payload: bytes) -> Message | None:
        if opcode in (OP_CLOSE, OP_PING, OP_PONG):
            if not fin or len(payload) > 125:
                raise WebSocketError("the engine sent a fragmented or oversized control frame")
            return Message(opcode, payload)
        if opcode not in (OP_CONTINUATION, OP_TEXT, OP_BINARY):
            raise WebSocketError(f"the engine sent a WebSocket frame with opcode {opcode:#x}")
        if opcode == OP_CONTINUATION:
            if self._fragment_opcode is None:
                raise WebSocketError("the engine sent a continuation frame without a start")
        elif self._fragment_opcode is not None:
            raise WebSocketError("the engine started a message inside another one")
        else:
            self._fragment_opcode = opcode
        self._fragment_size += len(payload)
        if self._fragment_size > MAX_MESSAGE:
            raise WebSocketError("a WebSocket message is over the size limit")
        self._fragments.append(payload)
        if not fin:
            return None
        assert self._fragment_opcode is not None
        message = Message(self._fragment_opcode, b"".join(self._fragments))
        self._fragments, self._fragment_opcode, self._fragment_size = [], None, 0
        return message
