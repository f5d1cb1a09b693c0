"""Griffe extension for dockersdk's reference (``mkdocs.yml``): what the docstrings mean.

Run once the package is loaded (``on_package``), it

- turns the Sphinx roles of the docstrings (``:class:`~dockersdk.types.HostConfig```) into
  links to where the target is documented (``scripts/docs/public_api.py``), or into code
  when the target is not documented (private, or outside dockersdk);
- adds to every field of a generated model (``dockersdk.models``) the API key it reads and
  the API version that added it, or removed it and what replaces it, from the version table
  (``dockersdk/models/_versions.json``);
- documents each key of the keyword TypedDicts (``dockersdk.types.ContainerRunKwargs`` ...):
  the builder or method that takes it, its own ``Args:`` entry there, and for builder
  settings the Engine API field it sets with the spec's description and version.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import sys
from pathlib import Path
from typing import Any

import griffe

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import kwargs_docs  # noqa: E402
import public_api  # noqa: E402

_ROLE = re.compile(r":(?:py:)?(class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`<>]+)`")
_LITERAL_BLOCK = re.compile(r"(\S)::(\n\s*\n)")


@functools.lru_cache(maxsize=1)
def _modules() -> frozenset[str]:
    return frozenset(module.path for module in public_api.public_modules())


@functools.lru_cache(maxsize=1)
def _homes() -> dict[str, str]:
    """Canonical dotted path of every documented object -> the path it is documented at."""
    homes: dict[str, str] = {}
    for module in public_api.public_modules():
        homes[module.path] = module.path
    for name in public_api.all_names():
        if name.here:
            target = public_api.get(name.home)
            if isinstance(target, griffe.Alias):
                target = target.final_target
            homes.setdefault(target.path, name.home)
    return homes


def documented_at(collection: griffe.ModulesCollection, path: str) -> str | None:
    """Where ``path`` (any alias of it) is documented, or None if nowhere."""
    try:
        obj = collection.get_member(path)
        if isinstance(obj, griffe.Alias):
            obj = obj.final_target
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    parts = obj.path.split(".")
    for end in range(len(parts), 0, -1):
        home = _homes().get(".".join(parts[:end]))
        if home is not None:
            rest = parts[end:]
            if rest and (home in _modules() or any(part.startswith("_") for part in rest)):
                return None  # a module's name it does not export, or a private member
            return ".".join([home, *rest])
    return None


def _resolve(obj: griffe.Object, target: str) -> str | None:
    if target.startswith(public_api.PACKAGE + ".") or target == public_api.PACKAGE:
        return target
    first, _, rest = target.partition(".")
    scope: griffe.Object | None = obj
    while scope is not None:
        try:
            resolved = scope.resolve(first)
        except (griffe.NameResolutionError, KeyError, AttributeError):
            scope = scope.parent
            continue
        return f"{resolved}.{rest}" if rest else resolved
    return None


def convert_roles(obj: griffe.Object, text: str, collection: griffe.ModulesCollection) -> str:
    """The docstring ``text`` with Sphinx roles as Markdown links (or code)."""

    def replace(match: re.Match[str]) -> str:
        short, target = match.group(2) == "~", match.group(3).strip()
        bare = target.removesuffix("()")
        display = bare.rpartition(".")[2] if short else bare
        if target.endswith("()"):
            display += "()"
        resolved = _resolve(obj, bare)
        home = documented_at(collection, resolved) if resolved else None
        return f"[`{display}`][{home}]" if home else f"`{display}`"

    text = _ROLE.sub(replace, text)
    return _LITERAL_BLOCK.sub(r"\1:\2", text)


# -- the generated models ----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _version_table() -> dict[str, Any]:
    path = public_api.ROOT / "src" / "dockersdk" / "models" / "_versions.json"
    table: dict[str, Any] = json.loads(path.read_text())
    return table


def _api_keys(cls: griffe.Class) -> dict[str, str]:
    attr = cls.members.get("__api_keys__")
    value = getattr(attr, "value", None)
    if value is None:
        return {}
    keys: dict[str, str] = ast.literal_eval(str(value))
    return keys


def field_note(model: str, key: str) -> str:
    """The API key and versions of one field of a generated model, as Markdown."""
    table = _version_table()
    entry = table["models"].get(model, {})
    added = entry.get("fields", {}).get(key, [None])[0]
    removed = entry.get("removed", {}).get(key)
    note = f"API key `{key}`"
    if added is not None:
        note += f", since API {added}"
    note += "."
    if removed is not None:
        _, gone, replacement = removed
        note += (
            f" **Removed in API {gone}**: reading it from a reply of API {gone} or newer raises"
            " [`FieldRemovedError`][dockersdk.errors.FieldRemovedError]"
        )
        note += f"; read `{replacement}` instead." if replacement else "."
    return note


def _document_model(cls: griffe.Class) -> None:
    keys = _api_keys(cls)
    for name, attr in cls.members.items():
        if name.startswith("_") or not isinstance(attr, griffe.Attribute) or name not in keys:
            continue
        note = field_note(cls.name, keys[name])
        if attr.docstring is None:
            attr.docstring = griffe.Docstring(note, parent=attr)
        else:
            attr.docstring.value = f"{attr.docstring.value.rstrip()}\n\n{note}"


# -- walking the package -------------------------------------------------------------------


def _walk(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if not isinstance(member, griffe.Alias):
            yield from _walk(member)


class DockersdkDocs(griffe.Extension):
    """See the module docstring."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.path != public_api.PACKAGE:
            return
        collection = loader.modules_collection
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = convert_roles(obj, obj.docstring.value, collection)
        generated = pkg.get_member(public_api.GENERATED.removeprefix(public_api.PACKAGE + "."))
        for cls in generated.classes.values():
            _document_model(cls)
        kwargs_docs.document(pkg, collection)
