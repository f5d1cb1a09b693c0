"""Docs for each key of the keyword TypedDicts (``dockersdk.types._kwargs``), for the reference.

The TypedDicts are generated from the builders' signatures (``codegen/kwargs.py``), which
records where each key comes from (``Field.origin``: ``module:Class.method(parameter)``). A
key's doc is then, in order: the ``Args:`` entry of that parameter in its builder's or
method's docstring, a link to the builder or method, and for a builder setting the Engine API
field it sets (``HostConfig.Memory`` for ``mem_limit``) with the spec's description and the
API version that added it. The few keywords no builder owns (``codegen.kwargs.EXTRA``) are
described here.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import sys
from typing import Any

import griffe
import public_api

if str(public_api.ROOT) not in sys.path:
    sys.path.insert(0, str(public_api.ROOT))

from codegen import kwargs as codegen_kwargs

KWARGS_MODULE = "dockersdk.types._kwargs"

#: The keywords of ``codegen.kwargs.EXTRA``: no builder documents them.
EXTRA_DOCS: dict[str, str] = {
    "name": "The container's name (the create call's `name` query parameter).",
    "platform": "The platform of the image to run, `os[/arch[/variant]]` (API 1.41+); "
    "`containers.run` also pulls that platform when the image is missing.",
    "use_config_proxy": "Accepted for docker-py compatibility: the proxy settings of the "
    "docker CLI's `config.json` are added to the environment.",
    "network": "The network to connect the container to when it is created (docker-py's "
    "`network`); with `networking_config`, that network's endpoint settings.",
    "networking_config": "Endpoint settings per network name, as "
    "`{network: EndpointConfig or dict}` (needs `network`).",
    "version": "The API version the builders check their fields against (defaults to the "
    "client's).",
    "log_driver": "The logging driver of the service's tasks (docker-py's `log_driver`).",
    "log_driver_options": "Options of `log_driver`.",
    "force_update": "Force the update even if nothing changed (`True` increments the spec's "
    "`ForceUpdate` counter; an `int` sets it).",
    "fetch_current_spec": "Start from the service's current spec and change only what is "
    "given (docker-py's `fetch_current_spec`).",
    "external_ca": "docker-py's single external CA: a "
    "[`SwarmExternalCA`][dockersdk.types.swarm.SwarmExternalCA] or dict, sent as "
    "`CAConfig.ExternalCAs`.",
}

_ORIGIN = re.compile(r"^(?P<module>[\w.]+):(?P<qual>[\w.]+)\((?P<param>\w+)\)$")


def _literal(obj: Any) -> Any:
    value = getattr(obj, "value", None)
    return None if value is None else ast.literal_eval(str(value))


def _split_entries(entries: dict[str, str], known: set[str]) -> dict[str, str]:
    """Split ``"ulimits: X. log_config: Y."`` entries (several names on one line)."""
    result: dict[str, str] = {}
    pattern = re.compile(r"(?<=\. )((?:\w+, )*\w+): ")
    for names, text in entries.items():
        pieces: list[tuple[str, str]] = []
        start, current = 0, names
        for match in pattern.finditer(text):
            found = [n.strip() for n in match.group(1).split(",")]
            if all(n in known for n in found):
                pieces.append((current, text[start : match.start()].strip()))
                start, current = match.end(), match.group(1)
        pieces.append((current, text[start:].strip()))
        for group, piece in pieces:
            for name in group.split(","):
                result.setdefault(name.strip(), piece)
    return result


@functools.cache
def _args(func: griffe.Object) -> dict[str, str]:
    """``parameter -> description`` from the Args sections of a function (and, for
    ``__init__``, of its class)."""
    sources = [func]
    if func.name == "__init__" and func.parent is not None:
        sources.insert(0, func.parent)
    entries: dict[str, str] = {}
    for source in sources:
        if source.docstring is None:
            continue
        sections = griffe.parse_google(
            source.docstring, warn_unknown_params=False, warn_missing_types=False
        )
        for section in sections:
            if section.kind is griffe.DocstringSectionKind.parameters:
                for param in section.value:
                    entries.setdefault(param.name, " ".join(param.description.split()))
    known = set()
    if isinstance(func, griffe.Function):
        known = {p.name for p in func.parameters}
    return _split_entries(entries, known)


def _model_keys(collection: griffe.ModulesCollection, model: str) -> dict[str, tuple[str, Any]]:
    """``snake_name -> (API key, attribute)`` of a generated model, its bases' included."""
    cls = collection.get_member(f"{public_api.GENERATED}.{model}")
    keys: dict[str, tuple[str, Any]] = {}
    for base in cls.resolved_bases if isinstance(cls, griffe.Class) else ():
        if base.path.startswith(public_api.GENERATED + "."):
            keys.update(_model_keys(collection, base.name))
    api_keys = _literal(cls.members.get("__api_keys__")) or {}
    for snake, key in api_keys.items():
        keys[snake] = (key, cls.members.get(snake))
    return keys


