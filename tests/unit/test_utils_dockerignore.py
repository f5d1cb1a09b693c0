""".dockerignore semantics: pattern matching, and exclude_paths on a real directory tree.

The ``CLI_VECTORS`` expectations were produced by the Docker CLI 28.2.2 itself (a classic
``docker build`` against a stub daemon that recorded the context it was sent), so these
tests pin dockersdk to what Docker really excludes, quirks included.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dockersdk.errors import InvalidArgument
from dockersdk.utils import exclude_paths, parse_dockerignore, read_dockerignore
from dockersdk.utils.dockerignore import Pattern, PatternMatcher, clean_path

FILES = [
    "Dockerfile",
    "README.md",
    "app.py",
    "app.pyc",
    "keep",
    "important.txt",
    "notes.txt",
    "node_modules/left-pad/index.js",
    "node_modules/left-pad/package.json",
    "node_modules/.bin/left-pad",
    "src/__init__.py",
    "src/main.py",
    "src/main.pyc",
    "src/__pycache__/main.cpython-311.pyc",
    "src/lib/util.py",
    "src/lib/util.pyc",
    "src/lib/keep",
    "build/out.bin",
    "dist/app.whl",
    "docs/index.md",
    "docs/api/ref.md",
    ".git/HEAD",
    ".git/objects/ab/cdef",
    "docker/Dockerfile.prod",
    "tests/test_app.py",
    "tests/fixtures/data.json",
]

# (patterns, dockerfile, paths excluded by the Docker CLI 28.2.2)
CLI_VECTORS: list[tuple[list[str], str | None, list[str]]] = [
    (
        [
            "node_modules",
            "**/*.pyc",
            "!keep",
            "/build",
            "./dist",
            ".git",
            "*.txt",
            "!important.txt",
            "*.md",
            "!README.md",
            "src/lib/*",
            "!src/lib/keep",
        ],
        None,
        [
            ".git",
            ".git/HEAD",
            ".git/objects",
            ".git/objects/ab",
            ".git/objects/ab/cdef",
            "app.pyc",
            "build",
            "build/out.bin",
            "dist",
            "dist/app.whl",
            "node_modules",
            "node_modules/.bin",
            "node_modules/.bin/left-pad",
            "node_modules/left-pad",
            "node_modules/left-pad/index.js",
            "node_modules/left-pad/package.json",
            "notes.txt",
            "src/__pycache__/main.cpython-311.pyc",
            "src/lib/util.py",
            "src/lib/util.pyc",
            "src/main.pyc",
        ],
    ),
    (
        ["*", "!src", "!Dockerfile"],
        None,
        [
            ".git",
            ".git/HEAD",
            ".git/objects",
            ".git/objects/ab",
            ".git/objects/ab/cdef",
            "README.md",
            "app.py",
            "app.pyc",
            "build",
            "build/out.bin",
            "dist",
            "dist/app.whl",
            "docker",
            "docker/Dockerfile.prod",
            "docs",
            "docs/api",
            "docs/api/ref.md",
            "docs/index.md",
            "important.txt",
            "keep",
            "link-to-src",
            "node_modules",
            "node_modules/.bin",
            "node_modules/.bin/left-pad",
            "node_modules/left-pad",
            "node_modules/left-pad/index.js",
            "node_modules/left-pad/package.json",
            "notes.txt",
            "tests",
            "tests/fixtures",
            "tests/fixtures/data.json",
            "tests/test_app.py",
        ],
    ),
    (
        ["**/__pycache__", "tests/**/*.json"],
        None,
        ["src/__pycache__", "src/__pycache__/main.cpython-311.pyc", "tests/fixtures/data.json"],
    ),
    (["docs", "!docs/api/ref.md"], None, ["docs", "docs/api", "docs/index.md"]),
    (
        ["src", "!src/lib/keep", "src"],
        None,
        [
            "src",
            "src/__init__.py",
            "src/__pycache__",
            "src/__pycache__/main.cpython-311.pyc",
            "src/lib",
            "src/lib/util.py",
            "src/lib/util.pyc",
            "src/main.py",
            "src/main.pyc",
        ],
    ),
    (
        ["**.pyc"],
        None,
        ["app.pyc", "src/__pycache__/main.cpython-311.pyc", "src/lib/util.pyc", "src/main.pyc"],
    ),
    (
        ["*"],
        None,
        [
            ".git",
            ".git/HEAD",
            ".git/objects",
            ".git/objects/ab",
            ".git/objects/ab/cdef",
            "README.md",
            "app.py",
            "app.pyc",
            "build",
            "build/out.bin",
            "dist",
            "dist/app.whl",
            "docker",
            "docker/Dockerfile.prod",
            "docs",
            "docs/api",
            "docs/api/ref.md",
            "docs/index.md",
            "important.txt",
            "keep",
            "link-to-src",
            "node_modules",
            "node_modules/.bin",
            "node_modules/.bin/left-pad",
            "node_modules/left-pad",
            "node_modules/left-pad/index.js",
            "node_modules/left-pad/package.json",
            "notes.txt",
            "src",
            "src/__init__.py",
            "src/__pycache__",
            "src/__pycache__/main.cpython-311.pyc",
            "src/lib",
            "src/lib/keep",
            "src/lib/util.py",
            "src/lib/util.pyc",
            "src/main.py",
            "src/main.pyc",
            "tests",
            "tests/fixtures",
            "tests/fixtures/data.json",
            "tests/test_app.py",
        ],
    ),
    (["docker"], "docker/Dockerfile.prod", ["docker"]),
    (["**/docker"], "docker/Dockerfile.prod", ["docker", "docker/Dockerfile.prod"]),
    (["Dockerfile", ".dockerignore"], None, []),
    (["link-to-src"], None, ["link-to-src"]),
    (["#comment", "", "  *.md  ", "!/docs/index.md"], None, ["README.md"]),
    (
        ["src/*/", "!src/lib/util.py"],
        None,
        [
            "src/__init__.py",
            "src/__pycache__",
            "src/__pycache__/main.cpython-311.pyc",
            "src/lib",
            "src/lib/keep",
            "src/lib/util.pyc",
            "src/main.py",
            "src/main.pyc",
        ],
    ),
    (["**/keep", "!src/**"], None, ["keep"]),
    (
        ["node_modules/**", "!node_modules/left-pad/package.json"],
        None,
        [
            "node_modules/.bin",
            "node_modules/.bin/left-pad",
            "node_modules/left-pad",
            "node_modules/left-pad/index.js",
        ],
    ),
    (["?eep", "[a-c]*.p?", "[^n]*.txt"], None, ["app.py", "important.txt", "keep"]),
    (
        ["src/lib/../main.py", "tests/./fixtures"],
        None,
        ["src/main.py", "tests/fixtures", "tests/fixtures/data.json"],
    ),
]


@pytest.fixture
def context(tmp_path: Path) -> Path:
    for rel in FILES:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel)
    (tmp_path / "link-to-src").symlink_to("src")
    return tmp_path


def _all_paths(root: Path) -> set[str]:
    found = set()
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(directory, name), root))
    return found


@pytest.mark.parametrize(("patterns", "dockerfile", "expected"), CLI_VECTORS)
def test_exclude_paths_matches_the_docker_cli(
    context: Path, patterns: list[str], dockerfile: str | None, expected: list[str]
) -> None:
    (context / ".dockerignore").write_text("\n".join(patterns) + "\n")
    excluded = exclude_paths(str(context), patterns, dockerfile=dockerfile)
    assert sorted(excluded) == expected
    # The same result when the patterns are read back from the file.
    assert exclude_paths(context, read_dockerignore(context), dockerfile) == excluded


def test_realistic_dockerignore(context: Path) -> None:
    (context / ".dockerignore").write_text(
        "# dependencies\n"
        "node_modules\n"
        "**/*.pyc\n"
        "/build\n"
        "./dist\n"
        "*.txt\n"
        "!important.txt\n"
        "src/lib/*\n"
        "!src/lib/keep\n"
    )
    excluded = exclude_paths(context, read_dockerignore(context))
    included = _all_paths(context) - excluded
    # Excluded directories come with everything inside them.
    assert {
        "node_modules",
        "node_modules/left-pad/index.js",
        "node_modules/.bin/left-pad",
    } <= excluded
    assert {"build", "build/out.bin", "dist", "dist/app.whl", "notes.txt"} <= excluded
    # **/*.pyc reaches every depth, including the root.
    assert {"app.pyc", "src/main.pyc", "src/lib/util.pyc"} <= excluded
    assert "src/__pycache__/main.cpython-311.pyc" in excluded
    # Exceptions re-include; the Dockerfile and .dockerignore are always sent.
    assert {"important.txt", "src/lib/keep", "Dockerfile", ".dockerignore"} <= included
    assert "src/lib/util.py" in excluded
    # The symlink is judged by its own name and never followed.
    assert "link-to-src" in included
    assert not any(p.startswith("link-to-src/") for p in excluded | included)
    # Paths are relative, slash-separated and never start with "./".
    assert all(not p.startswith(("/", "./")) for p in excluded)


def test_no_patterns_excludes_nothing(context: Path) -> None:
    assert exclude_paths(context, []) == set()
    assert exclude_paths(context, None) == set()


def test_parent_directory_rule_and_later_rules_win(context: Path) -> None:
    assert exclude_paths(context, ["src", "!src/main.py"]) == {
        "src",
        "src/__init__.py",
        "src/__pycache__",
        "src/__pycache__/main.cpython-311.pyc",
        "src/lib",
        "src/lib/keep",
        "src/lib/util.py",
        "src/lib/util.pyc",
        "src/main.pyc",
    }
    assert "src/main.py" in exclude_paths(context, ["!src/main.py", "src"])


def test_dockerfile_is_never_excluded(context: Path) -> None:
    assert "docker/Dockerfile.prod" not in exclude_paths(
        context, ["docker"], dockerfile="docker/Dockerfile.prod"
    )
    assert "docker/Dockerfile.prod" not in exclude_paths(
        context, ["docker"], dockerfile=str(context / "docker/Dockerfile.prod")
    )
    assert "docker/Dockerfile.prod" not in exclude_paths(
        context, ["docker"], dockerfile="./docker/Dockerfile.prod"
    )
    assert "docker/Dockerfile.prod" in exclude_paths(context, ["docker"])


@pytest.mark.parametrize("bad", ["a[", "[]", "[a-]", "[-a]", "trailing\\", "!", "ok\n!"])
def test_malformed_patterns_raise(context: Path, bad: str) -> None:
    with pytest.raises(InvalidArgument, match="pattern"):
        exclude_paths(context, bad.split("\n"))


def test_root_must_be_a_directory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InvalidArgument, match="not a directory"):
        exclude_paths(tmp_path / "file", [])
    with pytest.raises(InvalidArgument, match="not a directory"):
        exclude_paths(tmp_path / "missing", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\nb\n", ["a", "b"]),
        ("# comment\n\n   \n*.pyc", ["*.pyc"]),
        ("  # not a comment once indented", ["# not a comment once indented"]),
        ("\ufeffnode_modules", ["node_modules"]),
        ("/build\n./dist\ndist/\na//b/../c", ["build", "dist", "dist", "a/c"]),
        ("! keep \n!/abs", ["!keep", "!abs"]),
        ("/", ["/"]),
        (".", ["."]),
        ("../x", ["../x"]),
        ("a\r\nb\r\n", ["a", "b"]),
        (b"bytes/ok\n", ["bytes/ok"]),
    ],
)
def test_parse_dockerignore(text: str | bytes, expected: list[str]) -> None:
    assert parse_dockerignore(text) == expected


def test_read_dockerignore(tmp_path: Path) -> None:
    assert read_dockerignore(tmp_path) == []
    (tmp_path / ".dockerignore").write_bytes(b"\xef\xbb\xbf# c\n*.log\n!keep.log\n")
    assert read_dockerignore(tmp_path) == ["*.log", "!keep.log"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "."),
        (".", "."),
        ("a/b/", "a/b"),
        ("./a", "a"),
        ("a//b", "a/b"),
        ("a/./b", "a/b"),
        ("a/../b", "b"),
        ("a/../../b", "../b"),
        ("/../a", "/a"),
        ("/", "/"),
        ("//a", "/a"),
        ("!foo/../bar", "bar"),
    ],
)
def test_clean_path_matches_go(path: str, expected: str) -> None:
    assert clean_path(path) == expected


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("foo", "foo", True),
        ("foo", "foo/bar", False),  # parents are the matcher's job
        ("*", "foo", True),
        ("*", "foo/bar", False),
        ("*/bar", "foo/bar", True),
        ("?.txt", "a.txt", True),
        ("?.txt", "ab.txt", False),
        ("?", "/", False),
        ("[abc]*", "bx", True),
        ("[^abc]*", "bx", False),
        ("[!a]", "!", True),  # "!" is not negation in Go's syntax
        ("[a-c]", "b", True),
        ("[\\]]", "]", True),
        ("\\*", "*", True),
        ("\\*", "x", False),
        ("a.b", "axb", False),
        ("a+b(c)", "a+b(c)", True),
        ("**", "any/thing/at/all", True),
        ("**/foo", "foo", True),
        ("**/foo", "a/b/foo", True),
        ("**/foo", "barfoo", False),
        ("**foo", "barfoo", True),  # moby's suffix shortcut
        ("**.pyc", "a/b/c.pyc", True),
        ("foo/**", "foo/x/y", True),
        ("foo/**", "foo", False),
        ("foo**", "foobar/baz", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**/b", "a/x/y/c", False),
        ("**/x/**", "p/x/q", True),
        ("*/**", "a", False),
        ("*/**", "a/b", True),
    ],
)
def test_pattern_match(pattern: str, path: str, expected: bool) -> None:
    assert Pattern(pattern).match(path) is expected


def test_matcher_rules() -> None:
    pm = PatternMatcher(["*.log", "!keep.log", "", "  ", "logs"])
    assert pm.exclusions is True
    assert pm.matches_using_parent_results("a.log", None)[0] is True
    assert pm.matches_using_parent_results("keep.log", None)[0] is False
    assert pm.matches_using_parent_results("logs/x", None)[0] is True
    assert pm.may_reinclude_under("logs") is False
    assert PatternMatcher(["a", "!a/b/c"]).may_reinclude_under("a/b") is True
    assert PatternMatcher(["a"]).exclusions is False


def test_legacy_matches_checks_parents_at_pattern_depth_only() -> None:
    pm = PatternMatcher(["**/app"])
    assert pm.matches_legacy("app/Dockerfile") is False
    assert pm.matches_using_parent_results("app/Dockerfile", None)[0] is True
    assert PatternMatcher(["app"]).matches_legacy("app/Dockerfile") is True
    assert PatternMatcher(["*"]).matches_legacy(".") is False
