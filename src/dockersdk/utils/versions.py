"""Compare Docker API version strings such as ``'1.41'`` in natural (numeric) order."""

from __future__ import annotations

from functools import lru_cache
from itertools import zip_longest

from dockersdk._guards import is_str
from dockersdk.errors import InvalidArgument

__all__ = ["compare_version", "version_gte", "version_lt"]


def _parts(version: str) -> tuple[int, ...]:
    text = version.strip() if is_str(version) else ""  # untyped callers pass numbers
    if not text:
        raise InvalidArgument(f"invalid version {version!r}: expected a string like '1.41'")
    if text[:1] in ("v", "V"):
        text = text[1:]
    pieces = text.split(".")
    if not all(piece.isdigit() and piece.isascii() for piece in pieces):
        raise InvalidArgument(
            f"invalid version {version!r}: expected dot-separated numbers like '1.41'"
        )
    return tuple(int(piece) for piece in pieces)


@lru_cache(maxsize=256)
def compare_version(v1: str, v2: str) -> int:
    """Compare two version strings numerically, part by part.

    Missing trailing parts count as zero, so ``'1.41'`` equals ``'1.41.0'``, and
    ``'1.10'`` is greater than ``'1.9'``. A leading ``v`` is ignored.

    Note:
        docker-py returns the opposite sign (1 when ``v1 < v2``); dockersdk follows the
        usual ``cmp`` convention documented in its contract.

    Args:
        v1: the first version, e.g. ``'1.41'``.
        v2: the second version.

    Returns:
        -1 if ``v1 < v2``, 0 if they are equal, 1 if ``v1 > v2``.

    Raises:
        InvalidArgument: a version is not dot-separated numbers.
    """
    for a, b in zip_longest(_parts(v1), _parts(v2), fillvalue=0):
        if a != b:
            return -1 if a < b else 1
    return 0


def version_lt(v1: str, v2: str) -> bool:
    """Tell whether ``v1`` is an older version than ``v2``.

    Args:
        v1: the version to test, e.g. the client's API version.
        v2: the version to compare with.

    Returns:
        True if ``v1 < v2``.

    Raises:
        InvalidArgument: a version is not dot-separated numbers.
    """
    return compare_version(v1, v2) < 0


def version_gte(v1: str, v2: str) -> bool:
    """Tell whether ``v1`` is the same as or newer than ``v2``.

    Args:
        v1: the version to test.
        v2: the version to compare with.

    Returns:
        True if ``v1 >= v2``.

    Raises:
        InvalidArgument: a version is not dot-separated numbers.
    """
    return compare_version(v1, v2) >= 0
