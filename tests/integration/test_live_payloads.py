"""The scenarios run live against each private engine; every reply reads as its typed class
(every attribute, the dict left as the engine sent it) and validates against its pydantic
model, which round-trips it (the same checks the recorded fixtures get, on today's engines)."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import TypeAdapter

from dockersdk import models
from dockersdk.api._core import _reply_converter
from dockersdk.models import pydantic as strict
from tests.fixtures.rawhttp import RawEngine
from tests.fixtures.scenarios import Scenario
from tests.fixtures.typed import read_every_attribute
from tests.unit.test_recorded_payloads import _type_of


def test_every_live_reply_validates(engine_url: str) -> None:
    captures = Scenario(RawEngine(engine_url)).run()
    assert len(captures) >= 35
    failures: list[str] = []
    for capture in captures:
        try:
            typed = _reply_converter(_type_of(capture.model, models))(
                copy.deepcopy(capture.payload)
            )
            read_every_attribute(typed)
            if typed != capture.payload:
                failures.append(f"{capture.name}: the typed reply differs from the engine's JSON")
            adapter: TypeAdapter[Any] = TypeAdapter(_type_of(capture.model, strict))
            value = adapter.validate_python(capture.payload)
        except Exception as exc:  # collected so one run reports every mismatch
            failures.append(f"{capture.name}: {exc}")
            continue
        dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
        if dumped != capture.payload:
            failures.append(f"{capture.name}: dump differs from the engine's JSON")
    assert not failures, "\n".join(failures)
