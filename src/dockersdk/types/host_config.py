"""``HostConfig``: a container's host-dependent settings, with docker-py's arguments."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dockersdk._guards import is_mapping
from dockersdk.errors import InvalidArgument
from dockersdk.types._base import (
    Builder,
    InvalidArgumentType,
    check_type,
    coerce,
    convert,
    links_list,
    require_before,
    require_min,
    require_version,
    serialize,
)
from dockersdk.types.containers import ContainerRestartPolicy, DeviceRequest, LogConfig, Ulimit
from dockersdk.types.mounts import Mount
from dockersdk.utils.conversions import (
    convert_port_bindings,
    convert_tmpfs_mounts,
    convert_volume_binds,
    format_extra_hosts,
)
from dockersdk.utils.parsing import parse_bytes, parse_devices
from dockersdk.utils.versions import compare_version

__all__ = ["HostConfig"]

_OWNER = "HostConfig"
_Conv = Callable[[str, Any], Any]


def _typed(expected: type | tuple[type, ...]) -> _Conv:
    def conv(field: str, value: Any) -> Any:
        return check_type(_OWNER, field, value, expected)

    return conv


def _with(func: Callable[[Any], Any]) -> _Conv:
    def conv(field: str, value: Any) -> Any:
        return convert(_OWNER, field, value, func)

    return conv


def _list(field: str, value: Any) -> list[Any]:
    return list(check_type(_OWNER, field, value, (list, tuple)))


def _dict(field: str, value: Any) -> dict[str, Any]:
    return dict(check_type(_OWNER, field, value, Mapping))


def _each(cls: type[Any]) -> _Conv:
    def conv(field: str, value: Any) -> list[Any]:
        return [coerce(cls, item, _OWNER, f"{field} item") for item in _list(field, value)]

    return conv


def _host_only(field: str, value: Any) -> str:
    if value != "host":
        raise InvalidArgument(f"Invalid value for {_OWNER} {field!r}: {value!r} (only 'host')")
    return "host"


def _device_list(field: str, value: Any) -> Any:
    # a string goes to parse_devices, whose error says which list is meant
    return value if isinstance(value, (str, bytes)) else _list(field, value)


def _volumes_from(field: str, value: Any) -> list[str]:
    return value.split(",") if isinstance(value, str) else _list(field, value)


def _extra_hosts(field: str, value: Any) -> list[str]:
    if is_mapping(value):
        return format_extra_hosts(value)
    return _list(field, value)


def _sysctls(field: str, value: Any) -> dict[str, str]:
    return {key: str(item) for key, item in _dict(field, value).items()}


def _restart_policy(field: str, value: Any) -> ContainerRestartPolicy:
    from dockersdk.types.services import RestartPolicy

    if isinstance(value, RestartPolicy) or not isinstance(value, (ContainerRestartPolicy, Mapping)):
        raise InvalidArgumentType(
            f"Invalid type for {_OWNER} {field!r}: expected a dict such as "
            f"{{'Name': 'always'}} or a ContainerRestartPolicy but found {type(value).__name__}"
            " (dockersdk.types.RestartPolicy is the swarm service policy)"
        )
    return coerce(ContainerRestartPolicy, value, _OWNER, field)


def _mounts(field: str, value: Any) -> list[Any]:
    result: list[Any] = []
    for item in _list(field, value):
        if isinstance(item, str):
            item = Mount.parse_mount_string(item)
        elif not isinstance(item, (Mount, Mapping)):
            raise InvalidArgumentType(
                f"Invalid type for {_OWNER} 'mounts' item: expected Mount, dict or str but "
                f"found {type(item).__name__}"
            )
        result.append(serialize(item))
    return result


_BYTES = _with(parse_bytes)
_INT = _typed(int)
_STR = _typed(str)
_BOOL = _typed(bool)

# (argument, API key, sent only when truthy as docker-py did, converter), in docker-py's order.
_RULES: tuple[tuple[str, str, bool, _Conv], ...] = (
    ("mem_limit", "Memory", False, _BYTES),
    ("memswap_limit", "MemorySwap", False, _BYTES),
    ("mem_reservation", "MemoryReservation", True, _BYTES),
    ("kernel_memory", "KernelMemory", True, _BYTES),
    ("mem_swappiness", "MemorySwappiness", False, _INT),
    ("shm_size", "ShmSize", False, _BYTES),
    ("pid_mode", "PidMode", True, _STR),
    ("ipc_mode", "IpcMode", True, _STR),
    ("privileged", "Privileged", True, _BOOL),
    ("oom_kill_disable", "OomKillDisable", True, _BOOL),
    ("oom_score_adj", "OomScoreAdj", True, _INT),
    ("publish_all_ports", "PublishAllPorts", True, _BOOL),
    ("read_only", "ReadonlyRootfs", False, _BOOL),
    ("dns_search", "DnsSearch", True, _list),
    ("restart_policy", "RestartPolicy", True, _restart_policy),
    ("cap_add", "CapAdd", True, _list),
    ("cap_drop", "CapDrop", True, _list),
    (
        "devices",
        "Devices",
        True,
        lambda f, v: convert(_OWNER, f, _device_list(f, v), parse_devices),
    ),
    ("group_add", "GroupAdd", True, lambda f, v: [str(g) for g in _list(f, v)]),
    ("dns", "Dns", False, _list),
    ("dns_opt", "DnsOptions", False, _list),
    ("security_opt", "SecurityOpt", False, _list),
    ("sysctls", "Sysctls", True, _sysctls),
    ("volumes_from", "VolumesFrom", False, _volumes_from),
    ("binds", "Binds", False, _with(convert_volume_binds)),
    ("port_bindings", "PortBindings", False, _with(convert_port_bindings)),
    ("extra_hosts", "ExtraHosts", False, _extra_hosts),
    ("links", "Links", False, lambda f, v: links_list(_OWNER, f, v)),
    ("cgroup_parent", "CgroupParent", False, _STR),
    ("ulimits", "Ulimits", False, _each(Ulimit)),
    ("log_config", "LogConfig", False, lambda f, v: coerce(LogConfig, v, _OWNER, f)),
    ("cpu_quota", "CpuQuota", True, _INT),
    ("cpu_period", "CpuPeriod", True, _INT),
    ("cpu_shares", "CpuShares", True, _INT),
    ("cpuset_cpus", "CpusetCpus", True, _STR),
    ("cpuset_mems", "CpusetMems", True, _STR),
    ("cpu_rt_period", "CpuRealtimePeriod", True, _INT),
    ("cpu_rt_runtime", "CpuRealtimeRuntime", True, _INT),
    ("blkio_weight", "BlkioWeight", True, _INT),
    ("blkio_weight_device", "BlkioWeightDevice", True, _list),
    ("device_read_bps", "BlkioDeviceReadBps", True, _list),
    ("device_write_bps", "BlkioDeviceWriteBps", True, _list),
    ("device_read_iops", "BlkioDeviceReadIOps", True, _list),
    ("device_write_iops", "BlkioDeviceWriteIOps", True, _list),
    ("tmpfs", "Tmpfs", True, _with(convert_tmpfs_mounts)),
    ("userns_mode", "UsernsMode", True, _host_only),
    ("uts_mode", "UTSMode", True, _host_only),
    ("pids_limit", "PidsLimit", True, _INT),
    ("isolation", "Isolation", True, _STR),
    ("auto_remove", "AutoRemove", True, _BOOL),
    ("storage_opt", "StorageOpt", False, _dict),
    ("init", "Init", False, _BOOL),
    ("init_path", "InitPath", False, _STR),
    ("volume_driver", "VolumeDriver", False, _STR),
    ("cpu_count", "CpuCount", True, _INT),
    ("cpu_percent", "CpuPercent", True, _INT),
    ("nano_cpus", "NanoCpus", True, _INT),
    ("runtime", "Runtime", True, _STR),
    ("mounts", "Mounts", False, _mounts),
    ("device_cgroup_rules", "DeviceCgroupRules", False, _list),
    ("device_requests", "DeviceRequests", False, _each(DeviceRequest)),
    ("cgroupns", "CgroupnsMode", True, _STR),
    # Newer than docker-py 7.1:
    ("cgroup", "Cgroup", False, _STR),
    ("annotations", "Annotations", False, _dict),
    ("masked_paths", "MaskedPaths", False, _list),
    ("readonly_paths", "ReadonlyPaths", False, _list),
)


class HostConfig(Builder):
    """The ``HostConfig`` of a container, from docker-py 7's ``HostConfig`` arguments.

    Values are converted as docker-py did (``mem_limit='512m'`` becomes bytes, ``binds``
    and ``port_bindings`` dicts become the API's shapes, ``ulimits``/``log_config``
    /``device_requests`` dicts become builders) and checked: a wrong type or value raises
    :class:`~dockersdk.errors.InvalidArgument` naming the argument; with ``version`` set, an
    argument the API version does not have raises :class:`~dockersdk.errors.InvalidVersion`
    naming it and both versions. Falsy flags (``privileged=False`` ...) are left out, as
    docker-py left them out; ``NetworkMode`` is ``'default'`` unless ``network_mode`` says
    otherwise. Every argument not listed below maps one-to-one to the API key docker-py
    mapped it to (see the Engine API's ``HostConfig``).

    Args:
        version: the API version to check against (docker-py passed the client's); None or
            ``'auto'`` checks nothing.
        binds: ``{host_path: {'bind': path, 'mode': 'rw'}}``, ``{host_path: path}`` or
            ``['host:container:mode']``.
        port_bindings: ``{'8080/tcp': 8080, 9000: ('127.0.0.1', 9000), 53: None}``.
        mem_limit, memswap_limit, mem_reservation, kernel_memory, shm_size: bytes, or
            strings such as ``'512m'``.
        restart_policy: ``{'Name': 'on-failure', 'MaximumRetryCount': 3}`` or a
            :class:`ContainerRestartPolicy`.
        ulimits: :class:`Ulimit` objects or dicts. log_config: a :class:`LogConfig` or dict.
        mounts: :class:`Mount` objects, API dicts or ``'source:target[:ro]'`` strings.
        device_requests: :class:`DeviceRequest` objects or dicts.
        extra_hosts: ``{'host': 'ip'}`` or ``['host:ip']``. volumes_from: a list or a
            comma-separated string. sysctls: values are sent as strings.
        userns_mode, uts_mode: only ``'host'``. lxc_conf: LXC is gone from the API; only
            None or an empty value is accepted.
        cgroup, annotations, masked_paths, readonly_paths: newer API fields docker-py 7.1
            lacks.

    Raises:
        InvalidArgument: a malformed value, or ``network_mode='host'`` with port bindings.
        InvalidVersion: an argument newer (or older) than ``version``.
    """

    api_model = "HostConfig"

    def __init__(
        self,
        version: str | None = None,
        *,
        binds: Mapping[str, Any] | Sequence[str] | None = None,
        port_bindings: Mapping[Any, Any] | None = None,
        lxc_conf: Mapping[str, Any] | Sequence[Any] | None = None,
        publish_all_ports: bool = False,
        links: Mapping[str, str | None]
        | Sequence[tuple[str, str | None]]
        | Sequence[str]
        | None = None,
        privileged: bool = False,
        dns: Sequence[str] | None = None,
        dns_search: Sequence[str] | None = None,
        volumes_from: str | Sequence[str] | None = None,
        network_mode: str | None = None,
        restart_policy: Mapping[str, Any] | ContainerRestartPolicy | None = None,
        cap_add: Sequence[str] | None = None,
        cap_drop: Sequence[str] | None = None,
        devices: list[str | Mapping[str, Any]] | tuple[str | Mapping[str, Any], ...] | None = None,
        extra_hosts: Mapping[str, str] | Sequence[str] | None = None,
        read_only: bool | None = None,
        pid_mode: str | None = None,
        ipc_mode: str | None = None,
        security_opt: Sequence[str] | None = None,
        ulimits: Sequence[Ulimit | Mapping[str, Any]] | None = None,
        log_config: LogConfig | Mapping[str, Any] | None = None,
        mem_limit: int | str | None = None,
        memswap_limit: int | str | None = None,
        mem_reservation: int | str | None = None,
        kernel_memory: int | str | None = None,
        mem_swappiness: int | None = None,
        cgroup_parent: str | None = None,
        group_add: Sequence[str | int] | None = None,
        cpu_quota: int | None = None,
        cpu_period: int | None = None,
        blkio_weight: int | None = None,
        blkio_weight_device: Sequence[Mapping[str, Any]] | None = None,
        device_read_bps: Sequence[Mapping[str, Any]] | None = None,
        device_write_bps: Sequence[Mapping[str, Any]] | None = None,
        device_read_iops: Sequence[Mapping[str, Any]] | None = None,
        device_write_iops: Sequence[Mapping[str, Any]] | None = None,
        oom_kill_disable: bool = False,
        shm_size: int | str | None = None,
        sysctls: Mapping[str, Any] | None = None,
        tmpfs: Mapping[str, str] | Sequence[str] | None = None,
        oom_score_adj: int | None = None,
        dns_opt: Sequence[str] | None = None,
        cpu_shares: int | None = None,
        cpuset_cpus: str | None = None,
        userns_mode: str | None = None,
        uts_mode: str | None = None,
        pids_limit: int | None = None,
        isolation: str | None = None,
        auto_remove: bool = False,
        storage_opt: Mapping[str, str] | None = None,
        init: bool | None = None,
        init_path: str | None = None,
        volume_driver: str | None = None,
        cpu_count: int | None = None,
        cpu_percent: int | None = None,
        nano_cpus: int | None = None,
        cpuset_mems: str | None = None,
        runtime: str | None = None,
        mounts: Sequence[Mount | Mapping[str, Any] | str] | None = None,
        cpu_rt_period: int | None = None,
        cpu_rt_runtime: int | None = None,
        device_cgroup_rules: Sequence[str] | None = None,
        device_requests: Sequence[DeviceRequest | Mapping[str, Any]] | None = None,
        cgroupns: str | None = None,
        cgroup: str | None = None,
        annotations: Mapping[str, str] | None = None,
        masked_paths: Sequence[str] | None = None,
        readonly_paths: Sequence[str] | None = None,
    ) -> None:
        args = dict(locals())
        super().__init__()
        if version is not None and version != "auto":
            compare_version(version, version)  # raises InvalidArgument for a malformed one
        if lxc_conf:
            raise InvalidArgument(
                f"{_OWNER} 'lxc_conf' is not supported: the LXC driver left the Engine API in "
                "version 1.22, before every version dockersdk speaks"
            )
        if network_mode is not None:
            check_type(_OWNER, "network_mode", network_mode, str)
        if network_mode == "host" and port_bindings:
            raise InvalidArgument('"host" network_mode is incompatible with port_bindings')
        data: dict[str, Any] = {}
        for name, key, truthy_only, conv in _RULES:
            value = args[name]
            if value is None or (truthy_only and not value):
                continue
            data[key] = conv(name, value)
            require_version(version, _OWNER, key, name)
        if init_path is not None:
            require_min(version, "1.25", "init_path")
            require_before(version, "1.29", "init_path")
        data["NetworkMode"] = network_mode or "default"
        self._set(data)
