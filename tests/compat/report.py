"""The verdict of ``make compat``: docker-py's suite on docker-py and on dockersdk, compared.

For each engine it reads ``<dir>/docker-py/results.json`` and ``<dir>/dockersdk/results.json``
(written by the ``compat_record`` plugin) and prints both tallies and every test whose outcome
differs. It fails (exit 1) when a test that passes with docker-py does not pass with
dockersdk, unless

- ``deviations.toml`` lists it: a PERMANENT, deliberate difference, with the reason (only
  where docker-py is demonstrably wrong, or where matching it would mean depending on
  ``requests``), a test that is racy in docker-py's own suite (``[[flaky]]``), or a failure
  whose message is a known engine race that docker-py's runs hit too (``[[flaky_cause]]``:
  only that message, in the tests it names, is excused, never the test's other failures); or
- ``baseline.toml`` lists it for that engine: a TEMPORARY known failure, to be fixed. A
  baseline entry whose test now passes fails the run too, so the baseline only shrinks:
  remove the entry (or rewrite the file with ``--write-baseline``).

Usage: ``report.py --engine a=DIR [--engine b=DIR] --deviations F --baseline F
[--write-baseline]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

PASS = "passed"


@dataclass
class Engine:
    """One engine's two runs."""

    name: str
    meta: dict[str, dict[str, str]]
    docker_py: dict[str, dict[str, str]]
    dockersdk: dict[str, dict[str, str]]


@dataclass(frozen=True)
class FlakyCause:
    """A failure message that is an engine race, not a client's doing, in some tests."""

    match: str
    tests: re.Pattern[str]
    reason: str

    def explains(self, test: str, message: str) -> bool:
        return self.tests.search(test) is not None and self.match in message


@dataclass
class Verdict:
    """The differential of one engine."""

    regressions: list[str] = field(default_factory=list)
    deviations: list[str] = field(default_factory=list)
    flaky: list[str] = field(default_factory=list)
    baseline: list[str] = field(default_factory=list)
    stale_baseline: list[str] = field(default_factory=list)
    sdk_only: list[str] = field(default_factory=list)


def _read_meta(path: Path) -> dict[str, str]:
    meta = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            meta[key] = value
    return meta


def load_engine(name: str, directory: Path) -> Engine:
    runs = {}
    meta = {}
    for client in ("docker-py", "dockersdk"):
        results = directory / client / "results.json"
        if not results.exists():
            sys.exit(f"compat: {results} is missing: the {client} run on engine {name} broke")
        runs[client] = json.loads(results.read_text(encoding="utf-8"))
        meta[client] = _read_meta(directory / client / "meta.env")
    return Engine(name, meta, runs["docker-py"], runs["dockersdk"])


def load_deviations(
    path: Path,
) -> tuple[dict[str, dict[str, object]], dict[str, str], list[FlakyCause]]:
    """``(deviations, flaky, causes)``: test id → its entry (reason, engines), test id →
    reason, and the engine races excused by their message."""
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    deviations = {}
    for entry in data.get("deviation", []):
        if not entry.get("reason"):
            sys.exit(f"compat: {path}: deviation {entry.get('test')} has no reason")
        deviations[entry["test"]] = entry
    flaky = {}
    for entry in data.get("flaky", []):
        if not entry.get("reason"):
            sys.exit(f"compat: {path}: flaky {entry.get('test')} has no reason")
        flaky[entry["test"]] = entry["reason"]
    causes = []
    for entry in data.get("flaky_cause", []):
        if not entry.get("reason") or not entry.get("match") or not entry.get("tests"):
            sys.exit(f"compat: {path}: a flaky_cause needs match, tests and reason: {entry}")
        causes.append(FlakyCause(entry["match"], re.compile(entry["tests"]), entry["reason"]))
    return deviations, flaky, causes


