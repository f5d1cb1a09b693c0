"""How codegen.update_schema finds the Debian mirror and stores the spec files."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen import update_schema as us
from codegen.specs import SCHEMAS_DIR, read_spec, spec_files
from dockersdk.api._core import MAX_API_VERSION

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


def _spec_gz(version: str) -> bytes:
    return gzip.compress(f"swagger: '2.0'\ninfo: {{version: '{version}'}}\n".encode(), mtime=0)


def _debian_tree(tmp_path: Path, versions: list[str]) -> us.Fetched:
    api = tmp_path / "tree" / us.API_DIR
    api.mkdir(parents=True)
    for version in versions:
        (api / f"v{version}.yaml.gz").write_bytes(_spec_gz(version))
    (api / "v1.24.md.gz").write_bytes(b"not a spec")
    return us.Fetched(tmp_path / "tree", "1.0-1", "docker-doc_1.0-1_all.deb", "0" * 64)


COMMIT = "b985e2313a8676e18072b442911fc8f64f17d440"


def _moby_dir(tmp_path: Path, versions: list[str], *, bad: str | None = None) -> Path:
    moby = tmp_path / "moby"
    moby.mkdir()
    sums = []
    for version in versions:
        data = _spec_gz(version)
        (moby / f"v{version}.yaml.gz").write_bytes(data)
        digest = hashlib.sha256(b"x" if version == bad else data).hexdigest()
        sums.append(f"{digest}  v{version}.yaml.gz")
    (moby / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    (moby / "LICENSE").write_text("Apache License 2.0\n")
    (moby / "README.md").write_text(f"From moby/moby, commit {COMMIT} (2026-08-23).\n")
    return moby


def test_install_copies_bytes_and_records_sha256(tmp_path: Path) -> None:
    api = tmp_path / "tree" / us.API_DIR
    fetched = _debian_tree(tmp_path, ["1.24", "1.25", "1.26"])
    schemas = tmp_path / "schemas"
    sources = us.install(fetched, "sid", schemas)
    assert sorted(p.name for p in schemas.iterdir()) == [
        "SOURCES.json",
        "v1.25.yaml.gz",
        "v1.26.yaml.gz",
    ]
    assert json.loads((schemas / "SOURCES.json").read_text()) == sources
    assert list(sources["sources"]) == ["debian"]  # type: ignore[call-overload]
    assert (schemas / "v1.26.yaml.gz").read_bytes() == (api / "v1.26.yaml.gz").read_bytes()
    assert list(spec_files(schemas)) == ["1.25", "1.26"]
    assert read_spec(schemas / "v1.25.yaml.gz", schemas)["swagger"] == "2.0"
    (schemas / "v1.25.yaml.gz").write_bytes(b"tampered")
    with pytest.raises(SystemExit, match="sha256"):
        read_spec(schemas / "v1.25.yaml.gz", schemas)
    assert us.verify(schemas) == [
        f"v1.25.yaml.gz: sha256 {us.sha256_file(schemas / 'v1.25.yaml.gz')} does not match "
        "SOURCES.json"
    ]


def test_moby_specs_are_copied_verified_and_recorded_beside_debian(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    us.install(_debian_tree(tmp_path, ["1.25", "1.26"]), "sid", schemas)
    moby = _moby_dir(tmp_path, ["1.26", "1.27", "1.28"])
    assert us.moby_commit(moby) == COMMIT
    sources = us.install_moby(moby, COMMIT, schemas)
    entry = sources["sources"]["moby"]  # type: ignore[index]
    # v1.26 is Debian's: the moby copy is not taken
    assert sorted(entry["files"]) == ["v1.27.yaml.gz", "v1.28.yaml.gz"]
    assert entry["commit"] == COMMIT
    assert entry["origins"]["v1.27.yaml.gz"] == {
        "path": "api/docs/v1.27.yaml",
        "yaml_sha256": hashlib.sha256(gzip.decompress(_spec_gz("1.27"))).hexdigest(),
    }
    assert entry["origins"]["v1.28.yaml.gz"]["path"] == "api/swagger.yaml"  # the newest
    assert (schemas / us.MOBY_LICENSE).read_text() == "Apache License 2.0\n"
    assert list(spec_files(schemas)) == ["1.25", "1.26", "1.27", "1.28"]
    assert us.verify(schemas) == []
    # A newer Debian package that ships v1.27 takes it over; the moby record drops it.
    fetched = _debian_tree(tmp_path / "newer", ["1.25", "1.26", "1.27"])
    sources = us.install(fetched, "sid", schemas)
    assert sorted(sources["sources"]["moby"]["files"]) == ["v1.28.yaml.gz"]  # type: ignore[index]
    assert list(spec_files(schemas)) == ["1.25", "1.26", "1.27", "1.28"]
    assert us.verify(schemas) == []


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: (d / "SHA256SUMS").write_text(""), "not listed"),
        (lambda d: (d / "SHA256SUMS").unlink(), "SHA256SUMS is missing"),
        (lambda d: (d / "LICENSE").unlink(), "LICENSE is missing"),
        (lambda d: (d / "v1.27.yaml.gz").write_bytes(b"changed"), "sha256"),
    ],
)
def test_moby_import_refuses_what_it_cannot_verify(
    tmp_path: Path, setup: Callable[[Path], object], message: str
) -> None:
    schemas = tmp_path / "schemas"
    moby = _moby_dir(tmp_path, ["1.27"])
    setup(moby)
    with pytest.raises(SystemExit, match=message):
        us.install_moby(moby, COMMIT, schemas)
    assert not (schemas / "v1.27.yaml.gz").exists()


def test_moby_commit_must_be_named(tmp_path: Path) -> None:
    moby = _moby_dir(tmp_path, ["1.27"])
    (moby / "README.md").write_text("no commit here\n")
    with pytest.raises(SystemExit, match="--moby-commit"):
        us.moby_commit(moby)
    with pytest.raises(SystemExit, match="40 hex"):
        us.install_moby(moby, "main", tmp_path / "schemas")


def test_offline_run_verifies_the_stored_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert us.main(["--offline"]) == 0
    assert "verified" in capsys.readouterr().out


def test_stored_specs_match_sources() -> None:
    files = spec_files()
    assert next(iter(files)) == "1.25"
    assert list(files)[-1] == MAX_API_VERSION
    sources = json.loads((SCHEMAS_DIR / "SOURCES.json").read_text())["sources"]
    recorded = {**sources["debian"]["files"], **sources["moby"]["files"]}
    assert sorted(recorded) == sorted(path.name for path in files.values())
    for path in files.values():
        assert us.sha256_file(path) == recorded[path.name]
    moby = sources["moby"]
    assert moby["commit"] == "b985e2313a8676e18072b442911fc8f64f17d440"
    assert sorted(moby["files"]) == [f"v1.{n}.yaml.gz" for n in range(52, 57)]
    for name, origin in moby["origins"].items():
        text = gzip.decompress((SCHEMAS_DIR / name).read_bytes())
        assert hashlib.sha256(text).hexdigest() == origin["yaml_sha256"]
    assert (SCHEMAS_DIR / us.MOBY_LICENSE).read_text().lstrip().startswith("Apache License")
