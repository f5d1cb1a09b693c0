"""Sans-IO decoder for the engine's JSON streams (pull/push/build progress, events, stats).

The engine writes one JSON object per line, but chunk boundaries fall anywhere and some
producers concatenate objects without newlines. :class:`JSONStreamDecoder` takes chunks
as they arrive and returns each complete JSON value as soon as its last byte is in. It
finds value boundaries with a small scanner (strings, escapes and bracket depth), then
parses each value with :mod:`json`, so a malformed value raises at once instead of
stalling the stream; the buffer is bounded.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import Any

from dockersdk.errors import InvalidArgument, StreamParseError

__all__ = [
    "DEFAULT_MAX_BUFFER",
    "JSONStreamDecoder",
    "ajson_stream",
    "json_decoder",
    "json_splitter",
    "json_stream",
    "line_splitter",
    "split_buffer",
    "stream_as_text",
]

DEFAULT_MAX_BUFFER = 16 * 1024 * 1024

_WS = " \t\r\n"
_SCALAR_START = "-0123456789tfn"
_SCALAR_END = re.compile(r"[\s{}\[\]\",:]")
_STRUCTURE = re.compile(r'[{}\[\]"]')
_STRING_SPECIAL = re.compile(r'["\\]')


def _snippet(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


class JSONStreamDecoder:
    """Incremental decoder for a stream of JSON values.

    Args:
        max_buffer: the most characters one value may take before the stream is
            declared malformed.

    Raises:
        InvalidArgument: ``max_buffer`` is not positive.
    """

    def __init__(self, *, max_buffer: int = DEFAULT_MAX_BUFFER) -> None:
        if max_buffer <= 0:
            raise InvalidArgument(f"max_buffer must be positive, got {max_buffer}")
        self.max_buffer = max_buffer
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buf = ""
        self._start = 0  # where the current value starts in _buf
        self._pos = 0  # how far the current value has been scanned
        self._kind = ""  # "", "container", "string" or "scalar"
        self._depth = 0
        self._in_string = False
        self._closed = False
        self._error: StreamParseError | None = None  # raised by the next call

    @property
    def pending(self) -> int:
        """Characters of an unfinished value held in the buffer."""
        return len(self._buf) - self._start

    def feed(self, data: bytes | str) -> list[Any]:
        """Decode the next chunk.

        Args:
            data: bytes (UTF-8, split anywhere, even inside a character) or text.

        Returns:
            The JSON values completed by this chunk, in order; when the chunk also holds a
            fault after some values, those values (see :meth:`check`).

        Raises:
            StreamParseError: the stream is malformed, a value exceeds ``max_buffer``, or
                the decoder was closed.
        """
        if self._error is not None:
            raise self._error
        if self._closed:
            raise StreamParseError("JSONStreamDecoder.feed() called after close()")
        text = self._utf8.decode(data) if isinstance(data, (bytes, bytearray)) else data
        if not text:
            return []
        return self._consume(text)

    def check(self) -> None:
        """Raise the fault :meth:`feed` met after returning the values before it.

        A chunk holding good values and then a malformed one yields the good values first;
        call this after using them (the next :meth:`feed` or :meth:`close` raises anyway,
        but a stream that goes quiet may never bring one).

        Raises:
            StreamParseError: the stream is malformed.
        """
        if self._error is not None:
            raise self._error

    def close(self) -> list[Any]:
        """Signal the end of the stream.

        Returns:
            A final value that needed the end of input to finish (a bare number or
            literal), if any.

        Raises:
            StreamParseError: the stream ended inside a value.
        """
        if self._error is not None:
            self._closed = True
            raise self._error
        values: list[Any] = []
        if not self._closed:
            self._closed = True
            tail = self._utf8.decode(b"", final=True)
            if tail:
                values = self._consume(tail)
        if self._kind == "scalar":
            values.append(self._take(len(self._buf)))
        elif self._kind:
            raise StreamParseError(
                f"stream ended inside a JSON value: {_snippet(self._buf[self._start :])}"
            )
        self._buf, self._start, self._pos = "", 0, 0
        return values

    def _consume(self, text: str) -> list[Any]:
        # Drop what earlier calls finished with, then scan the new text.
        self._buf = self._buf[self._start :] + text
        self._pos -= self._start
        self._start = 0
        values: list[Any] = []
        try:
            while self._scan(values):
                pass
            if len(self._buf) - self._start > self.max_buffer:
                raise StreamParseError(
                    f"JSON value exceeds {self.max_buffer} characters without ending "
                    f"(starts {_snippet(self._buf[self._start :])})"
                )
        except StreamParseError as exc:
            if not values:
                raise
            # The values before the fault are delivered; the next call raises.
            self._error = exc
        return values

    def _take(self, end: int) -> Any:
        """Parse ``_buf[_start:end]`` as one value and move past it."""
        text = self._buf[self._start : end]
        self._start = self._pos = end
        self._kind = ""
        self._depth = 0
        self._in_string = False
        try:
            return json.loads(text)
        except ValueError as exc:
            raise StreamParseError(f"malformed JSON in stream: {exc}: {_snippet(text)}") from exc

    def _begin(self) -> bool:
        """Find the first character of the next value; False if there is none yet."""
        buf, size = self._buf, len(self._buf)
        start = self._start
        while start < size and buf[start] in _WS:
            start += 1
        self._start = self._pos = start
        if start == size:
            return False
        first = buf[start]
        if first in "{[":
            self._kind, self._depth = "container", 1
        elif first == '"':
            self._kind, self._in_string = "string", True
        elif first in _SCALAR_START:
            self._kind = "scalar"
        else:
            raise StreamParseError(
                f"unexpected character {first!r} between JSON values: {_snippet(buf[start:])}"
            )
        self._pos = start + 1
        return True

    def _scan(self, values: list[Any]) -> bool:
        """Advance the scanner; append a value and return True when one completes."""
        if not self._kind and not self._begin():
            return False
        buf, pos = self._buf, self._pos
        if self._kind == "scalar":
            found = _SCALAR_END.search(buf, pos)
            if found is None:
                self._pos = len(buf)
                return False
            values.append(self._take(found.start()))
            return True
        while True:
            if self._in_string:
                found = _STRING_SPECIAL.search(buf, pos)
                if found is None:
                    self._pos = len(buf)
                    return False
                pos = found.end()
                if found.group() == "\\":
                    if pos >= len(buf):  # the escaped character has not arrived yet
                        self._pos = pos - 1
                        return False
                    pos += 1
                    continue
                self._in_string = False
                if self._kind == "string":
                    values.append(self._take(pos))
                    return True
                continue
            found = _STRUCTURE.search(buf, pos)
            if found is None:
                self._pos = len(buf)
                return False
            pos = found.end()
            char = found.group()
            if char == '"':
                self._in_string = True
            elif char in "{[":
                self._depth += 1
            else:
                self._depth -= 1
                if self._depth == 0:
                    values.append(self._take(pos))
                    return True


def stream_as_text(stream: Iterable[bytes | str]) -> Iterator[str]:
    """Decode a stream of byte chunks as UTF-8 text (chunks may split characters).

    Args:
        stream: bytes or text chunks.

    Yields:
        Text chunks.
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    for data in stream:
        text = decoder.decode(data) if isinstance(data, (bytes, bytearray)) else data
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def json_stream(
    stream: Iterable[bytes | str], *, max_buffer: int = DEFAULT_MAX_BUFFER
) -> Iterator[Any]:
    """Parse JSON values from a stream of chunks.

    Args:
        stream: bytes or text chunks, e.g. ``response.iter_bytes()``.
        max_buffer: the most characters one value may take.

    Yields:
        Each JSON value, as soon as it is complete.

    Raises:
        StreamParseError: the stream is malformed or ends inside a value.
    """
    decoder = JSONStreamDecoder(max_buffer=max_buffer)
    for chunk in stream:
        yield from decoder.feed(chunk)
        decoder.check()
    yield from decoder.close()


