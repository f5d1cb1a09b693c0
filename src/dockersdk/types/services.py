"""Swarm service task builders: ``ContainerSpec``, ``TaskTemplate`` and their parts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from dockersdk._guards import is_list, is_mapping, is_tuple
from dockersdk.errors import InvalidArgument, InvalidArgumentType
from dockersdk.types._base import Builder, check_choice, check_type, coerce, convert, serialize
from dockersdk.types.healthcheck import Healthcheck
from dockersdk.types.mounts import DriverConfig, Mount
from dockersdk.types.service_spec import (
    EndpointSpec,
    RollbackConfig,
    ServiceMode,
    UpdateConfig,
    convert_service_ports,
)
from dockersdk.utils.conversions import (
    convert_service_networks,
    format_environment,
    format_extra_hosts,
)
from dockersdk.utils.decorators import check_resource
from dockersdk.utils.parsing import parse_bytes, split_command

__all__ = [
    "ConfigReference",
    "ContainerSpec",
    "DNSConfig",
    "DriverConfig",
    "EndpointSpec",
    "Mount",
    "NetworkAttachmentConfig",
    "Placement",
    "PlacementPreference",
    "Privileges",
    "Resources",
    "RestartConditionTypesEnum",
    "RestartPolicy",
    "RollbackConfig",
    "SecretReference",
    "ServiceMode",
    "TaskTemplate",
    "UpdateConfig",
    "convert_service_ports",
]


def _list(owner: str, field: str, value: Any) -> list[Any] | None:
    if value is None:
        return None
    return list(check_type(owner, field, value, (list, tuple)))


def _hosts(hosts: Mapping[str, str] | Sequence[str] | None) -> list[str] | None:
    if hosts is None:
        return None
    if isinstance(hosts, Mapping):
        return format_extra_hosts(hosts, task=True)
    return list(check_type("ContainerSpec", "hosts", hosts, (list, tuple)))


class ContainerSpec(Builder):
    """The container a service task runs (``TaskTemplate`` ``ContainerSpec``).

    Args:
        image: the image.
        command: the command (a string is split like a shell) and ``args`` its arguments.
        hostname, user, workdir, stop_signal, isolation: as in the API (``workdir`` is
            ``Dir``).
        env: ``{'KEY': 'value'}`` or ``['KEY=value']``.
        labels: container labels.
        mounts: :class:`Mount` objects, API dicts or ``'source:target[:ro]'`` strings.
        stop_grace_period: nanoseconds to wait before killing on stop.
        secrets: :class:`SecretReference` objects. configs: :class:`ConfigReference` objects.
        tty, open_stdin, read_only, init: flags.
        groups: extra groups for the process.
        healthcheck: a :class:`Healthcheck` (or dict).
        hosts: ``{'host': 'ip'}`` or ``['ip host']`` entries for ``/etc/hosts``.
        dns_config: a :class:`DNSConfig`. privileges: a :class:`Privileges`.
        cap_add, cap_drop: capabilities (API 1.41+). sysctls: kernel parameters.

    Raises:
        InvalidArgument: a value of the wrong shape.
    """

    api_model = "TaskSpecContainerSpec"

    def __init__(
        self,
        image: str,
        command: str | Sequence[str] | None = None,
        args: Sequence[str] | None = None,
        *,
        hostname: str | None = None,
        env: Mapping[str, Any] | Sequence[str] | None = None,
        workdir: str | None = None,
        user: str | None = None,
        labels: Mapping[str, str] | None = None,
        mounts: Sequence[Mount | Mapping[str, Any] | str] | None = None,
        stop_grace_period: int | None = None,
        secrets: Sequence[SecretReference | Mapping[str, Any]] | None = None,
        tty: bool | None = None,
        groups: Sequence[str] | None = None,
        open_stdin: bool | None = None,
        read_only: bool | None = None,
        stop_signal: str | None = None,
        healthcheck: Healthcheck | Mapping[str, Any] | None = None,
        hosts: Mapping[str, str] | Sequence[str] | None = None,
        dns_config: DNSConfig | Mapping[str, Any] | None = None,
        configs: Sequence[ConfigReference | Mapping[str, Any]] | None = None,
        privileges: Privileges | Mapping[str, Any] | None = None,
        isolation: str | None = None,
        init: bool | None = None,
        cap_add: Sequence[str] | None = None,
        cap_drop: Sequence[str] | None = None,
        sysctls: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        owner = "ContainerSpec"
        check_type(owner, "image", image, str)
        if isinstance(command, str):
            command = convert(owner, "command", command, split_command)
        if env is not None:
            env = convert(owner, "env", env, format_environment)
        parsed_mounts = None
        if mounts is not None:
            parsed_mounts = [
                Mount.parse_mount_string(m) if isinstance(m, str) else m
                for m in check_type(owner, "mounts", mounts, (list, tuple))
            ]
        if stop_grace_period is not None:
            check_type(owner, "stop_grace_period", stop_grace_period, int)
        if sysctls is not None:
            sysctls = {k: str(v) for k, v in check_type(owner, "sysctls", sysctls, Mapping).items()}
        self._set(
            {
                "Image": image,
                "Command": _list(owner, "command", command),
                "Args": _list(owner, "args", args),
                "Hostname": hostname,
                "Env": env,
                "Dir": workdir,
                "User": user,
                "Groups": _list(owner, "groups", groups),
                "StopSignal": stop_signal,
                "StopGracePeriod": stop_grace_period,
                "Labels": labels,
                "Hosts": _hosts(hosts),
                "Mounts": parsed_mounts,
                "Secrets": _list(owner, "secrets", secrets),
                "Configs": _list(owner, "configs", configs),
                "DNSConfig": dns_config,
                "Privileges": privileges,
                # docker-py's key, and dockerd's in replies (the spec says "HealthCheck";
                # the engine decodes either). An empty one is sent too: it removes the
                # image's healthcheck (docker-py).
                "Healthcheck": (
                    coerce(Healthcheck, healthcheck, owner, "healthcheck")
                    if healthcheck is not None
                    else None
                ),
                "TTY": tty,
                "OpenStdin": open_stdin,
                "ReadOnly": read_only,
                "Isolation": isolation,
                "Init": init,
                "CapabilityAdd": _list(owner, "cap_add", cap_add),
                "CapabilityDrop": _list(owner, "cap_drop", cap_drop),
                "Sysctls": sysctls,
            }
        )


def _generic_resources(value: Any) -> list[Any]:
    if is_list(value) or is_tuple(value):
        return list(value)
    if not is_mapping(value):
        raise InvalidArgument(
            f"generic_resources must be a dict or a list (found {type(value).__name__})"
        )
    resources: list[Any] = []
    for kind, amount in value.items():
        if isinstance(amount, int) and not isinstance(amount, bool):
            resources.append({"DiscreteResourceSpec": {"Kind": kind, "Value": amount}})
        elif isinstance(amount, str):
            resources.append({"NamedResourceSpec": {"Kind": kind, "Value": amount}})
        else:
            raise InvalidArgument(
                f"Unsupported generic resource reservation type: {{{kind!r}: {amount!r}}}"
            )
    return resources


class Resources(Builder):
    """Resource limits and reservations of each task of a service.

    Args:
        cpu_limit: CPU limit in units of 1e-9 CPUs (``NanoCPUs``).
        mem_limit: memory limit in bytes, or a size such as ``'512m'``.
        cpu_reservation: reserved CPU, like ``cpu_limit``.
        mem_reservation: reserved memory, like ``mem_limit``.
        generic_resources: ``{'gpu': 2, 'ssd': 'UUID1'}`` or the API's list.
    """

    api_model = "TaskSpecResources"

    def __init__(
        self,
        cpu_limit: int | None = None,
        mem_limit: int | str | None = None,
        cpu_reservation: int | None = None,
        mem_reservation: int | str | None = None,
        generic_resources: Mapping[str, int | str] | Sequence[Any] | None = None,
    ) -> None:
        super().__init__()
        owner = "Resources"
        limits: dict[str, Any] = {}
        reservations: dict[str, Any] = {}
        if cpu_limit is not None:
            limits["NanoCPUs"] = check_type(owner, "cpu_limit", cpu_limit, int)
        if mem_limit is not None:
            limits["MemoryBytes"] = convert(owner, "mem_limit", mem_limit, parse_bytes)
        if cpu_reservation is not None:
            reservations["NanoCPUs"] = check_type(owner, "cpu_reservation", cpu_reservation, int)
        if mem_reservation is not None:
            reservations["MemoryBytes"] = convert(
                owner, "mem_reservation", mem_reservation, parse_bytes
            )
        if generic_resources is not None:
            reservations["GenericResources"] = _generic_resources(generic_resources)
        self._set({"Limits": limits or None, "Reservations": reservations or None})


class RestartConditionTypesEnum:
    """The restart conditions of a service task."""

    _values = ("none", "on-failure", "any")
    values: ClassVar[tuple[str, ...]] = _values
    NONE, ON_FAILURE, ANY = _values


class RestartPolicy(Builder):
    """When a service's tasks are restarted (docker-py's ``docker.types.RestartPolicy``).

    For a container's ``HostConfig`` use a dict or :class:`ContainerRestartPolicy`.

    Args:
        condition: ``'none'``, ``'on-failure'`` or ``'any'``.
        delay: nanoseconds between restart attempts.
        max_attempts: attempts before giving up (0: unlimited).
        window: nanoseconds over which restarts are counted (0: unbounded).
    """

    api_model = "TaskSpecRestartPolicy"
    condition_types: ClassVar[type[RestartConditionTypesEnum]] = RestartConditionTypesEnum

    def __init__(
        self,
        condition: str = RestartConditionTypesEnum.NONE,
        delay: int = 0,
        max_attempts: int = 0,
        window: int = 0,
    ) -> None:
        super().__init__()
        owner = "RestartPolicy"
        check_choice(owner, "condition", condition, RestartConditionTypesEnum.values)
        self._set(
            {
                "Condition": condition,
                "Delay": check_type(owner, "delay", delay, int),
                "MaxAttempts": check_type(owner, "max_attempts", max_attempts, int),
                "Window": check_type(owner, "window", window, int),
            }
        )


class _Reference(Builder):
    _kind = ""

    def _fill(
        self, ref_id: Any, name: str, filename: str | None, uid: Any, gid: Any, mode: int
    ) -> None:
        owner = f"{self._kind}Reference"
        check_type(owner, f"{self._kind.lower()}_name", name, str)
        check_type(owner, "mode", mode, int)
        self._set(
            {
                f"{self._kind}Name": name,
                f"{self._kind}ID": ref_id,
                "File": {
                    "Name": filename or name,
                    "UID": str(uid or "0"),
                    "GID": str(gid or "0"),
                    "Mode": mode,
                },
            }
        )


class SecretReference(_Reference):
    """A secret made available to a service's containers (as a file).

    Args:
        secret_id: the secret's id (or a dict/object with it).
        secret_name: the secret's name.
        filename: the file name in ``/run/secrets`` (default: the name).
        uid, gid: the file's owner (default ``'0'``). mode: its permissions (``0o444``).

    Raises:
        NullResource: no secret id.
    """

    api_model = "TaskSpecContainerSpecSecretsItem"
    _kind = "Secret"

    @check_resource("secret_id")
    def __init__(
        self,
        secret_id: str,
        secret_name: str,
        filename: str | None = None,
        uid: str | int | None = None,
        gid: str | int | None = None,
        mode: int = 0o444,
    ) -> None:
        super().__init__()
        self._fill(secret_id, secret_name, filename, uid, gid, mode)


class ConfigReference(_Reference):
    """A swarm config made available to a service's containers (as a file).

    Args:
        config_id: the config's id (or a dict/object with it).
        config_name: the config's name.
        filename: the file name (default: the name).
        uid, gid: the file's owner (default ``'0'``). mode: its permissions (``0o444``).

    Raises:
        NullResource: no config id.
    """

    api_model = "TaskSpecContainerSpecConfigsItem"
    _kind = "Config"

    @check_resource("config_id")
    def __init__(
        self,
        config_id: str,
        config_name: str,
        filename: str | None = None,
        uid: str | int | None = None,
        gid: str | int | None = None,
        mode: int = 0o444,
    ) -> None:
        super().__init__()
        self._fill(config_id, config_name, filename, uid, gid, mode)


class PlacementPreference(Builder):
    """A scheduling preference: spread tasks over the values of a node label.

    Args:
        strategy: only ``'spread'``.
        descriptor: the label, e.g. ``'node.labels.zone'``.
    """

    api_model = "TaskSpecPlacementPreferencesItem"

    def __init__(self, strategy: str, descriptor: str) -> None:
        super().__init__()
        if strategy != "spread":
            raise InvalidArgument(
                f'PlacementPreference strategy value is invalid ({strategy}): must be "spread".'
            )
        check_type("PlacementPreference", "descriptor", descriptor, str)
        self._set({"Spread": {"SpreadDescriptor": descriptor}})


class Placement(Builder):
    """Where a service's tasks may run.

    Args:
        constraints: e.g. ``['node.role == manager']``.
        preferences: :class:`PlacementPreference` objects or ``(strategy, descriptor)``.
        platforms: ``(architecture, os)`` pairs.
        maxreplicas: at most this many tasks per node.
    """

    api_model = "TaskSpecPlacement"

    def __init__(
        self,
        constraints: Sequence[str] | None = None,
        preferences: Sequence[PlacementPreference | tuple[str, str]] | None = None,
        platforms: Sequence[tuple[str, str]] | None = None,
        maxreplicas: int | None = None,
    ) -> None:
        super().__init__()
        owner = "Placement"
        prefs = None
        if preferences is not None:
            prefs = [
                PlacementPreference(*p) if isinstance(p, tuple) else p
                for p in check_type(owner, "preferences", preferences, (list, tuple))
            ]
        plats = None
        if platforms:
            plats = [
                {"Architecture": p[0], "OS": p[1]}
                for p in check_type(owner, "platforms", platforms, (list, tuple))
            ]
        if maxreplicas is not None:
            check_type(owner, "maxreplicas", maxreplicas, int)
        self._set(
            {
                "Constraints": _list(owner, "constraints", constraints),
                "Preferences": prefs,
                "MaxReplicas": maxreplicas,
                "Platforms": plats,
            }
        )


class DNSConfig(Builder):
    """A service container's resolver settings (``resolv.conf``).

    Args:
        nameservers: name server addresses.
        search: search domains.
        options: resolver options (``'ndots:3'`` ...).
    """

    api_model = "TaskSpecContainerSpecDNSConfig"

    def __init__(
        self,
        nameservers: Sequence[str] | None = None,
        search: Sequence[str] | None = None,
        options: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self._set(
            {
                "Nameservers": _list("DNSConfig", "nameservers", nameservers),
                "Search": _list("DNSConfig", "search", search),
                "Options": _list("DNSConfig", "options", options),
            }
        )


class Privileges(Builder):
    """Security options of a service's containers.

    Args:
        credentialspec_file: a credential spec file (Windows); not with the registry one.
        credentialspec_registry: a credential spec registry value (Windows).
        selinux_disable: disable SELinux labelling.
        selinux_user, selinux_role, selinux_type, selinux_level: the SELinux label.
    """

    api_model = "TaskSpecContainerSpecPrivileges"

    def __init__(
        self,
        credentialspec_file: str | None = None,
        credentialspec_registry: str | None = None,
        selinux_disable: bool | None = None,
        selinux_user: str | None = None,
        selinux_role: str | None = None,
        selinux_type: str | None = None,
        selinux_level: str | None = None,
    ) -> None:
        super().__init__()
        if credentialspec_file is not None and credentialspec_registry is not None:
            raise InvalidArgument(
                "credentialspec_file and credentialspec_registry are mutually exclusive"
            )
        credential_spec = {"File": credentialspec_file, "Registry": credentialspec_registry}
        selinux = {
            "Disable": selinux_disable,
            "User": selinux_user,
            "Role": selinux_role,
            "Type": selinux_type,
            "Level": selinux_level,
        }
        self._set(
            {
                "CredentialSpec": serialize(credential_spec) or None,
                "SELinuxContext": serialize(selinux) or None,
            }
        )


class NetworkAttachmentConfig(Builder):
    """A network a service attaches to.

    Args:
        target: the network's name or id.
        aliases: names for the service on that network.
        options: driver options for the attachment.
    """

    api_model = "NetworkAttachmentConfig"

    def __init__(
        self,
        target: str,
        aliases: Sequence[str] | None = None,
        options: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        check_type("NetworkAttachmentConfig", "target", target, str)
        self._set(
            {
                "Target": target,
                "Aliases": _list("NetworkAttachmentConfig", "aliases", aliases),
                "DriverOpts": options,
            }
        )


class TaskTemplate(Builder):
    """A service's task specification.

    Args:
        container_spec: a :class:`ContainerSpec` (or API dict).
        resources: a :class:`Resources`.
        restart_policy: a service :class:`RestartPolicy`.
        placement: a :class:`Placement`, or a list of constraints.
        log_driver: a :class:`DriverConfig`.
        networks: network names, :class:`NetworkAttachmentConfig` objects or dicts.
        force_update: a counter that forces an update when changed.
    """

    api_model = "TaskSpec"

    def __init__(
        self,
        container_spec: ContainerSpec | Mapping[str, Any],
        resources: Resources | Mapping[str, Any] | None = None,
        restart_policy: RestartPolicy | Mapping[str, Any] | None = None,
        placement: Placement | Mapping[str, Any] | list[str] | tuple[str, ...] | None = None,
        log_driver: DriverConfig | Mapping[str, Any] | None = None,
        networks: Sequence[str | NetworkAttachmentConfig | Mapping[str, Any]] | None = None,
        force_update: int | None = None,
    ) -> None:
        super().__init__()
        owner = "TaskTemplate"
        if isinstance(placement, str):
            raise InvalidArgumentType(
                f"Invalid type for {owner} 'placement': expected a Placement, a dict or a "
                f"list of constraints such as [{placement!r}] but found str"
            )
        if isinstance(placement, (list, tuple)):
            placement = Placement(constraints=list(placement))
        if force_update is not None:
            check_type(owner, "force_update", force_update, int)
        nets = None
        if networks:
            networks = list(check_type(owner, "networks", networks, (list, tuple)))
            nets = convert(owner, "networks", networks, convert_service_networks)
        self._set(
            {
                "ContainerSpec": container_spec,
                "Resources": resources or None,
                "RestartPolicy": restart_policy or None,
                "Placement": placement or None,
                "LogDriver": log_driver or None,
                "Networks": nets,
                "ForceUpdate": force_update,
            }
        )

    @property
    def container_spec(self) -> Any:
        """The container spec as given."""
        return self.get("ContainerSpec")

    @property
    def resources(self) -> Any:
        """The resources as given."""
        return self.get("Resources")

    @property
    def restart_policy(self) -> Any:
        """The restart policy as given."""
        return self.get("RestartPolicy")

    @property
    def placement(self) -> Any:
        """The placement as given."""
        return self.get("Placement")
