"""Parse ``docker run -p`` style port specs and build port-binding maps from them."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Any, NamedTuple, TypeAlias

from dockersdk.errors import InvalidArgument

__all__ = [
    "PORT_SPEC",
    "HostBinding",
    "PortSpec",
    "add_port",
    "add_port_mapping",
    "build_port_bindings",
    "port_range",
    "split_port",
]

PROTOCOLS = ("tcp", "udp", "sctp")

#: One host side of a binding: a port (``'8080'``, or a range ``'8000-8010'`` that Docker
#: picks a free port from), ``(ip, port_or_None)`` for an IP-bound binding, or None for
#: "any free port on all interfaces".
HostBinding: TypeAlias = "str | tuple[str, str | None] | None"


class PortSpec(NamedTuple):
    """A parsed port spec.

    Attributes:
        host_port: for a single container port, one :data:`HostBinding`; for a
            container port range, a list of the same length as ``container_port``.
            None when the spec has no host side at all (``'80'``, ``'80-81'``).
        container_port: ``'80'``, or a list of ports for a range.
        protocol: ``'tcp'`` (the default), ``'udp'`` or ``'sctp'``.
    """

    host_port: HostBinding | list[HostBinding]
    container_port: str | list[str]
    protocol: str


class _Parsed(NamedTuple):
    ip: str | None
    host: list[str] | None  # None: no host port given
    container: list[str]
    protocol: str
    explicit_protocol: bool


def _invalid(spec: str, why: str) -> InvalidArgument:
    return InvalidArgument(
        f"Invalid port spec {spec!r}: {why}; "
        "expected [[ip:]host_port[-host_port]:]port[-port][/protocol]"
    )


def _range(spec: str, text: str, *, what: str, allow_zero: bool) -> list[int]:
    start_text, dash, end_text = text.partition("-")
    numbers = [start_text, end_text] if dash else [start_text]
    for number in numbers:
        if not number.isdigit() or not number.isascii():
            raise _invalid(spec, f"{what} {text!r} is not a port number or range")
    start = int(start_text)
    end = int(end_text) if dash else start
    low = 0 if allow_zero else 1
    for value in (start, end):
        if not low <= value <= 65535:
            raise _invalid(spec, f"{what} {value} is out of range {low}-65535")
    if end < start:
        raise _invalid(spec, f"{what} range {text!r} ends before it starts")
    return list(range(start, end + 1))


def _parse(port: object) -> _Parsed:
    spec = str(port)
    if not spec.strip():
        raise _invalid(spec, "it is empty")
    if spec != spec.strip():
        raise _invalid(spec, "it has spaces around it")
    body, slash, proto = spec.partition("/")
    if slash:
        proto = proto.lower()
        if proto not in PROTOCOLS:
            raise _invalid(spec, f"unknown protocol {proto!r} (use tcp, udp or sctp)")
    else:
        proto = "tcp"

    parts = body.split(":")
    ip: str | None = None
    host_text = ""
    if len(parts) == 1:
        container_text = parts[0]
    elif len(parts) == 2:
        host_text, container_text = parts
        if not host_text:  # ':80', refused as docker-py refuses it
            raise _invalid(spec, "the host port before ':' is empty")
    else:
        ip_text = ":".join(parts[:-2])
        host_text, container_text = parts[-2], parts[-1]
        if ip_text.startswith("[") and ip_text.endswith("]"):
            ip_text = ip_text[1:-1]
        if not ip_text:  # ':8080:80', '::80'
            raise _invalid(spec, "the IP address before ':' is empty")
        if ip_text:
            try:
                ipaddress.ip_address(ip_text)
            except ValueError:
                raise _invalid(spec, f"{ip_text!r} is not an IP address") from None
            ip = ip_text

    container = [
        str(p) for p in _range(spec, container_text, what="container port", allow_zero=False)
    ]
    host: list[str] | None = None
    if host_text:
        host_ports = _range(spec, host_text, what="host port", allow_zero=True)
        if len(container) == 1 and len(host_ports) > 1:
            host = [host_text]  # Docker picks one free port from the host range.
        elif len(host_ports) != len(container):
            raise _invalid(spec, "host and container port ranges differ in length")
        else:
            host = [str(p) for p in host_ports]
    return _Parsed(ip, host, container, proto, bool(slash))


def _bindings(parsed: _Parsed) -> list[HostBinding]:
    count = len(parsed.container)
    if parsed.ip is not None:
        ports: list[str | None] = list(parsed.host) if parsed.host else [None] * count
        return [(parsed.ip, p) for p in ports]
    if parsed.host is None:
        return [None] * count
    return list(parsed.host)


def split_port(port: str | int) -> PortSpec:
    """Parse one port spec as ``docker run -p`` does.

    Examples: ``'80'``, ``'8080:80'``, ``'8080:80/udp'``, ``'127.0.0.1:8080:80'``,
    ``'127.0.0.1::80'`` (IP-bound, any port), ``'[::1]:8080:80'`` (IPv6 in brackets;
    unbracketed IPv6 works too since the last two fields are always the ports),
    ``'8000-8001:80-81'`` (ranges of equal length) and ``'8000-8010:80'`` (one container
    port published on a free port of a host range).

    Note:
        docker-py returns ``(internal_ports, external)``; dockersdk returns the contract's
        ``(host_port, container_port, protocol)``.

    Args:
        port: the spec, as a string or a bare container port number.

    Returns:
        A :class:`PortSpec` ``(host_port, container_port, protocol)``. Single ports give
        scalars, ranges give equal-length lists, an IP-bound host side is ``(ip, port)``.

    Raises:
        InvalidArgument: the spec is malformed; the message quotes it.
    """
    parsed = _parse(port)
    bindings = _bindings(parsed)
    no_host = parsed.ip is None and parsed.host is None
    if len(parsed.container) == 1:
        return PortSpec(bindings[0], parsed.container[0], parsed.protocol)
    return PortSpec(None if no_host else bindings, parsed.container, parsed.protocol)


def build_port_bindings(ports: Iterable[str | int]) -> dict[str, list[HostBinding]]:
    """Build docker-py's port-binding map from a list of port specs.

    Keys are the container port, with ``/protocol`` only when the spec named one (as in
    docker-py); each value lists the host bindings for that port, in spec order.

    Args:
        ports: specs accepted by :func:`split_port`.

    Returns:
        A dict such as ``{'80': ['8080'], '53/udp': [('127.0.0.1', '53')], '22': [None]}``.

    Raises:
        InvalidArgument: a spec is malformed.
    """
    result: dict[str, list[HostBinding]] = {}
    for port in ports:
        parsed = _parse(port)
        suffix = f"/{parsed.protocol}" if parsed.explicit_protocol else ""
        for container, binding in zip(parsed.container, _bindings(parsed), strict=True):
            result.setdefault(container + suffix, []).append(binding)
    return result


# --- docker-py's building blocks (docker.utils.ports) ---------------------------------------

#: docker-py's port-spec pattern: ``[[ip:][ext[-ext_end]]:]int[-int_end][/proto]``.
PORT_SPEC = re.compile(
    r"^((\[?(?P<host>[a-fA-F\d.:]+)\]?:)?(?P<ext>[\d]*)(-(?P<ext_end>[\d]+))?:)?"
    r"(?P<int>[\d]+)(-(?P<int_end>[\d]+))?(?P<proto>/(udp|tcp|sctp))?$"
)


def add_port_mapping(
    port_bindings: dict[Any, list[Any]], internal_port: Any, external: Any
) -> None:
    """Append ``external`` to the bindings of ``internal_port``."""
    port_bindings.setdefault(internal_port, []).append(external)


def add_port(
    port_bindings: dict[Any, list[Any]],
    internal_port_range: Iterable[Any],
    external_range: Iterable[Any] | None,
) -> None:
    """Bind each port of ``internal_port_range`` to its peer in ``external_range`` (or None)."""
    if external_range is None:
        for internal_port in internal_port_range:
            add_port_mapping(port_bindings, internal_port, None)
        return
    for internal_port, external_port in zip(internal_port_range, external_range, strict=False):
        add_port_mapping(port_bindings, internal_port, external_port)


def port_range(
    start: str | None, end: str | None, proto: str, randomly_available_port: bool = False
) -> list[str] | str | None:
    """docker-py's port list: ``['80/tcp']``, ``['80/tcp', '81/tcp']`` or ``['80-81/tcp']``.

    Args:
        start, end: the range's ends (``end`` None for one port); a falsy ``start`` is
            returned as it is.
        proto: the suffix (``'/udp'``, or ``''``).
        randomly_available_port: keep the range as one ``'start-end'`` entry (a host range
            Docker picks a free port from).
    """
    if not start:
        return start
    if not end:
        return [start + proto]
    if randomly_available_port:
        return [f"{start}-{end}{proto}"]
    return [f"{port}{proto}" for port in range(int(start), int(end) + 1)]
