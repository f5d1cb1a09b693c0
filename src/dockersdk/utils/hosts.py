"""Parse a Docker host address (``DOCKER_HOST`` / ``base_url``) into its parts."""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from dockersdk.errors import InvalidArgument, require_type

__all__ = [
    "DEFAULT_HTTP_HOST",
    "DEFAULT_HTTP_PORT",
    "DEFAULT_NPIPE",
    "DEFAULT_NPIPE_PATH",
    "DEFAULT_SSH_PORT",
    "DEFAULT_TLS_HTTP_PORT",
    "DEFAULT_UNIX_SOCKET",
    "DEFAULT_UNIX_SOCKET_PATH",
    "ParsedHost",
    "URLComponents",
    "parse_host",
]

DEFAULT_HTTP_HOST = "127.0.0.1"
DEFAULT_HTTP_PORT = 2375
DEFAULT_TLS_HTTP_PORT = 2376
DEFAULT_SSH_PORT = 22
DEFAULT_UNIX_SOCKET_PATH = "/var/run/docker.sock"
DEFAULT_NPIPE_PATH = "//./pipe/docker_engine"
DEFAULT_UNIX_SOCKET = "http+unix://" + DEFAULT_UNIX_SOCKET_PATH
DEFAULT_NPIPE = "npipe://" + DEFAULT_NPIPE_PATH

# Schemes accepted on input, and the Docker protocol each one stands for.
_SCHEMES = {
    "tcp": "tcp",
    "http": "tcp",
    "https": "tcp",
    "unix": "unix",
    "http+unix": "unix",
    "npipe": "npipe",
    "ssh": "ssh",
    "fd": "fd",
}


class URLComponents(NamedTuple):
    """The six parts of a URL, as :func:`urllib.parse.urlunparse` takes them (docker-py's)."""

    scheme: str
    netloc: str
    url: str
    params: str
    query: str
    fragment: str


class ParsedHost(NamedTuple):
    """A Docker host address, split up.

    Attributes:
        protocol: ``'http+unix'``, ``'http'``, ``'https'``, ``'npipe'`` or ``'ssh'``.
        host: the socket or pipe path for ``http+unix``/``npipe``; the host name or IP
            (IPv6 without brackets) for ``http``/``https``/``ssh``.
        port: the TCP port, or None for sockets and pipes.
        base_url: docker-py's string form of the address, e.g.
            ``'http+unix:///var/run/docker.sock'`` or ``'https://10.0.0.2:2376'``.
            Transports must connect using ``host``/``port``; ``base_url`` is for display
            and for code that compared docker-py's string.
    """

    protocol: str
    host: str
    port: int | None
    base_url: str


def _bad(addr: str, why: str) -> InvalidArgument:
    return InvalidArgument(f"Invalid bind address {addr!r}: {why}")


def _split_scheme(addr: str) -> tuple[str, str]:
    scheme, sep, rest = addr.partition("://")
    if not sep:
        # A bare address such as "localhost:2375" or "[::1]:2375" is TCP (Docker CLI rule).
        return "tcp", addr
    return scheme.lower(), rest


def _parse_port(addr: str, text: str) -> int:
    if not text.isdigit() or not text.isascii():
        raise _bad(addr, f"port {text!r} is not a number")
    port = int(text)
    if not 0 < port <= 65535:
        raise _bad(addr, f"port {port} is out of range 1-65535")
    return port


