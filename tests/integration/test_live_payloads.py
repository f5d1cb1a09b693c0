"""The scenarios run live against each private engine; every reply validates against its
model and round-trips (the same check the recorded fixtures get, on today's engines)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from tests.fixtures.rawhttp import RawEngine
from tests.fixtures.scenarios import Scenario
from tests.unit.test_recorded_payloads import _type_of


def test_every_live_reply_validates(engine_url: str) -> None:
    captures = Scenario(RawEngine(engine_url)).run()
    assert len(captures) >= 35
    failures: list[str] = []
    for capture in captures:
        adapter: TypeAdapter[Any] = TypeAdapter(_type_of(capture.model))
        try:
            value = adapter.validate_python(capture.payload)
        except Exception as exc:  # collected so one run reports every mismatch
            failures.append(f"{capture.name}: {exc}")
            continue
        dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
        if dumped != capture.payload:
            failures.append(f"{capture.name}: dump differs from the engine's JSON")
    assert not failures, "\n".join(failures)
