"""Convert Python-friendly arguments into the shapes the Engine API expects."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from dockersdk._guards import is_iterable, is_list, is_mapping, is_str, is_tuple
from dockersdk.errors import InvalidArgument, InvalidArgumentType, require_type
from dockersdk.utils.parsing import split_command  # re-exported: callers import it from here

if TYPE_CHECKING:
    from typing_extensions import TypeIs

__all__ = [
    "convert_filters",
    "convert_port_bindings",
    "convert_service_networks",
    "convert_tmpfs_mounts",
    "convert_volume_binds",
    "datetime_to_timestamp",
    "decode_json_header",
    "format_environment",
    "format_extra_hosts",
    "normalize_links",
    "split_command",
]

PROPAGATION_MODES = ("rshared", "shared", "rslave", "slave", "rprivate", "private")

PortBinding: TypeAlias = "int | str | tuple[Any, ...] | Mapping[str, Any] | None"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _text(value: object) -> str:
    if not isinstance(value, bytes):
        return str(value)
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArgument(f"{value!r} is not UTF-8 text: {exc.reason}") from exc


def _convert_port_binding(key: str, binding: PortBinding) -> dict[str, str]:
    host_ip: Any = ""
    host_port: Any = None
    if isinstance(binding, tuple):
        if len(binding) == 2:
            host_ip, host_port = binding
        elif len(binding) == 1 and isinstance(binding[0], str):
            host_ip = binding[0]
        elif len(binding) == 1:
            host_port = binding[0]
        else:
            raise InvalidArgument(
                f"port binding for {key!r} must be (ip, port), (ip,) or (port,); got {binding!r}"
            )
    elif isinstance(binding, Mapping):
        if "HostPort" not in binding:
            raise InvalidArgument(
                f"port binding dict for {key!r} needs a 'HostPort' key; got {binding!r}"
            )
        host_port = binding["HostPort"]
        host_ip = binding.get("HostIp", "")
    else:
        host_port = binding
    return {
        "HostIp": "" if host_ip is None else str(host_ip),
        "HostPort": "" if host_port is None else str(host_port),
    }


def convert_port_bindings(
    port_bindings: Mapping[Any, PortBinding | list[PortBinding]],
) -> dict[str, list[dict[str, str]]]:
    """Convert ``{container_port: host_binding}`` to the API's ``PortBindings``.

    A key without a protocol gets ``/tcp``. A binding is a host port (int or str), None
    (any free port), ``(ip, port)``, ``(ip,)``, ``(port,)``, a dict with ``HostPort``
    (and optionally ``HostIp``), or a list of those to publish one port several times.

    Args:
        port_bindings: e.g. ``{'8080/tcp': 8080, 9000: ('127.0.0.1', 9000), 53: None}``.

    Returns:
        e.g. ``{'8080/tcp': [{'HostIp': '', 'HostPort': '8080'}], ...}``.

    Raises:
        InvalidArgument: a binding has an unusable shape.
    """
    require_type(port_bindings, Mapping, "convert_port_bindings(): port_bindings")
    result: dict[str, list[dict[str, str]]] = {}
    for port, value in port_bindings.items():
        key = str(port)
        if "/" not in key:
            key += "/tcp"
        values = value if isinstance(value, list) else [value]
        result[key] = [_convert_port_binding(key, binding) for binding in values]
    return result


def convert_volume_binds(binds: Mapping[Any, Any] | list[str]) -> list[str]:
    """Convert volume bindings to the API's ``Binds`` strings (``host:container:mode``).

    Args:
        binds: a list of ready-made bind strings (returned as a copy), or a dict mapping a
            host path or volume name to either the container path (mode ``rw``) or a dict
            with ``bind``, and optionally ``mode`` (``'ro'``, ``'rw'``, ``'z'``...) or
            ``ro`` (bool), and ``propagation`` (``rshared``, ``shared``, ``rslave``,
            ``slave``, ``rprivate``, ``private``).

    Returns:
        e.g. ``['/host/data:/app/data:rw', '/host/config:/app/config:ro']``.

    Raises:
        InvalidArgument: a dict lacks ``bind``, has both ``ro`` and ``mode``, or names an
            unknown propagation mode.
    """
    require_type(binds, (Mapping, list), "convert_volume_binds(): binds")
    if isinstance(binds, list):
        return list(binds)
    result: list[str] = []
    for source, spec in binds.items():
        host = _text(source)
        if not is_mapping(spec):
            result.append(f"{host}:{_text(spec)}:rw")
            continue
        if "bind" not in spec:
            raise InvalidArgument(f"binding for {host!r} needs a 'bind' key; got {spec!r}")
        if "ro" in spec and "mode" in spec:
            raise InvalidArgument(f'Binding cannot contain both "ro" and "mode": {spec!r}')
        mode = ("ro" if spec["ro"] else "rw") if "ro" in spec else str(spec.get("mode", "rw"))
        propagation = spec.get("propagation")
        if propagation is not None:
            if propagation not in PROPAGATION_MODES:
                raise InvalidArgument(
                    f"binding for {host!r}: unknown propagation {propagation!r}"
                    f" (use one of {', '.join(PROPAGATION_MODES)})"
                )
            mode = f"{mode},{propagation}" if mode else str(propagation)
        result.append(f"{host}:{_text(spec['bind'])}:{mode}")
    return result


def convert_tmpfs_mounts(tmpfs: Mapping[str, str] | list[str]) -> dict[str, str]:
    """Convert tmpfs mounts to the API's ``Tmpfs`` map.

    Args:
        tmpfs: a dict ``{path: options}`` (returned as a copy) or a list of
            ``'path'`` / ``'path:options'`` strings.

    Returns:
        ``{container_path: mount_options}``.

    Raises:
        InvalidArgument: neither a dict nor a list of strings.
    """
    if isinstance(tmpfs, Mapping):
        return dict(tmpfs)
    if not is_list(tmpfs):  # untyped callers
        raise InvalidArgument(f"tmpfs must be a list or a dict, found: {type(tmpfs).__name__}")
    result: dict[str, str] = {}
    for mount in tmpfs:
        if not is_str(mount):
            raise InvalidArgument(
                f"tmpfs list items must be strings, found: {type(mount).__name__}"
            )
        name, _, options = mount.partition(":")
        result[name] = options
    return result


def convert_service_networks(
    networks: list[str | dict[str, Any]] | None,
) -> list[dict[str, Any]] | None:
    """Convert a service's networks to ``[{'Target': name}, ...]``.

    Args:
        networks: network names or ready-made attachment dicts; None or empty passes
            through.

    Returns:
        The attachment dicts, or the falsy input unchanged.

    Raises:
        InvalidArgument: ``networks`` is not a list.
    """
    if not networks:
        return networks  # type: ignore[return-value]
    if not is_list(networks):  # untyped callers
        raise InvalidArgumentType("networks parameter must be a list.")
    return [{"Target": n} if isinstance(n, str) else n for n in networks]


def _filter_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


def _is_several(value: object) -> TypeIs[list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any]]:
    return isinstance(value, (list, tuple, set, frozenset))


def convert_filters(filters: Mapping[str, Any]) -> str:
    """Encode list filters as the JSON string the Engine API's ``filters`` query expects.

    Each value becomes a list of strings: a scalar is wrapped, booleans become
    ``'true'``/``'false'`` (also inside lists), other values are ``str()``-ed. A dict
    value is passed through as the engine's native ``{value: true}`` form. Keys whose
    value is None are dropped.

    Args:
        filters: e.g. ``{'dangling': True, 'label': ['a=b', 'c']}``.

    Returns:
        e.g. ``'{"dangling": ["true"], "label": ["a=b", "c"]}'``.
    """
    require_type(filters, Mapping, "convert_filters(): filters")
    result: dict[str, Any] = {}
    for key, value in filters.items():
        if value is None:
            continue
        if is_mapping(value):
            result[key] = {_filter_value(k): bool(v) for k, v in value.items()}
            continue
        items = value if _is_several(value) else [value]
        result[key] = [_filter_value(item) for item in items]
    return json.dumps(result)


def format_environment(environment: Mapping[str, Any] | Iterable[str]) -> list[str]:
    """Format environment variables as the API's ``Env`` list.

    Args:
        environment: a dict (a None value gives the bare name, which makes the engine
            drop or inherit the variable) or a list of ``'KEY=value'`` strings.

    Returns:
        e.g. ``['ENV=production', 'DEBUG']``.

    Raises:
        InvalidArgument: a list item is not a string.
    """
    if isinstance(environment, (str, bytes)) or not is_iterable(environment):  # untyped callers
        raise InvalidArgumentType(
            f"format_environment(): environment must be a mapping or a list of 'KEY=value' "
            f"strings, got {type(environment).__name__}: {environment!r}"
        )
    if is_mapping(environment):
        return [
            key if value is None else f"{key}={_text(value)}" for key, value in environment.items()
        ]
    result: list[str] = []
    for item in environment:
        if isinstance(item, bytes):
            item = item.decode("utf-8")
        if not is_str(item):
            raise InvalidArgument(
                f"environment list items must be 'KEY=value' strings; got {item!r}"
            )
        result.append(item)
    return result


def format_extra_hosts(extra_hosts: Mapping[str, str] | list[str], task: bool = False) -> list[str]:
    """Format extra ``/etc/hosts`` entries.

    Args:
        extra_hosts: ``{hostname: ip}`` (sorted by name) or a ready-made list.
        task: use the swarm task format ``'ip hostname'`` instead of ``'hostname:ip'``.

    Returns:
        The entries as strings.
    """
    require_type(extra_hosts, (Mapping, list), "format_extra_hosts(): extra_hosts")
    if not isinstance(extra_hosts, Mapping):
        return list(extra_hosts)
    if task:
        return [f"{ip} {name}" for name, ip in sorted(extra_hosts.items())]
    return [f"{name}:{ip}" for name, ip in sorted(extra_hosts.items())]


def normalize_links(
    links: Mapping[str, str | None] | Iterable[tuple[str, str | None]],
) -> list[str]:
    """Normalize container links to sorted ``'name:alias'`` strings.

    Args:
        links: ``{name: alias}`` or ``(name, alias)`` pairs; an empty alias gives
            ``'name'`` alone.

    Returns:
        The sorted link strings.
    """
    if isinstance(links, (str, bytes)) or not is_iterable(links):  # untyped callers
        raise InvalidArgumentType(
            f"normalize_links(): links must be a mapping or (name, alias) pairs, got {links!r}"
        )
    pairs: list[object] = list(links.items() if is_mapping(links) else links)
    for pair in pairs:
        if not (
            is_tuple(pair)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], (str, type(None)))
        ):
            raise InvalidArgumentType(
                f"normalize_links(): each link must be a (name, alias) pair of strings, "
                f"got {pair!r}"
            )
    checked = cast("list[tuple[str, str | None]]", pairs)
    return [f"{name}:{alias}" if alias else name for name, alias in sorted(checked)]


def datetime_to_timestamp(dt: datetime) -> int:
    """Convert a datetime to whole Unix seconds (rounded down).

    Args:
        dt: an aware datetime, or a naive one, which is taken to be UTC (docker-py 7
            reads naive values as local time; Docker timestamps are UTC).

    Returns:
        Seconds since the epoch.

    Raises:
        InvalidArgument: ``dt`` is not a datetime.
    """
    dt = _require_datetime(dt)
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=timezone.utc)
    delta = dt - _EPOCH
    return delta.days * 86400 + delta.seconds


def _require_datetime(value: object) -> datetime:
    """``value``, which untyped callers may pass as anything."""
    if not isinstance(value, datetime):
        raise InvalidArgument(f"expected a datetime, got {type(value).__name__}")
    return value


def decode_json_header(header: str | bytes) -> Any:
    """Decode a base64-encoded JSON header (e.g. ``X-Docker-Container-Path-Stat``).

    Args:
        header: the header value.

    Returns:
        The decoded JSON value.

    Raises:
        InvalidArgument: the value is not base64 of UTF-8 JSON.
    """
    require_type(header, (str, bytes), "decode_json_header(): header")
    raw = header.encode("ascii", "replace") if isinstance(header, str) else header
    # Accept both the standard and the URL-safe alphabet, with or without padding.
    raw = raw.strip().replace(b"-", b"+").replace(b"_", b"/")
    try:
        data = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=False)
        return json.loads(data.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidArgument(f"header is not base64-encoded JSON: {exc}") from exc
