"""compare_version / version_lt / version_gte: natural numeric order, contract sign."""

from __future__ import annotations

import pytest

from dockersdk.errors import InvalidArgument
from dockersdk.utils import compare_version, version_gte, version_lt


@pytest.mark.parametrize(
    ("v1", "v2", "expected"),
    [
        ("1.9", "1.10", -1),
        ("1.10", "1.9", 1),
        ("1.41", "1.41", 0),
        ("1.41", "1.41.0", 0),
        ("1.41.1", "1.41", 1),
        ("1.24", "1.44", -1),
        ("2.0", "1.99", 1),
        ("v1.41", "1.41", 0),
        (" 1.41 ", "1.40", 1),
    ],
)
def test_compare_version(v1: str, v2: str, expected: int) -> None:
    assert compare_version(v1, v2) == expected
    assert compare_version(v2, v1) == -expected


@pytest.mark.parametrize(
    ("v1", "v2", "lt", "gte"),
    [
        ("1.9", "1.10", True, False),
        ("1.10", "1.9", False, True),
        ("1.41", "1.41", False, True),
        ("1.40", "1.41", True, False),
    ],
)
def test_version_lt_and_gte(v1: str, v2: str, lt: bool, gte: bool) -> None:
    assert version_lt(v1, v2) is lt
    assert version_gte(v1, v2) is gte


@pytest.mark.parametrize("bad", ["", "auto", "1.x", "1..2", "1.4-rc1", "latest"])
def test_malformed_versions_raise_naming_the_value(bad: str) -> None:
    with pytest.raises(InvalidArgument, match="invalid version"):
        compare_version(bad, "1.41")
