"""Apply ``codegen/spec_patch.yaml``: corrections to the newest spec where real engines differ.

Each entry is a JSON-pointer edit of the Swagger document with an ``id`` (its test in
``tests/unit/test_spec_patch.py`` is named after it) and a ``why``. Every edit checks its
precondition (``add`` needs a missing key, ``replace``/``remove`` an existing one,
``optional`` a property its object lists as ``required``), so a fix that the upstream spec
picks up makes generation fail instead of silently doing nothing.

``optional`` is the veto of a required field (see :mod:`codegen.convert`): its ``path`` names
a property (``/definitions/PluginMount/properties/Source``) that real engines omit or send as
null although the spec requires it; the entry takes it out of its object's ``required`` list,
so the field stays ``X | None = None``.

``carry`` keeps fields a newer API version removed in the generated models, so replies of the
engines that still send them stay typed: its ``path`` names an object's ``properties`` in the
newest spec, ``keys`` the properties to copy there from the same place in the spec of version
``from`` (the last one that has them). Each key must be missing from the newest spec and from
every version after ``from``, and present in ``from``. The copy's description says in which
version the field was removed; the version table (:mod:`codegen.history`) records the removal
too, since the published newest spec lacks the field.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

PATCH_FILE = Path(__file__).resolve().parent / "spec_patch.yaml"
OPS = ("add", "replace", "remove", "optional", "carry")
_NO_VALUE = ("remove", "optional", "carry")


@dataclass(frozen=True)
class PatchEntry:
    """One edit of the spec."""

    id: str
    op: str
    path: str
    value: Any
    why: str
    # ``carry`` only: the spec version to copy from, and the property names.
    source: str | None = None
    keys: tuple[str, ...] = ()


def load_patch(path: Path = PATCH_FILE) -> list[PatchEntry]:
    """Read and check the patch file."""
    raw = yaml.safe_load(path.read_text()) or []
    entries: list[PatchEntry] = []
    seen: set[str] = set()
    for item in raw:
        missing = {"id", "op", "path", "why"} - set(item)
        if missing:
            raise SystemExit(f"{path.name}: entry {item!r} lacks {sorted(missing)}")
        if item["op"] not in OPS:
            raise SystemExit(f"{path.name}: {item['id']}: op must be one of {OPS}")
        if (item["op"] in _NO_VALUE) == ("value" in item):
            raise SystemExit(f"{path.name}: {item['id']}: 'value' goes with add/replace only")
        if (item["op"] == "carry") != ("from" in item and "keys" in item):
            raise SystemExit(f"{path.name}: {item['id']}: 'from' and 'keys' go with carry only")
        if item["id"] in seen:
            raise SystemExit(f"{path.name}: duplicate id {item['id']!r}")
        seen.add(item["id"])
        entries.append(
            PatchEntry(
                item["id"],
                item["op"],
                item["path"],
                item.get("value"),
                item["why"],
                str(item["from"]) if "from" in item else None,
                tuple(item.get("keys", ())),
            )
        )
    return entries


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def apply_patch(
    spec: dict[str, Any],
    entries: list[PatchEntry],
    history: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return a patched copy of ``spec``.

    ``history`` maps each spec version to its spec, oldest first and ``spec`` last; ``carry``
    entries copy from it.
    """
    patched = copy.deepcopy(spec)
    for entry in entries:
        if entry.op == "optional":
            _make_optional(patched, entry)
            continue
        if entry.op == "carry":
            _carry(patched, entry, history or {})
            continue
        *parents, last = _pointer(entry.path)
        node: Any = patched
        for part in parents:
            if not isinstance(node, dict) or part not in node:
                raise SystemExit(f"spec patch {entry.id}: {entry.path}: no {part!r} in the spec")
            node = node[part]
        if not isinstance(node, dict):
            raise SystemExit(f"spec patch {entry.id}: {entry.path}: parent is not an object")
        exists = last in node
        if entry.op == "add" and exists:
            raise SystemExit(
                f"spec patch {entry.id}: {entry.path} already exists: the spec has been fixed, "
                "remove the entry (and its test) from codegen/spec_patch.yaml"
            )
        if entry.op != "add" and not exists:
            raise SystemExit(f"spec patch {entry.id}: {entry.path} does not exist")
        if entry.op == "remove":
            del node[last]
        else:
            if entry.op == "replace" and node[last] == entry.value:
                raise SystemExit(f"spec patch {entry.id}: {entry.path} already has this value")
            node[last] = copy.deepcopy(entry.value)
    return patched


