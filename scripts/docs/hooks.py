"""MkDocs hooks (``mkdocs.yml``): write the API reference pages from the package itself.

Every public module gets a page (``reference/<dotted.path>.md``) that documents the names it
owns with mkdocstrings and links the names it re-exports to where they are documented
(``scripts/docs/public_api.py`` decides which is which). The generated models are split into
pages by topic, and the pydantic twins get one page. The pages exist only in the build
(nothing is written to ``docs/``); the nav's "Reference" section is filled in here too.
The guides' ``<!-- dockersdk:NAME -->`` markers are replaced by parts read from the code
(the exception tree of ``dockersdk/errors.py``, the spec versions, the Podman differences
the test suite records).
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))

import public_api

REFERENCE = "reference"

#: Modules whose classes also show what they inherit: the low-level clients, so that their
#: page lists every Engine API call (the mixin pages group the same methods by area).
WITH_INHERITED = ("dockersdk.api.client", "dockersdk.aio.api.client")

#: Model pages: (page, title, class-name prefixes), first match wins; the rest go last.
MODEL_TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("containers", "Containers and exec", (
        "Container", "Exec", "Health", "HostConfig", "Device", "Resources", "RestartPolicy",
        "ThrottleDevice", "FilesystemChange", "ProcessConfig", "Port", "Mount", "DriverData",
        "IDResponse",
    )),
    ("images", "Images and builds", (
        "Image", "Build", "CreateImage", "Distribution", "HistoryResponseItem", "PushImageInfo",
        "PullIdentity", "ProgressDetail", "OCI", "Attestation", "Signature", "Signer",
        "RootFS", "Identity", "ErrorDetail",
    )),
    ("networks", "Networks", (
        "Network", "Endpoint", "IPAM", "Address", "SubnetStatus", "Firewall",
    )),
    ("volumes", "Volumes", ("Volume", "ClusterVolume", "Topology")),
    ("swarm", "Swarm: services, tasks, nodes, secrets, configs", (
        "Swarm", "Service", "Task", "Node", "Secret", "Config", "Cluster", "JoinTokens",
        "ManagerStatus", "Peer", "ObjectVersion", "TLSInfo", "UnlockKey", "GenericResources",
        "Limit", "ResourceObject", "Platform", "EngineDescription", "Driver",
    )),
    ("plugins", "Plugins", ("Plugin",)),
    ("system", "System, events and registries", ()),
)  # fmt: skip


def _yaml_list(names: list[str]) -> str:
    return "[" + ", ".join(names) + "]"


def _page_path(module: str) -> str:
    return f"{REFERENCE}/{module}.md"


def _first_line(obj: Any) -> str:
    doc = obj.docstring.value.strip() if obj.docstring else ""
    line = doc.split("\n\n")[0].replace("\n", " ")
    return line.replace("|", "\\|")


def _module_page(module: str) -> str:
    names = public_api.names(module)
    here = [n.name for n in names if n.here]
    lines = [
        f"::: {module}",
        "    options:",
        "      heading_level: 1",
        f"      members: {_yaml_list(here) if here else 'false'}",
        *(["      inherited_members: true"] if module in WITH_INHERITED else []),
        "",
    ]
    elsewhere = [n for n in names if not n.here]
    if elsewhere:
        lines += [
            "## Names documented elsewhere" if here else "## Names",
            "",
            f"`{module}` also exports these; each is documented where it is defined.",
            "",
            "| name | documented at |",
            "|---|---|",
        ]
        for n in elsewhere:
            lines.append(f"| [`{n.name}`][{n.home}] | `{n.home}` |")
        lines.append("")
    return "\n".join(lines)


def _model_topics() -> dict[str, list[str]]:
    topics: dict[str, list[str]] = {page: [] for page, _, _ in MODEL_TOPICS}
    for name in public_api.model_names():
        for page, _, prefixes in MODEL_TOPICS:
            if not prefixes or name.startswith(prefixes):
                topics[page].append(name)
                break
    return topics


def _models_pages() -> dict[str, str]:
    topics = _model_topics()
    titles = {page: title for page, title, _ in MODEL_TOPICS}
    index = [
        f"::: {public_api.MODELS}",
        "    options:",
        "      heading_level: 1",
        "      members: [DockerModel]",
        "",
        "## The models",
        "",
        "Each generated class documents its fields with the Engine API spec's description, "
        "the API key a field reads, and the API version that added it (or removed it). "
        "They are grouped by topic:",
        "",
    ]
    pages: dict[str, str] = {}
    for page, names in topics.items():
        index.append(f"- [{titles[page]}](models/{page}.md): " + ", ".join(
            f"[`{name}`][{public_api.MODELS}.{name}]" for name in names
        ))  # fmt: skip
        body = [f"# Models: {titles[page].lower()}", ""]
        for name in names:
            body += [
                f"::: {public_api.MODELS}.{name}",
                "    options:",
                "      show_root_full_path: false",
                "",
            ]
        pages[f"{REFERENCE}/models/{page}.md"] = "\n".join(body)
    pages[_page_path(public_api.MODELS)] = "\n".join(index) + "\n"
    return pages


def _pydantic_page() -> str:
    module = f"{public_api.MODELS}.pydantic"
    lines = [
        f"::: {module}",
        "    options:",
        "      heading_level: 1",
        "      members: false",
        "",
        "## The models",
        "",
        "Each has the fields of the typed class of the same name in "
        f"[`dockersdk.models`][{public_api.MODELS}] (the same spec, the same snake_case "
        "names, the API keys as aliases).",
        "",
    ]
    for name in public_api.public_names(module):
        lines += [
            f"::: {module}.{name}",
            "    options:",
            "      members: false",
            "      show_bases: false",
            "      show_root_full_path: false",
            "",
        ]
    return "\n".join(lines)


def _index_page(modules: list[str]) -> str:
    lines = [
        "# API reference",
        "",
        "Every public module of dockersdk, generated from its docstrings and type hints. "
        "Each name is documented once, where it is defined; the modules that re-export it "
        "(``dockersdk.utils.parse_host`` is ``dockersdk.utils.hosts.parse_host``) link there.",
        "",
        "| module | what it holds |",
        "|---|---|",
    ]
    for module in modules:
        lines.append(f"| [`{module}`][{module}] | {_first_line(public_api.get(module))} |")
    return "\n".join(lines) + "\n"


def _nav(modules: list[str]) -> list[Any]:
    """Nested nav entries: a package is a section holding its own page, then its modules."""
    children: dict[str, list[str]] = {m: [] for m in modules}
    for module in modules:
        parent = module.rpartition(".")[0]
        if parent in children:
            children[parent].append(module)

    def entry(module: str) -> Any:
        if module == public_api.MODELS:
            topics = [{title: f"{REFERENCE}/models/{page}.md"} for page, title, _ in MODEL_TOPICS]
            subs = [entry(child) for child in children[module]]
            return {module: [{module: _page_path(module)}, *topics, *subs]}
        if not children[module] or module == public_api.PACKAGE:
            return {module: _page_path(module)}
        return {module: [{module: _page_path(module)}, *(entry(c) for c in children[module])]}

    top = public_api.PACKAGE
    return [
        {"Overview": f"{REFERENCE}/index.md"},
        entry(top),
        *(entry(child) for child in children[top]),
    ]


def pages() -> dict[str, str]:
    """Every generated page's path (under docs/) and Markdown."""
    modules = [m.path for m in public_api.public_modules()]
    result = {f"{REFERENCE}/index.md": _index_page(modules)}
    for module in modules:
        if module == public_api.MODELS:
            result.update(_models_pages())
        elif module == f"{public_api.MODELS}.pydantic":
            result[_page_path(module)] = _pydantic_page()
        else:
            result[_page_path(module)] = _module_page(module)
    return result


