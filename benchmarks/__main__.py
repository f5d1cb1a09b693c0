"""``make bench``: every scenario of issues #7 and #15, interleaved and repeated, in one run.

Usage: ``python -m benchmarks [--full] [--only SCENARIO ...] [--json PATH]``. The quick
mode (default) stays under five minutes; ``--full`` (or ``BENCH=full``) uses the issue's
sizes. The engine is ``DOCKERSDK_ENGINE_B`` (else ``_A``) from the engines.env that
``make bench`` sources. Prints markdown tables on stdout and writes every sample to
``benchmarks/results.json`` (or ``--json``, or ``$BENCH_JSON``).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from benchmarks import (
    build_context,
    cold_start,
    concurrency,
    import_cost,
    report,
    round_trips,
    transfers,
)
from benchmarks._common import Row, Settings, log

GROUPS: dict[str, Callable[[Settings], list[Row]]] = {
    "import": lambda s: import_cost.main(rounds=s.pick(7, 15)),
    "cold": lambda s: cold_start.main(s.url, rounds=s.pick(9, 15)),
    "calls": round_trips.main,
    "concurrency": concurrency.main,
    "transfers": transfers.main,
    "build": build_context.main,
}

DEFAULT_JSON = os.path.join(os.path.dirname(__file__), "results.json")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--full", action="store_true", default=os.environ.get("BENCH") == "full")
    parser.add_argument("--only", nargs="+", choices=list(GROUPS), help="run these groups only")
    parser.add_argument("--json", default=os.environ.get("BENCH_JSON") or DEFAULT_JSON)
    args = parser.parse_args()
    url = os.environ.get("DOCKERSDK_ENGINE_B") or os.environ.get("DOCKERSDK_ENGINE_A")
    if not url or not url.startswith("unix://"):
        raise SystemExit("no unix:// engine: run through `make bench`, which starts one")
    settings = Settings(full=args.full, url=url)
    mode = "full" if settings.full else "quick"
    log(f"{mode} mode against {url}")
    started = time.perf_counter()
    rows: list[Row] = []
    for name in args.only or GROUPS:
        rows += GROUPS[name](settings)
    elapsed = time.perf_counter() - started
    engine = os.environ.get("DOCKERSDK_ENGINE_B_VERSION") or os.environ.get(
        "DOCKERSDK_ENGINE_A_VERSION", "?"
    )
    print(f"\n{mode} mode, dockerd {engine}, {os.cpu_count()} CPUs, {elapsed:.0f} s\n")
    print(report.markdown(rows))
    context = {"mode": mode, "engine": url, "engine_version": engine, "seconds": elapsed}
    report.write_json(rows, args.json, context)
    log(f"done in {elapsed:.0f} s; samples in {args.json}")


if __name__ == "__main__":
    main()