def load_baseline(path: Path) -> dict[str, dict[str, str]]:
    """Engine → {test id: the cause noted when it was listed}."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {engine: dict(tests) for engine, tests in data.items() if isinstance(tests, dict)}


def tally(results: dict[str, dict[str, str]]) -> str:
    counts = Counter(entry["outcome"] for entry in results.values())
    order = ["passed", "failed", "error", "skipped", "xfailed", "xpassed"]
    return ", ".join(f"{counts[o]} {o}" for o in order if counts[o])


def judge(
    engine: Engine,
    deviations: dict[str, dict[str, object]],
    flaky: dict[str, str],
    baseline: dict[str, str],
    causes: list[FlakyCause] | None = None,
) -> Verdict:
    verdict = Verdict()
    for test in sorted(set(engine.docker_py) | set(engine.dockersdk)):
        py = engine.docker_py.get(test, {}).get("outcome", "absent")
        sdk = engine.dockersdk.get(test, {}).get("outcome", "absent")
        if test in flaky:
            if py != sdk:
                verdict.flaky.append(test)
            continue
        deviation = deviations.get(test)
        engines = deviation.get("engines") if deviation else None
        deviates = deviation is not None and (
            not isinstance(engines, list) or engine.name in engines
        )
        message = engine.dockersdk.get(test, {}).get("message", "")
        if py == PASS and sdk != PASS:
            if deviates:
                verdict.deviations.append(test)
            elif any(c.explains(test, message) for c in causes or ()):
                verdict.flaky.append(test)
            elif test in baseline:
                verdict.baseline.append(test)
            else:
                verdict.regressions.append(test)
        elif sdk == PASS and py != PASS:
            verdict.sdk_only.append(test)
        if test in baseline and sdk == PASS:
            verdict.stale_baseline.append(test)
    return verdict


# Engine ids (hex) and swarm ids (25 characters of base 36).
_IDS = re.compile(r"\b(?:[0-9a-f]{12,64}|[0-9a-z]{25})\b")
_NUMBERS = re.compile(r"\b\d+(\.\d+)*\b")
_TEMP = re.compile(r"(/tmp|/var/tmp)/\S+")
_NAMES = re.compile(r"'[a-z]+[0-9a-f]{6,}[^']*'")


def cause(message: str) -> str:
    """A failure's first error line with ids, numbers and temp paths blanked, to group by."""
    text = _TEMP.sub("<tmp>", message)
    text = _IDS.sub("<id>", text)
    text = _NAMES.sub("'<name>'", text)
    text = _NUMBERS.sub("N", text)
    return text[:160]


def print_engine(
    engine: Engine, verdict: Verdict, deviations: dict[str, dict[str, object]]
) -> None:
    py_meta, sdk_meta = engine.meta["docker-py"], engine.meta["dockersdk"]
    print(
        f"\n=== engine {engine.name}: dockerd {py_meta.get('server', '?')} "
        f"(API {py_meta.get('api', '?')}, tests pin {py_meta.get('test_api', '?')}) ==="
    )
    print(f"  docker-py 7.1.0 : {tally(engine.docker_py)}  ({py_meta.get('seconds', '?')} s)")
    print(f"  dockersdk       : {tally(engine.dockersdk)}  ({sdk_meta.get('seconds', '?')} s)")

    def show(label: str, tests: list[str], note: dict[str, str] | None = None) -> None:
        for test in tests:
            py = engine.docker_py.get(test, {}).get("outcome", "absent")
            sdk = engine.dockersdk.get(test, {})
            why = note[test] if note is not None else sdk.get("message", "")
            print(f"  {label:<12} {test}  [docker-py {py}, dockersdk {sdk.get('outcome')}]")
            if why:
                print(f"  {'':<12}   {why}")

    if verdict.regressions:
        print(
            f"\n  -- REGRESSIONS: pass with docker-py, fail with dockersdk, not listed "
            f"({len(verdict.regressions)}) --"
        )
        show("REGRESSION", verdict.regressions)
    if verdict.deviations:
        print(f"\n  -- permanent deviations (deviations.toml) ({len(verdict.deviations)}) --")
        reasons = {t: str(deviations[t]["reason"]) for t in verdict.deviations}
        show("DEVIATION", verdict.deviations, reasons)
    if verdict.baseline:
        print(
            f"\n  -- TEMPORARY known failures (baseline.toml: to be fixed, not accepted) "
            f"({len(verdict.baseline)}) --"
        )
        show("KNOWN", verdict.baseline)
    if verdict.stale_baseline:
        print(
            f"\n  -- STALE baseline entries: these no longer fail; remove them "
            f"({len(verdict.stale_baseline)}) --"
        )
        show("STALE", verdict.stale_baseline)
    if verdict.flaky:
        print("\n  -- racy in docker-py's own suite or the engine, outcomes differ (ignored) --")
        show("FLAKY", verdict.flaky)
    if verdict.sdk_only:
        print(f"\n  -- pass with dockersdk only ({len(verdict.sdk_only)}) --")
        show("SDK-ONLY", verdict.sdk_only)

    failing = verdict.regressions + verdict.baseline
    if failing:
        groups = Counter(cause(engine.dockersdk.get(t, {}).get("message", "")) for t in failing)
        print(
            f"\n  -- causes of the {len(failing)} tests docker-py passes and dockersdk "
            "does not, grouped --"
        )
        for text, count in groups.most_common():
            print(f"  {count:>4}  {text}")


