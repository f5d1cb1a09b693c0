"""Robustness: every parse_/convert_/split_ helper in ``dockersdk.utils`` and the frame
decoder, fed arbitrary input, either returns or raises a ``DockerException`` subclass
(the documented errors) -- never a bare ``ValueError``/``TypeError``/``KeyError``...

Each helper gets arbitrary text (or bytes) and arbitrary Python values (nested lists,
tuples, dicts, numbers, None), a thousand examples each.

Arguments of the wrong type (``parse_host(b'..')``, ``convert_filters('..')``,
``normalize_links(['db'])``...) are covered by ``test_utils_argument_types.py``.
Non-UTF-8 bytes in the mappings raise ``InvalidArgument``.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
import tempfile
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockersdk import utils
from dockersdk.errors import DockerException
from dockersdk.utils import socket as sock
from dockersdk.utils.frames import Frame, FrameDecoder, demux_frames, encode_frame, iter_frames

MANY = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Leaves of the structured inputs: what a caller may put in a mapping or list.
_utf8 = st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass"))
_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | _utf8
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.tuples(inner)
        | st.tuples(inner, inner, inner)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
# Text biased towards the characters these formats care about.
_docker_text = st.text(
    alphabet=st.sampled_from([*"abc019:/@.-_=[]!#*?\\ \t\n'\"$,;%", "é", "\x00", "\udc80"])
    | st.characters(),
    max_size=40,
)
_text = _docker_text | st.text(max_size=40)
_mapping = st.dictionaries(_text, _values, max_size=4)


def _robust(call: Callable[[], Any]) -> None:
    with contextlib.suppress(DockerException):
        call()


# Helpers whose input is a string (bytes too where documented): fed arbitrary text.
TEXT: dict[str, Callable[[Any], Any]] = {
    "parse_repository_tag": utils.parse_repository_tag,
    "parse_host": utils.parse_host,
    "parse_host_tls": lambda v: utils.parse_host(v, tls=True),
    "parse_host_win32": lambda v: utils.parse_host(v, is_win32=True),
    "parse_devices": lambda v: utils.parse_devices([v]),
    "parse_bytes": utils.parse_bytes,
    "parse_dockerignore": utils.parse_dockerignore,
    "split_command": utils.split_command,
    "split_port": utils.split_port,
    "build_port_bindings": lambda v: utils.build_port_bindings([v]),
    "convert_tmpfs_mounts": lambda v: utils.convert_tmpfs_mounts([v]),
    "convert_service_networks": lambda v: utils.convert_service_networks([v]),
    "decode_json_header": utils.decode_json_header,
    "format_extra_hosts": lambda v: utils.format_extra_hosts([v]),
}
BYTES: dict[str, Callable[[Any], Any]] = {
    "parse_dockerignore": utils.parse_dockerignore,
    "decode_json_header": utils.decode_json_header,
}
# Helpers whose input is a mapping or a list: fed arbitrary mappings, lists and values.
STRUCTURED: dict[str, Callable[[Any], Any]] = {
    "parse_devices": lambda v: utils.parse_devices([v]),
    "parse_bytes": utils.parse_bytes,
    "split_port": utils.split_port,
    "build_port_bindings": lambda v: utils.build_port_bindings(v if isinstance(v, list) else [v]),
    "convert_port_bindings": utils.convert_port_bindings,
    "convert_volume_binds": utils.convert_volume_binds,
    "convert_filters": utils.convert_filters,
    "convert_tmpfs_mounts": utils.convert_tmpfs_mounts,
    "convert_service_networks": utils.convert_service_networks,
    "format_environment": utils.format_environment,
    "format_extra_hosts": utils.format_extra_hosts,
}
# normalize_links is not covered: it validates nothing (see the report / module docstring).
MAPPINGS = {
    "convert_port_bindings",
    "convert_volume_binds",
    "convert_filters",
    "convert_tmpfs_mounts",
    "format_environment",
    "format_extra_hosts",
}
MAPPING_ONLY = {"convert_port_bindings", "convert_filters"}
LISTS = sorted(set(STRUCTURED) - MAPPING_ONLY)


def test_every_helper_is_covered() -> None:
    names = {n for n in utils.__all__ if n.startswith(("parse_", "convert_", "split_"))}
    # parse_env_file takes a path: it has its own test below.
    covered = {n.split("_tls")[0].split("_win32")[0] for n in [*TEXT, *STRUCTURED]}
    assert names - {"parse_env_file"} <= covered


@MANY
@given(st.sampled_from(sorted(TEXT)), _text)
def test_helpers_on_text(name: str, text: str) -> None:
    _robust(lambda: TEXT[name](text))


@MANY
@given(st.sampled_from(sorted(BYTES)), st.binary(max_size=60))
def test_helpers_on_bytes(name: str, data: bytes) -> None:
    _robust(lambda: BYTES[name](data))


@MANY
@given(st.sampled_from(sorted(MAPPINGS)), _mapping)
def test_helpers_on_mappings(name: str, value: dict[str, Any]) -> None:
    _robust(lambda: STRUCTURED[name](value))


@MANY
@given(st.sampled_from(LISTS), st.lists(_text | _values, max_size=4))
def test_helpers_on_lists(name: str, value: list[Any]) -> None:
    _robust(lambda: STRUCTURED[name](value))


# Per-helper runs, so each one gets its own thousand examples whatever the sampling above.
def _each(name: str) -> Callable[..., None]:
    strategy = _text if name in TEXT and name not in STRUCTURED else _text | _values
    if name in MAPPINGS:
        strategy = _mapping | st.lists(_text | _values, max_size=4)
    if name in MAPPING_ONLY:
        strategy = _mapping
    call = TEXT.get(name) or STRUCTURED[name]

    @MANY
    @given(strategy)
    def check(value: Any) -> None:
        _robust(lambda: call(value))

    check.__name__ = f"test_{name}_alone"
    return check


for _name in {**TEXT, **STRUCTURED}:
    globals()[f"test_{_name}_alone"] = _each(_name)


@MANY
@given(st.binary(max_size=200) | _text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_parse_env_file(content: bytes) -> None:
    handle, path = tempfile.mkstemp(suffix=".env")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        _robust(lambda: utils.parse_env_file(path))
    finally:
        os.unlink(path)


@pytest.mark.parametrize(
    "call",
    [
        lambda: utils.convert_volume_binds({b"/host\xff": "/ctr"}),
        lambda: utils.convert_filters({"label": b"\xff"}),
        lambda: utils.format_environment({"A": b"\xff"}),
    ],
    ids=["convert_volume_binds", "convert_filters", "format_environment"],
)
def test_non_utf8_bytes_raise_docker_exception(call: Callable[[], Any]) -> None:
    _robust(call)


# -- the frame decoder -------------------------------------------------------------------------


_frames = st.lists(
    st.tuples(st.sampled_from([0, 1, 2, 3]), st.binary(max_size=64)), max_size=6
).map(lambda frames: b"".join(encode_frame(s, d) for s, d in frames))
_stream = (
    _frames
    | st.binary(max_size=300)
    | st.tuples(_frames, st.binary(max_size=12)).map(lambda t: t[0] + t[1])
)


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, last = [], 0
    for point in points:
        pieces.append(data[last:point])
        last = point
    pieces.append(data[last:])
    return pieces


def _decode(chunks: list[bytes], tty: bool, strict: bool, max_chunk: int) -> list[Frame]:
    decoder = FrameDecoder(tty=tty, max_chunk=max_chunk)
    out: list[Frame] = []
    for chunk in chunks:
        out.extend(decoder.feed(chunk))
    out.extend(decoder.close(strict=strict))
    return out


def _merged(frames: list[Frame]) -> list[tuple[int, bytes]]:
    merged: list[tuple[int, bytes]] = []
    for stream, data in frames:
        merged.append((stream, data))
    return merged


@MANY
@given(
    _stream,
    st.lists(st.integers(0, 10_000), max_size=8),
    st.booleans(),
    st.booleans(),
    st.integers(1, 100),
)
def test_frame_decoder_any_chunking(
    data: bytes, cuts: list[int], tty: bool, strict: bool, max_chunk: int
) -> None:
    one_by_one: list[Frame] | DockerException
    chunked: list[Frame] | DockerException
    try:
        one_by_one = _decode([data[i : i + 1] for i in range(len(data))], tty, strict, max_chunk)
    except DockerException as exc:
        one_by_one = exc
    try:
        chunked = _decode(_split(data, cuts), tty, strict, max_chunk)
    except DockerException as exc:
        chunked = exc
    # Whatever the chunking, the same outcome: the same payload bytes per stream, or an error.
    assert isinstance(one_by_one, DockerException) == isinstance(chunked, DockerException)
    if not isinstance(one_by_one, DockerException):
        assert not isinstance(chunked, DockerException)
        for stream in {0, 1, 2, 3}:
            assert b"".join(f.data for f in one_by_one if f.stream == stream) == b"".join(
                f.data for f in chunked if f.stream == stream
            )
        assert all(len(f.data) <= max_chunk for f in one_by_one if not tty)


@MANY
@given(_stream, st.lists(st.integers(0, 10_000), max_size=8), st.booleans(), st.booleans())
def test_iter_and_demux_frames(data: bytes, cuts: list[int], tty: bool, strict: bool) -> None:
    def run() -> None:
        frames = list(iter_frames(_split(data, cuts), tty=tty, strict=strict))
        list(demux_frames(frames))

    _robust(run)


@MANY
@given(_stream, st.booleans())
def test_socket_helpers(data: bytes, tty: bool) -> None:
    # The socket helpers may also raise their documented SocketError (docker-py's class).
    def run() -> None:
        list(sock.frames_iter(io.BytesIO(data), tty=tty))
        stream = io.BytesIO(data)
        while True:
            try:
                size = sock.next_frame_size(stream)
            except sock.SocketError:
                break
            if size <= 0:
                break
            sock.read_exactly(stream, size)

    with contextlib.suppress(DockerException, sock.SocketError):
        run()


def test_oversized_header_is_bounded() -> None:
    # A header announcing a huge payload must not make the decoder allocate it.
    decoder = FrameDecoder(max_chunk=16)
    header = struct.pack(">BxxxL", 1, 0xFFFFFFFF)
    frames = decoder.feed(header + b"x" * 40)
    assert sum(len(f.data) for f in frames) <= 40
    assert decoder.pending <= 16
