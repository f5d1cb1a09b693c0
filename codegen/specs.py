"""The stored Engine API spec files: where they are, their versions, and loading them verified."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = ROOT / "schemas"
SOURCES_FILE = "SOURCES.json"
MIN_VERSION = "1.25"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of an API version string: ``"1.9"`` before ``"1.10"``."""
    return tuple(int(part) for part in version.split("."))


def spec_version(file_name: str) -> str:
    """The API version of a spec file name: ``v1.51.yaml.gz`` gives ``1.51``."""
    return file_name.removeprefix("v").split(".yaml")[0]


def load_sources(schemas: Path = SCHEMAS_DIR) -> dict[str, Any]:
    """Read ``SOURCES.json``: ``{"sources": {name: {..., "files": {file: sha256}}}}``."""
    path = schemas / SOURCES_FILE
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run `make update-schema` first")
    sources: dict[str, Any] = json.loads(path.read_text())
    if not isinstance(sources.get("sources"), dict):
        raise SystemExit(f"{path}: no 'sources' object: run `make update-schema`")
    return sources


def recorded_files(schemas: Path = SCHEMAS_DIR) -> dict[str, str]:
    """Every stored spec file's recorded sha256, over all sources of ``SOURCES.json``.

    Raises:
        SystemExit: a file name recorded by two sources.
    """
    found: dict[str, str] = {}
    for name, source in load_sources(schemas)["sources"].items():
        for file_name, digest in source.get("files", {}).items():
            if file_name in found:
                raise SystemExit(f"{SOURCES_FILE}: {file_name} is recorded twice (again in {name})")
            found[file_name] = digest
    return found


def spec_files(schemas: Path = SCHEMAS_DIR) -> dict[str, Path]:
    """Map API version to its stored spec file, oldest first, from ``SOURCES.json``."""
    by_version = {spec_version(name): schemas / name for name in recorded_files(schemas)}
    return dict(sorted(by_version.items(), key=lambda item: version_key(item[0])))


def _plain(value: Any) -> Any:
    """Make YAML data JSON-shaped: string keys, dates as their ISO text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def read_spec(path: Path, schemas: Path = SCHEMAS_DIR) -> dict[str, Any]:
    """Load one stored spec file after checking its sha256 against ``SOURCES.json``."""
    data = path.read_bytes()
    expected = recorded_files(schemas).get(path.name)
    actual = hashlib.sha256(data).hexdigest()
    if expected != actual:
        raise SystemExit(
            f"{path.name}: sha256 {actual} does not match SOURCES.json ({expected}); "
            "the spec files must stay byte-identical to their source"
        )
    text = gzip.decompress(data) if path.name.endswith(".gz") else data
    spec: dict[str, Any] = _plain(yaml.load(text, Loader=_Loader))
    return spec


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
