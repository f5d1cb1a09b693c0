"""JSONStreamDecoder: newline-delimited and concatenated JSON, any chunking, bounded."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockersdk.errors import InvalidArgument, StreamParseError
from dockersdk.utils.json_stream import JSONStreamDecoder, ajson_stream, json_stream, stream_as_text

OBJECTS: list[Any] = [
    {"status": "Pulling from library/busybox", "id": "latest"},
    {"status": "Downloading", "progressDetail": {"current": 1, "total": 2}, "id": "abc"},
    {"stream": "Step 1/2 : FROM busybox\n"},
    {"stream": 'quotes " and \\ backslashes and braces { [ } ]'},
    {"aux": {"ID": "sha256:123"}, "unicode": "héllo wörld ✓ 🐳"},
    [1, 2, {"nested": [True, False, None]}],
    "a bare string",
    42,
    -1.5e3,
    True,
    None,
]


def _encode(objects: list[Any], sep: str) -> bytes:
    return sep.join(json.dumps(o, ensure_ascii=False) for o in objects).encode("utf-8") + b"\n"


def _decode(chunks: list[bytes] | list[str], **kwargs: Any) -> list[Any]:
    decoder = JSONStreamDecoder(**kwargs)
    values: list[Any] = []
    for chunk in chunks:
        values.extend(decoder.feed(chunk))
    values.extend(decoder.close())
    return values


@pytest.mark.parametrize("sep", ["\n", "\r\n", " ", "", "\n\n  \t"])
def test_whole_stream(sep: str) -> None:
    # Bare scalars need a separator to end; the empty separator is used with containers only.
    objects = OBJECTS if sep else [o for o in OBJECTS if isinstance(o, (dict, list, str))]
    assert _decode([_encode(objects, sep)]) == objects


@pytest.mark.parametrize("sep", ["\n", "\r\n", ""])
def test_one_byte_at_a_time(sep: str) -> None:
    objects = OBJECTS if sep else [o for o in OBJECTS if isinstance(o, (dict, list))]
    data = _encode(objects, sep)
    assert _decode([data[i : i + 1] for i in range(len(data))]) == objects


@pytest.mark.parametrize("seed", range(20))
def test_random_chunks(seed: int) -> None:
    rng = random.Random(seed)
    data = _encode(OBJECTS, "\r\n")
    chunks, pos = [], 0
    while pos < len(data):
        size = rng.randint(0, 40)
        chunks.append(data[pos : pos + size])
        pos += size
    assert _decode(chunks) == OBJECTS


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(json_values, max_size=8),
    cuts=st.lists(st.integers(min_value=0, max_value=30), max_size=100),
    compact=st.booleans(),
)
def test_property_any_chunking(values: list[Any], cuts: list[int], compact: bool) -> None:
    separators = (",", ":") if compact else (", ", ": ")
    text = "\n".join(json.dumps(v, separators=separators, ensure_ascii=False) for v in values)
    data = text.encode("utf-8")
    chunks, pos = [], 0
    for size in cuts:
        chunks.append(data[pos : pos + size])
        pos += size
    chunks.append(data[pos:])
    assert _decode(chunks) == values


def test_values_come_out_as_soon_as_complete() -> None:
    decoder = JSONStreamDecoder()
    assert decoder.feed(b'{"a": 1}{"b"') == [{"a": 1}]
    assert decoder.pending == 4
    assert decoder.feed(b": 2}\n") == [{"b": 2}]
    assert decoder.pending == 0


def test_scalar_needs_a_delimiter_or_end() -> None:
    decoder = JSONStreamDecoder()
    assert decoder.feed(b"12") == []
    assert decoder.feed(b"3") == []
    assert decoder.feed(b" 4") == [123]
    assert decoder.close() == [4]


def test_split_utf8_character() -> None:
    data = json.dumps({"w": "🐳"}, ensure_ascii=False).encode()
    whale = data.index(b"\xf0")
    assert _decode([data[: whale + 1], data[whale + 1 : whale + 3], data[whale + 3 :]]) == [
        {"w": "🐳"}
    ]


def test_text_chunks() -> None:
    assert _decode(['{"a":', ' "x"}', "\n[1]"]) == [{"a": "x"}, [1]]


@pytest.mark.parametrize(
    ("chunks", "message"),
    [
        ([b'{"a": 1}\nnot json\n'], "malformed JSON"),
        ([b'{"a": tru}\n'], "malformed JSON"),
        ([b'{"a": 1,}\n'], "malformed JSON"),
        ([b"}\n"], "unexpected character '}'"),
        ([b",1"], "unexpected character ','"),
        ([b"<html>error</html>"], "unexpected character '<'"),
        ([b'{"a": 1'], "stream ended inside a JSON value"),
        ([b'"unterminated'], "stream ended inside a JSON value"),
        ([b"[1, 2"], "stream ended inside a JSON value"),
        ([b"1.2.3 "], "malformed JSON"),
    ],
)
def test_malformed_input_raises(chunks: list[bytes], message: str) -> None:
    with pytest.raises(StreamParseError, match=message):
        _decode(chunks)


def test_malformed_value_raises_before_the_stream_ends() -> None:
    decoder = JSONStreamDecoder()
    assert decoder.feed(b'{"ok": 1}\n') == [{"ok": 1}]
    with pytest.raises(StreamParseError):
        decoder.feed(b'{"bad": nope}\n')


def test_buffer_is_bounded() -> None:
    decoder = JSONStreamDecoder(max_buffer=64)
    assert decoder.feed(b'{"small": 1}') == [{"small": 1}]
    with pytest.raises(StreamParseError, match="exceeds 64 characters"):
        for _ in range(10):
            decoder.feed(b'{"big": "' + b"x" * 20)


def test_value_of_exactly_max_buffer_is_fine() -> None:
    value = b'{"k": "' + b"v" * 20 + b'"}'
    assert _decode([value], max_buffer=len(value)) == [{"k": "v" * 20}]


def test_bad_max_buffer() -> None:
    with pytest.raises(InvalidArgument):
        JSONStreamDecoder(max_buffer=0)


def test_feed_after_close() -> None:
    decoder = JSONStreamDecoder()
    assert decoder.close() == []
    with pytest.raises(StreamParseError, match="after close"):
        decoder.feed(b"{}")


def test_json_stream_and_stream_as_text() -> None:
    data = _encode(OBJECTS, "\n")
    assert list(json_stream(data[i : i + 5] for i in range(0, len(data), 5))) == OBJECTS
    pieces = "é🐳".encode()
    assert "".join(stream_as_text([pieces[:1], pieces[1:3], pieces[3:]])) == "é🐳"
    assert list(stream_as_text(["already text"])) == ["already text"]


def test_ajson_stream() -> None:
    data = _encode(OBJECTS, "\r\n")

    async def source() -> AsyncIterator[bytes]:
        for i in range(0, len(data), 3):
            yield data[i : i + 3]

    async def collect() -> list[Any]:
        return [value async for value in ajson_stream(source())]

    assert asyncio.run(collect()) == OBJECTS


def test_values_before_a_fault_in_the_same_chunk_come_first() -> None:
    decoder = JSONStreamDecoder()
    assert decoder.feed(b'{"a": 1}\n{"b": oops}\n') == [{"a": 1}]
    with pytest.raises(StreamParseError):
        decoder.check()
    with pytest.raises(StreamParseError):
        decoder.feed(b"{}")
    with pytest.raises(StreamParseError):
        decoder.close()


def test_a_fault_alone_raises_at_once() -> None:
    decoder = JSONStreamDecoder()
    with pytest.raises(StreamParseError):
        decoder.feed(b'{"b": oops}\n')
