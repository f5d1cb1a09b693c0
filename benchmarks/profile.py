"""Where a dockersdk call spends its time: cProfile over N pings or inspects, by layer.

Usage (engine from engines.env, as ``make bench`` sets it)::

    python -m benchmarks.profile ping|inspect|logs [--calls N] [--top N]

Prints the share of own time (``tottime``) per layer (socket syscalls, h11, httpcore,
httpx, pydantic, dockersdk, json, the rest of the stdlib) and the top functions by own
and by cumulative time. cProfile inflates Python-heavy layers a little against C ones;
the shares are what to optimise first, not exact costs.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
from collections import defaultdict
from typing import Any

from benchmarks._common import IMAGE, LABEL

LAYERS = [
    ("h11", "/h11/"),
    ("httpcore", "/httpcore/"),
    ("httpx", "/httpx/"),
    ("pydantic", "/pydantic"),
    ("dockersdk", "/dockersdk/"),
    ("json", "/json/"),
    ("anyio/sniffio", "/sniffio/"),
]


def _layer(func: tuple[str, int, str]) -> str:
    filename, _, name = func
    if filename == "~":
        if "socket" in name or "recv" in name or "send" in name or "select" in name:
            return "socket syscalls"
        if "pydantic_core" in name or "validate" in name:
            return "pydantic"
        return "C builtins (other)"
    for layer, marker in LAYERS:
        if marker in filename:
            return layer
    return "stdlib/other Python"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("call", choices=["ping", "inspect", "logs"])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()

    import dockersdk

    url = os.environ.get("DOCKERSDK_ENGINE_B") or os.environ.get("DOCKERSDK_ENGINE_A")
    client = dockersdk.APIClient(base_url=url)
    cid = str(
        client.create_container(
            IMAGE,
            ["sh", "-c", f"yes {'x' * 1023} | head -c 20000000"],  # 20 MB in 1 KiB lines
            labels={LABEL: "profile"},
        ).id
    )
    work: Any
    if args.call == "ping":
        work = client.ping
    elif args.call == "inspect":
        work = lambda: client.inspect_container(cid)  # noqa: E731
    else:
        client.start(cid)
        client.wait(cid)

        def work() -> None:
            for _ in client.logs(cid, stream=True, demux=True, follow=False):
                pass

        args.calls = max(1, args.calls // 1000)
    try:
        work()  # warm: connection, lazy imports
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.calls):
            work()
        profiler.disable()
    finally:
        client.remove_container(cid, force=True)
        client.close()
    stats = pstats.Stats(profiler)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    by_layer: dict[str, float] = defaultdict(float)
    for func, entry in raw.items():
        by_layer[_layer(func)] += entry[2]
    print(f"{args.call} x{args.calls}: {total / args.calls * 1e6:.0f} µs/call under cProfile")
    print("| layer | share of own time |\n|---|---|")
    for layer, seconds in sorted(by_layer.items(), key=lambda item: -item[1]):
        print(f"| {layer} | {seconds / total:.0%} |")
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top + 10)


if __name__ == "__main__":
    main()
