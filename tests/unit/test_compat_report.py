"""``make compat``'s verdict (tests/compat/report.py): what fails the run and what does not."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPORT = Path(__file__).resolve().parents[1] / "compat" / "report.py"


@pytest.fixture(scope="module")
def report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compat_report", REPORT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compat_report"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _results(**outcomes: str) -> dict[str, dict[str, str]]:
    return {f"t::{name}": {"outcome": o, "message": f"E {name}"} for name, o in outcomes.items()}


def _engine_dir(root: Path, name: str, py: dict[str, str], sdk: dict[str, str]) -> Path:
    directory = root / name
    for client, outcomes in (("docker-py", py), ("dockersdk", sdk)):
        (directory / client).mkdir(parents=True)
        (directory / client / "results.json").write_text(json.dumps(_results(**outcomes)))
        (directory / client / "meta.env").write_text("server=20.10\napi=1.41\ntest_api=1.41\n")
    return directory


def _args(engine: Path, deviations: Path, baseline: Path) -> list[str]:
    return ["--engine", f"a={engine}", "--deviations", str(deviations), "--baseline", str(baseline)]


def test_judge_sorts_every_difference(report: ModuleType) -> None:
    engine = report.Engine(
        "a",
        {"docker-py": {}, "dockersdk": {}},
        _results(reg="passed", dev="passed", dev_b="passed", known="passed", stale="failed",
                 flaky="passed", mine="failed", same="passed", gone="passed"),
        _results(reg="failed", dev="error", dev_b="failed", known="failed", stale="passed",
                 flaky="failed", mine="passed", same="passed"),
    )  # fmt: skip
    deviations = {
        "t::dev": {"test": "t::dev", "reason": "docker-py is wrong"},
        "t::dev_b": {"test": "t::dev_b", "reason": "only on b", "engines": ["b"]},
    }
    verdict = report.judge(
        engine, deviations, {"t::flaky": "racy"}, {"t::known": "E", "t::stale": "E"}
    )
    assert verdict.regressions == ["t::dev_b", "t::gone", "t::reg"]  # absent counts as failed
    assert verdict.deviations == ["t::dev"]
    assert verdict.baseline == ["t::known"]
    assert verdict.stale_baseline == ["t::stale"]
    assert verdict.flaky == ["t::flaky"]
    assert verdict.sdk_only == ["t::mine", "t::stale"]


def test_cause_groups_by_the_error_not_its_ids(report: ModuleType) -> None:
    one = report.cause("NullResource: got ServiceCreateResponse(id='cbfg676v8c4i6om4kq9f2e042')")
    two = report.cause("NullResource: got ServiceCreateResponse(id='y4h6wi2dd8zn7uuh5jxrnt0kl')")
    assert one == two and "<id>" in one
    assert report.cause("409 for /v1.41/x in /tmp/abc123/def") == "N for /v1.N/x in <tmp>"


def test_main_fails_on_a_regression_and_passes_once_listed(
    report: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = _engine_dir(
        tmp_path, "a", {"x": "passed", "y": "passed"}, {"x": "passed", "y": "failed"}
    )
    deviations = tmp_path / "deviations.toml"
    deviations.write_text("")
    baseline = tmp_path / "baseline.toml"
    args = _args(engine, deviations, baseline)
    assert report.main(args) == 1
    assert "REGRESSION   t::y" in capsys.readouterr().out
    # --write-baseline lists it as a TEMPORARY known failure; the run then passes
    assert report.main([*args, "--write-baseline"]) == 0
    assert '"t::y" = "E y"' in baseline.read_text()
    assert report.main(args) == 0
    out = capsys.readouterr().out
    assert "TEMPORARY known failures" in out and "compat: OK" in out
    # a permanent deviation needs a reason
    deviations.write_text('[[deviation]]\ntest = "t::y"\n')
    with pytest.raises(SystemExit, match="has no reason"):
        report.main(args)


def test_main_fails_on_a_stale_baseline_entry(report: ModuleType, tmp_path: Path) -> None:
    engine = _engine_dir(tmp_path, "a", {"x": "passed"}, {"x": "passed"})
    baseline = tmp_path / "baseline.toml"
    baseline.write_text('[a]\n"t::x" = "was failing"\n')
    deviations = tmp_path / "none.toml"
    args = _args(engine, deviations, baseline)
    assert report.main(args) == 1


def test_a_missing_run_is_an_error(report: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "a" / "docker-py").mkdir(parents=True)
    with pytest.raises(SystemExit, match="the docker-py run on engine a broke"):
        report.load_engine("a", tmp_path / "a")


def test_a_flaky_cause_excuses_only_its_message_in_its_tests(report: ModuleType) -> None:
    race = report.FlakyCause("Swarm is encrypted", re.compile(r"^swarm::"), "engine race")
    py = {name: {"outcome": "passed"} for name in ("swarm::a", "swarm::b", "other::c")}
    sdk = {
        "swarm::a": {"outcome": "failed", "message": "503 ... Swarm is encrypted and needs"},
        "swarm::b": {"outcome": "failed", "message": "500 something else"},
        "other::c": {"outcome": "failed", "message": "503 ... Swarm is encrypted and needs"},
    }
    engine = report.Engine("a", {"docker-py": {}, "dockersdk": {}}, py, sdk)
    verdict = report.judge(engine, {}, {}, {}, [race])
    assert verdict.flaky == ["swarm::a"]
    assert verdict.regressions == ["other::c", "swarm::b"]


def test_flaky_causes_are_read_and_regressions_named_in_the_summary(
    report: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = _engine_dir(
        tmp_path, "a", {"race": "passed", "bug": "passed"}, {"race": "failed", "bug": "failed"}
    )
    deviations = tmp_path / "deviations.toml"
    deviations.write_text(
        '[[flaky_cause]]\nmatch = "E race"\ntests = "^t::"\nreason = "the engine\'s"\n'
    )
    args = _args(engine, deviations, tmp_path / "none.toml")
    assert report.main(args) == 1
    summary = capsys.readouterr().out.split("=== summary ===")[1]
    assert "REGRESSION t::bug\n      E bug" in summary
    assert "t::race" not in summary
    deviations.write_text('[[flaky_cause]]\nmatch = "E race"\nreason = "no tests"\n')
    with pytest.raises(SystemExit, match="needs match, tests and reason"):
        report.main(args)