# -- the guides' generated parts --------------------------------------------------------


def _errors_tree() -> str:
    """The exception tree drawn in ``dockersdk/errors.py``'s docstring, as a code block."""
    doc = public_api.get("dockersdk.errors").docstring
    assert doc is not None
    text = doc.value
    start = text.index("The tree::") + len("The tree::")
    block = text[start:].strip("\n").split("\n\n")[0]
    return "```text\n" + textwrap.dedent(block) + "\n```"


def _spec_versions() -> str:
    path = public_api.ROOT / "src" / "dockersdk" / "models" / "_versions.json"
    versions = json.loads(path.read_text())["versions"]
    return (
        f"dockersdk knows Engine API {versions[0]} to {versions[-1]}: its models and calls are "
        f"generated from the {len(versions)} spec files of those versions (`schemas/`)."
    )


def _podman_differences() -> str:
    if str(public_api.ROOT) not in sys.path:
        sys.path.insert(0, str(public_api.ROOT))
    from tests.fixtures import engines

    reasons: dict[str, list[str]] = {}
    issues: dict[str, str | None] = {}
    for test, expect in engines.PODMAN_XFAIL.items():
        reasons.setdefault(expect.reason, []).append(test)
        issues[expect.reason] = expect.issue
    for test, reason in engines.DOCKERD_ONLY.items():
        reasons.setdefault(reason, []).append(test)
    lines = ["| what Podman does otherwise | tests |", "|---|---|"]
    for reason, tests in reasons.items():
        issue = issues.get(reason)
        text = reason.replace("|", "\\|") + (f" ({issue})" if issue else "")
        shown = ", ".join(f"`{t}`" for t in sorted(tests)[:3])
        more = f" and {len(tests) - 3} more" if len(tests) > 3 else ""
        lines.append(f"| {text} | {shown}{more} |")
    return "\n".join(lines)


GENERATED_PARTS = {
    "errors-tree": _errors_tree,
    "spec-versions": _spec_versions,
    "podman-differences": _podman_differences,
}
_PART = re.compile(r"<!-- dockersdk:([\w-]+) -->")


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATED_PARTS:
            raise PluginError(f"{page.file.src_uri}: unknown generated part {name!r}")
        return GENERATED_PARTS[name]()

    return _PART.sub(replace, markdown)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    modules = [m.path for m in public_api.public_modules()]
    nav = config.nav or []
    for item in nav:
        if isinstance(item, dict) and "Reference" in item:
            item["Reference"] = _nav(modules)
            break
    else:
        nav.append({"Reference": _nav(modules)})
    config.nav = nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in pages().items():
        files.append(File.generated(config, path, content=content))
    return files
