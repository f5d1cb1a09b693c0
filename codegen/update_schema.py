"""Fetch the Engine API spec files from Debian's ``docker-doc`` package into ``schemas/``.

Run as ``python -m codegen.update_schema`` (``make update-schema``). Uses only the ordinary apt
client with a private sources list, lists directory and cache, so the machine's own apt state
is untouched. The mirror is the Debian archive URI of the machine's own apt sources (or
``--mirror``); no host is hard-coded. The files are copied byte-for-byte, still gzipped as
Debian ships them, and ``schemas/SOURCES.json`` records where they came from and their sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from codegen.specs import MIN_VERSION, SCHEMAS_DIR, SOURCES_FILE, version_key

PACKAGE = "docker-doc"
SUITE = "sid"
COMPONENT = "main"
API_DIR = "usr/share/doc/docker-doc/api"
SPEC_NAME_RE = re.compile(r"^v(\d+)\.(\d+)\.yaml\.gz$")
APT_SOURCES = (Path("/etc/apt/sources.list"), Path("/etc/apt/sources.list.d"))


@dataclass(frozen=True)
class AptSource:
    """One ``deb`` entry of the machine's apt sources."""

    uri: str
    suites: tuple[str, ...]
    signed_by: str | None


def _deb822_entries(text: str) -> list[AptSource]:
    entries: list[AptSource] = []
    for stanza in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        current: str | None = None
        for line in stanza.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[0].isspace() and current is not None:
                fields[current] += "\n" + line.strip()
                continue
            name, _, value = line.partition(":")
            current = name.strip().lower()
            fields[current] = value.strip()
        if "deb" not in fields.get("types", "").split():
            continue
        if fields.get("enabled", "yes").lower() == "no":
            continue
        signed_by = fields.get("signed-by")
        if signed_by is not None and "\n" in signed_by:
            signed_by = None  # an inline key block: let apt use its default keyrings
        suites = tuple(fields.get("suites", "").split())
        entries.extend(AptSource(uri, suites, signed_by) for uri in fields.get("uris", "").split())
    return entries


def _one_line_entries(text: str) -> list[AptSource]:
    entries: list[AptSource] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line.startswith("deb "):
            continue
        signed_by = None
        options = re.match(r"deb\s+\[([^\]]*)\]\s*(.*)", line)
        if options:
            for option in options.group(1).split():
                key, _, value = option.partition("=")
                if key == "signed-by":
                    signed_by = value
            rest = options.group(2).split()
        else:
            rest = line.split()[1:]
        if len(rest) >= 2:
            entries.append(AptSource(rest[0], (rest[1],), signed_by))
    return entries


def machine_apt_sources() -> list[AptSource]:
    """Return the ``deb`` entries of the machine's apt sources, in apt's reading order."""
    files: list[Path] = []
    main, parts = APT_SOURCES
    if main.is_file():
        files.append(main)
    if parts.is_dir():
        files.extend(
            path
            for path in sorted(parts.iterdir())
            if path.is_file() and path.suffix in {".list", ".sources"}
        )
    entries: list[AptSource] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        entries.extend(
            _deb822_entries(text) if path.suffix == ".sources" else _one_line_entries(text)
        )
    return entries


def debian_mirror(entries: list[AptSource]) -> AptSource:
    """Pick the Debian archive among the apt sources: a URI whose path ends in ``/debian``."""
    for entry in entries:
        path = urlsplit(entry.uri).path.rstrip("/")
        if path.endswith("/debian") and not any(s.endswith("-security") for s in entry.suites):
            return entry
    raise SystemExit(
        "no Debian archive (a URI ending in /debian) found in the machine's apt sources; "
        "pass --mirror URI"
    )


