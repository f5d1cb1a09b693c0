"""The version table: in which API version each model field and query parameter first appears.

Definitions get renamed and inline objects become definitions over the spec's history
(``Config`` became ``ContainerConfig``, the inline ``State`` of the inspect response became
``ContainerState``), so fields are matched by *position*, not by name: the path of API keys
from an operation's response or body (``GET /containers/{id}/json 200`` → ``State`` →
``Health``), or from a definition that no operation reaches. A field of a model in the newest
spec is "added in" the oldest version that has the same key at any position where the newest
spec puts that model (or a model inheriting from it).

The same positions decide which fields are generated as required (:func:`required_fields`,
rule in :mod:`codegen.convert`): a key every version requires wherever it puts the model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from codegen.convert import REF_PREFIX, Converted, Schema, operations, parents
from codegen.specs import version_key

Position = tuple[str, tuple[str, ...]]
_PATH_PARAM = re.compile(r"\{[^}]*\}")


def normalize_path(path: str) -> str:
    """``/containers/{id}/json`` and ``/containers/{name}/json`` are the same operation."""
    return _PATH_PARAM.sub("{}", path)


def _root_key(place: str) -> str:
    method, path, where = place.split(" ")
    return f"{method} {normalize_path(path)} {where}"


@dataclass
class Snapshot:
    """What one spec version says: its models by position, and its operations' parameters."""

    version: str
    models_at: dict[Position, str]
    keys_at: dict[Position, frozenset[str]]
    operations: dict[str, tuple[str, set[str]]]  # "GET /containers/{}/json" -> (path, query)
    # The keys at each position that the spec requires and types as a model or a scalar that
    # is not nullable (see :func:`required_fields`).
    firm_at: dict[Position, frozenset[str]] = field(default_factory=dict)
    # Every response and body documented ("GET /containers/{}/json 200"), a model or not.
    places: frozenset[str] = frozenset()
    # Positions the spec leaves untyped: ``{}`` (a map's free-form values, or a schema that
    # only names a Go type with ``x-go-type``).
    untyped: frozenset[Position] = frozenset()
    # The models that are not lifted inline objects (definitions and titled roots).
    named: frozenset[str] = frozenset()


def _refs(node: Any) -> Iterable[str]:
    """Model names a converted property refers to, through arrays, maps and unions."""
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        yield node["$ref"].removeprefix(REF_PREFIX)
    for branch in node.get("anyOf", []) + node.get("allOf", []):
        yield from _refs(branch)
    yield from _refs(node.get("items"))
    yield from _refs(node.get("additionalProperties"))


