"""pytest plugin for ``make compat``: each test's outcome, and its first error line, as JSON.

Loaded into docker-py's own suite with ``-p compat_record``. Writes
``$DOCKERSDK_COMPAT_RESULTS``: ``{nodeid: {"outcome": ..., "message": ...}}`` with the
outcomes ``passed``, ``failed``, ``error`` (setup, teardown or collection), ``skipped``,
``xfailed`` and ``xpassed``. ``$DOCKERSDK_COMPAT_CLIENT`` (``docker-py`` or ``dockersdk``)
says which client ``import docker`` must give; the session stops at once if it gives the
other, so a misconfigured run cannot test the wrong client.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import pytest

_RESULTS: dict[str, dict[str, str]] = {}
# Read at import: some of the suite's tests replace os.environ while they run.
_RESULTS_PATH = os.environ.get("DOCKERSDK_COMPAT_RESULTS")
_RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 1, "failed": 2, "error": 3}


def _which_docker() -> str:
    import docker

    spec = getattr(docker, "__spec__", None)
    if type(getattr(spec, "loader", None)).__module__ == "dockersdk._docker_alias":
        return "dockersdk"
    return "docker-py"


def pytest_configure(config: pytest.Config) -> None:
    wanted = os.environ.get("DOCKERSDK_COMPAT_CLIENT")
    found = _which_docker()
    if wanted != found:
        raise pytest.UsageError(f"'import docker' gives {found}, this run is for {wanted}")


def pytest_report_header(config: pytest.Config) -> str:
    import docker

    return f"compat: 'import docker' is {_which_docker()} ({docker.__version__})"


def _message(report: Any) -> str:
    """The first ``E`` line of a failure (its exception), else the last line of its text."""
    text = str(getattr(report, "longreprtext", "") or "")
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("E "):
            return line[1:].strip()[:300]
    return lines[-1].strip()[:300] if lines else ""


def _record(nodeid: str, outcome: str, message: str) -> None:
    previous = _RESULTS.get(nodeid)
    if previous is None or _RANK[outcome] > _RANK[previous["outcome"]]:
        _RESULTS[nodeid] = {"outcome": outcome, "message": message}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if hasattr(report, "wasxfail"):
        _record(report.nodeid, "xpassed" if report.passed else "xfailed", "")
    elif report.failed:
        outcome = "failed" if report.when == "call" else "error"
        _record(report.nodeid, outcome, f"[{report.when}] {_message(report)}")
    elif report.skipped:
        _record(report.nodeid, "skipped", _message(report))
    elif report.when == "call":
        _record(report.nodeid, "passed", "")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        _record(report.nodeid, "error", f"[collect] {_message(report)}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not _RESULTS_PATH:
        print("compat_record: DOCKERSDK_COMPAT_RESULTS is not set", file=sys.stderr)
        return
    with open(_RESULTS_PATH, "w", encoding="utf-8") as handle:
        json.dump(dict(sorted(_RESULTS.items())), handle, indent=1)
