"""Container builders: ``LogConfig``, ``Ulimit``, ``DeviceRequest``, restart policy, config."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from dockersdk._guards import is_list, is_tuple
from dockersdk.errors import InvalidArgument, InvalidArgumentType, InvalidVersion
from dockersdk.types._base import (
    Builder,
    check_choice,
    check_type,
    coerce,
    convert,
    from_dict_kwargs,
    require_version,
    serialize,
)
from dockersdk.types.healthcheck import Healthcheck
from dockersdk.utils.conversions import format_environment
from dockersdk.utils.parsing import split_command
from dockersdk.utils.versions import compare_version

if TYPE_CHECKING:
    from dockersdk.types.host_config import HostConfig
    from dockersdk.types.networks import NetworkingConfig

__all__ = [
    "ContainerConfig",
    "ContainerRestartPolicy",
    "DeviceRequest",
    "HostConfig",
    "LogConfig",
    "LogConfigTypesEnum",
    "Ulimit",
    "host_config_incompatible_error",
    "host_config_type_error",
    "host_config_value_error",
    "host_config_version_error",
]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        # docker-py keeps HostConfig here; dockersdk's lives in types.host_config, which
        # imports this module.
        if name == "HostConfig":
            from dockersdk.types.host_config import HostConfig

            return HostConfig
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def host_config_type_error(param: str, param_value: object, expected: str) -> InvalidArgumentType:
    """docker-py's error for a host config parameter of the wrong type (a ``TypeError``)."""
    return InvalidArgumentType(
        f"Invalid type for {param} param: expected {expected} but found {type(param_value)}"
    )


def host_config_version_error(param: str, version: str, less_than: bool = True) -> InvalidVersion:
    """docker-py's error for a host config parameter the API version does not have."""
    operator = "<" if less_than else ">"
    return InvalidVersion(f"{param} param is not supported in API versions {operator} {version}")


def host_config_value_error(param: str, param_value: object) -> InvalidArgument:
    """docker-py's error for a bad host config value (a ``ValueError``)."""
    return InvalidArgument(f"Invalid value for {param} param: {param_value}")


def host_config_incompatible_error(
    param: str, param_value: object, incompatible_param: str
) -> InvalidArgument:
    """docker-py's error for two host config parameters that exclude each other."""
    return InvalidArgument(f'"{param_value}" {param} is incompatible with {incompatible_param}')


class LogConfigTypesEnum:
    """The logging drivers docker-py names (``LogConfig.types.JSON`` ...)."""

    _values = ("json-file", "syslog", "journald", "gelf", "fluentd", "none")
    JSON, SYSLOG, JOURNALD, GELF, FLUENTD, NONE = _values
    LOCAL = "local"
    AWSLOGS = "awslogs"
    SPLUNK = "splunk"
    ETWLOGS = "etwlogs"
    GCPLOGS = "gcplogs"
    LOGENTRIES = "logentries"


