"""codegen/views.py: the typed dict classes' source from converted schemas."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.convert import REF_PREFIX
from codegen.views import annotation, render_class

REF = {"$ref": REF_PREFIX + "Other"}


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ({"type": "string"}, "str"),
        ({"type": "integer"}, "int"),
        ({"type": "number"}, "float"),
        ({"type": "boolean"}, "bool"),
        ({}, "Any"),
        (REF, "Other"),
        ({"anyOf": [REF, {"type": "null"}]}, "Other | None"),
        ({"type": ["string", "null"]}, "str | None"),
        ({"type": "array", "items": {"type": "string"}}, "list[str]"),
        ({"type": "array"}, "list[Any]"),
        ({"type": "object", "additionalProperties": {}}, "dict[str, Any]"),
        ({"type": "object", "additionalProperties": REF}, "dict[str, Other]"),
        (
            {"type": "object", "additionalProperties": {"type": ["array", "null"], "items": REF}},
            "dict[str, list[Other] | None]",
        ),
    ],
)
def test_annotation(node: dict[str, Any], expected: str) -> None:
    assert annotation(node) == expected


def test_unknown_types_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported schema type 'file'"):
        annotation({"type": "file"})


def test_a_class_with_required_removed_and_aliased_fields() -> None:
    schema = {
        "description": 'A "thing".',
        "type": "object",
        "required": ["Id"],
        "properties": {
            "Id": {"type": "string", "description": "The id."},
            "IPAddress": {"type": "string"},
            "Name": {"type": "string", "x-dockersdk-aliases": ["name"]},
        },
    }
    removed = {"Thing": {"IPAddress": ("1.52", "Networks.<network>.IPAddress")}}
    assert render_class("Thing", schema, removed) == (
        "class Thing(DockerModel):\n"
        '    """A "thing"."""\n'
        "\n"
        "    __slots__ = ()\n"
        '    __api_keys__ = {"id": "Id", "ip_address": "IPAddress", "name": "Name"}\n'
        '    __key_aliases__ = {"name": ("name",)}\n'
        '    __removed__ = {"ip_address": ("1.52", "Networks.<network>.IPAddress")}\n'
        "\n"
        "    id: str\n"
        '    """The id."""\n'
        "\n"
        "    ip_address: str | None\n"
        '    """Removed in API 1.52: read ``Networks.<network>.IPAddress`` instead."""\n'
        "\n"
        "    name: str | None\n"
    )


def test_docstrings_are_escaped() -> None:
    schema = {
        "type": "object",
        "properties": {"A": {"type": "string", "description": 'x """ \\ y"'}},
    }
    text = render_class("T", schema)
    namespace: dict[str, Any] = {}
    exec("from dockersdk.models._base import DockerModel\n" + text, namespace)  # compiles
    assert '"""x \\"\\"\\" \\\\ y" """' in text
