"""How codegen.update_schema finds the Debian mirror and stores the spec files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from codegen import update_schema as us
from codegen.specs import SCHEMAS_DIR, read_spec, spec_files

DEB822 = """\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://mirror.example.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example.org/debian-security
Suites: bookworm-security
Components: main
"""


def test_mirror_from_deb822_sources() -> None:
    entries = us._deb822_entries(DEB822)
    assert [e.uri for e in entries] == [
        "http://mirror.example.org/debian",
        "http://mirror.example.org/debian-security",
    ]
    mirror = us.debian_mirror(entries)
    assert mirror.uri == "http://mirror.example.org/debian"
    assert mirror.signed_by == "/usr/share/keyrings/debian-archive-keyring.gpg"


def test_mirror_from_one_line_sources() -> None:
    text = (
        "deb https://packages.example.com/apt stable main\n"
        "# deb http://old.example.org/debian bookworm main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://ftp.example.net/debian/ bookworm main\n"
    )
    mirror = us.debian_mirror(us._one_line_entries(text))
    assert (mirror.uri, mirror.signed_by) == ("http://ftp.example.net/debian/", "/k.gpg")


def test_no_debian_mirror_is_an_error() -> None:
    with pytest.raises(SystemExit):
        us.debian_mirror(us._one_line_entries("deb https://packages.example.com/apt x main\n"))


def test_install_copies_bytes_and_records_sha256(tmp_path: Path) -> None:
    api = tmp_path / "tree" / us.API_DIR
    api.mkdir(parents=True)
    for name in ("v1.24.yaml.gz", "v1.25.yaml.gz", "v1.26.yaml.gz", "v1.24.md.gz"):
        (api / name).write_bytes(gzip.compress(b"swagger: '2.0'\ndefinitions: {}\npaths: {}\n"))
    fetched = us.Fetched(tmp_path / "tree", "1.0-1", "docker-doc_1.0-1_all.deb", "0" * 64)
    schemas = tmp_path / "schemas"
    sources = us.install(fetched, "sid", schemas)
    assert sorted(p.name for p in schemas.iterdir()) == [
        "SOURCES.json",
        "v1.25.yaml.gz",
        "v1.26.yaml.gz",
    ]
    assert json.loads((schemas / "SOURCES.json").read_text()) == sources
    assert (schemas / "v1.26.yaml.gz").read_bytes() == (api / "v1.26.yaml.gz").read_bytes()
    assert list(spec_files(schemas)) == ["1.25", "1.26"]
    assert read_spec(schemas / "v1.25.yaml.gz", schemas)["swagger"] == "2.0"
    (schemas / "v1.25.yaml.gz").write_bytes(b"tampered")
    with pytest.raises(SystemExit, match="sha256"):
        read_spec(schemas / "v1.25.yaml.gz", schemas)


def test_stored_specs_match_sources() -> None:
    files = spec_files()
    assert next(iter(files)) == "1.25"
    recorded = json.loads((SCHEMAS_DIR / "SOURCES.json").read_text())["files"]
    for path in files.values():
        assert us.sha256_file(path) == recorded[path.name]
