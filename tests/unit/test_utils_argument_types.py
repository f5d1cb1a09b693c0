"""Arguments of the wrong type are refused with InvalidArgumentType (an InvalidArgument and a
TypeError) naming the function, never a bare TypeError/AttributeError from deep inside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dockersdk import utils
from dockersdk.errors import InvalidArgumentType

CALLS: dict[str, Callable[[], Any]] = {
    "parse_host(bytes)": lambda: utils.parse_host(b"tcp://x:1"),  # type: ignore[arg-type]
    "split_command(bytes)": lambda: utils.split_command(b"ls -l"),  # type: ignore[arg-type]
    "convert_filters(str)": lambda: utils.convert_filters("x"),  # type: ignore[arg-type]
    "convert_port_bindings(str)": lambda: utils.convert_port_bindings("x"),  # type: ignore[arg-type]
    "convert_port_bindings(list)": lambda: utils.convert_port_bindings([]),  # type: ignore[arg-type]
    "convert_volume_binds(str)": lambda: utils.convert_volume_binds("x"),  # type: ignore[arg-type]
    "decode_json_header(dict)": lambda: utils.decode_json_header({}),  # type: ignore[arg-type]
    "format_environment(bool)": lambda: utils.format_environment(True),  # type: ignore[arg-type]
    "format_environment(str)": lambda: utils.format_environment("A=1"),
    "normalize_links(single names)": lambda: utils.normalize_links(["db"]),  # type: ignore[list-item]
    "normalize_links(None item)": lambda: utils.normalize_links([None]),  # type: ignore[list-item]
    "normalize_links(int)": lambda: utils.normalize_links(5),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_wrong_argument_types_are_invalid_arguments(call: Callable[[], Any]) -> None:
    with pytest.raises(InvalidArgumentType) as caught:
        call()
    assert isinstance(caught.value, TypeError)
    assert "()" in str(caught.value)  # names the function


def test_format_extra_hosts_and_parse_dockerignore_check_types() -> None:
    from dockersdk.utils.conversions import format_extra_hosts
    from dockersdk.utils.dockerignore import parse_dockerignore

    with pytest.raises(InvalidArgumentType, match="format_extra_hosts"):
        format_extra_hosts(5)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentType, match="parse_dockerignore"):
        parse_dockerignore(["*.pyc"])  # type: ignore[arg-type]


def test_valid_shapes_still_work() -> None:
    assert utils.normalize_links({"db": "database", "cache": None}) == ["cache", "db:database"]
    assert utils.normalize_links([("db", "alias")]) == ["db:alias"]
    assert utils.format_environment(["A=1"]) == ["A=1"]
    assert utils.format_environment({"A": "1"}) == ["A=1"]
    assert utils.split_command(["ls", "-l"]) == ["ls", "-l"]
