"""split_port and build_port_bindings: docker run -p specs."""

from __future__ import annotations

import pytest

from dockersdk.errors import InvalidArgument
from dockersdk.utils.ports import PortSpec, build_port_bindings, split_port


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("80", (None, "80", "tcp")),
        (80, (None, "80", "tcp")),
        ("80/udp", (None, "80", "udp")),
        ("80/SCTP", (None, "80", "sctp")),
        ("8080:80", ("8080", "80", "tcp")),
        ("8080:80/tcp", ("8080", "80", "tcp")),
        ("0:80", ("0", "80", "tcp")),
        ("127.0.0.1:8080:80", (("127.0.0.1", "8080"), "80", "tcp")),
        ("127.0.0.1::80/udp", (("127.0.0.1", None), "80", "udp")),
        ("[::1]:8080:80", (("::1", "8080"), "80", "tcp")),
        ("::1:8080:80", (("::1", "8080"), "80", "tcp")),
        ("[2001:db8::1]::53/udp", (("2001:db8::1", None), "53", "udp")),
        ("8000-8001:80-81", (["8000", "8001"], ["80", "81"], "tcp")),
        ("80-82", (None, ["80", "81", "82"], "tcp")),
        (
            "127.0.0.1:8000-8001:80-81/udp",
            ([("127.0.0.1", "8000"), ("127.0.0.1", "8001")], ["80", "81"], "udp"),
        ),
        ("127.0.0.1::80-81", ([("127.0.0.1", None), ("127.0.0.1", None)], ["80", "81"], "tcp")),
        ("8000-8010:80", ("8000-8010", "80", "tcp")),
        ("0.0.0.0:8000-8010:80", (("0.0.0.0", "8000-8010"), "80", "tcp")),
    ],
)
def test_split_port(spec: str | int, expected: tuple[object, ...]) -> None:
    result = split_port(spec)
    assert isinstance(result, PortSpec)
    assert tuple(result) == expected
    host_port, container_port, protocol = result
    assert protocol in ("tcp", "udp", "sctp")
    if isinstance(container_port, list) and host_port is not None:
        assert isinstance(host_port, list)
        assert len(host_port) == len(container_port)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("", "empty"),
        ("abc", "not a port number"),
        ("80/xyz", "unknown protocol"),
        ("99999", "out of range"),
        ("0", "out of range"),
        ("8080:70000", "out of range"),
        ("81-80", "ends before it starts"),
        ("80-82:90-91", "differ in length"),
        ("8080:80:90", "not an IP address"),
        ("localhost:80:80", "not an IP address"),
        ("8080:", "container port"),
        ("1-2-3", "not a port number"),
        # Refused as docker-py refuses them.
        (":80", "host port before ':' is empty"),
        (":8080:80", "IP address before ':' is empty"),
        ("::80", "IP address before ':' is empty"),
        (" 80", "spaces"),
        ("8080:80 ", "spaces"),
    ],
)
def test_bad_specs_raise_naming_the_spec(spec: str, reason: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        split_port(spec)
    message = str(info.value)
    assert repr(spec) in message
    assert reason in message
    assert isinstance(info.value, ValueError)


def test_build_port_bindings_matches_docker_py_shape() -> None:
    bindings = build_port_bindings(
        ["80", "8080:80/udp", "127.0.0.1:9000:90", "9001:90", "1000-1001:2000-2001", "22/tcp"]
    )
    assert bindings == {
        "80": [None],
        "80/udp": ["8080"],
        "90": [("127.0.0.1", "9000"), "9001"],
        "2000": ["1000"],
        "2001": ["1001"],
        "22/tcp": [None],
    }


@pytest.mark.parametrize(
    ("ports", "expected"),
    [
        ([], {}),
        (["127.0.0.1::53/udp"], {"53/udp": [("127.0.0.1", None)]}),
        (["8000-8010:80"], {"80": ["8000-8010"]}),
        (["80-81"], {"80": [None], "81": [None]}),
        ([8080], {"8080": [None]}),
    ],
)
def test_build_port_bindings_table(ports: list[str | int], expected: dict[str, object]) -> None:
    assert build_port_bindings(ports) == expected


def test_build_port_bindings_rejects_bad_spec() -> None:
    with pytest.raises(InvalidArgument, match="'nope'"):
        build_port_bindings(["80", "nope"])
