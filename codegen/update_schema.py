"""Fill ``schemas/`` with the Engine API spec files and record their origin in ``SOURCES.json``.

Run as ``python -m codegen.update_schema`` (``make update-schema``). Two sources:

* **Debian's ``docker-doc``** (v1.25 up to what Debian packages, v1.51 today), fetched with the
  ordinary apt client and a private sources list, lists directory and cache, so the machine's
  own apt state is untouched. The mirror is the Debian archive URI of the machine's own apt
  sources (or ``--mirror``); no host is hard-coded. ``--offline`` skips this fetch.
* **moby/moby** for the newer versions (v1.52 onwards), vendored: nothing here downloads them.
  ``--moby DIR`` copies them from a directory holding ``v1.NN.yaml.gz`` files (gzipped, as
  stored), their ``SHA256SUMS`` and moby's ``LICENSE``; the commit comes from ``--moby-commit``
  or the directory's README (its only 40-hex word). Each file must match ``SHA256SUMS``. Without
  ``--moby`` the vendored files stay as they are and are only verified. A version that Debian
  also packages is taken from Debian.

Files are copied byte-for-byte, still gzipped; ``SOURCES.json`` records, per source, where the
files came from and their sha256 (for moby files also the sha256 of the YAML inside, which is
the file at ``<path>`` of the commit: ``git show COMMIT:PATH | sha256sum``). Every run ends by
verifying every recorded file, so ``--offline`` alone is a check.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from codegen.specs import (
    MIN_VERSION,
    SCHEMAS_DIR,
    SOURCES_FILE,
    recorded_files,
    spec_files,
    version_key,
)

PACKAGE = "docker-doc"
SUITE = "sid"
COMPONENT = "main"
API_DIR = "usr/share/doc/docker-doc/api"
SPEC_NAME_RE = re.compile(r"^v(\d+)\.(\d+)\.yaml\.gz$")
DEBIAN = "debian"
MOBY = "moby"
MOBY_REPOSITORY = "https://github.com/moby/moby"
MOBY_LICENSE = "LICENSE.moby"
SUMS_FILE = "SHA256SUMS"
_COMMIT_RE = re.compile(r"\b[0-9a-f]{40}\b")
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


def _read_sources(schemas: Path) -> dict[str, Any]:
    path = schemas / SOURCES_FILE
    if not path.exists():
        return {"sources": {}}
    sources: dict[str, Any] = json.loads(path.read_text())
    sources.setdefault("sources", {})
    return sources


def _write_sources(schemas: Path, sources: dict[str, Any]) -> None:
    (schemas / SOURCES_FILE).write_text(json.dumps(sources, indent=2) + "\n")


def _spec_names(names: Iterable[str]) -> list[str]:
    """The spec file names among ``names`` (v1.25 and later), oldest first."""
    found = [
        name
        for name in names
        if (match := SPEC_NAME_RE.match(name))
        and version_key(f"{match.group(1)}.{match.group(2)}") >= version_key(MIN_VERSION)
    ]
    return sorted(found, key=lambda name: version_key(name[1:].removesuffix(".yaml.gz")))


def _copy(source: Path, target: Path) -> str:
    shutil.copyfile(source, target)
    digest = sha256_file(target)
    if digest != sha256_file(source):
        raise SystemExit(f"copy of {source.name} differs from {source}")
    return digest


def install(fetched: Fetched, suite: str, schemas: Path = SCHEMAS_DIR) -> dict[str, object]:
    """Copy Debian's spec files into ``schemas`` and record them; return ``SOURCES.json``.

    Debian's files replace the previous Debian files; a version the moby source holds too is
    taken from Debian from now on (its moby file is dropped from the record).
    """
    version = fetched.version
    api = fetched.tree / API_DIR
    names = _spec_names(path.name for path in api.iterdir())
    if not names:
        raise SystemExit(f"no spec files under {API_DIR} in {PACKAGE} {version}")
    schemas.mkdir(parents=True, exist_ok=True)
    sources = _read_sources(schemas)
    entries: dict[str, Any] = sources["sources"]
    for old in entries.get(DEBIAN, {}).get("files", {}):
        if old not in names:
            (schemas / old).unlink(missing_ok=True)
    moby = entries.get(MOBY)
    if moby is not None:
        for name in set(names) & set(moby["files"]):
            print(f"{name}: now packaged by Debian, taken from there", file=sys.stderr)
            del moby["files"][name]
            moby.get("origins", {}).pop(name, None)
    files = {name: _copy(api / name, schemas / name) for name in names}
    entries[DEBIAN] = {
        "package": PACKAGE,
        "suite": suite,
        "version": version,
        "deb": fetched.deb_name,
        "deb_sha256": fetched.deb_sha256,
        "path": API_DIR,
        "note": "Copied byte-for-byte (still gzipped) by `python -m codegen.update_schema`.",
        "files": files,
    }
    sources["sources"] = {key: entries[key] for key in (DEBIAN, MOBY) if key in entries}
    _write_sources(schemas, sources)
    return sources


def _read_sums(path: Path) -> dict[str, str]:
    """``SHA256SUMS`` as file name -> sha256 (``sha256sum`` output, text or binary mode)."""
    sums: dict[str, str] = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line.strip())
        if match:
            sums[match.group(2)] = match.group(1)
    return sums


def moby_commit(directory: Path) -> str:
    """The moby commit named in ``directory``'s README (its only 40-hex word)."""
    readme = directory / "README.md"
    commits = set(_COMMIT_RE.findall(readme.read_text())) if readme.is_file() else set()
    if len(commits) != 1:
        raise SystemExit(
            f"cannot tell the moby commit from {readme} (found {len(commits)} candidates): "
            "pass --moby-commit"
        )
    return commits.pop()


