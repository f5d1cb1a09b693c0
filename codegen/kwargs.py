"""The keyword-argument TypedDicts of ``src/dockersdk/types/_kwargs.py``, generated from the
builders' own signatures.

``containers.run``/``create``, ``services.create``, ``Service.update``, ``images.build``,
``networks.create``, ``Container.update``, ``swarm.init``/``update`` and the APIClient's
``create_*_config`` helpers take ``**kwargs: Unpack[SomeKwargs]``: each TypedDict here is
made from the ``__init__`` of the builders the call routes its keywords to
(:class:`~dockersdk.types.HostConfig`, :class:`~dockersdk.types.ContainerConfig`,
:class:`~dockersdk.types.ContainerSpec` ...) or from the APIClient method it forwards to, with
the annotations written there, so a keyword added to a builder is a keyword type checkers and
IDEs know after ``make codegen`` (and ``make codegen-check`` fails until then). The few
keywords no builder owns (``name``, ``network``, ``container_labels`` ...) are declared in
:data:`EXTRA` below. The routing itself stays in the resources
(``dockersdk/resources/_create_kwargs.py``, ``dockersdk/aio/resources/services.py``); a unit
test checks that every TypedDict has exactly the keys its call accepts.

The signatures are read by importing ``dockersdk`` (the checkout's ``src/``), annotations as
written (every module uses ``from __future__ import annotations``); each name an annotation
uses is imported in the output from where the signature's module got it.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.specs import ROOT

PACKAGE = ROOT / "src" / "dockersdk"
OUTPUT = PACKAGE / "types" / "_kwargs.py"

#: Where the names of the :data:`EXTRA` annotations come from.
_EXTRA_HOME = "dockersdk.types"
#: Modules whose names are imported at run time (cheap); everything else under TYPE_CHECKING.
_RUNTIME_MODULES = ("typing", "collections.abc")
#: Public homes tried first for a dockersdk name (``dockersdk.types.HostConfig``).
_PUBLIC_MODULES = ("dockersdk.types",)


@dataclass(frozen=True)
class Field:
    """One key of a TypedDict: its name, its annotation as written, the module whose
    namespace the annotation's names are looked up in, and the parameter it comes from as
    ``module:Class.method(parameter)`` (empty for the :data:`EXTRA` keywords; the
    reference, ``scripts/docs/kwargs_docs.py``, documents each key from there)."""

    name: str
    annotation: str
    home: str
    origin: str = ""


#: Keywords that no builder owns: (annotation, resolved in dockersdk.types).
EXTRA: dict[str, str] = {
    # containers.run/create: the create call and docker-py's split keywords.
    "name": "str | None",
    "platform": "str | None",
    "use_config_proxy": "bool | None",
    "network": "str | None",
    "networking_config": "Mapping[str, EndpointConfig | Mapping[str, Any] | None] | None",
    "version": "str | None",
    # services.create / Service.update: docker-py's own keywords.
    "log_driver": "str | None",
    "log_driver_options": "Mapping[str, str] | None",
    "force_update": "bool | int | None",
    "fetch_current_spec": "bool",
    # create_swarm_spec: docker-py's single external CA.
    "external_ca": "SwarmExternalCA | Mapping[str, Any] | None",
}


def _extra(*names: str) -> list[Field]:
    return [Field(name, EXTRA[name], _EXTRA_HOME) for name in names]


def _obj(dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(":")
    value: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        value = getattr(value, part)
    return value


def params(dotted: str, *drop: str) -> list[Field]:
    """The keyword-capable parameters of ``module:Class.method`` as fields, in order.

    ``self``, ``*args``/``**kwargs`` and the names in ``drop`` are left out.
    """
    func: Callable[..., Any] = _obj(dotted)
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    home = func.__module__
    fields = []
    for name, param in inspect.signature(func).parameters.items():
        if param.kind not in kinds or name == "self" or name in drop:
            continue
        if param.annotation is inspect.Parameter.empty:
            raise SystemExit(f"codegen.kwargs: {dotted}({name}) has no annotation")
        fields.append(Field(name, str(param.annotation), home, f"{dotted}({name})"))
    return fields


def rename(fields: Iterable[Field], old: str, new: str) -> list[Field]:
    """``fields`` with the field ``old`` called ``new`` (same annotation)."""
    return [Field(new, f.annotation, f.home, f.origin) if f.name == old else f for f in fields]


def only(fields: Iterable[Field], *names: str) -> list[Field]:
    """The fields called one of ``names``."""
    return [f for f in fields if f.name in names]


def without(fields: Iterable[Field], names: Iterable[str]) -> list[Field]:
    """``fields`` minus the ones called one of ``names``."""
    dropped = set(names)
    return [f for f in fields if f.name not in dropped]


def merge(*groups: Iterable[Field]) -> list[Field]:
    """Fields of every group, sorted by name; on a clash the earlier group wins (as the
    routing gives a keyword to the first builder that takes it)."""
    merged: dict[str, Field] = {}
    for group in groups:
        for f in group:
            merged.setdefault(f.name, f)
    return [merged[name] for name in sorted(merged)]


@dataclass(frozen=True)
class TypedDictSpec:
    """One generated TypedDict: its name, docstring and fields."""

    name: str
    doc: str
    fields: list[Field]


def _names_of_factory(dotted: str) -> list[str]:
    return [f.name for f in params(dotted)]


def specs() -> list[TypedDictSpec]:
    """Every TypedDict of the output, built from the signatures they come from."""
    host = params("dockersdk.types.host_config:HostConfig.__init__", "version")
    container = params(
        "dockersdk.types.containers:ContainerConfig.__init__", "version", "image", "command"
    )
    factory = params("dockersdk.types._factories:create_container_config", "image", "command")
    endpoint = params("dockersdk.types.networks:EndpointConfig.__init__", "version")
    swarm = params("dockersdk.types.swarm:SwarmSpec.__init__", "version")
    create_call = _extra("name", "platform", "use_config_proxy", "version")
    split = [
        *rename(only(host, "port_bindings"), "port_bindings", "ports"),
        *rename(only(host, "binds"), "binds", "volumes"),
        *_extra("network", "networking_config"),
    ]
    # HostConfig wins where both builders take a keyword (runtime), as the routing does.
    config_only = without(container, ["host_config", "ports", "volumes"])
    create = merge(host, config_only, split, create_call)
    run_explicit = ("detach", "stream", "stdout", "stderr", "remove")

    service_call = params(
        "dockersdk.aio.api.service:AsyncServiceApiMixin.create_service", "task_template"
    )
    service_level = only(
        service_call, "name", "labels", "mode", "update_config", "rollback_config", "endpoint_spec"
    )
    spec = params("dockersdk.types.services:ContainerSpec.__init__")
    template = params(
        "dockersdk.types.services:TaskTemplate.__init__",
        "container_spec",
        "placement",
        "log_driver",
        "force_update",
    )
    placement = params("dockersdk.types.services:Placement.__init__")
    special = [
        *rename(only(spec, "labels"), "labels", "container_labels"),
        *_extra("log_driver", "log_driver_options"),
    ]
    service = merge(service_level, spec, template, placement, special)
    host_factory = _names_of_factory("dockersdk.types._factories:create_host_config")
    container_factory = _names_of_factory("dockersdk.types._factories:create_container_config")
    return [
        TypedDictSpec(
            "HostConfigKwargs",
            "The arguments of :class:`~dockersdk.types.HostConfig` (``api.create_host_config``).",
            merge(host),
        ),
        TypedDictSpec(
            "HostConfigExtraKwargs",
            "The arguments of :class:`~dockersdk.types.HostConfig` that\n"
            ":func:`dockersdk.types.create_host_config` names not.",
            merge(without(host, host_factory)),
        ),
        TypedDictSpec(
            "ContainerConfigKwargs",
            "The keywords of ``api.create_container_config(image, command, ...)``: those of\n"
            ":func:`dockersdk.types.create_container_config` and\n"
            ":class:`~dockersdk.types.ContainerConfig` (the version is the client's).",
            merge(without(factory, ["name", "version"]), container),
        ),
        TypedDictSpec(
            "ContainerConfigExtraKwargs",
            "The arguments of :class:`~dockersdk.types.ContainerConfig` that\n"
            ":func:`dockersdk.types.create_container_config` names not.",
            merge(without(container, container_factory)),
        ),
        TypedDictSpec(
            "EndpointConfigKwargs",
            "The arguments of :class:`~dockersdk.types.EndpointConfig`\n"
            "(``api.create_endpoint_config``).",
            merge(endpoint),
        ),
        TypedDictSpec(
            "SwarmSpecKwargs",
            "The arguments of :class:`~dockersdk.types.SwarmSpec` (``api.create_swarm_spec``,\n"
            "``client.swarm.init``/``update``), and docker-py's single ``external_ca``.",
            merge(swarm, _extra("external_ca")),
        ),
        TypedDictSpec(
            "ContainerCreateKwargs",
            "The keywords of ``client.containers.create(image, command, ...)``: every\n"
            ":class:`~dockersdk.types.HostConfig` and :class:`~dockersdk.types.ContainerConfig`\n"
            "argument, ``ports``/``volumes``/``network``/``networking_config`` (split over\n"
            "both, as docker-py does) and the create call's ``name``/``platform``.",
            create,
        ),
        TypedDictSpec(
            "ContainerRunKwargs",
            "The keywords of ``client.containers.run(image, command, ...)`` beyond its named\n"
            "ones (``stdout``, ``stderr``, ``remove``, ``detach``, ``stream``): those of\n"
            ":class:`ContainerCreateKwargs`.",
            without(create, run_explicit),
        ),
        TypedDictSpec(
            "ContainerUpdateKwargs",
            "The keywords of ``Container.update(...)`` (``api.update_container``).",
            merge(params("dockersdk.aio.api.container:AsyncContainerApiMixin.update_container",
                         "container")),
        ),
        TypedDictSpec(
            "ServiceCreateKwargs",
            "The keywords of ``client.services.create(image, command, ...)``: the service's\n"
            "(``name``, ``labels``, ``mode``, ...), :class:`~dockersdk.types.ContainerSpec`'s,\n"
            ":class:`~dockersdk.types.TaskTemplate`'s, :class:`~dockersdk.types.Placement`'s, and\n"
            "docker-py's ``container_labels``, ``log_driver``, ``log_driver_options``.",
            without(service, ["image", "command"]),
        ),
        TypedDictSpec(
            "ServiceUpdateKwargs",
            "The keywords of ``Service.update(...)``: those of :class:`ServiceCreateKwargs`,\n"
            "``image`` and ``command``, ``force_update`` and ``fetch_current_spec``.",
            merge(service, _extra("force_update", "fetch_current_spec")),
        ),
        TypedDictSpec(
            "ImageBuildKwargs",
            "The keywords of ``client.images.build(...)``: those of ``api.build`` but\n"
            "``decode`` (the build's log is always decoded).",
            merge(params("dockersdk.aio.api.build:AsyncBuildApiMixin.build", "decode")),
        ),
        TypedDictSpec(
            "NetworkCreateKwargs",
            "The keywords of ``client.networks.create(name, ...)`` (``api.create_network``).",
            merge(params("dockersdk.aio.api.network:AsyncNetworkApiMixin.create_network",
                         "name")),
        ),
    ]  # fmt: skip


# -- resolving the names an annotation uses ------------------------------------------------


def _imported_in(module_name: str) -> dict[str, tuple[str, str]]:
    """``name -> (module, attribute)`` for every ``from x import y [as name]`` of a module,
    including those under ``if TYPE_CHECKING:``."""
    module = importlib.import_module(module_name)
    source = Path(inspect.getfile(module)).read_text()
    found: dict[str, tuple[str, str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found[alias.asname or alias.name] = (node.module, alias.name)
    return found


def _source_of(name: str, home: str) -> tuple[str, str]:
    """``(module, attribute)`` to import ``name`` as the annotation in ``home`` means it."""
    imported = _imported_in(home)
    module = importlib.import_module(home)
    if name in imported:
        origin, attr = imported[name]
        value = getattr(importlib.import_module(origin), attr)
    elif hasattr(module, name):
        origin, attr, value = home, name, getattr(module, name)
    else:
        for fallback in ("collections.abc", "typing"):  # for the EXTRA annotations
            if hasattr(importlib.import_module(fallback), name):
                return fallback, name
        raise SystemExit(f"codegen.kwargs: cannot resolve {name!r} used in {home}")
    if origin in _RUNTIME_MODULES or origin == "typing_extensions":
        return origin, attr
    for public in _PUBLIC_MODULES:
        if getattr(importlib.import_module(public), attr, None) is value:
            return public, attr
    return origin, attr


def _names(annotation: str) -> set[str]:
    tree = ast.parse(annotation, mode="eval")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def render(typed_dicts: list[TypedDictSpec]) -> str:
    """The text of the generated module (before formatting)."""
    imports: dict[str, tuple[str, str]] = {}
    for td in typed_dicts:
        for f in td.fields:
            for name in sorted(_names(f.annotation)):
                if hasattr(builtins, name):
                    continue
                source = _source_of(name, f.home)
                if imports.setdefault(name, source) != source:
                    raise SystemExit(
                        f"codegen.kwargs: {name!r} means {imports[name]} and {source}; "
                        "rename one of them"
                    )
    runtime: dict[str, set[str]] = {"typing": {"TypedDict"}}
    checking: dict[str, set[str]] = {}
    for name, (module, attr) in imports.items():
        if attr != name:
            raise SystemExit(f"codegen.kwargs: {name!r} is imported under another name")
        target = runtime if module in _RUNTIME_MODULES else checking
        target.setdefault(module, set()).add(name)
    if checking:
        runtime["typing"].add("TYPE_CHECKING")

    lines = [
        "# GENERATED by `python -m codegen` (codegen/kwargs.py) from the builders' signatures.",
        "# DO NOT EDIT: change the builders or codegen/kwargs.py instead.",
        '"""The keyword arguments of dockersdk\'s calls that take a builder\'s settings, as',
        "TypedDicts for ``**kwargs: Unpack[...]`` (PEP 692): type checkers and IDEs see every",
        "keyword with the type its builder declares.",
        "",
        "They are made from the builders' own signatures (``codegen/kwargs.py``); use them to",
        "type your own wrappers: ``def run(**kwargs: Unpack[ContainerRunKwargs]) -> None``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    for module in sorted(runtime):
        lines.append(f"from {module} import {', '.join(sorted(runtime[module]))}")
    if checking:
        lines += ["", "if TYPE_CHECKING:"]
        for module in sorted(checking):
            lines.append(f"    from {module} import {', '.join(sorted(checking[module]))}")
    lines += ["", "__all__ = ["]
    lines += [f'    "{td.name}",' for td in sorted(typed_dicts, key=lambda td: td.name)]
    lines.append("]")
    for td in typed_dicts:
        lines += ["", "", f"class {td.name}(TypedDict, total=False):"]
        doc = td.doc.replace("\n", "\n    ")
        lines.append(f'    """{doc}\n    """' if "\n" in doc else f'    """{doc}"""')
        lines.append("")
        lines += [f"    {f.name}: {f.annotation}" for f in td.fields]
    return "\n".join(lines) + "\n"


def _format(text: str) -> str:
    import subprocess

    filename = str(OUTPUT)
    fixed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--fix-only", "--select", "I",
         "--stdin-filename", filename, "-"],
        input=text, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", filename, "-"],
        input=fixed, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip


def build() -> dict[Path, str]:
    """Return the generated module's text, keyed by its path."""
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return {OUTPUT: _format(render(specs()))}