def _apt_options(tmp: Path) -> list[str]:
    return [
        "-o",
        f"Dir::Etc::sourcelist={tmp / 'sources.list'}",
        "-o",
        "Dir::Etc::sourceparts=/dev/null",
        "-o",
        f"Dir::State::Lists={tmp / 'lists'}",
        "-o",
        f"Dir::Cache={tmp / 'cache'}",
        # The private directories belong to root; let apt fetch as root instead of _apt.
        "-o",
        "APT::Sandbox::User=root",
    ]


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, cwd=cwd)


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Fetched:
    """The unpacked package."""

    tree: Path
    version: str
    deb_name: str
    deb_sha256: str


def fetch(mirror: AptSource, tmp: Path) -> Fetched:
    """Download and unpack the package."""
    signed = f"[signed-by={mirror.signed_by}] " if mirror.signed_by else ""
    (tmp / "sources.list").write_text(f"deb {signed}{mirror.uri} {SUITE} {COMPONENT}\n")
    (tmp / "lists" / "partial").mkdir(parents=True)
    (tmp / "cache" / "archives" / "partial").mkdir(parents=True)
    options = _apt_options(tmp)
    _run(["apt-get", "update", *options])
    download = tmp / "download"
    download.mkdir()
    _run(["apt-get", "download", *options, PACKAGE], cwd=download)
    debs = sorted(download.glob(f"{PACKAGE}_*.deb"))
    if len(debs) != 1:
        raise SystemExit(f"expected one {PACKAGE} .deb, found {[d.name for d in debs]}")
    version = subprocess.run(
        ["dpkg-deb", "--field", str(debs[0]), "Version"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tree = tmp / "tree"
    _run(["dpkg-deb", "-x", str(debs[0]), str(tree)])
    return Fetched(tree, version, debs[0].name, sha256_file(debs[0]))


def install(fetched: Fetched, suite: str, schemas: Path = SCHEMAS_DIR) -> dict[str, object]:
    """Copy the spec files into ``schemas`` and write ``SOURCES.json``; return its content."""
    version = fetched.version
    api = fetched.tree / API_DIR
    found = {}
    for path in api.iterdir():
        match = SPEC_NAME_RE.match(path.name)
        if match and version_key(f"{match.group(1)}.{match.group(2)}") >= version_key(MIN_VERSION):
            found[path.name] = path
    if not found:
        raise SystemExit(f"no spec files under {API_DIR} in {PACKAGE} {version}")
    schemas.mkdir(parents=True, exist_ok=True)
    sources_path = schemas / SOURCES_FILE
    if sources_path.exists():
        for old in json.loads(sources_path.read_text())["files"]:
            if old not in found:
                (schemas / old).unlink(missing_ok=True)
    names = sorted(found, key=lambda name: version_key(name[1:].removesuffix(".yaml.gz")))
    files: dict[str, str] = {}
    for name in names:
        shutil.copyfile(found[name], schemas / name)
        files[name] = sha256_file(schemas / name)
        if files[name] != sha256_file(found[name]):
            raise SystemExit(f"copy of {name} differs from the package's file")
    sources: dict[str, object] = {
        "package": PACKAGE,
        "suite": suite,
        "version": version,
        "deb": fetched.deb_name,
        "deb_sha256": fetched.deb_sha256,
        "path": API_DIR,
        "note": "Copied byte-for-byte (still gzipped) by `python -m codegen.update_schema`.",
        "files": files,
    }
    sources_path.write_text(json.dumps(sources, indent=2) + "\n")
    return sources


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m codegen.update_schema", description=__doc__)
    parser.add_argument("--mirror", help="Debian archive URI (default: from the apt sources)")
    args = parser.parse_args(argv)
    if args.mirror:
        mirror = AptSource(args.mirror, (SUITE,), None)
    else:
        mirror = debian_mirror(machine_apt_sources())
    print(f"mirror: {mirror.uri}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="dockersdk-schema-") as tmp:
        fetched = fetch(mirror, Path(tmp))
        sources = install(fetched, SUITE)
    files = sources["files"]
    assert isinstance(files, dict)
    print(f"{PACKAGE} {fetched.version} ({SUITE}): {len(files)} spec files in {SCHEMAS_DIR}")
    print("now run `make codegen` to regenerate the models", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
