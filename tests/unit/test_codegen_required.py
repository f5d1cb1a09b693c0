"""Which fields codegen generates as required (the rule in codegen/convert.py), on small specs
across versions and on the real ones."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from codegen.convert import convert, mark_required
from codegen.history import required_fields, snapshot, unreached_definitions
from codegen.patch import PatchEntry, apply_patch, load_patch
from codegen.specs import read_spec, spec_files
from dockersdk.models import pydantic as strict

THING = {
    "type": "object",
    "required": ["Id", "Count", "Tags", "Labels", "Note", "Sub"],
    "properties": {
        "Id": {"type": "string"},
        "Count": {"type": "integer"},
        "Tags": {"type": "array", "items": {"type": "string"}},
        "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "Note": {"type": "string", "x-nullable": True},
        "Sub": {"$ref": "#/definitions/Sub"},
        "Extra": {"type": "string"},
    },
}
SUB = {"type": "object", "properties": {"A": {"type": "string"}}}
GET_THING = {"get": {"operationId": "ThingInspect", "responses": {"200": {"schema": {}}}}}


def _spec(thing: Any = THING, *, body: bool = False, path: bool = True) -> dict[str, Any]:
    """A spec whose ``GET /things/{id}/json`` answers ``thing`` (a schema, by default a $ref)."""
    get = copy.deepcopy(GET_THING)
    get["get"]["responses"]["200"]["schema"] = (
        {"$ref": "#/definitions/Thing"} if thing is THING else thing
    )
    paths: dict[str, Any] = {"/things/{id}/json": get} if path else {}
    if body:
        paths["/things/create"] = {
            "post": {
                "operationId": "ThingCreate",
                "parameters": [
                    {"in": "body", "name": "body", "schema": {"$ref": "#/definitions/Thing"}}
                ],
                "responses": {"201": {"description": "created"}},
            }
        }
    definitions = {"Thing": copy.deepcopy(THING), "Sub": SUB}
    return {"swagger": "2.0", "definitions": definitions, "paths": paths}


def _required(*specs: dict[str, Any], veto: list[PatchEntry] = ()) -> dict[str, list[str]]:
    """What ``python -m codegen`` would require for these versions (oldest first)."""
    by_version = {f"1.{25 + index}": spec for index, spec in enumerate(specs)}
    latest = list(by_version)[-1]
    patched = apply_patch(by_version[latest], list(veto))
    converted = convert(patched)
    roots = unreached_definitions(snapshot(latest, patched, converted, None))
    snapshots = [snapshot(v, spec, convert(spec), roots) for v, spec in by_version.items()]
    generated = snapshot(latest, patched, converted, roots)
    return required_fields(snapshots, generated, converted)


def _without(key: str, *, required_only: bool = False) -> dict[str, Any]:
    thing = copy.deepcopy(THING)
    thing["required"].remove(key)
    if not required_only:
        del thing["properties"][key]
    return thing


def _with_thing(thing: dict[str, Any]) -> dict[str, Any]:
    spec = _spec()
    spec["definitions"]["Thing"] = thing
    return spec


def test_required_in_every_version_as_a_model_or_scalar() -> None:
    # Tags (array), Labels (map), Note (x-nullable) and Extra (not required) stay optional.
    assert _required(_spec(), _spec()) == {"Thing": ["Id", "Count", "Sub"]}


def test_a_model_inside_a_request_body_stays_optional() -> None:
    assert _required(_spec(), _spec(body=True)) == {}


def test_not_required_in_an_older_version() -> None:
    older = _with_thing(_without("Count", required_only=True))
    assert _required(older, _spec()) == {"Thing": ["Id", "Sub"]}


def test_absent_from_an_older_version_that_has_the_model() -> None:
    assert _required(_with_thing(_without("Count")), _spec()) == {"Thing": ["Id", "Sub"]}


def test_nullable_in_an_older_version() -> None:
    older = _spec()
    older["definitions"]["Thing"]["properties"]["Id"]["x-nullable"] = True
    assert _required(older, _spec()) == {"Thing": ["Count", "Sub"]}


def test_a_version_without_the_operation_says_nothing() -> None:
    assert _required(_spec(path=False), _spec()) == {"Thing": ["Id", "Count", "Sub"]}


def test_an_older_version_without_the_enclosing_key_says_nothing() -> None:
    newer = _spec()
    newer["definitions"]["Sub"] = {**SUB, "required": ["A"]}
    older = _with_thing(_without("Sub"))
    assert _required(older, newer) == {"Thing": ["Id", "Count"], "Sub": ["A"]}


def test_positions_not_names_count() -> None:
    # An older spec answering with an inline object of its own (a later rename) still counts.
    inline = {k: v for k, v in copy.deepcopy(THING).items() if k != "properties"}
    inline["properties"] = {k: v for k, v in THING["properties"].items() if k != "Sub"}
    inline["required"] = ["Id"]
    assert _required(_spec(inline), _spec()) == {"Thing": ["Id"]}


def test_an_older_version_with_another_shape_there_counts_against() -> None:
    free_form = {"type": "object", "additionalProperties": True}
    assert _required(_spec(free_form), _spec()) == {}


def test_a_definition_no_operation_reaches_stays_optional() -> None:
    assert _required(_spec(path=False), _spec(path=False)) == {}


def test_a_veto_keeps_the_field_optional() -> None:
    veto = PatchEntry("t", "optional", "/definitions/Thing/properties/Id", None, "test")
    assert _required(_spec(), _spec(), veto=[veto]) == {"Thing": ["Count", "Sub"]}


def test_mark_required_writes_the_schema_in_property_order() -> None:
    converted = convert(_spec())
    mark_required(converted, {"Thing": ["Sub", "Id"]})
    assert converted.models["Thing"].schema["required"] == ["Id", "Sub"]
    with pytest.raises(ValueError, match="Nope"):
        mark_required(converted, {"Thing": ["Nope"]})


# -- the real specs --


def _newest_as_generated() -> Any:
    files = spec_files()
    latest = list(files)[-1]
    specs = {version: read_spec(path) for version, path in files.items()}
    patched = apply_patch(specs[latest], load_patch(), specs)
    return snapshot(latest, patched, convert(patched), set())


def test_request_models_stay_buildable_piece_by_piece() -> None:
    generated = _newest_as_generated()
    in_bodies = {name for (root, _), name in generated.models_at.items() if root.endswith(" body")}
    assert {"ContainerCreateRequest", "HostConfig", "ServiceSpec"} <= in_bodies
    for name in sorted(in_bodies):
        model = getattr(strict, name)
        assert not [f for f, info in model.model_fields.items() if info.is_required()], name
        assert model().model_dump(exclude_unset=True) == {}, name
