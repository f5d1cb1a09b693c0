"""``Healthcheck``: how the engine decides that a container (or a service task) is healthy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from dockersdk.errors import InvalidArgument
from dockersdk.types._base import Builder, check_type, from_dict_kwargs

__all__ = ["Healthcheck"]

_MIN_DURATION = 1_000_000  # the engine wants 0 or at least 1 ms
_TEST_KINDS = ("NONE", "CMD", "CMD-SHELL")


def _duration(field: str, value: int | timedelta | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        value = int(value.total_seconds() * 1_000_000_000)
    check_type("Healthcheck", field, value, int)
    if value != 0 and not value >= _MIN_DURATION:
        raise InvalidArgument(
            f"Invalid value for Healthcheck {field!r}: {value} ns (use 0 or at least 1 ms, "
            "1000000 ns)"
        )
    return value


class Healthcheck(Builder):
    """A health check (``ContainerConfig.Healthcheck``, ``ContainerSpec`` ``HealthCheck``).

    Args:
        test: ``[]`` to inherit the image's check, ``['NONE']`` to disable it,
            ``['CMD', arg, ...]`` to exec, ``['CMD-SHELL', command]`` for the shell; a
            string is taken as a ``CMD-SHELL`` command.
        interval: time between checks, in nanoseconds or a ``timedelta``; 0 or >= 1 ms.
        timeout: time before a check is considered hung (same units).
        retries: consecutive failures before the container is unhealthy.
        start_period: start-up time during which failures do not count (API 1.29+).
        start_interval: time between checks during the start period (API 1.44+).

    Raises:
        InvalidArgument: a malformed test, a duration below 1 ms, a negative retry count.
    """

    api_model = "HealthConfig"

    def __init__(
        self,
        *,
        test: str | Sequence[str] | None = None,
        interval: int | timedelta | None = None,
        timeout: int | timedelta | None = None,
        retries: int | None = None,
        start_period: int | timedelta | None = None,
        start_interval: int | timedelta | None = None,
    ) -> None:
        super().__init__()
        if isinstance(test, str):
            test = ["CMD-SHELL", test]
        if test is not None:
            check_type("Healthcheck", "test", test, (list, tuple))
            if test and test[0] not in _TEST_KINDS:
                raise InvalidArgument(
                    f"Invalid value for Healthcheck 'test': {list(test)!r} must start with "
                    "'NONE', 'CMD' or 'CMD-SHELL' (or be empty to inherit)"
                )
            test = list(test)
        if retries is not None and check_type("Healthcheck", "retries", retries, int) < 0:
            raise InvalidArgument(f"Invalid value for Healthcheck 'retries': {retries}")
        self._set(
            {
                "Test": test,
                "Interval": _duration("interval", interval),
                "Timeout": _duration("timeout", timeout),
                "Retries": retries,
                "StartPeriod": _duration("start_period", start_period),
                "StartInterval": _duration("start_interval", start_interval),
            }
        )

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> Healthcheck:
        """Build from snake_case keys or the API's (``Test``, ``Interval`` ...)."""
        keys = {
            "Test": "test",
            "Interval": "interval",
            "Timeout": "timeout",
            "Retries": "retries",
            "StartPeriod": "start_period",
            "StartInterval": "start_interval",
        }
        return cls(**from_dict_kwargs(value, keys, "Healthcheck"))

    @property
    def test(self) -> list[str] | None:
        """The check command."""
        test: list[str] | None = self.get("Test")
        return test

    @property
    def interval(self) -> int | None:
        """Nanoseconds between checks."""
        value: int | None = self.get("Interval")
        return value

    @property
    def timeout(self) -> int | None:
        """Nanoseconds before a check is considered hung."""
        value: int | None = self.get("Timeout")
        return value

    @property
    def retries(self) -> int | None:
        """Failures before unhealthy."""
        value: int | None = self.get("Retries")
        return value

    @property
    def start_period(self) -> int | None:
        """Nanoseconds of start-up grace."""
        value: int | None = self.get("StartPeriod")
        return value
