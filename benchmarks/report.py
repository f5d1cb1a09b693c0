"""The run's output: markdown tables, the targets of issues #7 and #15 met or missed, and a
JSON file."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks._common import AIODOCKER, CLI, DOCKER_PY, OURS, OURS_ASYNC, RAW, Row

# What the floor is in each scenario (RAW is its key everywhere).
FLOOR_NAMES = {
    "build context tar": "tarfile, precomputed list",
    "inspect": "raw http.client + json.loads",
    "containers.list": "raw: one list call + json.loads",
    "concurrent threads": "raw: a connection per thread",
}


def _by(rows: Sequence[Row]) -> dict[tuple[str, str], Row]:
    return {(row.scenario, row.client): row for row in rows}


def ratio(rows: Sequence[Row], scenario: str, client: str, against: str) -> float | None:
    """``client``'s median over ``against``'s in one scenario (None if either is missing)."""
    table = _by(rows)
    mine, other = table.get((scenario, client)), table.get((scenario, against))
    if mine is None or other is None or other.median == 0:
        return None
    return mine.median / other.median


@dataclass(frozen=True)
class Target:
    """One line of issue #7's table: ``check`` returns (met, what was measured)."""

    scenario: str
    text: str
    check: Callable[[Sequence[Row]], tuple[bool | None, str]]


def _time_vs(scenario: str, against: str, limit: float, client: str = OURS) -> Any:
    def check(rows: Sequence[Row]) -> tuple[bool | None, str]:
        r = ratio(rows, scenario, client, against)
        if r is None:
            return None, f"not measured ({client} or {against} missing)"
        return r <= limit, f"{r:.2f}x {against}'s time"

    return check


def _throughput(scenario: str, limit: float, rss_limit: float) -> Any:
    def check(rows: Sequence[Row]) -> tuple[bool | None, str]:
        r = ratio(rows, scenario, OURS, RAW)
        row = _by(rows).get((scenario, OURS))
        if r is None or row is None:
            return None, "not measured"
        rss = row.rss_mib if row.rss_mib is not None else float("nan")
        return r >= limit and rss <= rss_limit, f"{r:.2f}x raw throughput, RSS +{rss:.0f} MiB"

    return check


def _cold(scenario: str, client: str, stretch: float | None = None) -> Any:
    """Cold start: wall time ≤ the reference's (median of per-round ratios)."""

    def check(rows: Sequence[Row]) -> tuple[bool | None, str]:
        row = _by(rows).get((scenario, client))
        if row is None:
            return None, "not measured"
        wall, cpu = row.extra["wall_vs_reference"], row.extra["cpu_vs_reference"]
        text = f"{wall:.2f}x {row.extra['reference']}'s time (CPU {cpu:.2f}x)"
        if stretch is not None:
            text += f"; stretch ≤ {stretch}x {'met' if wall <= stretch else 'not met'}"
        return wall <= 1, text

    return check


def _cold_rss(rows: Sequence[Row]) -> tuple[bool | None, str]:
    """Peak RSS of every cold process ≤ its reference's."""
    cold = [row for row in rows if row.scenario.startswith("cold:") and row.client in COLD_OURS]
    if not cold:
        return None, "not measured"
    worst = max(cold, key=lambda row: row.extra["rss_vs_reference"])
    ratio_ = worst.extra["rss_vs_reference"]
    return ratio_ <= 1, f"at most {ratio_:.2f}x the reference's ({worst.scenario})"


COLD_OURS = (OURS, OURS_ASYNC)


def _logs(rows: Sequence[Row]) -> tuple[bool | None, str]:
    cli, dpy = ratio(rows, "logs demuxed", OURS, CLI), ratio(rows, "logs demuxed", OURS, DOCKER_PY)
    if cli is None or dpy is None:
        return None, "not measured"
    return cli >= 1 and dpy >= 1.5, f"{cli:.2f}x the CLI's throughput, {dpy:.2f}x docker-py's"


def _build(rows: Sequence[Row]) -> tuple[bool | None, str]:
    floor = ratio(rows, "build context tar", OURS, RAW)
    dpy = ratio(rows, "build context tar", DOCKER_PY, OURS)
    if floor is None or dpy is None:
        return None, "not measured"
    return floor <= 1.1 and dpy >= 1.3, f"{floor:.2f}x tarfile's time; docker-py {dpy:.2f}x ours"


def _async(rows: Sequence[Row]) -> tuple[bool | None, str]:
    r = ratio(rows, "concurrent asyncio", OURS_ASYNC, AIODOCKER)
    if r is None:
        return None, "not measured: dockersdk.aio.AsyncAPIClient does not exist yet"
    return r <= 1, f"{r:.2f}x aiodocker's time"


