"""Parse user-facing strings: image references, byte sizes, device specs, commands."""

from __future__ import annotations

import math
import re
import shlex
from collections.abc import Iterable, Mapping
from typing import Any

from dockersdk._guards import is_str
from dockersdk.errors import InvalidArgument, InvalidRepository, require_type

__all__ = [
    "BYTE_UNITS",
    "parse_bytes",
    "parse_devices",
    "parse_repository_tag",
    "split_command",
]

#: Multipliers for :func:`parse_bytes` (binary units, as the Docker CLI uses for memory).
BYTE_UNITS = {
    "b": 1,
    "k": 1024,
    "m": 1024**2,
    "g": 1024**3,
    "t": 1024**4,
    "p": 1024**5,
}

# Docker's RAMInBytes grammar (number, optional space, unit, optional "i", optional "b"),
# plus an optional minus sign so "-1" (unlimited swap) still works as in docker-py.
_SIZE = re.compile(r"(-?\d+(?:\.\d+)?) ?([kmgtp])?(i)?(b)?", re.IGNORECASE | re.ASCII)


def parse_repository_tag(repo_name: str) -> tuple[str, str]:
    """Split an image reference into repository and tag (or digest).

    A ``:`` followed by a ``/`` belongs to a registry port, not a tag, so
    ``'localhost:5000/foo'`` has no tag. ``'repo@sha256:...'`` gives the digest as the tag.

    Note:
        docker-py returns None as the tag when there is none; dockersdk's contract
        returns ``'latest'``, the tag the engine would use.

    Args:
        repo_name: e.g. ``'nginx:1.21-alpine'``, ``'localhost:5000/foo'``,
            ``'busybox@sha256:abc...'``.

    Returns:
        ``(repository, tag)``; the tag is ``'latest'`` when absent.

    Raises:
        InvalidRepository: the name, tag or digest is empty.
    """
    if not is_str(repo_name) or not repo_name.strip():  # untyped callers pass None
        raise InvalidRepository(f"invalid image reference {repo_name!r}: it is empty")
    name, at, digest = repo_name.rpartition("@")
    if at:
        if not name or not digest:
            raise InvalidRepository(f"invalid image reference {repo_name!r}: empty name or digest")
        return name, digest
    name, colon, tag = repo_name.rpartition(":")
    if colon and "/" not in tag:
        if not name or not tag:
            raise InvalidRepository(f"invalid image reference {repo_name!r}: empty name or tag")
        return name, tag
    return repo_name, "latest"


def _valid_device_mode(mode: str) -> bool:
    return bool(mode) and len(mode) <= 3 and set(mode) <= set("rwm") and len(set(mode)) == len(mode)


def parse_devices(devices: Iterable[str | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Parse ``--device`` specs into the API's ``Devices`` entries.

    Specs follow the Docker CLI: ``'/dev/x'``, ``'/dev/x:/dev/y'``,
    ``'/dev/x:/dev/y:rw'`` and ``'/dev/x:rw'`` (a second field made only of ``r``, ``w``
    and ``m`` is the permissions, not a container path). Dicts pass through.

    Args:
        devices: the specs.

    Returns:
        ``[{'PathOnHost': ..., 'PathInContainer': ..., 'CgroupPermissions': ...}, ...]``.

    Raises:
        InvalidArgument: a spec is not a string or dict, has more than three fields, or
            has invalid permissions.
    """
    if isinstance(devices, (str, bytes)):
        raise InvalidArgument(
            f"devices is a list of device specs, e.g. [{devices!r}], not a string (it would "
            "be read one character at a time)"
        )
    result: list[dict[str, Any]] = []
    for device in devices:
        if isinstance(device, Mapping):
            result.append(dict(device))
            continue
        if not is_str(device):
            raise InvalidArgument(f"Invalid device type {type(device).__name__}: {device!r}")
        fields = device.split(":")
        if len(fields) > 3 or not fields[0]:
            raise InvalidArgument(f"invalid device specification: {device!r}")
        source, target, permissions = fields[0], "", "rwm"
        if len(fields) == 3:
            target, permissions = fields[1], fields[2]
        elif len(fields) == 2:
            if _valid_device_mode(fields[1]):
                permissions = fields[1]
            else:
                target = fields[1]
        if not _valid_device_mode(permissions):
            raise InvalidArgument(
                f"invalid device permissions {permissions!r} in {device!r} (use r, w and m)"
            )
        result.append(
            {
                "PathOnHost": source,
                "PathInContainer": target or source,
                "CgroupPermissions": permissions,
            }
        )
    return result


def parse_bytes(s: str | int | float) -> int:
    """Parse a size such as ``'512m'`` into bytes.

    Units are binary and case-insensitive: ``b``, ``k``, ``m``, ``g``, ``t``, ``p``,
    optionally followed by ``i`` and/or ``b`` (``'1gb'``, ``'1GiB'``, ``'1 g'``). A number
    without a unit is bytes; fractions are allowed (``'1.5k'`` is 1536). Ints pass
    through, floats are truncated to int, the empty string is 0, and ``'-1'`` stays -1
    (the engine's "unlimited" for swap).

    Args:
        s: the size.

    Returns:
        The size in bytes.

    Raises:
        InvalidArgument: the value is not a number with a known unit.
    """
    if isinstance(s, bool):
        raise InvalidArgument(f"invalid size {s!r}: expected a number or a string like '512m'")
    if isinstance(s, int):
        return s
    if isinstance(s, float):
        if not math.isfinite(s):
            raise InvalidArgument(f"invalid size {s!r}: expected a finite number of bytes")
        return int(s)
    if not is_str(s):
        raise InvalidArgument(f"invalid size {s!r}: expected a number or a string like '512m'")
    text = s.strip()
    if not text:
        return 0
    match = _SIZE.fullmatch(text)
    if match is None or (match.group(3) and not match.group(2)):
        raise InvalidArgument(
            f"invalid size {s!r}: expected a number with an optional unit "
            "b, k, m, g, t or p (e.g. '512m', '1.5g')"
        )
    number, unit = match.group(1), (match.group(2) or "b").lower()
    if "." in number:
        size = float(number) * BYTE_UNITS[unit]
        if not math.isfinite(size):
            raise InvalidArgument(f"invalid size {s!r}: too large")
        return int(size)
    return int(number) * BYTE_UNITS[unit]


def split_command(command: str | list[str]) -> list[str]:
    """Split a command line into arguments with POSIX shell quoting rules.

    Args:
        command: e.g. ``'python -m http.server 8000'``; a list is returned as a copy.

    Returns:
        The argument list.

    Raises:
        InvalidArgument: the quoting is unbalanced.
    """
    require_type(command, (str, list), "split_command(): command")
    if isinstance(command, list):
        return list(command)
    try:
        return shlex.split(command)
    except ValueError as exc:
        raise InvalidArgument(f"cannot split command {command!r}: {exc}") from exc
