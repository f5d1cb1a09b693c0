"""HTTP/1.1 for the Docker engine's local socket, sans-IO: request heads and chunked bodies
out, response heads and bodies (sized, chunked or to the end) in.

This is the part of an HTTP client the engine's unix socket needs, no more: one request at a
time per connection, no pipelining, no proxies, no compression. The transports in
:mod:`dockersdk.transport._lean` (sync) and :mod:`dockersdk.aio._lean` (asyncio) drive it;
it parses whatever chunking the network produces and hands body bytes up in as few pieces
as the reads allow (the engine sends every log line as its own HTTP chunk). A
content-encoded body (``gzip``, ``deflate``: the clients never ask for one, a configured
``Accept-Encoding`` header might) is decoded as httpx would.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "LAST_CHUNK",
    "BodyDecoder",
    "ContentDecoder",
    "ProtocolError",
    "ResponseHead",
    "body_decoder",
    "chunk",
    "content_decoder",
    "parse_head",
    "request_head",
]

#: The end of a chunked request body.
LAST_CHUNK = b"0\r\n\r\n"
#: The longest response head accepted (the engine's are a few hundred bytes).
MAX_HEAD = 64 * 1024
_MAX_CHUNK_LINE = 4096


class ProtocolError(Exception):
    """The engine's reply is not HTTP/1.1 this parser understands."""


def request_head(method: str, target: bytes, headers: Mapping[str, str]) -> bytes:
    """The request line and headers, ready to send (the body follows).

    Raises:
        ValueError: a header name or value holds a line break (it would end the head).
    """
    parts = [method, " ", target.decode("ascii"), " HTTP/1.1\r\n"]
    for name, value in headers.items():
        if "\n" in name or "\r" in name or "\n" in value or "\r" in value:
            raise ValueError(f"a line break in request header {name!r}")
        parts += [name, ": ", value, "\r\n"]
    parts.append("\r\n")
    return "".join(parts).encode("utf-8")


def chunk(data: bytes) -> bytes:
    """One chunk of a chunked request body."""
    return b"%x\r\n%b\r\n" % (len(data), data)


@dataclass(frozen=True)
class ResponseHead:
    """A response's status line and headers.

    Attributes:
        status: the status code.
        reason: the reason phrase.
        headers: the header fields in order, names as sent.
        keep_alive: the connection may carry another request once the body is read.
    """

    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]
    keep_alive: bool

    def header(self, name: bytes) -> bytes | None:
        """The last value of header ``name`` (lower case), or None."""
        found = None
        for key, value in self.headers:
            if key.lower() == name:
                found = value
        return found


def parse_head(buffer: bytearray) -> ResponseHead | None:
    """Take one response head off the front of ``buffer``; None until it is complete.

    Interim ``1xx`` responses other than ``101`` are skipped.

    Raises:
        ProtocolError: a malformed or oversized head.
    """
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(buffer) > MAX_HEAD:
                raise ProtocolError(f"a response head of over {MAX_HEAD} bytes")
            return None
        lines = bytes(buffer[:end]).split(b"\r\n")
        del buffer[: end + 4]
        version, _, rest = lines[0].partition(b" ")
        code, _, reason = rest.partition(b" ")
        if not version.startswith(b"HTTP/1.") or len(code) != 3 or not code.isdigit():
            raise ProtocolError(f"not an HTTP/1.x status line: {lines[0][:100]!r}")
        status = int(code)
        if 100 <= status < 200 and status != 101:
            continue
        headers: list[tuple[bytes, bytes]] = []
        connection = b""
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon or not name or name != name.strip():
                raise ProtocolError(f"a malformed header line: {line[:100]!r}")
            value = value.strip()
            headers.append((name, value))
            if len(name) == 10 and name.lower() == b"connection":
                connection = value.lower()
        keep = version == b"HTTP/1.1" and b"close" not in connection
        return ResponseHead(status, reason, headers, keep_alive=keep)


class BodyDecoder:
    """Turns the bytes after a head into body data. ``done`` once the body ended;
    ``leftover`` holds bytes read past its end (a connection with any is not reused)."""

    done = False
    #: Whether the end of the body is the end of the connection.
    until_close = False

    def __init__(self) -> None:
        self.leftover = b""

    def feed(self, data: bytes) -> bytes:
        """Body bytes in ``data`` (``b""`` when it holds none)."""
        raise NotImplementedError

    def end_of_stream(self) -> None:
        """The connection closed: fine when the body runs to the end, else an error.

        Raises:
            ProtocolError: the body was cut short.
        """
        if not self.done:
            raise ProtocolError("the engine closed the connection in the middle of a reply")


class _Empty(BodyDecoder):
    done = True

    def feed(self, data: bytes) -> bytes:
        self.leftover += data
        return b""


class _Sized(BodyDecoder):
    def __init__(self, length: int) -> None:
        super().__init__()
        self.remaining = length
        self.done = length == 0

    def feed(self, data: bytes) -> bytes:
        if self.done:
            self.leftover += data
            return b""
        if len(data) <= self.remaining:
            self.remaining -= len(data)
            self.done = self.remaining == 0
            return data
        body, self.leftover = data[: self.remaining], data[self.remaining :]
        self.remaining, self.done = 0, True
        return body


