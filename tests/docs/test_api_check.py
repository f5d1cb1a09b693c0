"""``make api-check`` (scripts/docs/api_check.py): how it finds the release it compares with,
and which changes the changelog accepts. The comparison itself runs in ``make test``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "docs"))

import api_check  # noqa: E402

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def test_releases_file_is_read_with_comments_and_blank_lines(tmp_path: Path) -> None:
    releases = tmp_path / "releases.txt"
    releases.write_text(f"# header\n\nv0.1.0 {COMMIT}  # the first\nv0.2.0 {COMMIT[::-1]}\n")
    assert api_check.recorded_releases(releases) == {"v0.1.0": COMMIT, "v0.2.0": COMMIT[::-1]}
    assert api_check.recorded_releases(tmp_path / "absent.txt") == {}


@pytest.mark.parametrize("line", ["v0.1.0", f"v0.1.0 {COMMIT[:12]}", f"v0.1.0 {COMMIT} extra"])
def test_a_malformed_release_line_names_the_line(tmp_path: Path, line: str) -> None:
    releases = tmp_path / "releases.txt"
    releases.write_text(f"# header\n{line}\n")
    with pytest.raises(ValueError, match=r"releases\.txt:2: expected '<tag> <40-hex commit>'"):
        api_check.recorded_releases(releases)


def test_every_recorded_release_is_in_the_history() -> None:
    """A release line pointing outside the history would make the check fail on every clone."""
    for tag, commit in api_check.recorded_releases().items():
        assert api_check.resolve_base(commit) == commit, f"{tag}: {commit} is not a commit here"


def test_the_default_base_resolves_from_the_tag_or_the_record() -> None:
    assert api_check.resolve_base(api_check.DEFAULT_BASE) is not None


def test_a_base_that_is_nowhere_fails_loudly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_check, "_fetch_history", lambda: False)  # no origin to ask
    assert api_check.main(["api_check.py", "v999.0.0-not-released"]) == 2
    assert "'v999.0.0-not-released' is not in this clone" in capsys.readouterr().err


def test_the_changelog_accepts_an_object_or_any_of_its_parents() -> None:
    accepted = {"dockersdk.types.HostConfig"}
    assert api_check._accepted("dockersdk.types.HostConfig", accepted)
    assert api_check._accepted("dockersdk.types.HostConfig.to_api", accepted)
    assert not api_check._accepted("dockersdk.types.HostConfigDict", accepted)
    assert not api_check._accepted("dockersdk.types", accepted)


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("dict()", "dict[str, Any]()", True),
        ("field(default_factory=list)", "field(default_factory=list)", True),
        ("defaultdict(list)", "defaultdict[str, list[int]](list)", True),
        ("dict()", "None", False),
        ("5", "6", False),
        ("x[0]", "x[1]", False),
    ],
)
def test_a_default_differing_only_in_type_arguments_is_the_same(
    old: str, new: str, same: bool
) -> None:
    assert api_check.same_default(old, new) is same
