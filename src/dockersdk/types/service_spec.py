"""Service-level builders: ``ServiceMode``, ``EndpointSpec``, update and rollback configs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from dockersdk._guards import is_tuple
from dockersdk.errors import InvalidArgument
from dockersdk.types._base import Builder, check_choice, check_type

__all__ = ["EndpointSpec", "RollbackConfig", "ServiceMode", "UpdateConfig", "convert_service_ports"]


def convert_service_ports(ports: Mapping[int, Any] | Sequence[Any]) -> list[Any]:
    """``{published: target}`` or ``{published: (target, protocol, mode)}`` to API port configs.

    Raises:
        InvalidArgument: ports is neither a dict nor a list, or a tuple has over 3 items.
    """
    if isinstance(ports, (list, tuple)):
        return list(ports)
    if not isinstance(ports, Mapping):
        raise InvalidArgument("Invalid type for ports, expected dict or list")
    result: list[dict[str, Any]] = []
    for published, target in ports.items():
        spec: dict[str, Any] = {"Protocol": "tcp", "PublishedPort": published}
        if is_tuple(target):
            items: list[Any] = list(target)
            if len(items) > 3:
                raise InvalidArgument(
                    "Service port configuration can have at most 3 elements: "
                    "(target_port, protocol, mode)"
                )
            spec["TargetPort"] = items[0]
            if len(items) >= 2 and items[1] is not None:
                spec["Protocol"] = items[1]
            if len(items) == 3:
                spec["PublishMode"] = items[2]
        else:
            spec["TargetPort"] = target
        result.append(spec)
    return result


class EndpointSpec(Builder):
    """How a service is reached: its load-balancing mode and published ports.

    Args:
        mode: ``'vip'`` (the default) or ``'dnsrr'``.
        ports: ``{published_port: target_port}`` or
            ``{published_port: (target_port, protocol, publish_mode)}``, or the API's list.
    """

    api_model = "EndpointSpec"

    def __init__(
        self, mode: str | None = None, ports: Mapping[int, Any] | Sequence[Any] | None = None
    ) -> None:
        super().__init__()
        if mode:
            check_choice("EndpointSpec", "mode", mode, ("vip", "dnsrr"))
        self._set(
            {
                "Ports": convert_service_ports(ports) if ports else None,
                "Mode": mode or None,
            }
        )


class ServiceMode(Builder):
    """Replicated or global service, or job.

    Args:
        mode: ``'replicated'``, ``'global'``, ``'replicated-job'`` or ``'global-job'``.
        replicas: tasks to run (replicated), or completions wanted (replicated job).
        concurrency: jobs run at once (replicated job; default 1).

    Raises:
        InvalidArgument: an unknown mode, or replicas/concurrency for a global mode.
    """

    api_model = "ServiceSpecMode"
    _KEYS: ClassVar[dict[str, str]] = {
        "replicated": "Replicated",
        "global": "Global",
        "replicated-job": "ReplicatedJob",
        "global-job": "GlobalJob",
    }

    def __init__(
        self, mode: str, replicas: int | None = None, concurrency: int | None = None
    ) -> None:
        super().__init__()
        if mode not in self._KEYS:
            raise InvalidArgument(
                'mode must be either "replicated", "global", "replicated-job" or "global-job"'
            )
        if mode not in ("replicated", "replicated-job"):
            if replicas is not None:
                raise InvalidArgument(
                    'replicas can only be used for "replicated" or "replicated-job" mode'
                )
            if concurrency is not None:
                raise InvalidArgument('concurrency can only be used for "replicated-job" mode')
        if replicas is not None:
            check_type("ServiceMode", "replicas", replicas, int)
        if concurrency is not None:
            check_type("ServiceMode", "concurrency", concurrency, int)
        self._mode = mode
        body: dict[str, Any] = {}
        if replicas is not None and mode == "replicated":
            body["Replicas"] = replicas
        if replicas is not None and mode == "replicated-job":
            body["MaxConcurrent"] = concurrency or 1
            body["TotalCompletions"] = replicas
        self._set({self._KEYS[mode]: body})

    @property
    def mode(self) -> str:
        """The mode as given (``'replicated'`` ...)."""
        return self._mode

    @property
    def replicas(self) -> int | None:
        """Replicas (replicated) or total completions (replicated job)."""
        body: dict[str, Any] = next(iter(self.values()))
        value = body.get("Replicas", body.get("TotalCompletions"))
        return int(value) if value is not None else None


class UpdateConfig(Builder):
    """How a service's tasks are updated.

    Args:
        parallelism: tasks updated at once (0: all).
        delay: nanoseconds between updates.
        failure_action: ``'continue'``, ``'pause'`` or ``'rollback'``.
        monitor: nanoseconds to watch each updated task for failure.
        max_failure_ratio: failures tolerated, between 0 and 1.
        order: ``'stop-first'`` or ``'start-first'``.
    """

    api_model = "ServiceSpecUpdateConfig"
    _FAILURE_ACTIONS: ClassVar[tuple[str, ...]] = ("pause", "continue", "rollback")

    def __init__(
        self,
        parallelism: int = 0,
        delay: int | None = None,
        failure_action: str = "continue",
        monitor: int | None = None,
        max_failure_ratio: float | None = None,
        order: str | None = None,
    ) -> None:
        super().__init__()
        owner = type(self).__name__
        check_type(owner, "parallelism", parallelism, int)
        if delay is not None:
            check_type(owner, "delay", delay, int)
        check_choice(owner, "failure_action", failure_action, self._FAILURE_ACTIONS)
        if monitor is not None:
            check_type(owner, "monitor", monitor, int)
        if max_failure_ratio is not None:
            check_type(owner, "max_failure_ratio", max_failure_ratio, (float, int))
            if not 0 <= max_failure_ratio <= 1:
                raise InvalidArgument("max_failure_ratio must be a number between 0 and 1")
        if order is not None:
            check_choice(owner, "order", order, ("start-first", "stop-first"))
        self._set(
            {
                "Parallelism": parallelism,
                "Delay": delay,
                "FailureAction": failure_action,
                "Monitor": monitor,
                "MaxFailureRatio": max_failure_ratio,
                "Order": order,
            }
        )


class RollbackConfig(UpdateConfig):
    """How a service's tasks are rolled back; the arguments of :class:`UpdateConfig`, with
    ``failure_action`` ``'continue'`` or ``'pause'``."""

    api_model = "ServiceSpecRollbackConfig"
    _FAILURE_ACTIONS: ClassVar[tuple[str, ...]] = ("pause", "continue")
