"""Every reply recorded from the real engines validates against its generated model, and
dumping it by alias gives back what the engine sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from dockersdk import models

RECORDED = Path(__file__).parents[1] / "fixtures" / "recorded"
FILES = sorted(RECORDED.glob("*/*.json"))


def _type_of(expr: str) -> Any:
    if expr.startswith("list[") and expr.endswith("]"):
        return list[getattr(models, expr[5:-1])]  # type: ignore[misc]
    return getattr(models, expr)


def test_fixtures_cover_both_engines() -> None:
    engines = {path.parent.name for path in FILES}
    assert len(engines) >= 2, f"recorded fixtures from fewer than two engines: {engines}"


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_recorded_payload_round_trips(path: Path) -> None:
    record = json.loads(path.read_text())
    adapter = TypeAdapter(_type_of(record["model"]))
    value = adapter.validate_python(record["payload"])
    dumped = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == record["payload"]