def write_baseline(path: Path, engines: list[Engine], verdicts: list[Verdict]) -> None:
    lines = [
        "# TEMPORARY known failures of `make compat`: tests of docker-py's suite that pass with",
        "# docker-py 7.1.0 and fail with dockersdk, per engine, with the first error line seen.",
        "# This is not a list of accepted differences (those are in deviations.toml, with",
        "# reasons): every entry is a bug to fix, and the file only shrinks. Written by",
        "# `make compat COMPAT_REPORT_ARGS=--write-baseline`.",
    ]
    lines.append("#\n# Tallies when this file was written (passed / failed / errors):")
    for engine in engines:
        meta = engine.meta["docker-py"]
        for client, results in (("docker-py", engine.docker_py), ("dockersdk", engine.dockersdk)):
            lines.append(
                f"#   engine {engine.name} (dockerd {meta.get('server', '?')}), {client}: "
                f"{tally(results)}"
            )
    for engine, verdict in zip(engines, verdicts, strict=True):
        lines.append(f"\n[{engine.name}]")
        for test in sorted(verdict.regressions + verdict.baseline):
            message = engine.dockersdk.get(test, {}).get("message", "")
            lines.append(f"{json.dumps(test)} = {json.dumps(message[:200])}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\ncompat: wrote {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", required=True, metavar="NAME=DIR")
    parser.add_argument("--deviations", type=Path, required=True)
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args(argv)

    deviations, flaky, causes = load_deviations(args.deviations)
    baseline = load_baseline(args.baseline)
    engines = []
    for spec in args.engine:
        name, _, directory = spec.partition("=")
        engines.append(load_engine(name, Path(directory)))

    print("make compat: docker-py 7.1.0's own integration suite, unmodified, run with")
    print("docker-py 7.1.0 and with dockersdk (install_as_docker()), each on a fresh engine.")
    verdicts = []
    for engine in engines:
        verdict = judge(engine, deviations, flaky, baseline.get(engine.name, {}), causes)
        verdicts.append(verdict)
        print_engine(engine, verdict, deviations)

    if args.write_baseline:
        write_baseline(args.baseline, engines, verdicts)
        return 0

    print("\n=== summary ===")
    bad = False
    for engine, verdict in zip(engines, verdicts, strict=True):
        print(
            f"  engine {engine.name}: {len(verdict.regressions)} regressions, "
            f"{len(verdict.deviations)} permanent deviations, "
            f"{len(verdict.baseline)} TEMPORARY known failures (baseline.toml), "
            f"{len(verdict.stale_baseline)} stale baseline entries"
        )
        bad = bad or bool(verdict.regressions or verdict.stale_baseline)
        # Named again here, at the end, where a truncated CI log still shows them.
        for test in verdict.regressions + verdict.stale_baseline:
            kind = "REGRESSION" if test in verdict.regressions else "STALE"
            message = engine.dockersdk.get(test, {}).get("message", "")
            print(f"    {kind} {test}\n      {message[:300]}")
    if any(verdict.baseline for verdict in verdicts):
        print(
            "  NOTE: the baseline hides failures that are NOT accepted deviations; it must "
            "shrink to nothing."
        )
    if bad:
        print("compat: FAILED (regressions, or baseline entries that now pass: see above)")
        return 1
    print("compat: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