class _UntilClose(BodyDecoder):
    until_close = True

    def feed(self, data: bytes) -> bytes:
        return data

    def end_of_stream(self) -> None:
        self.done = True


class _Chunked(BodyDecoder):
    """``Transfer-Encoding: chunked``: every chunk's data joined per :meth:`feed`."""

    def __init__(self) -> None:
        super().__init__()
        self._buffer = bytearray()
        self._remaining = 0  # data bytes left in the current chunk
        self._state = "size"  # size | data | data_end | trailer

    def feed(self, data: bytes) -> bytes:
        if self.done:
            self.leftover += data
            return b""
        buffer = self._buffer
        buffer += data
        out: list[bytes] = []
        position = 0
        while True:
            if self._state == "data":
                available = len(buffer) - position
                if not available:
                    break
                take = min(available, self._remaining)
                out.append(bytes(buffer[position : position + take]))
                position += take
                self._remaining -= take
                if self._remaining:
                    break
                self._state = "data_end"
            elif self._state == "data_end":
                if len(buffer) - position < 2:
                    break
                if not buffer.startswith(b"\r\n", position):
                    raise ProtocolError("a chunk of the reply does not end with CRLF")
                position += 2
                self._state = "size"
            elif self._state == "size":
                end = buffer.find(b"\r\n", position)
                if end < 0:
                    if len(buffer) - position > _MAX_CHUNK_LINE:
                        raise ProtocolError("an overlong chunk size line")
                    break
                size_text = bytes(buffer[position:end]).split(b";", 1)[0].strip()
                try:
                    size = int(size_text, 16)
                except ValueError:
                    raise ProtocolError(f"a malformed chunk size: {size_text[:40]!r}") from None
                position = end + 2
                if size == 0:
                    self._state = "trailer"
                else:
                    self._remaining, self._state = size, "data"
            else:  # trailer: header lines until an empty one
                end = buffer.find(b"\r\n", position)
                if end < 0:
                    break
                line_empty = end == position
                position = end + 2
                if line_empty:
                    self.done = True
                    self.leftover = bytes(buffer[position:])
                    position = len(buffer)
                    break
        del buffer[:position]
        return out[0] if len(out) == 1 else b"".join(out)


def body_decoder(method: str, head: ResponseHead) -> BodyDecoder:
    """How the body of ``head`` (the reply to ``method``) is framed.

    Raises:
        ProtocolError: an unsupported transfer coding or a malformed Content-Length.
    """
    if method == "HEAD" or head.status in (204, 304) or 100 <= head.status < 200:
        return _Empty()
    coding = head.header(b"transfer-encoding")
    if coding is not None:
        if coding.strip().lower() != b"chunked":
            raise ProtocolError(f"unsupported Transfer-Encoding {coding[:40]!r}")
        return _Chunked()
    length = head.header(b"content-length")
    if length is not None:
        if not length.strip().isdigit():
            raise ProtocolError(f"a malformed Content-Length {length[:40]!r}")
        return _Sized(int(length))
    return _UntilClose()


class ContentDecoder:
    """Undoes a reply's ``Content-Encoding`` (``gzip``, ``deflate``, several in a row), piece
    by piece; unknown codings are passed through, as httpx does."""

    def __init__(self, codings: list[bytes]) -> None:
        # Applied last to first: the last coding listed was applied last by the sender.
        self._steps = [_Inflate(coding) for coding in reversed(codings)]

    def feed(self, data: bytes, end: bool = False) -> bytes:
        """The decoded bytes of ``data``; with ``end``, everything left as well.

        Raises:
            ProtocolError: the body is not what its ``Content-Encoding`` says.
        """
        for step in self._steps:
            data = step.feed(data, end)
        return data


class _Inflate:
    def __init__(self, coding: bytes) -> None:
        self._gzip = coding == b"gzip"
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes, end: bool) -> bytes:
        try:
            if not self._started and data and not self._gzip:
                # deflate: zlib-wrapped as the standard says, or raw as some servers send
                self._started = True
                try:
                    out = self._zlib.decompress(data)
                except zlib.error:
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    out = self._zlib.decompress(data)
            else:
                self._started = self._started or bool(data)
                out = self._zlib.decompress(data)
            return out + self._zlib.flush() if end else out
        except zlib.error as exc:
            kind = "gzip" if self._gzip else "deflate"
            raise ProtocolError(f"the reply is not valid {kind} data: {exc}") from None


def content_decoder(head: ResponseHead) -> ContentDecoder | None:
    """The decoder for the body of ``head``, or None when it is not content-encoded."""
    value = head.header(b"content-encoding")
    if value is None:
        return None
    codings = [part.strip().lower() for part in value.split(b",")]
    codings = [coding for coding in codings if coding in (b"gzip", b"deflate")]
    return ContentDecoder(codings) if codings else None
