"""Turn a Swagger 2.0 Engine API spec into OpenAPI 3.1 component schemas, one per model.

The output is shaped so that datamodel-code-generator has no naming decisions left to make:

* every ``definitions`` entry that is an object becomes a model of the same name;
* inline response and request-body objects of operations are lifted out under the spec's
  ``title``, else ``<operationId>Response`` (``...ResponseItem`` for array items) or
  ``<operationId>Request``;
* every inline object nested in a model is lifted out under a name derived from its path:
  ``Plugin.Config`` becomes ``PluginConfig``, its ``Args`` ``PluginConfigArgs``, array items add
  ``Item`` and map values ``Value`` (never a generator-numbered ``Config1``);
* definitions that are not objects (enums, maps, arrays) are written in place where they are used;
* a property is optional (``X | None = None``) unless the rule below makes it required;
  ``x-nullable`` makes the type itself accept null where it matters (array items, map values);
* ``default``, ``example``, formats (timestamps stay strings), validation constraints and
  enumerations are removed: an engine older or newer than the spec must not fail validation.
  Enumerated values are listed in the description instead.

Required fields. One model serves every engine from API v1.25 to the newest, and request models
must stay buildable piece by piece, so ``required`` is dropped from every schema here and only
put back by :func:`mark_required` for the fields :func:`codegen.history.required_fields` picks.
A field is generated as required (``X``, no default, validation fails without it) only if all
of these hold:

* its model (or a model inheriting from it) appears only inside success responses of the newest
  spec as generated: never as, or inside, a request body or a definition that no operation
  reaches;
* at every such position, every spec version (v1.25..newest, and the newest as patched) that
  puts an object there lists the key in ``required``; a version without that position says
  nothing (the engine sends no object there), but one that documents the position as something
  other than a model (a free-form object, an array of arrays) counts against it. So the field
  exists in every version that has the model: an engine older than a field never sends it;
* its type is a model or a scalar (string, integer, number, boolean) and it is not
  ``x-nullable`` in any of those versions. Nullable fields stay optional rather than becoming
  "required but ``X | None``": the type would not change for users, only fail on engines that
  leave the key out. Arrays and maps stay optional too: Go sends a nil slice or map as
  ``null`` (ImageSummary.Labels, Volume.Options), whatever the spec says;
* no ``op: optional`` entry of ``codegen/spec_patch.yaml`` vetoes it (the veto list of fields
  real engines omit or send as null despite the spec).

A reply missing a required field fails validation, which the client raises as
:class:`~dockersdk.errors.ResponseParseError`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from codegen.naming import field_name, pascal_case

DEF_PREFIX = "#/definitions/"
REF_PREFIX = "#/components/schemas/"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
#: On a property: other spellings of its key that engines send (codegen/spec_patch.yaml).
ALIASES_KEY = "x-dockersdk-aliases"

Schema = dict[str, Any]

# Keys dropped from every schema node: server-side defaults, examples, formats (timestamps stay
# strings; no AnyUrl/IP types), validation constraints and vendor extensions.
_DROPPED_KEYS = frozenset(
    {
        "default",
        "example",
        "examples",
        "format",
        "title",
        "required",
        "readOnly",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "discriminator",
    }
)


@dataclass
class Model:
    """One generated model: its converted schema and where it comes from in the spec."""

    name: str
    schema: Schema
    root: str
    path: tuple[str, ...]
    # The own properties the spec lists as ``required`` (not yet in ``schema``: see
    # :func:`mark_required`).
    spec_required: frozenset[str] = frozenset()


@dataclass
class Converted:
    """The result of converting one spec."""

    models: dict[str, Model] = field(default_factory=dict)
    # "METHOD /path 200" or "METHOD /path body" -> the converted schema found there.
    roots: dict[str, Schema] = field(default_factory=dict)

    def components(self) -> dict[str, Schema]:
        """The component schemas, in model order."""
        return {name: model.schema for name, model in self.models.items()}

    def aliases(self) -> dict[str, str]:
        """API key -> attribute name for every property of every model."""
        keys = {key for model in self.models.values() for key in own_properties(model.schema)}
        return {key: field_name(key) for key in sorted(keys)}


def _with_aliases(node: Schema, out: Schema) -> Schema:
    """``out`` with the other spellings of its key (``x-dockersdk-aliases``) that ``node``,
    the property it was converted from, lists (spec_patch.yaml): kept for codegen.generate,
    also when the property is a ``$ref`` or an inline model."""
    others = node.get(ALIASES_KEY)
    if not others:
        return out
    return {**out, ALIASES_KEY: [str(other) for other in others]}


def is_object_like(node: Any) -> bool:
    """Whether an inline schema needs a model of its own."""
    if not isinstance(node, dict) or "$ref" in node:
        return False
    if node.get("properties"):
        return True
    parts = node.get("allOf")
    return isinstance(parts, list) and bool(parts) and _significant_all_of(parts)


def _significant_all_of(parts: list[Schema]) -> bool:
    """An ``allOf`` is a model unless it is one ``$ref`` plus parts without properties."""
    refs = [part for part in parts if "$ref" in part]
    return len(refs) != 1 or any(part.get("properties") for part in parts)


def _all_of_parts(node: Schema) -> list[Schema]:
    """The parts of an object: its ``allOf`` list, plus the properties written beside it.

    Since v1.52 the spec puts a model's own properties next to its ``allOf`` (``NetworkInspect``:
    ``allOf: [Network]`` and ``properties: {Containers, ...}``); they are one more part.
    """
    parts = node.get("allOf")
    if not isinstance(parts, list):
        return [node]
    if node.get("properties"):
        sibling = {key: node[key] for key in ("properties", "required") if key in node}
        return [*parts, sibling]
    return list(parts)


def _single_ref(parts: list[Schema]) -> str | None:
    refs = [part["$ref"] for part in parts if "$ref" in part]
    if len(refs) == 1 and not _significant_all_of(parts):
        ref: str = refs[0]
        return ref
    return None


def own_properties(schema: Schema) -> dict[str, Schema]:
    """The properties a converted model declares itself (not inherited through ``allOf``)."""
    if "allOf" in schema:
        props: dict[str, Schema] = {}
        for part in schema["allOf"]:
            props.update(part.get("properties", {}))
        return props
    properties: dict[str, Schema] = schema.get("properties", {})
    return properties


def parents(schema: Schema) -> list[str]:
    """Names of the models a converted model inherits from."""
    return [
        part["$ref"].removeprefix(REF_PREFIX) for part in schema.get("allOf", []) if "$ref" in part
    ]


def _enum_note(values: list[Any]) -> str:
    return "Known values: " + ", ".join(json.dumps(value) for value in values) + "."


def _join(*texts: str | None) -> str | None:
    parts = [text.strip() for text in texts if text and text.strip()]
    return "\n\n".join(parts) if parts else None


def _clean_description(text: str | None) -> str | None:
    if not text:
        return None
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) or None


class Converter:
    """Converts one normalised Swagger 2.0 spec (see :func:`convert`)."""

    def __init__(self, spec: Schema) -> None:
        self.spec = spec
        self.definitions: dict[str, Schema] = spec.get("definitions", {})
        self.result = Converted()
        # Names of definitions that become models; the others are written in place.
        self.model_defs = {name for name, d in self.definitions.items() if is_object_like(d)}
        self._inline_cache: dict[str, Schema] = {}

    # -- roots -----------------------------------------------------------------------------

    def run(self) -> Converted:
        """Convert every definition and every inline operation schema."""
        for name, definition in self.definitions.items():
            if name in self.model_defs:
                self._add_model(name, definition, name, ())
        for place, default_name, schema in operation_schemas(self.spec):
            self.result.roots[place] = self._root(schema, default_name)
        for name in self.definitions:
            if name not in self.model_defs:
                self._inline_definition(name)
        return self.result

    def _root(self, schema: Schema, default_name: str) -> Schema:
        """Convert an operation's response or body schema, lifting an inline object."""
        if is_object_like(schema):
            name = self._add_model(schema.get("title") or default_name, schema, "", ())
            return {"$ref": REF_PREFIX + name}
        items = schema.get("items")
        if schema.get("type") == "array" and isinstance(items, dict) and is_object_like(items):
            name = self._add_model(items.get("title") or default_name + "Item", items, "", ())
            return {"type": "array", "items": {"$ref": REF_PREFIX + name}}
        return self._node(schema, default_name, default_name, ())

    def _add_model(self, name: str, node: Schema, root: str, path: tuple[str, ...]) -> str:
        if name in self.result.models:
            model = self.result.models[name]
            if (model.root, model.path) != (root, path):
                raise ValueError(
                    f"model name {name!r} derived for {root}:{'.'.join(path)} is already used by "
                    f"{model.root}:{'.'.join(model.path)}; add a title or rename in spec_patch.yaml"
                )
            return name
        root = root or name
        model = Model(name, {}, root, path)
        self.result.models[name] = model  # reserve the name before descending
        model.schema = self._model_schema(node, name, root, path)
        return name

    def _model_schema(self, node: Schema, name: str, root: str, path: tuple[str, ...]) -> Schema:
        if path:
            # A lifted inline object: its description is already the field's; say where it is.
            description: str | None = f"The ``{'.'.join(path)}`` object of :class:`{root}`."
        else:
            description = _clean_description(node.get("description"))
        properties: dict[str, Schema] = {}
        required: set[str] = set()
        refs: list[Schema] = []
        for part in _all_of_parts(node):
            if "$ref" in part:
                target = self._def_name(part["$ref"])
                if target not in self.model_defs:
                    raise ValueError(f"{name}: allOf refers to non-object definition {target}")
                refs.append({"$ref": REF_PREFIX + target})
                continue
            if part is not node and not path:
                description = description or _clean_description(part.get("description"))
            required.update(part.get("required", []))
            for key, prop in part.get("properties", {}).items():
                if key in properties:
                    raise ValueError(f"{name}: property {key!r} is declared twice")
                child = name + pascal_case(key)
                properties[key] = self._property(prop, child, root, (*path, key))
        body: Schema = {"type": "object", "properties": properties}
        schema: Schema = {"allOf": [*refs, body]} if refs else body
        if description:
            schema["description"] = description
        self.result.models[name].spec_required = frozenset(required & set(properties))
        return schema

    # -- schema nodes ----------------------------------------------------------------------

    def _def_name(self, ref: str) -> str:
        if not ref.startswith(DEF_PREFIX):
            raise ValueError(f"unsupported $ref {ref!r}")
        name = ref.removeprefix(DEF_PREFIX)
        if name not in self.definitions:
            raise ValueError(f"$ref to unknown definition {name!r}")
        return name

    def _inline_definition(self, name: str) -> Schema:
        """The converted schema of a non-object definition, to be written where it is used."""
        if name not in self._inline_cache:
            self._inline_cache[name] = {}  # guards against a definition that refers to itself
            self._inline_cache[name] = self._node(self.definitions[name], name, name, ())
        return copy.deepcopy(self._inline_cache[name])

    def _property(self, prop: Schema, ctx: str, root: str, path: tuple[str, ...]) -> Schema:
        """A property: its type plus its description (with known enum values)."""
        node = self._node(prop, ctx, root, path)
        description = _clean_description(prop.get("description"))
        resolved = self._resolve(prop)
        if description is None and resolved is not prop and not _is_model_ref(node):
            # A definition written in place (an enum, a map) brings its description along; a
            # model's description is its class docstring and is not repeated on each field.
            description = _clean_description(resolved.get("description"))
        note = None
        for candidate in (
            resolved,
            self._resolve(resolved.get("items")),
            self._resolve(resolved.get("additionalProperties")),
        ):
            values = [v for v in candidate.get("enum", []) if v != {}]
            if values:
                note = _enum_note(values)
                break
        description = _join(description, note)
        node.pop("description", None)
        if description:
            node["description"] = description
        return node

    def _resolve(self, node: Any) -> Schema:
        """Follow a ``$ref`` (or one-``$ref`` ``allOf``) to its definition, for reading only."""
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref") or _single_ref(node.get("allOf", []))
        if ref:
            return self.definitions[self._def_name(ref)]
        return node

    def _node(self, node: Any, ctx: str, root: str, path: tuple[str, ...]) -> Schema:
        """Convert a schema node that is not itself a model; lift nested objects to models."""
        if not isinstance(node, dict):
            return {}
        nullable = node.get("x-nullable") is True
        ref = node.get("$ref")
        if ref is None and "allOf" in node:
            ref = _single_ref(_all_of_parts(node))
        if ref is not None:
            target = self._def_name(ref)
            if target in self.model_defs:
                out: Schema = {"$ref": REF_PREFIX + target}
            else:
                out = self._inline_definition(target)
                nullable = nullable or _allows_null(out)
                out.pop("description", None)
            return _with_aliases(node, _nullable(out) if nullable else out)
        if is_object_like(node):
            name = self._add_model(ctx, node, root, path)
            out = {"$ref": REF_PREFIX + name}
            return _with_aliases(node, _nullable(out) if nullable else out)
        out = {}
        for key, value in node.items():
            if key == ALIASES_KEY:  # kept for codegen.generate (spec_patch.yaml)
                out[key] = [str(other) for other in value]
                continue
            if key in _DROPPED_KEYS or key.startswith("x-") or key == "enum":
                continue
            if key == "items":
                out["items"] = self._node(value, ctx + "Item", root, path)
            elif key == "additionalProperties":
                if isinstance(value, dict):
                    out["additionalProperties"] = self._node(value, ctx + "Value", root, path)
            elif key == "properties":
                continue  # empty: is_object_like() took every object with properties
            elif key == "description":
                out["description"] = _clean_description(value)
            elif key == "type":
                out[key] = value
            elif key == "allOf":
                raise ValueError(f"unexpected allOf at {root}:{'.'.join(path)}")
            else:
                raise ValueError(f"unsupported schema keyword {key!r} at {root}:{'.'.join(path)}")
        if out.get("description") is None:
            out.pop("description", None)
        if node.get("type") == "object" and "additionalProperties" not in out:
            out["additionalProperties"] = {}
        return _nullable(out) if nullable else out