async def ajson_stream(
    stream: AsyncIterable[bytes | str], *, max_buffer: int = DEFAULT_MAX_BUFFER
) -> AsyncIterator[Any]:
    """Parse JSON values from an async stream of chunks (``response.aiter_bytes()``).

    Args:
        stream: bytes or text chunks.
        max_buffer: the most characters one value may take.

    Yields:
        Each JSON value, as soon as it is complete.

    Raises:
        StreamParseError: the stream is malformed or ends inside a value.
    """
    decoder = JSONStreamDecoder(max_buffer=max_buffer)
    async for chunk in stream:
        for value in decoder.feed(chunk):
            yield value
        decoder.check()
    for value in decoder.close():
        yield value


# --- docker-py's text-buffer helpers (docker.utils.json_stream) -----------------------------

#: The decoder :func:`json_splitter` uses.
json_decoder = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def json_splitter(buffer: str) -> tuple[Any, str] | None:
    """The first JSON value of ``buffer`` and the text after it, or None if it has none yet."""
    buffer = buffer.strip()
    try:
        value, end = json_decoder.raw_decode(buffer)
    except ValueError:
        return None
    match = _WHITESPACE.match(buffer, end)
    return value, buffer[match.end() if match else end :]


def line_splitter(buffer: str, separator: str = "\n") -> tuple[str, str] | None:
    """The first line of ``buffer`` (with its separator) and the rest, or None if no line ends."""
    index = buffer.find(str(separator))
    if index == -1:
        return None
    return buffer[: index + 1], buffer[index + 1 :]


def split_buffer(
    stream: Iterable[bytes | str],
    splitter: Any = None,
    decoder: Callable[[str], Any] = lambda text: text,
) -> Iterator[Any]:
    """Join a stream's text and yield what ``splitter`` cuts off (lines by default).

    Args:
        stream: chunks of bytes or text.
        splitter: ``buffer -> (item, rest) | None`` (default :func:`line_splitter`).
        decoder: applied to whatever is left at the end.

    Raises:
        StreamParseError: ``decoder`` failed on the text left at the end.
    """
    split = splitter or line_splitter
    buffered = ""
    for data in stream_as_text(stream):
        buffered += data
        while (found := split(buffered)) is not None:
            item, buffered = found
            yield item
    if buffered:
        try:
            yield decoder(buffered)
        except Exception as error:
            raise StreamParseError(f"cannot decode the end of the stream: {error}") from error
