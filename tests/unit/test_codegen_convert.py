"""The Swagger 2.0 to OpenAPI 3.1 conversion rules of codegen, on small specs and the real ones."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.convert import REF_PREFIX, convert
from codegen.specs import read_spec, spec_files


def _spec(definitions: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"swagger": "2.0", "definitions": definitions, "paths": paths or {}}


def _props(converted: Any, name: str) -> dict[str, Any]:
    schema = converted.models[name].schema
    for part in schema.get("allOf", [schema]):
        if "properties" in part:
            return dict(part["properties"])
    raise AssertionError(f"{name} has no properties")


def test_defaults_formats_constraints_and_required_are_dropped() -> None:
    converted = convert(
        _spec(
            {
                "Thing": {
                    "type": "object",
                    "required": ["Created"],
                    "properties": {
                        "StopTimeout": {"type": "integer", "default": 10},
                        "Created": {"type": "string", "format": "date-time"},
                        "Id": {"type": "string", "pattern": "^[0-9a-f]{64}$", "maxLength": 64},
                        "Weight": {"type": "integer", "minimum": 0, "maximum": 1000},
                    },
                }
            }
        )
    )
    props = _props(converted, "Thing")
    assert props["StopTimeout"] == {"type": "integer"}
    assert props["Created"] == {"type": "string"}
    assert props["Id"] == {"type": "string"}
    assert props["Weight"] == {"type": "integer"}
    assert "required" not in converted.models["Thing"].schema
    # kept aside for codegen.history.required_fields, which decides what becomes required
    assert converted.models["Thing"].spec_required == {"Created"}


def test_enum_becomes_documented_string() -> None:
    converted = convert(
        _spec(
            {
                "Thing": {
                    "type": "object",
                    "properties": {
                        "Isolation": {
                            "type": "string",
                            "description": "Isolation technology.",
                            "enum": ["default", "process", ""],
                        },
                        "Caps": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
                    },
                }
            }
        )
    )
    props = _props(converted, "Thing")
    assert props["Isolation"] == {
        "type": "string",
        "description": 'Isolation technology.\n\nKnown values: "default", "process", "".',
    }
    assert props["Caps"]["items"] == {"type": "string"}
    assert props["Caps"]["description"] == 'Known values: "a", "b".'


def test_x_nullable_reaches_array_items_and_map_values() -> None:
    converted = convert(
        _spec(
            {
                "PortBinding": {"type": "object", "properties": {"HostPort": {"type": "string"}}},
                "PortMap": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "x-nullable": True,
                        "items": {"$ref": "#/definitions/PortBinding"},
                    },
                },
                "Settings": {
                    "type": "object",
                    "properties": {"Ports": {"$ref": "#/definitions/PortMap"}},
                },
            }
        )
    )
    assert "PortMap" not in converted.models  # a map, written where it is used
    ports = _props(converted, "Settings")["Ports"]
    assert ports["additionalProperties"] == {
        "type": ["array", "null"],
        "items": {"$ref": REF_PREFIX + "PortBinding"},
    }


def test_inline_objects_are_named_by_path_not_numbered() -> None:
    converted = convert(
        _spec(
            {
                "Config": {"type": "object", "properties": {"ID": {"type": "string"}}},
                "Plugin": {
                    "type": "object",
                    "properties": {
                        "Config": {
                            "type": "object",
                            "properties": {
                                "Args": {
                                    "type": "object",
                                    "properties": {"Name": {"type": "string"}},
                                },
                                "Mounts": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {"Source": {"type": "string"}},
                                    },
                                },
                            },
                        }
                    },
                },
            }
        )
    )
    assert list(converted.models) == [
        "Config",
        "Plugin",
        "PluginConfig",
        "PluginConfigArgs",
        "PluginConfigMountsItem",
    ]
    assert _props(converted, "Plugin")["Config"] == {"$ref": REF_PREFIX + "PluginConfig"}
    args = converted.models["PluginConfigArgs"]
    assert (args.root, args.path) == ("Plugin", ("Config", "Args"))


def test_operation_schemas_are_lifted_by_title_or_operation_id() -> None:
    obj = {"type": "object", "properties": {"Titles": {"type": "array"}}}
    paths = {
        "/containers/{id}/top": {
            "get": {"operationId": "ContainerTop", "responses": {"200": {"schema": obj}}}
        },
        "/images/{name}/history": {
            "get": {
                "operationId": "ImageHistory",
                "responses": {
                    "200": {"schema": {"type": "array", "items": {**obj, "title": "HistoryItem"}}}
                },
            }
        },
        "/images/{name}": {
            "delete": {
                "operationId": "ImageDelete",
                "responses": {"200": {"schema": {"type": "array", "items": obj}}},
            }
        },
        "/networks/create": {
            "post": {
                "operationId": "NetworkCreate",
                "parameters": [{"in": "body", "name": "config", "schema": obj}],
                "responses": {"201": {"schema": {"type": "string"}}},
            }
        },
    }
    converted = convert(_spec({}, paths))
    assert list(converted.models) == [
        "ContainerTopResponse",
        "HistoryItem",
        "ImageDeleteResponseItem",
        "NetworkCreateRequest",
    ]
    assert converted.roots["GET /images/{name}/history 200"] == {
        "type": "array",
        "items": {"$ref": REF_PREFIX + "HistoryItem"},
    }


def test_all_of_keeps_inheritance() -> None:
    converted = convert(
        _spec(
            {
                "Resources": {"type": "object", "properties": {"CpuShares": {"type": "integer"}}},
                "HostConfig": {
                    "allOf": [
                        {"$ref": "#/definitions/Resources"},
                        {"type": "object", "properties": {"Binds": {"type": "array"}}},
                    ]
                },
            }
        )
    )
    schema = converted.models["HostConfig"].schema
    assert schema["allOf"][0] == {"$ref": REF_PREFIX + "Resources"}
    assert list(schema["allOf"][1]["properties"]) == ["Binds"]


def test_name_clash_is_an_error() -> None:
    with pytest.raises(ValueError, match="PluginConfig"):
        convert(
            _spec(
                {
                    "PluginConfig": {"type": "object", "properties": {"A": {"type": "string"}}},
                    "Plugin": {
                        "type": "object",
                        "properties": {
                            "Config": {"type": "object", "properties": {"B": {"type": "string"}}}
                        },
                    },
                }
            )
        )


def test_every_spec_converts_and_model_names_do_not_churn() -> None:
    files = spec_files()
    versions = list(files)
    converted = {v: convert(read_spec(files[v])) for v in versions[-2:]}
    older, newer = (set(converted[v].models) for v in versions[-2:])
    assert older == newer, (sorted(older - newer), sorted(newer - older))
    for names in (older, newer):
        assert not [name for name in names if name[-1].isdigit()]