TARGETS = [
    Target(
        "cold: low-level inspect",
        "≤ docker-py (stretch: ≤ 0.7x)",
        _cold("cold: low-level inspect", OURS, stretch=0.7),
    ),
    Target(
        "cold: high-level get",
        "≤ docker-py (stretch: ≤ 0.7x)",
        _cold("cold: high-level get", OURS, stretch=0.7),
    ),
    Target("cold: async inspect", "≤ aiodocker", _cold("cold: async inspect", OURS_ASYNC)),
    Target(
        "cold: async high-level get",
        "≤ aiodocker",
        _cold("cold: async high-level get", OURS_ASYNC),
    ),
    Target("cold: peak RSS", "≤ docker-py's (aiodocker's)", _cold_rss),
    Target("ping", "≤ 1.2x raw", _time_vs("ping", RAW, 1.2)),
    Target("inspect", "typed model ≤ 1.3x raw + json.loads", _time_vs("inspect", RAW, 1.3)),
    Target("containers.list", "≤ 1.3x one raw call", _time_vs("containers.list", RAW, 1.3)),
    Target("concurrent threads", "≤ 1.5x raw threads", _time_vs("concurrent threads", RAW, 1.5)),
    Target("concurrent asyncio", "dockersdk.aio ≤ aiodocker", _async),
    Target("lifecycle", "≤ 1.05x raw", _time_vs("lifecycle", RAW, 1.05)),
    Target("logs demuxed", "≥ the CLI's throughput, ≥ 1.5x docker-py", _logs),
    Target("put_archive", "≥ 0.95x raw, RSS growth ≤ 32 MiB", _throughput("put_archive", 0.95, 32)),
    Target("get_archive", "≥ 0.95x raw, RSS growth ≤ 32 MiB", _throughput("get_archive", 0.95, 32)),
    Target(
        "image save", "≥ 0.95x raw, bounded RSS (≤ 32 MiB)", _throughput("image save", 0.95, 32)
    ),
    Target(
        "image load", "≥ 0.95x raw, bounded RSS (≤ 32 MiB)", _throughput("image load", 0.95, 32)
    ),
    Target("build context tar", "≤ 1.1x tarfile, ≥ 1.3x faster than docker-py", _build),
]


def _fmt(value: float | None, suffix: str = "x") -> str:
    return "" if value is None else f"{value:.2f}{suffix}"


def markdown(rows: Sequence[Row]) -> str:
    """The tables: per-operation costs, throughputs, then the targets."""
    scenarios = list(dict.fromkeys(row.scenario for row in rows))
    lines = [
        "Per-operation cost (median; ratios of times, lower is better):",
        "",
        "| scenario | client | median | vs floor | vs docker-py | measured |",
        "|---|---|---|---|---|---|",
    ]
    bulk = [
        "Throughput (median; ratios of throughputs, higher is better; RSS: median peak growth):",
        "",
        "| scenario | client | MiB/s | vs floor | vs docker-py | peak RSS growth | measured |",
        "|---|---|---|---|---|---|---|",
    ]
    cold = [
        "Cold start (fresh processes, medians; ratios: medians of per-round ratios to the "
        "reference, docker-py or aiodocker):",
        "",
        "| scenario | client | wall | CPU | peak RSS | wall vs ref | CPU vs ref | RSS vs ref "
        "| measured |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario in scenarios:
        for row in (r for r in rows if r.scenario == scenario):
            if scenario.startswith("cold:"):
                cpu = statistics.median(row.extra["cpu_ms"])
                rss = statistics.median(row.extra["peak_rss_mib"])
                cold.append(
                    f"| {scenario.removeprefix('cold: ')} | {row.client} | {row.median:.0f} ms "
                    f"| {cpu:.0f} ms | {rss:.1f} MiB | {row.extra['wall_vs_reference']:.2f}x "
                    f"| {row.extra['cpu_vs_reference']:.2f}x "
                    f"| {row.extra['rss_vs_reference']:.2f}x | {row.note} |"
                )
                continue
            client = FLOOR_NAMES.get(scenario, row.client) if row.client == RAW else row.client
            vs_raw = _fmt(ratio(rows, scenario, row.client, RAW))
            vs_dpy = _fmt(ratio(rows, scenario, row.client, DOCKER_PY))
            if row.higher_is_better:
                rss = "" if row.rss_mib is None else f"{row.rss_mib:+.0f} MiB"
                bulk.append(
                    f"| {scenario} | {client} | {row.median:.0f} | {vs_raw} | {vs_dpy} "
                    f"| {rss} | {row.note} |"
                )
            else:
                unit = "µs" if row.unit == "us" else row.unit
                digits = 0 if row.median >= 10 else 1
                value = f"{row.median:.{digits}f} {unit}"
                lines.append(
                    f"| {scenario} | {client} | {value} | {vs_raw} | {vs_dpy} | {row.note} |"
                )
    goals = [
        "Targets (issues #7 and #15; the import row is no longer one):",
        "",
        "| scenario | target | measured | met |",
        "|---|---|---|---|",
    ]
    for target in TARGETS:
        met, measured = target.check(rows)
        mark = {True: "yes", False: "**no**", None: "n/a"}[met]
        goals.append(f"| {target.scenario} | {target.text} | {measured} | {mark} |")
    tables = [*lines, "", *bulk, ""]
    if len(cold) > 4:
        tables += [*cold, ""]
    return "\n".join([*tables, *goals]) + "\n"


def write_json(rows: Sequence[Row], path: str, context: dict[str, Any]) -> None:
    """Every sample, the medians, the ratios and the targets, as JSON."""
    data = {
        **context,
        "python": sys.version.split()[0],
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "load_average": os.getloadavg(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rows": [
            {
                "scenario": row.scenario,
                "client": row.client,
                "unit": row.unit,
                "median": row.median,
                "samples": row.samples,
                "peak_rss_growth_mib": row.rss_mib,
                "vs_floor": ratio(rows, row.scenario, row.client, RAW),
                "vs_docker_py": ratio(rows, row.scenario, row.client, DOCKER_PY),
                "note": row.note,
                **({"cold": row.extra} if row.scenario.startswith("cold:") else {}),
            }
            for row in rows
        ],
        "targets": [
            dict(
                zip(
                    ("scenario", "target", "met", "measured"),
                    (t.scenario, t.text, *t.check(rows)),
                    strict=True,
                )
            )
            for t in TARGETS
        ],
    }
    with open(path, "w") as out:
        json.dump(data, out, indent=2)
        out.write("\n")
