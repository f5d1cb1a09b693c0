"""The models against the examples of the specs no test engine speaks (API v1.52 to v1.56).

The fixtures are built from the stored specs (tests/fixtures/spec_examples.py): every reply
example, and for every model an object assembled from its properties' examples. Each must
validate with its pydantic model and come back unchanged from its dump, and read as its typed
class (every attribute, where the example needs no coercion); an example the spec gets wrong is
listed with its reason and must keep failing (so a fixed spec shows up).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from dockersdk import models
from dockersdk.api._core import _reply_converter
from dockersdk.models import pydantic as strict
from tests.fixtures.spec_examples import SpecExample, example_versions, spec_examples
from tests.fixtures.typed import read_every_attribute

VERSIONS = example_versions()
EXAMPLES = [example for version in VERSIONS for example in spec_examples(version)]


def test_the_examples_cover_the_newer_versions_and_their_new_models() -> None:
    assert VERSIONS == ["1.52", "1.53", "1.54", "1.55", "1.56"]
    for version in VERSIONS:
        examples = spec_examples(version)
        assert sum(e.where.startswith("#") for e in examples) > 100, version
        assert sum(not e.where.startswith("#") for e in examples) >= 8, version
    models = {e.model for e in EXAMPLES}
    assert {
        "ImagesDiskUsage",
        "ContainersDiskUsage",
        "VolumesDiskUsage",
        "BuildCacheDiskUsage",
        "NetworkInspect",
        "PortSummary",
        "EndpointResource",
        "AttestationStatement",
    } <= models


def _validate(example: SpecExample) -> Any:
    model = getattr(strict, example.model)
    return TypeAdapter(list[model] if example.many else model).validate_python(example.payload)


def _typed(example: SpecExample) -> Any:
    model = getattr(models, example.model)
    return _reply_converter(list[model] if example.many else model)(copy.deepcopy(example.payload))


@pytest.mark.parametrize("example", [pytest.param(e, id=e.id) for e in EXAMPLES])
def test_spec_example_validates_and_round_trips(example: SpecExample) -> None:
    if example.mistake is not None:
        with pytest.raises(ValidationError):
            _validate(example)
        return
    value = _validate(example)
    dump = {"mode": "json", "by_alias": True, "exclude_unset": True}
    dumped = (
        [item.model_dump(**dump) for item in value] if example.many else value.model_dump(**dump)
    )
    assert _same(dumped, example.payload)
    typed = _typed(example)
    assert typed == example.payload
    if dumped == example.payload:  # no number written as a string: every typed read passes
        read_every_attribute(typed)


def _same(ours: Any, theirs: Any) -> bool:
    """Equal, but for numbers the spec's YAML writes as strings (``limit: "1844..."``), which
    the models read as the integers engines send."""
    if isinstance(theirs, dict):
        return (
            isinstance(ours, dict)
            and ours.keys() == theirs.keys()
            and all(_same(ours[key], theirs[key]) for key in theirs)
        )
    if isinstance(theirs, list):
        return (
            isinstance(ours, list)
            and len(ours) == len(theirs)
            and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
        )
    if isinstance(ours, int) and not isinstance(ours, bool) and isinstance(theirs, str):
        return str(ours) == theirs
    return bool(ours == theirs)