def _resolve(spec: Any, entry: PatchEntry, where: str) -> Any:
    node = spec
    for part in _pointer(entry.path):
        if not isinstance(node, dict) or part not in node:
            raise SystemExit(f"spec patch {entry.id}: {entry.path}: no {part!r} in {where}")
        node = node[part]
    if not isinstance(node, dict):
        raise SystemExit(f"spec patch {entry.id}: {entry.path} is not an object in {where}")
    return node


def _carry(spec: dict[str, Any], entry: PatchEntry, history: Mapping[str, dict[str, Any]]) -> None:
    """Copy the ``keys`` of ``entry.path`` from the spec of version ``entry.source``."""
    versions = list(history)
    if entry.source not in history:
        raise SystemExit(f"spec patch {entry.id}: carry needs the spec of v{entry.source}")
    if not entry.path.endswith("/properties"):
        raise SystemExit(f"spec patch {entry.id}: {entry.path} must name an object's properties")
    later = versions[versions.index(entry.source) + 1 :]
    if not later:
        raise SystemExit(f"spec patch {entry.id}: v{entry.source} is the newest spec")
    old = _resolve(history[entry.source], entry, f"v{entry.source}")
    target = spec
    parents = _pointer(entry.path)
    for part in parents[:-1]:
        if not isinstance(target, dict) or part not in target:
            raise SystemExit(f"spec patch {entry.id}: {entry.path}: no {part!r} in the spec")
        target = target[part]
    if not isinstance(target, dict):
        raise SystemExit(f"spec patch {entry.id}: {entry.path}: parent is not an object")
    properties = target.setdefault(parents[-1], {})
    for key in entry.keys:
        if key not in old:
            raise SystemExit(f"spec patch {entry.id}: v{entry.source} has no {key!r} there")
        for version in later:
            try:
                present = key in _resolve(history[version], entry, f"v{version}")
            except SystemExit:
                present = False
            if present:
                raise SystemExit(
                    f"spec patch {entry.id}: v{version} still has {key!r}: carry it from the "
                    "last version that has it, or remove the key from the entry"
                )
        if key in properties:
            raise SystemExit(f"spec patch {entry.id}: {entry.path}/{key} already exists")
        value = copy.deepcopy(old[key])
        note = f"Removed in API v{later[0]}: engines speaking v{entry.source} or older send it."
        text = str(value.get("description") or "").strip()
        value["description"] = f"{text}\n\n{note}" if text else note
        properties[key] = value


def _make_optional(spec: dict[str, Any], entry: PatchEntry) -> None:
    """Take the property ``entry.path`` out of its object's ``required`` list."""
    *parents, keyword, key = _pointer(entry.path)
    node: Any = spec
    for part in parents:
        if not isinstance(node, dict) or part not in node:
            raise SystemExit(f"spec patch {entry.id}: {entry.path}: no {part!r} in the spec")
        node = node[part]
    if keyword != "properties" or not isinstance(node, dict):
        raise SystemExit(f"spec patch {entry.id}: {entry.path} does not name a property")
    if key not in node.get("properties", {}):
        raise SystemExit(f"spec patch {entry.id}: {entry.path} does not exist")
    required = node.get("required", [])
    if key not in required:
        raise SystemExit(
            f"spec patch {entry.id}: {entry.path} is not required: the spec has been fixed, "
            "remove the entry (and its test) from codegen/spec_patch.yaml"
        )
    node["required"] = [name for name in required if name != key]
    if not node["required"]:
        del node["required"]
