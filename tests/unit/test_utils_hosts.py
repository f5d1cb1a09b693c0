"""parse_host: every address form, defaults, TLS and the errors."""

from __future__ import annotations

import pytest

from dockersdk.errors import DockerException, InvalidArgument
from dockersdk.utils import ParsedHost, parse_host

SOCK = "/var/run/docker.sock"
PIPE = "//./pipe/docker_engine"


@pytest.mark.parametrize(
    ("addr", "tls", "expected"),
    [
        # Defaults: the local socket.
        (None, False, ("http+unix", SOCK, None, "http+unix:///var/run/docker.sock")),
        ("", False, ("http+unix", SOCK, None, "http+unix:///var/run/docker.sock")),
        ("  ", True, ("http+unix", SOCK, None, "http+unix:///var/run/docker.sock")),
        ("unix://", False, ("http+unix", SOCK, None, "http+unix:///var/run/docker.sock")),
        # Unix sockets.
        (
            "unix:///tmp/d.sock",
            False,
            ("http+unix", "/tmp/d.sock", None, "http+unix:///tmp/d.sock"),
        ),
        (
            "http+unix:///tmp/d.sock",
            True,
            ("http+unix", "/tmp/d.sock", None, "http+unix:///tmp/d.sock"),
        ),
        ("unix://rel/d.sock", False, ("http+unix", "rel/d.sock", None, "http+unix://rel/d.sock")),
        # Named pipes.
        (
            "npipe:////./pipe/docker_engine",
            False,
            ("npipe", PIPE, None, "npipe:////./pipe/docker_engine"),
        ),
        ("npipe://", False, ("npipe", PIPE, None, "npipe:////./pipe/docker_engine")),
        # TCP and its http(s) aliases.
        ("tcp://127.0.0.1:2375", False, ("http", "127.0.0.1", 2375, "http://127.0.0.1:2375")),
        ("tcp://127.0.0.1:2376", True, ("https", "127.0.0.1", 2376, "https://127.0.0.1:2376")),
        ("TCP://h:1", False, ("http", "h", 1, "http://h:1")),
        ("  tcp://h:1  ", False, ("http", "h", 1, "http://h:1")),
        ("tcp://:2375", False, ("http", "127.0.0.1", 2375, "http://127.0.0.1:2375")),
        (
            "tcp://docker.example",
            False,
            ("http", "docker.example", 2375, "http://docker.example:2375"),
        ),
        (
            "tcp://docker.example",
            True,
            ("https", "docker.example", 2376, "https://docker.example:2376"),
        ),
        ("http://h:80", False, ("http", "h", 80, "http://h:80")),
        ("http://h:80", True, ("https", "h", 80, "https://h:80")),
        ("https://h:443", False, ("https", "h", 443, "https://h:443")),
        ("https://h", False, ("https", "h", 2376, "https://h:2376")),
        ("tcp://h:2375/prefix/", False, ("http", "h", 2375, "http://h:2375/prefix")),
        # Bare host:port is TCP.
        ("localhost:2375", False, ("http", "localhost", 2375, "http://localhost:2375")),
        ("127.0.0.1:2375", True, ("https", "127.0.0.1", 2375, "https://127.0.0.1:2375")),
        (":2375", False, ("http", "127.0.0.1", 2375, "http://127.0.0.1:2375")),
        # IPv6 in brackets.
        ("tcp://[::1]:2375", False, ("http", "::1", 2375, "http://[::1]:2375")),
        ("[fe80::1]:2376", True, ("https", "fe80::1", 2376, "https://[fe80::1]:2376")),
        ("tcp://[::1]", False, ("http", "::1", 2375, "http://[::1]:2375")),
        # SSH.
        ("ssh://user@host", False, ("ssh", "host", 22, "ssh://user@host:22")),
        ("ssh://host:2222", True, ("ssh", "host", 2222, "ssh://host:2222")),
        ("ssh://[::1]", False, ("ssh", "::1", 22, "ssh://[::1]:22")),
    ],
)
def test_parse_host(addr: str | None, tls: bool, expected: tuple[object, ...]) -> None:
    parsed = parse_host(addr, tls=tls)
    assert isinstance(parsed, ParsedHost)
    assert tuple(parsed) == expected
    assert parsed.base_url == expected[3]


def test_named_tuple_fields() -> None:
    parsed = parse_host("tcp://10.0.0.2:2376", tls=True)
    assert (parsed.protocol, parsed.host, parsed.port) == ("https", "10.0.0.2", 2376)
    protocol, host, port, base_url = parsed
    assert (protocol, host, port, base_url) == ("https", "10.0.0.2", 2376, "https://10.0.0.2:2376")


@pytest.mark.parametrize(
    ("is_win32", "expected"),
    [(True, "npipe:////./pipe/docker_engine"), (False, "http+unix:///var/run/docker.sock")],
)
def test_platform_default(is_win32: bool, expected: str) -> None:
    assert parse_host("", is_win32=is_win32).base_url == expected
    # An explicit address wins over the platform default.
    assert parse_host("tcp://h:1", is_win32=is_win32).base_url == "http://h:1"


@pytest.mark.parametrize(
    ("addr", "message"),
    [
        ("fd://", "fd://"),
        ("fd://3", "fd://"),
        ("foo://bar", "unsupported protocol 'foo'"),
        ("tcp://h:0", "out of range"),
        ("tcp://h:99999", "out of range"),
        ("tcp://h:abc", "not a number"),
        ("tcp://::1:2375", "brackets"),
        ("tcp://[::1:2375", "unclosed"),
        ("tcp://[nothex]:2375", "not an IPv6 address"),
        ("tcp://h:2375?x=1", "query strings"),
        ("tcp://h:2375#frag", "query strings"),
        ("tcp://u:p@h:1", "password"),
        ("ssh://host/path", "no path"),
        ("ssh://", "host name"),
        ("unix://tcp://x", "unexpected protocol"),
        # Refused as docker-py refuses them (its own list of invalid hosts among them).
        ("0.0.0.0", "a port is required"),
        ("/var/run/docker.sock", "a port is required"),
        ("tcp://", "needs a host or a port"),
        ("https://", "needs a host or a port"),
        ("localhost:", "port after ':' is empty"),
        ("tcp://h:", "port after ':' is empty"),
        ("unix:///sock/path#fragment", "fragments"),
        ("unix:///sock/path?x=1", "query strings"),
        ("npipe:////./pipe/x;p", "parameters"),
    ],
)
def test_bad_addresses_raise_clear_errors(addr: str, message: str) -> None:
    with pytest.raises(InvalidArgument, match="Invalid bind address") as info:
        parse_host(addr)
    assert message in str(info.value)
    assert isinstance(info.value, DockerException)
    assert isinstance(info.value, ValueError)
