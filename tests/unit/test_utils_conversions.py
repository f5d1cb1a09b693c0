"""Conversions to the Engine API's shapes: ports, binds, filters, env, links, times, headers."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from dockersdk.errors import InvalidArgument
from dockersdk.utils import (
    convert_filters,
    convert_port_bindings,
    convert_service_networks,
    convert_tmpfs_mounts,
    convert_volume_binds,
    datetime_to_timestamp,
    decode_json_header,
    format_environment,
    format_extra_hosts,
    normalize_links,
)


def _b(ip: str, port: str) -> dict[str, str]:
    return {"HostIp": ip, "HostPort": port}


@pytest.mark.parametrize(
    ("bindings", "expected"),
    [
        ({"8080/tcp": 8080}, {"8080/tcp": [_b("", "8080")]}),
        ({8080: 8080}, {"8080/tcp": [_b("", "8080")]}),
        ({"53/udp": "5353"}, {"53/udp": [_b("", "5353")]}),
        ({"9000/tcp": ("127.0.0.1", 9000)}, {"9000/tcp": [_b("127.0.0.1", "9000")]}),
        ({"9000": ("127.0.0.1",)}, {"9000/tcp": [_b("127.0.0.1", "")]}),
        ({"9000": (9001,)}, {"9000/tcp": [_b("", "9001")]}),
        ({"3306/tcp": None}, {"3306/tcp": [_b("", "")]}),
        ({"80": ("0.0.0.0", None)}, {"80/tcp": [_b("0.0.0.0", "")]}),
        ({"80": {"HostPort": 81, "HostIp": "::1"}}, {"80/tcp": [_b("::1", "81")]}),
        ({"80": {"HostPort": "81"}}, {"80/tcp": [_b("", "81")]}),
        (
            {"80": [8080, ("127.0.0.1", 8081)]},
            {"80/tcp": [_b("", "8080"), _b("127.0.0.1", "8081")]},
        ),
        ({"1000-1001/tcp": "2000-2001"}, {"1000-1001/tcp": [_b("", "2000-2001")]}),
    ],
)
def test_convert_port_bindings(bindings: dict[Any, Any], expected: dict[str, Any]) -> None:
    assert convert_port_bindings(bindings) == expected


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"80": {"HostIp": "1.2.3.4"}}, "HostPort"),
        ({"80": (1, 2, 3)}, "must be"),
    ],
)
def test_convert_port_bindings_errors(bindings: dict[Any, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        convert_port_bindings(bindings)


@pytest.mark.parametrize(
    ("binds", "expected"),
    [
        (["/a:/b:ro", "vol:/c"], ["/a:/b:ro", "vol:/c"]),
        ({"/host/data": "/app/data"}, ["/host/data:/app/data:rw"]),
        ({b"/host": b"/c"}, ["/host:/c:rw"]),
        ({"/host/data": {"bind": "/app/data", "mode": "rw"}}, ["/host/data:/app/data:rw"]),
        ({"/host/config": {"bind": "/app/config", "mode": "ro"}}, ["/host/config:/app/config:ro"]),
        ({"/h": {"bind": "/c", "ro": True}}, ["/h:/c:ro"]),
        ({"/h": {"bind": "/c", "ro": False}}, ["/h:/c:rw"]),
        ({"/h": {"bind": "/c"}}, ["/h:/c:rw"]),
        ({"/h": {"bind": "/c", "mode": "z"}}, ["/h:/c:z"]),
        ({"/h": {"bind": "/c", "propagation": "rshared"}}, ["/h:/c:rw,rshared"]),
        ({"/h": {"bind": "/c", "mode": "ro", "propagation": "slave"}}, ["/h:/c:ro,slave"]),
        ({"/h": {"bind": "/c", "mode": "", "propagation": "private"}}, ["/h:/c:private"]),
        ({"vol": "/data", "/x": {"bind": "/y", "ro": True}}, ["vol:/data:rw", "/x:/y:ro"]),
    ],
)
def test_convert_volume_binds(binds: Any, expected: list[str]) -> None:
    assert convert_volume_binds(binds) == expected


def test_convert_volume_binds_list_is_copied() -> None:
    original = ["/a:/b"]
    result = convert_volume_binds(original)
    assert result == original
    assert result is not original


@pytest.mark.parametrize(
    ("binds", "message"),
    [
        ({"/h": {"bind": "/c", "ro": True, "mode": "rw"}}, 'both "ro" and "mode"'),
        ({"/h": {"mode": "rw"}}, "'bind'"),
        ({"/h": {"bind": "/c", "propagation": "sideways"}}, "unknown propagation 'sideways'"),
    ],
)
def test_convert_volume_binds_errors(binds: Any, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        convert_volume_binds(binds)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {}),
        ({"dangling": True}, {"dangling": ["true"]}),
        ({"dangling": False}, {"dangling": ["false"]}),
        ({"label": "a=b"}, {"label": ["a=b"]}),
        ({"label": ["a=b", "c"]}, {"label": ["a=b", "c"]}),
        ({"exited": 0}, {"exited": ["0"]}),
        ({"exited": [0, 137]}, {"exited": ["0", "137"]}),
        ({"dangling": [True]}, {"dangling": ["true"]}),
        ({"id": ("a", "b")}, {"id": ["a", "b"]}),
        ({"name": b"web"}, {"name": ["web"]}),
        ({"label": None, "status": "running"}, {"status": ["running"]}),
        ({"label": {"a=b": True}}, {"label": {"a=b": True}}),
    ],
)
def test_convert_filters(filters: dict[str, Any], expected: dict[str, Any]) -> None:
    result = convert_filters(filters)
    assert isinstance(result, str)
    assert json.loads(result) == expected


def test_convert_filters_keeps_key_order() -> None:
    assert convert_filters({"b": 1, "a": 2}) == '{"b": ["1"], "a": ["2"]}'


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"ENV": "production"}, ["ENV=production"]),
        ({"A": "1", "B": None}, ["A=1", "B"]),
        ({"A": b"bytes"}, ["A=bytes"]),
        ({"N": 3, "EMPTY": ""}, ["N=3", "EMPTY="]),
        ({"EQ": "a=b=c"}, ["EQ=a=b=c"]),
        (["A=1", "B"], ["A=1", "B"]),
        ([b"A=1"], ["A=1"]),
        ((x for x in ["A=1"]), ["A=1"]),
    ],
)
def test_format_environment(environment: Any, expected: list[str]) -> None:
    assert format_environment(environment) == expected


def test_format_environment_rejects_non_strings() -> None:
    with pytest.raises(InvalidArgument, match="KEY=value"):
        format_environment([1])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ({"db": "database", "cache": None}, ["cache", "db:database"]),
        ([("web", "w"), ("api", "")], ["api", "web:w"]),
        ({}, []),
    ],
)
def test_normalize_links(links: Any, expected: list[str]) -> None:
    assert normalize_links(links) == expected


@pytest.mark.parametrize(
    ("hosts", "task", "expected"),
    [
        (
            {"b.example": "10.0.0.2", "a.example": "10.0.0.1"},
            False,
            ["a.example:10.0.0.1", "b.example:10.0.0.2"],
        ),
        ({"a.example": "10.0.0.1"}, True, ["10.0.0.1 a.example"]),
        (["x:1.2.3.4"], False, ["x:1.2.3.4"]),
    ],
)
def test_format_extra_hosts(hosts: Any, task: bool, expected: list[str]) -> None:
    assert format_extra_hosts(hosts, task=task) == expected


@pytest.mark.parametrize(
    ("tmpfs", "expected"),
    [
        ({"/run": "size=1m"}, {"/run": "size=1m"}),
        (["/run", "/tmp:rw,size=64m"], {"/run": "", "/tmp": "rw,size=64m"}),
    ],
)
def test_convert_tmpfs_mounts(tmpfs: Any, expected: dict[str, str]) -> None:
    assert convert_tmpfs_mounts(tmpfs) == expected


@pytest.mark.parametrize(("tmpfs", "message"), [("/run", "list or a dict"), ([1], "strings")])
def test_convert_tmpfs_mounts_errors(tmpfs: Any, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        convert_tmpfs_mounts(tmpfs)


def test_convert_service_networks() -> None:
    assert convert_service_networks(["a", {"Target": "b", "Aliases": ["x"]}]) == [
        {"Target": "a"},
        {"Target": "b", "Aliases": ["x"]},
    ]
    assert convert_service_networks(None) is None
    assert convert_service_networks([]) == []
    with pytest.raises(InvalidArgument, match="must be a list"):
        convert_service_networks("net")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (datetime(1970, 1, 1), 0),
        (datetime(2024, 1, 1, 12, 0, 0), 1704110400),
        (datetime(2024, 1, 1, 12, 0, 0, tzinfo=timezone.utc), 1704110400),
        (datetime(2024, 1, 1, 14, 0, 0, tzinfo=timezone(timedelta(hours=2))), 1704110400),
        (datetime(2024, 1, 1, 12, 0, 0, 999999), 1704110400),
        (datetime(1969, 12, 31, 23, 59, 59, 500000), -1),
    ],
)
def test_datetime_to_timestamp(dt: datetime, expected: int) -> None:
    result = datetime_to_timestamp(dt)
    assert result == expected
    assert isinstance(result, int)


def test_datetime_to_timestamp_rejects_non_datetimes() -> None:
    with pytest.raises(InvalidArgument, match="datetime"):
        datetime_to_timestamp(1704110400)  # type: ignore[arg-type]


_STAT = {"name": "f", "size": 3, "mode": 420, "linkTarget": ""}


@pytest.mark.parametrize(
    "header",
    [
        base64.b64encode(json.dumps(_STAT).encode()).decode(),
        base64.b64encode(json.dumps(_STAT).encode()),
        base64.urlsafe_b64encode(json.dumps(_STAT).encode()).decode().rstrip("="),
    ],
)
def test_decode_json_header(header: str | bytes) -> None:
    assert decode_json_header(header) == _STAT


@pytest.mark.parametrize("header", ["not base64 json!", base64.b64encode(b"{broken").decode()])
def test_decode_json_header_errors(header: str) -> None:
    with pytest.raises(InvalidArgument, match="base64-encoded JSON"):
        decode_json_header(header)
