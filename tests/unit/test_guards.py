"""The type guards of ``dockersdk._guards``: each says yes exactly where ``isinstance`` does."""

from __future__ import annotations

import pathlib
from collections import OrderedDict
from collections.abc import Callable
from types import MappingProxyType

import pytest

from dockersdk import _guards as g
from dockersdk.models import ContainerState

_ListIter = type(iter([]))

_SAMPLES: list[object] = [
    None,
    0,
    1.5,
    True,
    "text",
    b"bytes",
    bytearray(b"buffer"),
    memoryview(b"view"),
    [1, 2],
    (1, 2),
    {1, 2},
    {"a": 1},
    OrderedDict(a=1),
    MappingProxyType({"a": 1}),
    ContainerState({"Status": "running"}),
    pathlib.PurePosixPath("/tmp"),
    iter([1]),
    object(),
]


@pytest.mark.parametrize(
    ("guard", "kinds"),
    [
        (g.is_dict, (dict,)),
        (g.is_mapping, (OrderedDict, dict, MappingProxyType)),
        (g.is_list, (list,)),
        (g.is_tuple, (tuple,)),
        (g.is_str, (str,)),
        (g.is_bytes_like, (bytes, bytearray, memoryview)),
        (g.is_path, (str, pathlib.PurePath)),
        (g.is_sequence, (str, bytes, bytearray, memoryview, list, tuple)),
        (
            g.is_iterable,
            (
                str,
                bytes,
                bytearray,
                memoryview,
                list,
                tuple,
                set,
                dict,
                MappingProxyType,
                _ListIter,
            ),
        ),
    ],
)
def test_guard_agrees_with_isinstance(
    guard: Callable[[object], bool], kinds: tuple[type, ...]
) -> None:
    for value in _SAMPLES:
        assert guard(value) is isinstance(value, kinds), (guard.__name__, value)


def test_a_reply_model_is_a_dict_and_a_mapping() -> None:
    state = ContainerState({"Status": "running"})
    assert g.is_dict(state)
    assert g.is_mapping(state)