@functools.cache
def _rules(module: str) -> dict[str, str]:
    """``argument -> API key`` of a builder module with a rules table (``HostConfig``)."""
    rules = getattr(importlib.import_module(module), "_RULES", ())
    return {rule[0]: rule[1] for rule in rules}


def _sync_twin(collection: griffe.ModulesCollection, path: str) -> str:
    """The sync path of an async method (``dockersdk.aio.api.x.AsyncXMixin.m``), if any."""
    if not path.startswith("dockersdk.aio."):
        return path
    module, _, rest = path.partition(".aio.")
    parts = rest.split(".")
    twin = ".".join([module, *[p.removeprefix("Async") for p in parts]])
    try:
        collection.get_member(twin)
    except KeyError:
        return path
    return twin


def key_doc(collection: griffe.ModulesCollection, name: str, origin: str) -> str:
    """The Markdown doc of one TypedDict key."""
    from griffe_dockersdk import documented_at

    if not origin:
        return EXTRA_DOCS[name]
    match = _ORIGIN.match(origin)
    if match is None:
        raise ValueError(f"unexpected origin {origin!r} of keyword {name!r}")
    module, qual, param = match["module"], match["qual"], match["param"]
    func = collection.get_member(_sync_twin(collection, f"{module}.{qual}"))
    parts: list[str] = []
    described = _args(func).get(param)
    if described:
        parts.append(described)
    owner = func.parent if func.name == "__init__" else func
    assert owner is not None
    home = documented_at(collection, owner.path)
    label = owner.name if func.name == "__init__" else f"{owner.parent.name}.{owner.name}"  # type: ignore[union-attr]
    taken = f"[`{label}`][{home}]" if home else f"`{label}`"
    renamed = f" as `{param}`" if param != name else ""
    parts.append(f"Taken by {taken}{renamed}.")
    api_model = (
        _literal(owner.members.get("api_model")) if isinstance(owner, griffe.Class) else None
    )
    if api_model:
        keys = _model_keys(collection, api_model)
        key = _rules(module).get(param)
        attr = next((a for k, a in keys.values() if k == key), None) if key else None
        if key is None and param in keys:
            key, attr = keys[param]
        if key is not None:
            spec = attr.docstring.value.strip() if attr is not None and attr.docstring else ""
            field = f"`{api_model}.{key}`"
            parts.append(f"Engine API field {field}" + (f": {spec}" if spec else "."))
    return "\n\n".join(parts)


def document(pkg: griffe.Module, collection: griffe.ModulesCollection) -> None:
    """Give every key of every keyword TypedDict its doc."""
    module = pkg.get_member(KWARGS_MODULE.removeprefix(public_api.PACKAGE + "."))
    for spec in codegen_kwargs.specs():
        cls = module.members[spec.name]
        for field in spec.fields:
            attr = cls.members[field.name]
            doc = key_doc(collection, field.name, field.origin)
            if attr.docstring is None:
                attr.docstring = griffe.Docstring(doc, parent=attr)
            else:
                attr.docstring.value = doc
