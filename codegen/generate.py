"""Run the pinned datamodel-code-generator, with its options from pyproject.toml."""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
from pathlib import Path
from typing import Any

from codegen.convert import ALIASES_KEY, Converted
from codegen.specs import ROOT

GENERATOR = "datamodel-code-generator"
PYPROJECT = ROOT / "pyproject.toml"
CONFIG_TABLE = "datamodel-codegen"

# The options that must be in pyproject.toml; printed when the table is missing.
PYPROJECT_SNIPPET = """\
[tool.datamodel-codegen]
# Options of `python -m codegen` (it calls datamodel-code-generator from Python and adds the
# input type, the field-name aliases and the header itself).
output-model-type = "pydantic_v2.BaseModel"
base-class = "dockersdk.models._pydantic_base.PydanticModel"
target-python-version = "3.10"
use-schema-description = true
use-standard-collections = true
use-union-operator = true
disable-timestamp = true
formatters = ["builtin"]
"""


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib

        with path.open("rb") as stream:
            data: dict[str, Any] = tomllib.load(stream)
        return data
    from datamodel_code_generator.util import load_toml  # pragma: no cover - Python 3.10

    return dict(load_toml(path))  # pragma: no cover


def pinned_generator_version(pyproject: Path = PYPROJECT) -> str:
    """The ``datamodel-code-generator==X`` pin of the project's dev dependencies."""
    project = _load_toml(pyproject).get("project", {})
    for group in project.get("optional-dependencies", {}).values():
        for requirement in group:
            match = re.fullmatch(rf"\s*{re.escape(GENERATOR)}\s*==\s*([\w.]+)\s*", requirement)
            if match:
                return match.group(1)
    raise SystemExit(f"{pyproject}: no `{GENERATOR}==<version>` pin in the dev dependencies")


def check_generator(pyproject: Path = PYPROJECT) -> str:
    """Fail unless the installed generator is the pinned version; return that version."""
    pinned = pinned_generator_version(pyproject)
    try:
        installed = importlib.metadata.version(GENERATOR)
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"{GENERATOR} is not installed; run `make venv`") from None
    if installed != pinned:
        raise SystemExit(
            f"{GENERATOR} {installed} is installed but pyproject.toml pins {pinned}: generated "
            "code would differ. Run `make venv` (or pip install the pinned version)."
        )
    return pinned


def generator_options(pyproject: Path = PYPROJECT) -> dict[str, Any]:
    """The ``[tool.datamodel-codegen]`` table; fails with the snippet to add when missing."""
    options = _load_toml(pyproject).get("tool", {}).get(CONFIG_TABLE)
    if not isinstance(options, dict) or not options:
        raise SystemExit(
            f"{pyproject} has no [tool.{CONFIG_TABLE}] table with the generator options. "
            f"Add:\n\n{PYPROJECT_SNIPPET}"
        )
    return options


def render_models(converted: Converted, header: str, pyproject: Path = PYPROJECT) -> str:
    """Generate the models module text."""
    from datamodel_code_generator import InputFileType, generate, load_pyproject_config

    generator_options(pyproject)  # fail early and clearly when the table is missing
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Docker Engine API models", "version": "0"},
        "paths": {},
        "components": {"schemas": converted.components()},
    }
    config = load_pyproject_config(
        pyproject,
        overrides={
            "input_file_type": InputFileType.OpenAPI,
            "aliases": converted.aliases(),
            "custom_file_header": header,
        },
    )
    output = generate(json.dumps(document), config=config)
    if not isinstance(output, str):
        raise SystemExit(f"{GENERATOR} returned {type(output).__name__}, expected one module")
    classes = re.findall(r"^class (\w+)\(", output, flags=re.MULTILINE)
    if sorted(classes) != sorted(converted.models):
        unexpected = sorted(set(classes) ^ set(converted.models))
        raise SystemExit(f"{GENERATOR} renamed or dropped models: {unexpected}")
    return add_key_aliases(output, key_aliases(converted))


def key_aliases(converted: Converted) -> dict[str, dict[str, tuple[str, ...]]]:
    """Model -> {API key: other spellings engines send} (``x-dockersdk-aliases``)."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, model in converted.models.items():
        for key, prop in model.schema.get("properties", {}).items():
            others = prop.get(ALIASES_KEY) if isinstance(prop, dict) else None
            if others:
                found.setdefault(name, {})[key] = tuple(others)
    return found


def add_key_aliases(output: str, aliases: dict[str, dict[str, tuple[str, ...]]]) -> str:
    """Give each model of ``aliases`` a ``before`` validator that fills its spec keys from
    the other spellings (:func:`dockersdk.models._aliases.with_spec_keys`)."""
    if not aliases:
        return output
    for name, keys in sorted(aliases.items()):
        body = re.search(rf"^class {name}\(.*?(?=^class |\Z)", output, re.MULTILINE | re.DOTALL)
        if body is None:
            raise SystemExit(f"{GENERATOR} output has no class {name} for its key aliases")
        validator = (
            "\n    @model_validator(mode='before')\n"
            "    @classmethod\n"
            "    def _spec_keys(cls, data: Any) -> Any:\n"
            f"        # Keys engines spell otherwise (codegen/spec_patch.yaml): {keys!r}\n"
            f"        return with_spec_keys(data, {keys!r})\n\n\n"
        )
        end = body.end()
        text = output[body.start() : end].rstrip("\n") + "\n" + validator
        output = output[: body.start()] + text + output[end:]
    imports = (
        "from dockersdk.models._aliases import with_spec_keys\n"
        "from dockersdk.models._pydantic_base import PydanticModel\n"
        "from pydantic import Field, model_validator\n"
    )
    plain = (
        "from dockersdk.models._pydantic_base import PydanticModel\nfrom pydantic import Field\n"
    )
    if plain not in output:
        raise SystemExit(f"{GENERATOR} output does not import as expected: {plain!r}")
    return output.replace(plain, imports, 1)
