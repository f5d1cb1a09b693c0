"""``make api-check``: the public API of the working tree against the previous release.

    python scripts/docs/api_check.py [BASE]      # BASE: a git ref, default v0.1.0

Two comparisons, both static (nothing of either version is imported):

- griffe's API comparison (what ``griffe check dockersdk -a BASE -s src`` runs): removed
  public objects, changed or removed parameters, incompatible defaults, kinds, bases, types;
- every public name of every public module (``scripts/docs/public_api.py``'s rule, read
  statically) that BASE had and the tree lacks. This adds what griffe does not treat as
  public: the generated models (``dockersdk.models.X``, public through a star import that
  only type checkers see) and names exported only under ``TYPE_CHECKING``.

A change either reports is accepted only when ``CHANGELOG.md``'s "Unreleased" section names
the object in backticks (```dockersdk.types.HostConfig```, or a parent of it): a breaking
change is a decision written in the changelog, never an accident. Exit status: 0 clean (or
every change accepted), 1 unaccepted changes, 2 BASE is not in this clone — never a silent
pass.

A clone without tags still has the history: ``scripts/docs/releases.txt`` records the commit
of every release tag, and a tag missing from the clone is read from there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "dockersdk"
GENERATED = "dockersdk.models._generated"
DEFAULT_BASE = "v0.1.0"
RELEASES = ROOT / "scripts" / "docs" / "releases.txt"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A constructor's type arguments in a default (``dict[str, Any]()`` for ``dict()``): the
# same value at run time, written that way for type checkers.
_TYPE_ARGUMENTS = re.compile(r"(\w)\[[^()]*\](?=\()")


def same_default(old: object, new: object) -> bool:
    """Whether two defaults' source texts differ only in a constructor's type arguments."""
    return _TYPE_ARGUMENTS.sub(r"\1", str(old)) == _TYPE_ARGUMENTS.sub(r"\1", str(new))


def _ref_exists(ref: str) -> bool:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.returncode == 0


def recorded_releases(path: Path = RELEASES) -> dict[str, str]:
    """The release tags and their commits, as ``releases.txt`` records them."""
    releases: dict[str, str] = {}
    if not path.exists():
        return releases
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) != 2 or not re.fullmatch(r"[0-9a-f]{40}", fields[1]):
            raise ValueError(
                f"{path.name}:{number}: expected '<tag> <40-hex commit>', got {line!r}"
            )
        releases[fields[0]] = fields[1]
    return releases


def resolve_base(ref: str, *, fetch: bool = True) -> str | None:
    """``ref`` if this clone has it, else the recorded commit of that release tag, else None.

    A shallow clone (``--depth``, as some CI checkouts are) lacks both: with ``fetch``, the
    history and the tags are fetched from its origin once, and the lookup is tried again.
    """
    if _ref_exists(ref):
        return ref
    commit = recorded_releases().get(ref)
    if commit is not None and _ref_exists(commit):
        return commit
    if fetch and _fetch_history():
        return resolve_base(ref, fetch=False)
    return None


def _fetch_history() -> bool:
    """Fetch the whole history and the tags from origin (quietly; False when that fails)."""
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    command = ["git", "fetch", "--quiet", "--tags", "origin"]
    if shallow.stdout.strip() == "true":
        command.insert(3, "--unshallow")
    print(f"api-check: the base is not in this clone; trying {' '.join(command)}", file=sys.stderr)
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _is_public(path: str) -> bool:
    return not any(part.startswith("_") for part in path.split("."))


def public_names(package: griffe.Module) -> set[str]:
    """Every ``module.name`` a version exports, read statically."""
    found: set[str] = set()

    def walk(module: griffe.Module) -> None:
        if module.exports is not None:
            names = [str(name) for name in module.exports]
        else:
            names = [
                name
                for name, member in module.members.items()
                if not name.startswith("_") and not member.is_alias and not member.is_module
            ]
        found.update(f"{module.path}.{name}" for name in names)
        for name, sub in module.modules.items():
            if not name.startswith("_") and not isinstance(sub, griffe.Alias):
                walk(sub)

    walk(package)
    try:
        generated = package.get_member(GENERATED.removeprefix(PACKAGE + "."))
    except KeyError:
        generated = None
    if isinstance(generated, griffe.Module):
        for name in generated.members:
            if not name.startswith("_") and name not in ("Any", "DockerModel", "annotations"):
                found.add(f"{PACKAGE}.models.{name}")
    return found


def accepted_paths() -> set[str]:
    """The dotted names in backticks in the changelog's Unreleased section."""
    text = (ROOT / "CHANGELOG.md").read_text()
    match = re.search(r"^## Unreleased\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    section = match.group(1) if match else ""
    return set(re.findall(r"`(dockersdk(?:\.\w+)+)`", section))


def _accepted(path: str, accepted: set[str]) -> bool:
    parts = path.split(".")
    return any(".".join(parts[:end]) in accepted for end in range(len(parts), 0, -1))


def main(argv: list[str]) -> int:
    base = argv[1] if len(argv) > 1 and argv[1] else DEFAULT_BASE
    commit = resolve_base(base)
    if commit is None:
        print(
            f"api-check: the base ref {base!r} is not in this clone (nor its commit, if "
            f"{RELEASES.name} records one), so the public API cannot be compared with it. "
            f"Clone the full history (not --depth) and fetch the tags (git fetch --tags), or "
            f"set the base with `make api-check API_BASE=<ref>`.",
            file=sys.stderr,
        )
        return 2
    old = griffe.load_git(PACKAGE, ref=commit, repo=ROOT, search_paths=["src"])
    new = griffe.load(PACKAGE, search_paths=[str(ROOT / "src")])
    assert isinstance(old, griffe.Module) and isinstance(new, griffe.Module)

    changes: list[tuple[str, str]] = []
    for breakage in griffe.find_breaking_changes(old, new):
        path = breakage.obj.path
        if breakage.kind is griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE and path.endswith(
            ".__version__"
        ):
            continue  # a release changes it
        if breakage.kind is griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT and same_default(
            breakage.old_value.default, breakage.new_value.default
        ):
            continue
        changes.append((path, _ANSI.sub("", breakage.explain())))
    seen = {path for path, _ in changes}
    for path in sorted(public_names(old) - public_names(new)):
        if path not in seen:
            changes.append((path, f"{path}: public name was removed"))

    accepted = accepted_paths()
    refused = [(p, text) for p, text in changes if not _accepted(p, accepted)]
    for path, text in changes:
        mark = "accepted (CHANGELOG.md)" if _accepted(path, accepted) else "BREAKING"
        print(f"{mark}: {text}")
    names = len(public_names(new))
    if refused:
        print(
            f"\napi-check: {len(refused)} public API change(s) against {base} not in the "
            "changelog. If intended, name each object in backticks under '## Unreleased' in "
            "CHANGELOG.md (a breaking change is a decision); else restore it.",
            file=sys.stderr,
        )
        return 1
    print(f"api-check: {names} public names; no unrecorded change against {base}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
