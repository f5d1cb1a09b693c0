""".dockerignore against the real thing: the Docker CLI's classic builder is the oracle.

For each pattern set, a small generated tree is built three ways on the same engine:

* ``docker build`` with ``DOCKER_BUILDKIT=0`` (the CLI applies ``.dockerignore`` and
  sends the context to the engine's legacy builder): the ground truth;
* ``api.build(path=...)``: dockersdk reads ``.dockerignore`` and sends the context;
* the member list of ``dockersdk.utils.tar(path, exclude=patterns)`` (plus the parent
  directories ``COPY`` creates).

The Dockerfile is ``FROM <busybox> / COPY . /ctx / RUN find /ctx``, so the listing comes
from the build log. The engine itself drops ``Dockerfile`` and ``.dockerignore`` from the
context when ``.dockerignore`` matches them (after reading them); ``tar()`` must still
send them, which is checked on the archive.

The CLI half runs on one engine (the newest, by API version) to keep the suite fast;
``api.build`` runs on both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from dockersdk import APIClient
from dockersdk.utils import parse_dockerignore, tar
from dockersdk.utils.dockerignore import PatternMatcher
from tests.fixtures.record import engines_from_env

LABEL = "dockersdk.test"
SPECIAL = ("Dockerfile", ".dockerignore")

FILES = [
    "a.txt",
    "b.log",
    ".hidden",
    ".hdir/x.txt",
    "x!",
    "xa",
    "xb",
    "x^",
    "!bang",
    "lit*",
    "q?",
    "sp ace.txt",
    "dir/a.txt",
    "dir/b.log",
    "dir/sub/c.txt",
    "dir/sub/deep/d.log",
    "dir/keep/k.txt",
    "dir/.dot/e.txt",
    "other/dir/a.txt",
    "other/.git/HEAD",
    "node_modules/pkg/index.js",
]
EMPTY_DIRS = ["emptydir", "dir/emptysub"]
SYMLINKS = {"link": "a.txt", "dir/uplink": "../b.log"}

CORPUS: list[list[str]] = [
    [],
    ["*.log"],
    ["**/*.log"],
    ["dir"],
    ["dir/"],
    ["/dir"],
    ["dir", "!dir/keep"],
    ["dir", "!dir/keep/k.txt"],
    ["dir/**", "!dir/sub/**"],
    ["**", "!Dockerfile"],
    ["*", "!a.txt"],
    ["**/a.txt"],
    ["*/a.txt"],
    [".*"],
    [".hdir"],
    ["x[!a]"],
    ["x[^a]"],
    ["x[a-b]"],
    ["x[\\^]"],
    ["lit\\*"],
    ["q\\?"],
    ["\\!bang"],
    ["../a.txt"],
    ["/../a.txt"],
    ["dir/../a.txt"],
    ["./dir/sub"],
    ["dir/sub/.."],
    ["Dockerfile", ".dockerignore"],
    ["*", "!dir"],
    ["**/*.txt", "!**/keep/**"],
    ["dir/*/c.txt"],
    ["dir/**/*.log"],
    ["**/deep"],
    ["!a.txt"],
    ["*.txt", "!a.txt", "a.txt"],
    ["other", "!other/.git"],
    ["**/.git"],
    ["emptydir"],
    ["sp ace.txt"],
    ["# a comment", "", "a.txt"],
    ["dir/sub/", "!dir/sub/deep/"],
    ["node_modules/"],
    ["?.txt"],
    ["[ab].txt"],
    ["dir/[!s]*"],
    ["a.txt/"],
    [".hdir", "!.hdir/x.txt"],
    ["**/.*"],
    ["dir/.dot"],
    ["*", "!**/*.log"],
    ["link", "dir/uplink"],
    ["dir", "!dir/sub", "dir/sub/deep"],
    ["  a.txt  ", "\tb.log"],
    ["**/dir/**"],
]


def _cli() -> str | None:
    return os.environ.get("DSDK_DOCKER_CLI") or shutil.which("docker")


def _newest_engine() -> str | None:
    engines = engines_from_env()
    if not engines:
        return None

    def api_version(name: str) -> tuple[int, ...]:
        text = os.environ.get(f"DOCKERSDK_ENGINE_{name.upper()}_API_VERSION", "0")
        return tuple(int(p) for p in text.split(".") if p.isdigit())

    return max(engines, key=api_version)


def _make_tree(root: Path, patterns: list[str], image: str) -> None:
    for rel in FILES:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel + "\n")
    for rel in EMPTY_DIRS:
        (root / rel).mkdir(parents=True, exist_ok=True)
    for rel, target in SYMLINKS.items():
        os.symlink(target, root / rel)
    (root / "Dockerfile").write_text(
        f"FROM {image}\nCOPY . /ctx\nRUN find /ctx | sed 's/^/LISTING /'\n"
    )
    (root / ".dockerignore").write_text("\n".join(patterns) + "\n")


def _listing(output: str) -> set[str]:
    found = set()
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("LISTING /ctx"):
            path = line[len("LISTING /ctx") :].lstrip("/")
            if path:
                found.add(path)
    return found


def _tar_members(root: Path, patterns: list[str]) -> set[str]:
    with tar(root, exclude=patterns) as archive, tarfile.open(fileobj=archive) as members:
        return {m.name.rstrip("/") for m in members.getmembers()}


def _with_parents(names: set[str]) -> set[str]:
    out = set(names)
    for name in names:
        parts = name.split("/")
        for i in range(1, len(parts)):
            out.add("/".join(parts[:i]))
    return out


def _engine_drops(patterns: list[str]) -> set[str]:
    # The legacy builder removes Dockerfile/.dockerignore from the context it builds from
    # when .dockerignore matches them (moby builder/remotecontext.removeDockerfile).
    matcher = PatternMatcher(parse_dockerignore("\n".join(patterns)))
    return {name for name in SPECIAL if matcher.matches_legacy(name)}


def _api_build(api: APIClient, root: Path) -> tuple[set[str], str]:
    log: list[str] = []
    image_id = ""
    for chunk in api.build(
        path=str(root), nocache=True, rm=True, forcerm=True, labels={LABEL: "1"}, decode=True
    ):
        if "error" in chunk:
            raise AssertionError(f"build failed: {chunk}")
        if "stream" in chunk:
            log.append(chunk["stream"])
        if "aux" in chunk and isinstance(chunk["aux"], dict):
            image_id = chunk["aux"].get("ID", image_id)
    text = "".join(log)
    if not image_id:
        for line in text.splitlines():
            if line.startswith("Successfully built "):
                image_id = line.split()[-1]
    return _listing(text), image_id


def _cli_build(cli: str, engine_url: str, root: Path, config_dir: Path) -> tuple[set[str], str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DOCKER_HOST": engine_url,
        "DOCKER_BUILDKIT": "0",
        "DOCKER_CONFIG": str(config_dir),
    }
    done = subprocess.run(
        [cli, "build", "--no-cache", "--force-rm", "--label", f"{LABEL}=1", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    image_id = ""
    for line in done.stdout.splitlines():
        if line.startswith("Successfully built "):
            image_id = line.split()[-1]
    return _listing(done.stdout), image_id


def _ids(patterns: list[str]) -> str:
    return "|".join(patterns) or "<none>"


@pytest.mark.parametrize("patterns", CORPUS, ids=[_ids(p) for p in CORPUS])
def test_corpus_against_engine(
    patterns: list[str],
    engine_url: str,
    api: APIClient,
    test_image: str,
    tmp_path: Path,
) -> None:
    root = tmp_path / "ctx"
    root.mkdir()
    _make_tree(root, patterns, test_image)

    members = _tar_members(root, patterns)
    # Dockerfile and .dockerignore are always sent, whatever the patterns say.
    assert set(SPECIAL) <= members

    built, image_id = _api_build(api, root)
    try:
        expected = _with_parents(members) - _engine_drops(patterns)
        assert built == expected, (
            f"api.build/tar vs image: only in image {sorted(built - expected)}, "
            f"only in tar {sorted(expected - built)}"
        )
    finally:
        if image_id:
            api.remove_image(image_id, force=True)

    name = next(n for n, url in engines_from_env().items() if url == engine_url)
    cli = _cli()
    if name != _newest_engine() or cli is None:
        return
    config_dir = tmp_path / "cli-config"
    config_dir.mkdir()
    oracle, cli_image = _cli_build(cli, engine_url, root, config_dir)
    try:
        assert oracle, "the CLI build printed no listing"
        assert built == oracle, (
            f"dockersdk vs docker CLI: only with dockersdk {sorted(built - oracle)}, "
            f"only with the CLI {sorted(oracle - built)}"
        )
    finally:
        if cli_image:
            api.remove_image(cli_image, force=True)


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40
    assert len({tuple(p) for p in CORPUS}) == len(CORPUS)