def _is_model_ref(node: Schema) -> bool:
    return "$ref" in node or any("$ref" in branch for branch in node.get("anyOf", []))


def _allows_null(node: Schema) -> bool:
    kind = node.get("type")
    return isinstance(kind, list) and "null" in kind


def _nullable(node: Schema) -> Schema:
    if "$ref" in node:
        return {"anyOf": [node, {"type": "null"}]}
    kind = node.get("type")
    if kind is None or _allows_null(node):
        return node
    return {**node, "type": [kind, "null"]}


# -- operations ------------------------------------------------------------------------------


def operations(spec: Schema) -> Iterator[tuple[str, str, Schema]]:
    """Yield ``(METHOD, path, operation)`` in spec order."""
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, operation


def operation_schemas(spec: Schema) -> Iterator[tuple[str, str, Schema]]:
    """Yield ``(place, default model name, schema)`` for each success response and body.

    ``place`` is ``"GET /images/json 200"`` or ``"POST /networks/create body"``; an inline
    object found there is named by its ``title``, else by the default name
    (``<operationId>Response``/``<operationId>Request``, plus ``Item`` for array items).
    """
    for method, path, operation in operations(spec):
        op_id = operation.get("operationId") or pascal_case(method.lower() + " " + path)
        for code, response in sorted(operation.get("responses", {}).items()):
            if code.startswith("2") and isinstance(response.get("schema"), dict):
                yield f"{method} {path} {code}", op_id + "Response", response["schema"]
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "body" and isinstance(parameter.get("schema"), dict):
                yield f"{method} {path} body", op_id + "Request", parameter["schema"]


def mark_required(converted: Converted, required: dict[str, list[str]]) -> None:
    """Make the listed own properties of each model required (no default, not ``None``).

    ``required`` comes from :func:`codegen.history.required_fields`, which applies the rule of
    this module's docstring; the properties keep their spec order.
    """
    for name, keys in required.items():
        schema = converted.models[name].schema
        body = schema["allOf"][-1] if "allOf" in schema else schema
        unknown = set(keys) - set(body["properties"])
        if unknown:
            raise ValueError(f"{name}: cannot require {sorted(unknown)}: not its own properties")
        body["required"] = [key for key in body["properties"] if key in keys]


def convert(spec: Schema) -> Converted:
    """Convert a normalised (string-keyed, patched) Swagger 2.0 spec."""
    return Converter(spec).run()
