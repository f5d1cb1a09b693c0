"""Write the typed reply classes: ``dict`` subclasses whose fields are class annotations.

One class per converted model (:mod:`codegen.convert`), in the same order, with the same names
and attribute names as the pydantic models datamodel-code-generator writes from the same
schemas. Each class declares::

    class ContainerState(DockerModel):
        \"\"\"ContainerState stores container's running state. ...\"\"\"

        __slots__ = ()
        __api_keys__ = {"status": "Status", "running": "Running", ...}

        status: str | None
        \"\"\"String representation of the container state. ...\"\"\"

A field is ``X`` when :func:`codegen.convert.mark_required` made it required, else
``X | None``. :class:`dockersdk.models._base.DockerModel` reads the annotations and keys at
run time (once per class) to check and wrap values as they are read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from codegen.convert import ALIASES_KEY, REF_PREFIX, Converted, Schema, own_properties, parents
from codegen.naming import field_name

BASE = "DockerModel"
BASE_IMPORT = "from dockersdk.models._base import DockerModel"

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}


def annotation(node: Schema) -> str:
    """The Python type of a converted schema node, as annotation text."""
    if "$ref" in node:
        ref: str = node["$ref"]
        return ref.removeprefix(REF_PREFIX)
    if "anyOf" in node:
        return _union([annotation(branch) for branch in node["anyOf"]])
    kind = node.get("type")
    if isinstance(kind, list):
        return _union([annotation({**node, "type": k}) for k in kind])
    if kind == "array":
        items = node.get("items")
        return f"list[{annotation(items) if items else 'Any'}]"
    if kind == "object":
        values = node.get("additionalProperties")
        return f"dict[str, {annotation(values) if values else 'Any'}]"
    if kind is None:
        return "Any"
    if kind not in _SCALARS:
        raise ValueError(f"unsupported schema type {kind!r}")
    return _SCALARS[kind]


def _union(parts: list[str]) -> str:
    # None goes last, as in ``str | None``
    unique = [part for i, part in enumerate(parts) if part not in parts[:i]]
    ordered = [part for part in unique if part != "None"] + [p for p in unique if p == "None"]
    return " | ".join(ordered)


def _docstring(text: str, indent: str) -> str:
    """A triple-quoted docstring of ``text`` (escaped) at ``indent``."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    if body.endswith('"'):
        body += " "
    lines = body.splitlines()
    if len(lines) == 1:
        return f'{indent}"""{body}"""\n'
    inner = "\n".join(f"{indent}{line}" if line.strip() else "" for line in lines)
    return f'{indent}"""\n{inner}\n{indent}"""\n'


def _ordered(converted: Converted) -> list[str]:
    """Model names in converted order, each after the models it inherits from."""
    done: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for parent in parents(converted.models[name].schema):
            visit(parent)
        done.append(name)

    for name in converted.models:
        visit(name)
    return done


#: model -> API key -> (the version that removed it, the replacement or None)
Removed = Mapping[str, Mapping[str, tuple[str, str | None]]]


def render_class(name: str, schema: Schema, removed: Removed | None = None) -> str:
    """The source of one generated class (``removed``: fields a newer API removed)."""
    bases = parents(schema) or [BASE]
    body = schema["allOf"][-1] if "allOf" in schema else schema
    required = set(body.get("required", []))
    out = [f"class {name}({', '.join(bases)}):\n"]
    description = schema.get("description")
    if description:
        out.append(_docstring(description, "    "))
        out.append("\n")
    out.append("    __slots__ = ()\n")
    properties: dict[str, Any] = own_properties(schema)
    if not properties:
        return "".join(out)
    keys = ", ".join(f'"{field_name(key)}": "{key}"' for key in properties)
    out.append(f"    __api_keys__ = {{{keys}}}\n")
    spellings = {
        field_name(key): tuple(prop[ALIASES_KEY])
        for key, prop in properties.items()
        if prop.get(ALIASES_KEY)
    }
    if spellings:
        out.append(f"    __key_aliases__ = {spellings!r}\n".replace("'", '"'))
    gone = {key: value for key, value in (removed or {}).get(name, {}).items() if key in properties}
    if gone:
        entries = ", ".join(
            f'"{field_name(key)}": ("{version}", {json.dumps(instead)})'.replace("null", "None")
            for key, (version, instead) in gone.items()
        )
        out.append(f"    __removed__ = {{{entries}}}\n")
    for key, prop in properties.items():
        text = annotation(prop)
        if key not in required and "None" not in text.split(" | "):
            text += " | None"
        out.append(f"\n    {field_name(key)}: {text}\n")
        description = prop.get("description") or ""
        if key in gone:
            version, instead = gone[key]
            note = f"Removed in API {version}" + (
                f": read ``{instead}`` instead." if instead else "."
            )
            description = f"{description}\n\n{note}".strip()
        if description:
            out.append(_docstring(description, "    "))
    return "".join(out)


def render_views(
    converted: Converted, header: str, aliases: Sequence[str] = (), removed: Removed | None = None
) -> str:
    """The text of ``models/_generated.py`` (``aliases``: names the caller defines at the end,
    listed in ``__all__`` too)."""
    parts = [
        header,
        "\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\n",
        BASE_IMPORT,
        "\n\n__all__ = [\n",
        *(f'    "{name}",\n' for name in sorted([*converted.models, *aliases])),
        "]\n",
    ]
    for name in _ordered(converted):
        parts.append("\n\n")
        parts.append(render_class(name, converted.models[name].schema, removed))
    return "".join(parts)