def _log_option(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise InvalidArgument(
        f"Invalid value for LogConfig config[{key!r}]: log options are strings, found "
        f"{type(value).__name__}"
    )


class LogConfig(Builder):
    """A container's logging driver and its options (``HostConfig.LogConfig``).

    Args:
        type: the driver, e.g. ``LogConfig.types.JSON`` (``'json-file'``). Other names are
            passed on: the engine may have logging plugins.
        config: driver options, e.g. ``{'max-size': '10m', 'max-file': 3}``; numbers and
            booleans become the strings the engine wants.

    Raises:
        InvalidArgument: ``type`` is not a string, ``config`` not a dict, or an option value
            not a string, number or bool.

    Example:
        >>> LogConfig(type=LogConfig.types.JSON, config={'max-size': '10m'}).to_api()
        {'Type': 'json-file', 'Config': {'max-size': '10m'}}
    """

    api_model = "HostConfigLogConfig"
    types: ClassVar[type[LogConfigTypesEnum]] = LogConfigTypesEnum

    def __init__(self, *, type: str | None = None, config: Mapping[str, Any] | None = None):
        super().__init__()
        if type is not None:
            check_type("LogConfig", "type", type, str)
        if config is not None:
            check_type("LogConfig", "config", config, Mapping)
        self._set(
            {
                "Type": type,
                "Config": {key: _log_option(key, value) for key, value in (config or {}).items()},
            }
        )

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> LogConfig:
        """Build from ``{'type': .., 'config': ..}`` or the API's ``{'Type': .., 'Config': ..}``."""
        return cls(**from_dict_kwargs(value, {"Type": "type", "Config": "config"}, "LogConfig"))

    @property
    def type(self) -> str | None:
        """The logging driver."""
        driver: str | None = self.get("Type")
        return driver

    @type.setter
    def type(self, value: str) -> None:
        self["Type"] = check_type("LogConfig", "type", value, str)

    @property
    def config(self) -> dict[str, str]:
        """The driver options (the live dict: changes show in ``to_api()``)."""
        options: dict[str, str] = self["Config"]
        return options

    def set_config_value(self, key: str, value: Any) -> None:
        """Set driver option ``key`` to ``value``."""
        self.config[key] = _log_option(key, value)

    def unset_config(self, key: str) -> None:
        """Remove driver option ``key`` if set."""
        self.config.pop(key, None)


class Ulimit(Builder):
    """A resource limit for a container (``HostConfig.Ulimits`` item).

    Args:
        name: the limit, e.g. ``'nofile'`` (see ``/etc/security/limits.conf``).
        soft: the soft limit.
        hard: the hard limit.

    Raises:
        InvalidArgument: ``name`` not a string, a limit not an int, or ``soft > hard``.
    """

    api_model = "ResourcesUlimitsItem"

    def __init__(self, *, name: str, soft: int | None = None, hard: int | None = None) -> None:
        super().__init__()
        check_type("Ulimit", "name", name, str)
        if soft is not None:
            check_type("Ulimit", "soft", soft, int)
        if hard is not None:
            check_type("Ulimit", "hard", hard, int)
        if soft is not None and hard is not None and 0 <= hard < soft:
            raise InvalidArgument(
                f"Invalid value for Ulimit {name!r}: soft limit {soft} is above hard limit {hard}"
            )
        self._set({"Name": name, "Soft": soft, "Hard": hard})

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> Ulimit:
        """Build from ``{'name': .., 'soft': ..}`` or the API's ``{'Name': .., 'Soft': ..}``."""
        keys = {"Name": "name", "Soft": "soft", "Hard": "hard"}
        return cls(**from_dict_kwargs(value, keys, "Ulimit"))

    @property
    def name(self) -> str:
        """The limit's name."""
        name: str = self["Name"]
        return name

    @property
    def soft(self) -> int | None:
        """The soft limit."""
        soft: int | None = self.get("Soft")
        return soft

    @property
    def hard(self) -> int | None:
        """The hard limit."""
        hard: int | None = self.get("Hard")
        return hard


class DeviceRequest(Builder):
    """A request for devices (GPUs...) from a device driver (``HostConfig.DeviceRequests``).

    Args:
        driver: the device driver, e.g. ``'nvidia'``; empty for the default.
        count: how many devices; -1 for all. Not together with ``device_ids``.
        device_ids: the ids of the devices wanted.
        capabilities: a list of lists of capability names: any of the inner lists (OR), all
            of each (AND), e.g. ``[['gpu', 'utility']]``.
        options: driver-specific options.

    Raises:
        InvalidArgument: a wrong type, ``count < -1``, or both ``count`` and ``device_ids``.
    """

    api_model = "DeviceRequest"

    def __init__(
        self,
        *,
        driver: str | None = None,
        count: int | None = None,
        device_ids: Sequence[str] | None = None,
        capabilities: Sequence[Sequence[str]] | None = None,
        options: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        owner = "DeviceRequest"
        if driver is not None:
            check_type(owner, "driver", driver, str)
        if count is not None and check_type(owner, "count", count, int) < -1:
            raise InvalidArgument(f"Invalid value for {owner} 'count': {count} (use -1 for all)")
        if device_ids is not None:
            check_type(owner, "device_ids", device_ids, (list, tuple))
        if capabilities is not None:
            check_type(owner, "capabilities", capabilities, (list, tuple))
            for group in capabilities:
                check_type(owner, "capabilities item", group, (list, tuple))
        if options is not None:
            check_type(owner, "options", options, Mapping)
        if count and device_ids:
            raise InvalidArgument(f"{owner}: set either 'count' or 'device_ids', not both")
        self._set(
            {
                "Driver": driver or "",
                "Count": count or 0,
                "DeviceIDs": list(device_ids or []),
                "Capabilities": [list(group) for group in capabilities or []],
                "Options": dict(options or {}),
            }
        )

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> DeviceRequest:
        """Build from snake_case keys or the API's (``Driver``, ``DeviceIDs`` ...)."""
        keys = {
            "Driver": "driver",
            "Count": "count",
            "DeviceIDs": "device_ids",
            "Capabilities": "capabilities",
            "Options": "options",
        }
        return cls(**from_dict_kwargs(value, keys, "DeviceRequest"))

    @property
    def driver(self) -> str:
        """The device driver."""
        return str(self.get("Driver"))

    @property
    def count(self) -> int:
        """How many devices (-1: all)."""
        return int(self["Count"])

    @property
    def device_ids(self) -> list[str]:
        """The requested device ids."""
        return list(self["DeviceIDs"])

    @property
    def capabilities(self) -> list[list[str]]:
        """The requested capabilities."""
        return [list(group) for group in self["Capabilities"]]

    @property
    def options(self) -> dict[str, str]:
        """Driver options."""
        return dict(self["Options"])


RESTART_POLICY_NAMES = ("", "no", "always", "unless-stopped", "on-failure")


class ContainerRestartPolicy(Builder):
    """A container's restart policy (``HostConfig.RestartPolicy``).

    docker-py took a plain dict here (``{'Name': 'always'}``), which ``HostConfig`` still
    accepts; ``docker.types.RestartPolicy`` is the *service* policy, kept under that name.

    Args:
        name: ``'no'``, ``'always'``, ``'unless-stopped'`` or ``'on-failure'``.
        maximum_retry_count: retries before giving up; only with ``'on-failure'``.

    Raises:
        InvalidArgument: an unknown name, or a retry count with another policy.
    """

    api_model = "RestartPolicy"

    def __init__(self, name: str, maximum_retry_count: int | None = None) -> None:
        super().__init__()
        owner = "RestartPolicy"
        check_choice(owner, "Name", name, RESTART_POLICY_NAMES)
        if maximum_retry_count is not None:
            check_type(owner, "MaximumRetryCount", maximum_retry_count, int)
            if maximum_retry_count and name != "on-failure":
                raise InvalidArgument(
                    f"Invalid value for {owner} 'MaximumRetryCount': a retry count needs "
                    f"the 'on-failure' policy, not {name!r}"
                )
        self._set({"Name": name, "MaximumRetryCount": maximum_retry_count})

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> ContainerRestartPolicy:
        """Build from ``{'Name': .., 'MaximumRetryCount': ..}`` (or snake_case keys)."""
        keys = {"Name": "name", "MaximumRetryCount": "maximum_retry_count"}
        return cls(**from_dict_kwargs(value, keys, "RestartPolicy"))


def _exposed_ports(ports: Any) -> Any:
    if isinstance(ports, (str, bytes)):
        raise InvalidArgumentType(
            f"Invalid type for ContainerConfig 'ports': expected a list of ports such as "
            f"[{ports!r}] or a dict but found {type(ports).__name__}"
        )
    if not (is_list(ports) or is_tuple(ports)):
        return ports
    exposed: dict[str, dict[str, Any]] = {}
    for port in ports:
        proto = "tcp"
        if is_tuple(port):
            if len(port) == 2:
                proto = port[1]
            port = port[0]
        text = str(port)
        exposed[text if "/" in text else f"{text}/{proto}"] = {}
    return exposed


def _command(field: str, value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return convert("ContainerConfig", field, value, split_command)
    return list(check_type("ContainerConfig", field, value, (list, tuple)))


class ContainerConfig(Builder):
    """The body of ``POST /containers/create`` (docker-py's ``ContainerConfig``).

    Args:
        version: the API version to check fields against; None checks nothing.
        image: the image to run.
        command: the command, a string (split like a shell) or a list.
        hostname, user, domainname, working_dir, mac_address, stop_signal: as in the API.
        detach: when False, stdout and stderr (and stdin if ``stdin_open``) are attached.
        stdin_open: keep stdin open. tty: allocate a pseudo-TTY.
        ports: ports to expose: ``[80, '53/udp', (8080, 'tcp')]``, or the API's dict.
        environment: ``{'KEY': 'value'}`` or ``['KEY=value']``.
        volumes: container paths for anonymous volumes (a list, a string, or the API dict).
        network_disabled: disable networking.
        entrypoint: like ``command``.
        host_config: a :class:`HostConfig` or an API-form dict.
        labels: ``{'key': 'value'}`` or a list of keys.
        networking_config: a :class:`NetworkingConfig` or an API-form dict.
        healthcheck: a :class:`Healthcheck` or a dict.
        stop_timeout: seconds to wait before killing the container on stop.
        runtime: the OCI runtime; sent as ``HostConfig.Runtime`` where the API has it.

    Raises:
        InvalidArgument: a malformed value. InvalidVersion: a field newer than ``version``.
    """

    api_model = "ContainerCreateRequest"

    def __init__(
        self,
        version: str | None,
        image: str,
        command: str | Sequence[str] | None = None,
        *,
        hostname: str | None = None,
        user: str | int | None = None,
        detach: bool = False,
        stdin_open: bool = False,
        tty: bool = False,
        ports: list[int | str | tuple[int | str, str]]
        | tuple[int | str | tuple[int | str, str], ...]
        | Mapping[str, Any]
        | None = None,
        environment: Mapping[str, Any] | Sequence[str] | None = None,
        volumes: str | Sequence[str] | Mapping[str, Any] | None = None,
        network_disabled: bool = False,
        entrypoint: str | Sequence[str] | None = None,
        working_dir: str | None = None,
        domainname: str | None = None,
        host_config: HostConfig | Mapping[str, Any] | None = None,
        mac_address: str | None = None,
        labels: Mapping[str, str] | list[str] | tuple[str, ...] | None = None,
        stop_signal: str | None = None,
        networking_config: NetworkingConfig | Mapping[str, Any] | None = None,
        healthcheck: Healthcheck | Mapping[str, Any] | None = None,
        stop_timeout: int | None = None,
        runtime: str | None = None,
    ) -> None:
        super().__init__()
        owner = "ContainerConfig"
        if version is not None and version != "auto":
            compare_version(version, version)  # raises InvalidArgument for a malformed one
        check_type(owner, "image", image, str)
        if stop_timeout is not None:
            check_type(owner, "stop_timeout", stop_timeout, int)
            require_version(version, "ContainerConfig", "StopTimeout", "stop_timeout")
        health = None
        if healthcheck is not None:
            health = coerce(Healthcheck, healthcheck, owner, "healthcheck")
            for key in ("StartPeriod", "StartInterval"):
                if health.to_api().get(key) is not None:
                    require_version(
                        version, "ContainerConfig", f"Healthcheck.{key}", f"healthcheck {key}"
                    )
        if environment is not None:
            environment = convert(owner, "environment", environment, format_environment)
        if labels is not None:
            check_type(owner, "labels", labels, (Mapping, list, tuple))
        if isinstance(labels, (list, tuple)):
            labels = {label: "" for label in labels}
        if volumes is not None:
            check_type(owner, "volumes", volumes, (str, list, tuple, Mapping))
        if isinstance(volumes, str):
            volumes = [volumes]
        if isinstance(volumes, (list, tuple)):
            for path in volumes:
                check_type(owner, "volumes item", path, str)
            volumes = {path: {} for path in volumes}
        for field, value in (
            ("host_config", host_config),
            ("networking_config", networking_config),
        ):
            is_model = callable(getattr(value, "to_dict", None))
            if value is not None and not is_model:
                check_type(owner, field, value, (Mapping, Builder))
        host = serialize(host_config) if host_config is not None else None
        if runtime is not None:
            check_type(owner, "runtime", runtime, str)
            host = dict(host or {})
            if host.get("Runtime", runtime) != runtime:
                raise InvalidArgument(
                    f"{owner}: runtime {runtime!r} conflicts with host_config Runtime "
                    f"{host['Runtime']!r}"
                )
            host["Runtime"] = runtime
        attach = not detach
        self._set(
            {
                "Hostname": hostname,
                "Domainname": domainname,
                "ExposedPorts": _exposed_ports(ports),
                "User": str(user) if user is not None else None,
                "Tty": tty,
                "OpenStdin": stdin_open,
                "StdinOnce": attach and stdin_open,
                "AttachStdin": attach and stdin_open,
                "AttachStdout": attach,
                "AttachStderr": attach,
                "Env": environment,
                "Cmd": _command("command", command),
                "Image": image,
                "Volumes": volumes,
                "NetworkDisabled": network_disabled,
                "Entrypoint": _command("entrypoint", entrypoint),
                "WorkingDir": working_dir,
                "HostConfig": host,
                "NetworkingConfig": networking_config,
                "MacAddress": mac_address,
                "Labels": labels,
                "StopSignal": stop_signal,
                "Healthcheck": health,
                "StopTimeout": stop_timeout,
            }
        )
