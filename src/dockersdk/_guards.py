"""Type guards: the one checked step from an untyped value to a typed container.

``json.loads`` returns ``Any`` and docker-py's callers pass anything; a bare
``isinstance(x, dict)`` on such a value leaves ``dict[Unknown, Unknown]``, and every read
after it is untyped. These functions do the same ``isinstance`` check and say what the value
is from then on (``TypeIs``: narrowed both ways, as ``isinstance`` is). They take ``object``,
so a check of input whose declared type already rules out the wrong kind (a public argument
an untyped caller may still get wrong) is validation, not dead code.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = [
    "is_bytes_like",
    "is_dict",
    "is_iterable",
    "is_list",
    "is_mapping",
    "is_path",
    "is_sequence",
    "is_str",
    "is_tuple",
]


def is_dict(value: object) -> TypeIs[dict[Any, Any]]:
    """True for a ``dict``: a JSON object, or a dict the caller gave (keys of any type)."""
    return isinstance(value, dict)


def is_mapping(value: object) -> TypeIs[Mapping[Any, Any]]:
    """True for any mapping (its keys are whatever the caller used)."""
    return isinstance(value, Mapping)


def is_list(value: object) -> TypeIs[list[Any]]:
    """True for a ``list``: a JSON array, or a list the caller gave."""
    return isinstance(value, list)


def is_tuple(value: object) -> TypeIs[tuple[Any, ...]]:
    """True for a tuple of any length."""
    return isinstance(value, tuple)


def is_sequence(value: object) -> TypeIs[Sequence[Any]]:
    """True for any sequence (``str`` included: test it first)."""
    return isinstance(value, Sequence)


def is_iterable(value: object) -> TypeIs[Iterable[Any]]:
    """True for anything iterable (strings and mappings included: test those first)."""
    return isinstance(value, Iterable)


def is_bytes_like(value: object) -> TypeIs[bytes | bytearray | memoryview]:
    """True for ``bytes``, ``bytearray`` or ``memoryview``."""
    return isinstance(value, (bytes, bytearray, memoryview))


def is_path(value: object) -> TypeIs[str | os.PathLike[Any]]:
    """True for a file system path: a ``str`` or an ``os.PathLike`` (a ``pathlib.Path``)."""
    return isinstance(value, (str, os.PathLike))


def is_str(value: object) -> TypeIs[str]:
    """True for a ``str`` (a check of input declared ``str`` that untyped callers may break)."""
    return isinstance(value, str)
