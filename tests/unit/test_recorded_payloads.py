"""Every reply recorded from the real engines reads as its typed class (every attribute, all the
way down, with the dict left equal to what the engine sent) and validates against its pydantic
model, whose dump by alias gives back what the engine sent."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from dockersdk import models
from dockersdk.api._core import _reply_converter
from dockersdk.models import pydantic as strict
from tests.fixtures.typed import read_every_attribute

RECORDED = Path(__file__).parents[1] / "fixtures" / "recorded"
FILES = sorted(RECORDED.glob("*/*.json"))


def _type_of(expr: str, namespace: Any) -> Any:
    if expr.startswith("list[") and expr.endswith("]"):
        return list[getattr(namespace, expr[5:-1])]  # type: ignore[misc]
    return getattr(namespace, expr)


def test_fixtures_cover_both_engines() -> None:
    engines = {path.parent.name for path in FILES}
    assert len(engines) >= 2, f"recorded fixtures from fewer than two engines: {engines}"


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_recorded_payload_reads_typed_and_stays_the_engines_json(path: Path) -> None:
    record = json.loads(path.read_text())
    payload = record["payload"]
    value = _reply_converter(_type_of(record["model"], models))(copy.deepcopy(payload))
    assert read_every_attribute(value) > 0
    assert value == payload
    assert json.loads(json.dumps(value)) == payload


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_recorded_payload_round_trips_through_pydantic(path: Path) -> None:
    record = json.loads(path.read_text())
    adapter = TypeAdapter(_type_of(record["model"], strict))
    value = adapter.validate_python(record["payload"])
    dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == record["payload"]
