"""parse_repository_tag, parse_bytes, parse_devices and split_command."""

from __future__ import annotations

from typing import Any

import pytest

from dockersdk.errors import InvalidArgument, InvalidRepository
from dockersdk.utils import parse_bytes, parse_devices, parse_repository_tag, split_command

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nginx", ("nginx", "latest")),
        ("nginx:1.21-alpine", ("nginx", "1.21-alpine")),
        ("library/nginx:stable", ("library/nginx", "stable")),
        ("localhost:5000/foo", ("localhost:5000/foo", "latest")),
        ("localhost:5000/foo:bar", ("localhost:5000/foo", "bar")),
        ("registry.example.com:443/team/app:1.0", ("registry.example.com:443/team/app", "1.0")),
        (f"busybox@{DIGEST}", ("busybox", DIGEST)),
        (f"localhost:5000/foo@{DIGEST}", ("localhost:5000/foo", DIGEST)),
        (f"foo:tag@{DIGEST}", ("foo:tag", DIGEST)),
    ],
)
def test_parse_repository_tag(name: str, expected: tuple[str, str]) -> None:
    assert parse_repository_tag(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "repo:", ":tag", "repo@", "@" + DIGEST])
def test_parse_repository_tag_errors(name: str) -> None:
    with pytest.raises(InvalidRepository, match="invalid image reference"):
        parse_repository_tag(name)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("512m", 536870912),
        ("1g", 1073741824),
        ("2048k", 2097152),
        ("1t", 1024**4),
        ("1p", 1024**5),
        ("512M", 536870912),
        ("1G", 1073741824),
        ("1gb", 1073741824),
        ("1GB", 1073741824),
        ("1GiB", 1073741824),
        ("1 g", 1073741824),
        ("100b", 100),
        ("100B", 100),
        ("100", 100),
        (" 100 ", 100),
        ("1.5k", 1536),
        ("0.5g", 536870912),
        ("", 0),
        ("-1", -1),
        (536870912, 536870912),
        (0, 0),
        (1536.9, 1536),
        ("99999999999999999999", 99999999999999999999),
    ],
)
def test_parse_bytes(value: str | int | float, expected: int) -> None:
    result = parse_bytes(value)
    assert result == expected
    assert isinstance(result, int)


@pytest.mark.parametrize(
    "value",
    [
        "1x",
        "m",
        "1.2.3m",
        "1kk",
        "1i",
        "ten",
        "1 0m",
        True,
        None,
        [1],
        float("inf"),
        float("-inf"),
        float("nan"),
        "9" * 400 + ".5p",
    ],
)
def test_parse_bytes_errors_name_the_value(value: Any) -> None:
    with pytest.raises(InvalidArgument, match="invalid size"):
        parse_bytes(value)


def _dev(host: str, container: str, perms: str = "rwm") -> dict[str, str]:
    return {"PathOnHost": host, "PathInContainer": container, "CgroupPermissions": perms}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("/dev/sda", _dev("/dev/sda", "/dev/sda")),
        ("/dev/sda:/dev/xvda", _dev("/dev/sda", "/dev/xvda")),
        ("/dev/sda:/dev/xvda:r", _dev("/dev/sda", "/dev/xvda", "r")),
        ("/dev/sda:rw", _dev("/dev/sda", "/dev/sda", "rw")),
        ("/dev/sda:mrw", _dev("/dev/sda", "/dev/sda", "mrw")),
        (
            {"PathOnHost": "/a", "PathInContainer": "/b", "CgroupPermissions": "r"},
            _dev("/a", "/b", "r"),
        ),
    ],
)
def test_parse_devices(spec: Any, expected: dict[str, str]) -> None:
    assert parse_devices([spec]) == [expected]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("/a:/b:rw:x", "invalid device specification"),
        (":/b", "invalid device specification"),
        ("/a:/b:rwx", "invalid device permissions"),
        ("/a:/b:rr", "invalid device permissions"),
        ("/a:/b:", "invalid device permissions"),
        (42, "Invalid device type int"),
    ],
)
def test_parse_devices_errors(spec: Any, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        parse_devices([spec])


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("python -m http.server 8000", ["python", "-m", "http.server", "8000"]),
        ("echo 'hello world'", ["echo", "hello world"]),
        ('sh -c "echo $HOME && ls"', ["sh", "-c", "echo $HOME && ls"]),
        ("a\\ b c", ["a b", "c"]),
        ("", []),
        (["already", "split"], ["already", "split"]),
    ],
)
def test_split_command(command: str | list[str], expected: list[str]) -> None:
    assert split_command(command) == expected


def test_split_command_unbalanced_quote() -> None:
    with pytest.raises(InvalidArgument, match="cannot split command"):
        split_command("echo 'oops")
