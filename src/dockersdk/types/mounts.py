"""``Mount`` (a container or service mount) and ``DriverConfig`` (a driver and its options)."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any

from dockersdk.errors import InvalidArgument
from dockersdk.types._base import Builder, check_choice, check_type, coerce, convert
from dockersdk.utils.conversions import PROPAGATION_MODES
from dockersdk.utils.parsing import parse_bytes

__all__ = ["DriverConfig", "Mount"]

MOUNT_TYPES = ("bind", "volume", "tmpfs", "npipe", "image", "cluster")
CONSISTENCY_MODES = ("default", "consistent", "cached", "delegated")
# ``C:\\path`` is a Windows source; ``v:/data`` is volume ``v`` unless the client is on Windows.
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]" if sys.platform == "win32" else r"^[A-Za-z]:\\")


class DriverConfig(Builder):
    """A driver's name and options: a service's log driver, a volume mount's driver, or the
    driver of a secret.

    Args:
        name: the driver.
        options: driver-specific options.
    """

    api_model = "TaskSpecLogDriver"

    def __init__(self, name: str, options: Mapping[str, str] | None = None) -> None:
        super().__init__()
        check_type("DriverConfig", "name", name, str)
        if options is not None:
            check_type("DriverConfig", "options", options, Mapping)
        self._set({"Name": name, "Options": dict(options) if options else None})

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> DriverConfig:
        """Build from ``{'Name': .., 'Options': ..}`` or snake_case keys."""
        name = value.get("name", value.get("Name"))
        return cls(name, value.get("options", value.get("Options")))


class Mount(Builder):
    """A mount for a container (``HostConfig.Mounts``) or a service (``ContainerSpec``).

    Args:
        target: the path in the container.
        source: a volume name or a host path (None for an anonymous volume or tmpfs).
        type: ``'bind'``, ``'volume'`` (the default), ``'tmpfs'``, ``'npipe'``, ``'image'``
            or ``'cluster'``.
        read_only: mount read-only.
        consistency: ``'default'``, ``'consistent'``, ``'cached'`` or ``'delegated'``.
        propagation: bind propagation (``'rprivate'``...); ``bind`` only.
        no_copy: do not copy the target's content into a new volume; ``volume`` only.
        labels: labels for the volume; ``volume`` only.
        driver_config: a :class:`DriverConfig` (or dict) for the volume; ``volume`` only.
        tmpfs_size: the tmpfs size in bytes or as ``'64m'``; ``tmpfs`` only.
        tmpfs_mode: the tmpfs permission bits (an int, e.g. ``0o1777``); ``tmpfs`` only.

    Raises:
        InvalidArgument: an unknown type, or an option that does not fit the type.
    """

    api_model = "Mount"

    def __init__(
        self,
        target: str,
        source: str | None,
        type: str = "volume",
        read_only: bool = False,
        consistency: str | None = None,
        propagation: str | None = None,
        no_copy: bool = False,
        labels: Mapping[str, str] | None = None,
        driver_config: DriverConfig | Mapping[str, Any] | None = None,
        tmpfs_size: int | str | None = None,
        tmpfs_mode: int | None = None,
    ) -> None:
        super().__init__()
        owner = "Mount"
        check_type(owner, "target", target, str)
        if source is not None:
            check_type(owner, "source", source, str)
        check_choice(owner, "type", type, MOUNT_TYPES)
        check_type(owner, "read_only", read_only, bool)
        if consistency is not None:
            check_choice(owner, "consistency", consistency, CONSISTENCY_MODES)
        data: dict[str, Any] = {
            "Target": target,
            "Source": source,
            "Type": type,
            "ReadOnly": read_only,
            "Consistency": consistency or None,
        }
        misplaced: dict[str, dict[str, Any]] = {
            "bind": {"labels": labels, "driver_config": driver_config, "no_copy": no_copy},
            "volume": {"propagation": propagation},
            "tmpfs": {"propagation": propagation, "labels": labels},
        }
        misplaced["bind"].update(tmpfs_size=tmpfs_size, tmpfs_mode=tmpfs_mode)
        misplaced["volume"].update(tmpfs_size=tmpfs_size, tmpfs_mode=tmpfs_mode)
        misplaced["tmpfs"].update(driver_config=driver_config, no_copy=no_copy)
        wrong = sorted(name for name, value in misplaced.get(type, {}).items() if value)
        if wrong:
            raise InvalidArgument(
                f"Incompatible options have been provided for the {type} type mount: "
                f"{', '.join(wrong)}"
            )
        if type == "bind" and propagation is not None:
            check_choice(owner, "propagation", propagation, PROPAGATION_MODES)
            data["BindOptions"] = {"Propagation": propagation}
        elif type == "volume":
            volume: dict[str, Any] = {}
            if no_copy:
                volume["NoCopy"] = True
            if labels:
                volume["Labels"] = dict(check_type(owner, "labels", labels, Mapping))
            if driver_config:
                volume["DriverConfig"] = coerce(DriverConfig, driver_config, owner, "driver_config")
            if volume:
                data["VolumeOptions"] = volume
        elif type == "tmpfs":
            tmpfs: dict[str, Any] = {}
            if tmpfs_mode:
                tmpfs["Mode"] = check_type(owner, "tmpfs_mode", tmpfs_mode, int)
            if tmpfs_size:
                tmpfs["SizeBytes"] = convert(owner, "tmpfs_size", tmpfs_size, parse_bytes)
            if tmpfs:
                data["TmpfsOptions"] = tmpfs
        self._set(data)

    @classmethod
    def parse_mount_string(cls, string: str) -> Mount:
        """Parse ``'target'``, ``'source:target'`` or ``'source:target:ro|rw'``.

        A source that is an absolute path (``/x``, or ``C:\\x``) gives a bind mount, anything
        else a named volume.

        Raises:
            InvalidArgument: more than three fields, or a mode other than ``ro``/``rw``.
        """
        check_type("Mount", "mount string", string, str)
        drive = ""
        rest = string
        if _WINDOWS_DRIVE.match(string):
            drive, rest = string[:2], string[2:]
        parts = rest.split(":")
        if len(parts) > 3 or not all(parts):
            raise InvalidArgument(f'Invalid mount format "{string}"')
        if len(parts) == 1 and not drive:
            return cls(target=parts[0], source=None)
        if len(parts) == 1:
            raise InvalidArgument(f'Invalid mount format "{string}": no target')
        source, target = drive + parts[0], parts[1]
        mode = parts[2] if len(parts) == 3 else "rw"
        if mode not in ("ro", "rw"):
            raise InvalidArgument(f'Invalid mount format "{string}": mode must be ro or rw')
        is_path = source.startswith("/") or bool(drive)
        return cls(target, source, read_only=mode == "ro", type="bind" if is_path else "volume")