class _Walker:
    def __init__(self, converted: Converted) -> None:
        self.models = converted.models
        self.models_at: dict[Position, str] = {}
        self.keys_at: dict[Position, frozenset[str]] = {}
        self.firm_at: dict[Position, frozenset[str]] = {}
        self.untyped: set[Position] = set()

    def properties(self, name: str) -> dict[str, Schema]:
        """All properties of a model, inherited ones first."""
        schema = self.models[name].schema
        props: dict[str, Schema] = {}
        for parent in parents(schema):
            props.update(self.properties(parent))
        for part in schema.get("allOf", [schema]):
            props.update(part.get("properties", {}))
        return props

    def required(self, name: str) -> set[str]:
        """The keys the spec requires in a model, inherited ones included."""
        found = set(self.models[name].spec_required)
        for parent in parents(self.models[name].schema):
            found |= self.required(parent)
        return found

    def node(self, node: Any, root: str, steps: tuple[str, ...], stack: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        if not node or set(node) == {"description"}:
            self.untyped.add((root, steps))
        if "$ref" in node:
            self.model(node["$ref"].removeprefix(REF_PREFIX), root, steps, stack)
        for branch in node.get("anyOf", []):
            self.node(branch, root, steps, stack)
        self.node(node.get("items"), root, (*steps, "[]"), stack)
        self.node(node.get("additionalProperties"), root, (*steps, "{}"), stack)

    def model(self, name: str, root: str, steps: tuple[str, ...], stack: frozenset[str]) -> None:
        if name in stack:
            return
        props = self.properties(name)
        self.models_at[(root, steps)] = name
        self.keys_at[(root, steps)] = frozenset(props)
        self.firm_at[(root, steps)] = frozenset(
            key for key in self.required(name) if key in props and _firm(props[key])
        )
        for key, prop in props.items():
            self.node(prop, root, (*steps, key), stack | {name})


def snapshot(
    version: str, spec: Schema, converted: Converted, definition_roots: set[str] | None
) -> Snapshot:
    """Record the models and parameters of one spec version.

    ``definition_roots`` names the definitions walked as roots of their own (those no
    operation reaches in the newest spec); ``None`` walks every model definition.
    """
    walker = _Walker(converted)
    for place, node in converted.roots.items():
        walker.node(node, _root_key(place), (), frozenset())
    for name in spec.get("definitions", {}):
        if name in converted.models and (definition_roots is None or name in definition_roots):
            walker.model(name, "#" + name, (), frozenset())
    ops: dict[str, tuple[str, set[str]]] = {}
    for method, path, operation in operations(spec):
        shared = spec["paths"][path].get("parameters", [])
        query = {
            p["name"] for p in [*shared, *operation.get("parameters", [])] if p.get("in") == "query"
        }
        ops[f"{method} {normalize_path(path)}"] = (path, query)
    places = frozenset(_root_key(place) for place in converted.roots)
    return Snapshot(
        version,
        walker.models_at,
        walker.keys_at,
        ops,
        walker.firm_at,
        places,
        frozenset(walker.untyped),
        frozenset(name for name, model in converted.models.items() if not model.path),
    )


def unreached_definitions(latest: Snapshot) -> set[str]:
    """Model definitions of the newest spec that no operation's response or body reaches."""
    reached = {name for (root, _), name in latest.models_at.items() if not root.startswith("#")}
    return {name[1:] for (name, _) in latest.models_at if name.startswith("#")} - reached


def build_table(
    snapshots: list[Snapshot],
    latest_converted: Converted,
    replacements: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """Compute the version table from oldest-to-newest snapshots (the last is the newest).

    ``replacements`` (model -> API key -> text, from ``codegen/replacements.yaml``) says what
    replaces a removed field; each must name a field the table finds removed.

    A field of the newest models that the newest spec as published lacks (kept by a ``carry``
    patch) is listed under ``fields`` and under ``removed`` too.
    """
    snapshots = sorted(snapshots, key=lambda snap: version_key(snap.version))
    latest = snapshots[-1]
    versions = [snap.version for snap in snapshots]
    walker = _Walker(latest_converted)
    models = latest_converted.models
    replacements = replacements or {}

    family = _families(latest_converted)
    positions = _positions(latest)

    table_models: dict[str, Any] = {}
    for name, model in models.items():
        family_positions = [p for member in sorted(family[name]) for p in positions[member]]
        own = list(_own_keys(model.schema))
        props = walker.properties(name)
        fields: dict[str, list[str | None]] = {}
        removed: dict[str, list[str | None]] = {}
        for key in own:
            having = [
                index
                for index, snap in enumerate(snapshots)
                if any(key in snap.keys_at.get(p, ()) for p in family_positions)
            ]
            added = versions[having[0]] if having else None
            targets = sorted(set(_refs(props[key])))
            fields[key] = [added, targets[0] if len(targets) == 1 else None]
            if having and having[-1] < len(snapshots) - 1:
                removed[key] = [added, _removed_in(having[-1], versions)]
        all_keys = set(props)
        seen: dict[str, list[int]] = defaultdict(list)
        for index, snap in enumerate(snapshots):
            for key in {k for p in positions[name] for k in snap.keys_at.get(p, ())} - all_keys:
                seen[key].append(index)
        for key, indexes in sorted(seen.items()):
            removed[key] = [versions[indexes[0]], _removed_in(indexes[-1], versions)]
        for key, text in replacements.get(name, {}).items():
            if key not in removed:
                raise SystemExit(
                    f"codegen/replacements.yaml: {name}.{key} is not a removed field of {name}"
                )
            removed[key] = [*removed[key][:2], text]
        for key in removed:
            removed[key] = (removed[key] + [None])[:3]
        entry: dict[str, Any] = {"fields": fields}
        if parents(model.schema):
            entry["parents"] = parents(model.schema)
        if model.path:
            entry["inline"] = [model.root, ".".join(model.path)]
        if removed:
            entry["removed"] = dict(sorted(removed.items()))
        table_models[name] = entry
    unknown = set(replacements) - set(models)
    if unknown:
        raise SystemExit(f"codegen/replacements.yaml: unknown models {sorted(unknown)}")

    table_ops: dict[str, Any] = {}
    all_ops = sorted({op for snap in snapshots for op in snap.operations})
    for op in all_ops:
        present = [snap for snap in snapshots if op in snap.operations]
        last = present[-1]
        method = op.split(" ")[0]
        params: dict[str, list[str | None]] = {}
        names = sorted({n for snap in present for n in snap.operations[op][1]})
        for param in names:
            having = [i for i, snap in enumerate(snapshots) if param in _query(snap, op)]
            params[param] = [versions[having[0]], _removed_in(having[-1], versions)]
        op_index = [i for i, snap in enumerate(snapshots) if op in snap.operations]
        key = f"{method} {last.operations[op][0]}"
        table_ops[key] = {
            "added": versions[op_index[0]],
            "removed": _removed_in(op_index[-1], versions),
            "query": params,
        }
    return {"versions": versions, "models": table_models, "operations": table_ops}


def renamed_models(
    snapshots: list[Snapshot], generated: Snapshot, latest_converted: Converted, since: str
) -> dict[str, list[str]]:
    """Models of version ``since`` or later that the newest spec names otherwise.

    ``snapshots`` are the specs as published, oldest first; ``generated`` the newest as
    generated. A name is renamed when the positions it held (in any version) that the newest
    models still have all hold the same model (``Port`` became ``PortSummary`` in v1.52).
    Returns old name -> [new name, first version without the old name]; a name that split
    into several models, or whose places are all gone, is left out.
    """
    versions = [snap.version for snap in snapshots]
    successors: dict[str, set[str]] = defaultdict(set)
    last_index: dict[str, int] = {}
    for index, snap in enumerate(snapshots):
        for position, name in snap.models_at.items():
            if name in latest_converted.models or name not in snap.named:
                continue
            if position in generated.models_at:
                successors[name].add(generated.models_at[position])
            last_index[name] = index
    found: dict[str, list[str]] = {}
    for name, names in sorted(successors.items()):
        if len(names) != 1 or version_key(versions[last_index[name]]) < version_key(since):
            continue
        (new,) = names
        found[name] = [new, versions[last_index[name] + 1]]
    return found


def _firm(prop: Schema) -> bool:
    """Whether a converted property is a model or a scalar, and not nullable."""
    return "$ref" in prop or prop.get("type") in ("string", "integer", "number", "boolean")


def _families(converted: Converted) -> dict[str, set[str]]:
    """Each model's name with the names of every model inheriting from it."""
    children: dict[str, set[str]] = defaultdict(set)
    for name, model in converted.models.items():
        for parent in parents(model.schema):
            children[parent].add(name)

    def family(name: str) -> set[str]:
        found = {name}
        for child in children.get(name, ()):
            found |= family(child)
        return found

    return {name: family(name) for name in converted.models}


def _positions(snap: Snapshot) -> dict[str, list[Position]]:
    """Where each model sits in a snapshot."""
    found: dict[str, list[Position]] = defaultdict(list)
    for position, name in snap.models_at.items():
        found[name].append(position)
    return found


def _in_response(position: Position) -> bool:
    """Whether a position is inside a success response (not a body, not a definition root)."""
    root = position[0]
    return not root.startswith("#") and root.rsplit(" ", 1)[-1].isdigit()


def required_fields(
    snapshots: list[Snapshot], generated: Snapshot, converted: Converted
) -> dict[str, list[str]]:
    """The own fields of each model of the newest spec that are generated as required.

    ``generated`` is the snapshot of the newest spec as generated (patched), ``converted`` its
    conversion, ``snapshots`` every spec as published. The rule is in :mod:`codegen.convert`'s
    docstring: a model found only inside success responses, a key that every version requires
    (as a model or a non-nullable scalar) wherever it puts that model.
    """
    family = _families(converted)
    positions = _positions(generated)
    every = [*snapshots, generated]
    found: dict[str, list[str]] = {}
    for name, model in converted.models.items():
        places = [p for member in sorted(family[name]) for p in positions[member]]
        if not places or not all(_in_response(p) for p in places):
            continue
        keys = [
            key
            for key in _own_keys(model.schema)
            if all(_firm_at(snap, place, key) for snap in every for place in places)
        ]
        if keys:
            found[name] = keys
    return found


def _firm_at(snap: Snapshot, position: Position, key: str) -> bool:
    """Whether a version requires ``key`` at ``position``, or sends no object there at all.

    A version that documents the place as something other than a model (a free-form object,
    an array where the newest spec has an object) counts against the key: not firm. One that
    leaves the place (or a place above it) untyped, a schema without a type (``{}``: the
    ``Items`` of the v1.52 disk usage objects name only a Go type, the values of a free-form
    map), says nothing about it, as if it had no such place.
    """
    if position in snap.models_at:
        return key in snap.firm_at[position]
    root, steps = position
    if position in snap.untyped:
        return True
    for depth in range(len(steps) - 1, -1, -1):
        above = (root, steps[:depth])
        if above in snap.untyped:
            return True
        if above in snap.models_at:
            return steps[depth] not in snap.keys_at[above]  # absent: never sent there
    return root not in snap.places


def _query(snap: Snapshot, op: str) -> set[str]:
    found = snap.operations.get(op)
    return found[1] if found else set()


def _removed_in(last_index: int, versions: list[str]) -> str | None:
    return versions[last_index + 1] if last_index + 1 < len(versions) else None


def _own_keys(schema: Schema) -> Iterable[str]:
    for part in schema.get("allOf", [schema]):
        yield from part.get("properties", {})
