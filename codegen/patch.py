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
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

PATCH_FILE = Path(__file__).resolve().parent / "spec_patch.yaml"
OPS = ("add", "replace", "remove", "optional")
_NO_VALUE = ("remove", "optional")


@dataclass(frozen=True)
class PatchEntry:
    """One edit of the spec."""

    id: str
    op: str
    path: str
    value: Any
    why: str


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
        if item["id"] in seen:
            raise SystemExit(f"{path.name}: duplicate id {item['id']!r}")
        seen.add(item["id"])
        entries.append(
            PatchEntry(item["id"], item["op"], item["path"], item.get("value"), item["why"])
        )
    return entries


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def apply_patch(spec: dict[str, Any], entries: list[PatchEntry]) -> dict[str, Any]:
    """Return a patched copy of ``spec``."""
    patched = copy.deepcopy(spec)
    for entry in entries:
        if entry.op == "optional":
            _make_optional(patched, entry)
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