def install_moby(directory: Path, commit: str, schemas: Path = SCHEMAS_DIR) -> dict[str, object]:
    """Copy the moby spec files of ``directory`` into ``schemas``; return ``SOURCES.json``.

    ``directory`` holds ``v1.NN.yaml.gz`` (gzipped moby ``api/docs/v1.NN.yaml``; the newest
    is moby's development ``api/swagger.yaml``), ``SHA256SUMS`` and moby's ``LICENSE``.

    Raises:
        SystemExit: a file missing from ``SHA256SUMS`` or not matching it, no LICENSE, no spec
            file, a bad commit.
    """
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise SystemExit(f"moby commit must be 40 hex digits, got {commit!r}")
    sums_path = directory / SUMS_FILE
    if not sums_path.is_file():
        raise SystemExit(f"{sums_path} is missing: the moby files cannot be verified")
    license_path = directory / "LICENSE"
    if not license_path.is_file():
        raise SystemExit(f"{license_path} is missing: moby's files go with their license")
    sums = _read_sums(sums_path)
    sources = _read_sources(schemas)
    entries: dict[str, Any] = sources["sources"]
    debian = set(entries.get(DEBIAN, {}).get("files", {}))
    names = [
        name
        for name in _spec_names(path.name for path in directory.iterdir())
        if name not in debian
    ]
    if not names:
        raise SystemExit(f"no spec files newer than Debian's in {directory}")
    for name in names:
        if name not in sums:
            raise SystemExit(f"{name} is not listed in {sums_path}")
        actual = sha256_file(directory / name)
        if actual != sums[name]:
            raise SystemExit(f"{directory / name}: sha256 {actual}, {SUMS_FILE} says {sums[name]}")
    schemas.mkdir(parents=True, exist_ok=True)
    for old in entries.get(MOBY, {}).get("files", {}):
        if old not in names:
            (schemas / old).unlink(missing_ok=True)
    files = {name: _copy(directory / name, schemas / name) for name in names}
    origins = {
        name: {
            "path": "api/swagger.yaml" if name == names[-1] else f"api/docs/{name[:-3]}",
            "yaml_sha256": hashlib.sha256(
                gzip.decompress((schemas / name).read_bytes())
            ).hexdigest(),
        }
        for name in names
    }
    shutil.copyfile(license_path, schemas / MOBY_LICENSE)
    entries[MOBY] = {
        "repository": MOBY_REPOSITORY,
        "commit": commit,
        "license": f"Apache-2.0 ({MOBY_LICENSE})",
        "note": (
            "Vendored: copied byte-for-byte (gzipped with `gzip -9n`) by "
            "`python -m codegen.update_schema --moby DIR`. The newest is moby's development "
            "version (api/swagger.yaml); yaml_sha256 is the sha256 of the file at `path` in "
            "the commit."
        ),
        "files": files,
        "origins": origins,
    }
    sources["sources"] = {key: entries[key] for key in (DEBIAN, MOBY) if key in entries}
    _write_sources(schemas, sources)
    return sources


def verify(schemas: Path = SCHEMAS_DIR) -> list[str]:
    """Every recorded file checked against its sha256; the problems found (none: ``[]``)."""
    problems = []
    for name, expected in recorded_files(schemas).items():
        path = schemas / name
        if not path.is_file():
            problems.append(f"{name} is recorded in {SOURCES_FILE} but missing")
        elif sha256_file(path) != expected:
            problems.append(f"{name}: sha256 {sha256_file(path)} does not match {SOURCES_FILE}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m codegen.update_schema",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--mirror", help="Debian archive URI (default: from the apt sources)")
    parser.add_argument(
        "--offline", action="store_true", help="do not fetch Debian's package (no network)"
    )
    parser.add_argument(
        "--moby", type=Path, metavar="DIR", help="copy the moby spec files from DIR (verified)"
    )
    parser.add_argument("--moby-commit", help="the moby commit of --moby (default: its README's)")
    args = parser.parse_args(argv)
    if not args.offline:
        if args.mirror:
            mirror = AptSource(args.mirror, (SUITE,), None)
        else:
            mirror = debian_mirror(machine_apt_sources())
        print(f"mirror: {mirror.uri}", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="dockersdk-schema-") as tmp:
            try:
                fetched = fetch(mirror, Path(tmp))
            except subprocess.CalledProcessError as exc:
                raise SystemExit(
                    f"fetching {PACKAGE} failed ({exc}); without network, "
                    "`make update-schema OFFLINE=1` still imports and verifies the rest"
                ) from None
            install(fetched, SUITE)
        print(f"{PACKAGE} {fetched.version} ({SUITE})", file=sys.stderr)
    if args.moby is not None:
        install_moby(args.moby, args.moby_commit or moby_commit(args.moby))
    problems = verify()
    if problems:
        raise SystemExit("\n".join(problems))
    versions = list(spec_files())
    print(
        f"{len(versions)} spec files in {SCHEMAS_DIR} (v{versions[0]}..v{versions[-1]}), verified"
    )
    print("now run `make codegen` to regenerate the models", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