def _split_netloc(addr: str, netloc: str) -> tuple[str, str, str | None]:
    """Split ``[user@]host[:port]`` into user info, host and port text."""
    userinfo, at, hostport = netloc.rpartition("@")
    if at and ":" in userinfo:
        raise _bad(addr, "a password is not allowed in the address")
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise _bad(addr, "unclosed '[' around an IPv6 address")
        host, rest = hostport[1:end], hostport[end + 1 :]
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise _bad(addr, f"{host!r} is not an IPv6 address") from None
        if rest and not rest.startswith(":"):
            raise _bad(addr, f"unexpected {rest!r} after the IPv6 address")
        port_text = rest[1:] if rest else None
    else:
        if hostport.count(":") > 1:
            raise _bad(addr, "IPv6 addresses must be written in brackets, e.g. [::1]:2375")
        host, colon, port_text_raw = hostport.partition(":")
        port_text = port_text_raw if colon else None
    if any(ch in host for ch in " /?#"):
        raise _bad(addr, f"invalid host name {host!r}")
    return (userinfo if at else ""), host, port_text


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def parse_host(addr: str | None, is_win32: bool = False, tls: bool = False) -> ParsedHost:
    """Parse a Docker host address the way the Docker CLI reads ``DOCKER_HOST``.

    Accepted forms: ``unix:///path``, ``http+unix:///path``, ``npipe:////./pipe/name``,
    ``tcp://host:port``, ``http://host:port``, ``https://host:port``, a bare
    ``host:port``, and ``ssh://[user@]host[:port]``. An empty address means the local
    socket (the named pipe when ``is_win32``). For TCP the host defaults to 127.0.0.1
    and, after a protocol, the port to 2375 (2376 with TLS), as in the Docker CLI (a bare
    address needs its port, as in docker-py; ``tcp://`` alone is refused); a base path
    (``tcp://host:2375/prefix``) is kept. IPv6 hosts go in brackets. TLS turns
    ``tcp``/``http`` into ``https``; ``https://`` always means TLS.

    Args:
        addr: the address, or None/empty for the platform default.
        is_win32: use the Windows named-pipe default for an empty address.
        tls: whether the client talks TLS (switches TCP addresses to ``https``).

    Returns:
        A :class:`ParsedHost` ``(protocol, host, port, base_url)``.

    Raises:
        InvalidArgument: the protocol is unknown or unsupported (``fd://``), or the
            address is malformed (bad port, query string, password, path for ssh...).
    """
    require_type(addr, (str, type(None)), "parse_host(): addr")
    text = (addr or "").strip()
    if not text:
        if is_win32:
            return ParsedHost("npipe", DEFAULT_NPIPE_PATH, None, DEFAULT_NPIPE)
        return ParsedHost("http+unix", DEFAULT_UNIX_SOCKET_PATH, None, DEFAULT_UNIX_SOCKET)

    scheme, rest = _split_scheme(text)
    proto = _SCHEMES.get(scheme)
    if proto is None:
        raise _bad(
            text, f"unsupported protocol {scheme!r} (use unix, tcp, http, https, npipe or ssh)"
        )
    if proto == "fd":
        raise _bad(text, "the fd:// protocol is only meaningful to the daemon, not to clients")

    if proto in ("unix", "npipe"):
        if "://" in rest:
            raise _bad(text, f"unexpected protocol inside a {scheme} address")
        if any(ch in rest for ch in "?#;"):
            raise _bad(text, "query strings, parameters and fragments are not allowed")
        default = DEFAULT_UNIX_SOCKET_PATH if proto == "unix" else DEFAULT_NPIPE_PATH
        path = rest or default
        out_proto = "http+unix" if proto == "unix" else "npipe"
        return ParsedHost(out_proto, path, None, f"{out_proto}://{path}")

    if any(ch in rest for ch in "?#;"):
        raise _bad(text, "query strings, parameters and fragments are not allowed")
    netloc, slash, path = rest.partition("/")
    path = (slash + path).rstrip("/")
    userinfo, host, port_text = _split_netloc(text, netloc)

    if proto == "ssh":
        if path:
            raise _bad(text, "no path is allowed for the ssh protocol")
        if not host:
            raise _bad(text, "ssh addresses need a host name")
        port = _parse_port(text, port_text) if port_text else DEFAULT_SSH_PORT
        user = f"{userinfo}@" if userinfo else ""
        return ParsedHost("ssh", host, port, f"ssh://{user}{_url_host(host)}:{port}")

    # Rejected as docker-py rejects them: a bare address without a port (``0.0.0.0``, a
    # socket path given without ``unix://``), an empty port, an empty ``tcp://``.
    if "://" not in text and port_text is None:
        raise _bad(
            text, "a port is required (host:2375), or give a protocol (tcp://host, unix:///path)"
        )
    if port_text == "":
        raise _bad(text, "the port after ':' is empty")
    if not host and port_text is None:
        raise _bad(text, f"{scheme}:// needs a host or a port")
    use_tls = tls or scheme == "https"
    host = host or DEFAULT_HTTP_HOST
    if port_text:
        port = _parse_port(text, port_text)
    else:
        port = DEFAULT_TLS_HTTP_PORT if use_tls else DEFAULT_HTTP_PORT
    out_proto = "https" if use_tls else "http"
    user = f"{userinfo}@" if userinfo else ""
    return ParsedHost(out_proto, host, port, f"{out_proto}://{user}{_url_host(host)}:{port}{path}")
