"""The sync twin of the async client, generated from it by a token rewrite (as httpcore does).

Every endpoint, stream and resource is written once, as async code under
``src/dockersdk/aio/``; this module rewrites each of those files into its sync twin (for
instance ``aio/api/container.py`` becomes ``api/container.py``) by replacing whole words:
``async def`` → ``def``, ``await x`` → ``x``, ``async with``/``async for`` → ``with``/``for``,
``AsyncStream`` → ``Stream``, ``__aenter__`` → ``__enter__``, ``dockersdk.aio.api`` →
``dockersdk.api``... The few places where the flavours truly differ (a lock, a sleep, a
finaliser) live in two small hand-written modules, ``dockersdk/aio/_flavour.py`` and
``dockersdk/_flavour.py``, whose names map onto each other.

The output is formatted with ruff (removing ``await`` shortens lines) and starts with a
GENERATED line naming its source. ``python -m codegen.unasync --check`` (part of
``make codegen-check``) fails when a committed sync file differs from a fresh rewrite.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

from codegen.specs import ROOT

PACKAGE = ROOT / "src" / "dockersdk"
ASYNC_ROOT = PACKAGE / "aio"
COMMAND = "python -m codegen.unasync"

#: Async source (relative to ``aio/``) → sync twin (relative to the package).
FILES: dict[str, str] = {
    "_bridge.py": "transport/_bridge.py",
    "_lean.py": "transport/_lean.py",
    "api/_base.py": "api/_base.py",
    "api/_socket.py": "api/_socket.py",
    "api/_stream.py": "api/_stream.py",
    "api/build.py": "api/build.py",
    "api/builders.py": "api/builders.py",
    "api/client.py": "api/client.py",
    "api/container.py": "api/container.py",
    "api/container_io.py": "api/container_io.py",
    "api/exec_api.py": "api/exec_api.py",
    "api/image.py": "api/image.py",
    "api/image_io.py": "api/image_io.py",
    "api/network.py": "api/network.py",
    "api/plugin.py": "api/plugin.py",
    "api/registry.py": "api/registry.py",
    "api/secret.py": "api/secret.py",
    "api/service.py": "api/service.py",
    "api/swarm.py": "api/swarm.py",
    "api/system.py": "api/system.py",
    "api/volume.py": "api/volume.py",
    "resources/__init__.py": "resources/__init__.py",
    "resources/_base.py": "resources/_base.py",
    "resources/configs.py": "resources/configs.py",
    "resources/containers.py": "resources/containers.py",
    "resources/images.py": "resources/images.py",
    "resources/networks.py": "resources/networks.py",
    "resources/nodes.py": "resources/nodes.py",
    "resources/plugins.py": "resources/plugins.py",
    "resources/secrets.py": "resources/secrets.py",
    "resources/services.py": "resources/services.py",
    "resources/swarm.py": "resources/swarm.py",
    "resources/volumes.py": "resources/volumes.py",
    "client.py": "client.py",
}

#: Dotted module paths, longest first so a prefix never shadows a longer match.
MODULES: dict[str, str] = {
    "dockersdk.aio._bridge": "dockersdk.transport._bridge",
    "dockersdk.aio._conn": "dockersdk.transport._conn",
    "dockersdk.aio._lean": "dockersdk.transport._lean",
    "dockersdk.aio._transport": "dockersdk.transport._factory",
    "dockersdk.aio._flavour": "dockersdk._flavour",
    "dockersdk.aio.resources": "dockersdk.resources",
    "dockersdk.aio.client": "dockersdk.client",
    "dockersdk.aio.api": "dockersdk.api",
}

#: Whole-word replacements that the generic ``AsyncName`` → ``Name`` rule gets wrong or misses.
WORDS: dict[str, str] = {
    "AsyncByteStream": "SyncByteStream",
    "AbstractAsyncContextManager": "AbstractContextManager",
    "asynccontextmanager": "contextmanager",
    "StopAsyncIteration": "StopIteration",
    "AsyncGenerator": "Generator",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "aclose": "close",
    "aread": "read",
    "aiter_bytes": "iter_bytes",
    "aiter_raw": "iter_raw",
    "aiter_lines": "iter_lines",
    "anext": "next",
    "make_async_transport": "make_transport",
    "handle_async_request": "handle_request",
    "async_upload_content": "upload_content",
}

_KEYWORDS = [
    # ``(await self.f(x))`` → ``self.f(x)``: no parentheses left around a plain call.
    (re.compile(r"(?<![\w)\]])\(await ([\w.]+\([^()]*\))\)"), r"\1"),
    (re.compile(r"\basync (def|with|for)\b"), r"\1"),
    (re.compile(r"\bawait "), ""),
]
_WORD = re.compile(r"\b(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b")
_ASYNC_NAME = re.compile(r"\b(_?)Async([A-Z]\w*)")
_MODULE = re.compile(
    r"\b(" + "|".join(re.escape(m) for m in sorted(MODULES, key=len, reverse=True)) + r")\b"
)


# ``for x in it: yield x`` (what ``async for x in it: yield x`` becomes) → ``yield from it``.
_YIELD_LOOP = re.compile(r"^( *)for (\w+) in ([^\n]+):\n\1    yield \2\n", re.MULTILINE)


def rewrite(text: str) -> str:
    """The sync twin of one async source text (before formatting)."""
    text = _MODULE.sub(lambda match: MODULES[match.group(1)], text)
    for pattern, replacement in _KEYWORDS:
        text = pattern.sub(replacement, text)
    text = _YIELD_LOOP.sub(r"\1yield from \3\n", text)
    text = _WORD.sub(lambda match: WORDS[match.group(1)], text)
    return _ASYNC_NAME.sub(r"\1\2", text)


def ruff_format(path: Path, text: str) -> str:
    """``text`` with its imports sorted and formatted by the project's ruff, as if at ``path``."""
    filename = str(path)
    fixed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--fix-only", "--select", "I",
         "--stdin-filename", filename, "-"],
        input=text, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", filename, "-"],
        input=fixed, capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip


def _format(texts: dict[Path, str]) -> dict[Path, str]:
    """Format the rewritten texts with the project's ruff (sorts imports, rewraps lines)."""
    return {path: ruff_format(path, text) for path, text in texts.items()}


def build() -> dict[Path, str]:
    """Return the text of every generated sync file, keyed by its path."""
    texts: dict[Path, str] = {}
    for source_name, target_name in FILES.items():
        source = ASYNC_ROOT / source_name
        header = (
            f"# GENERATED by codegen/unasync.py from src/dockersdk/aio/{source_name}: "
            "do not edit.\n"
        )
        texts[PACKAGE / target_name] = header + rewrite(source.read_text())
    return _format(texts)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def check(outputs: dict[Path, str]) -> int:
    """Diff fresh rewrites against the committed sync files; 1 if any differs."""
    stale = False
    for path, text in outputs.items():
        committed = path.read_text() if path.exists() else ""
        if committed != text:
            stale = True
            sys.stdout.writelines(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"{_rel(path)} (committed)",
                    tofile=f"{_rel(path)} (regenerated)",
                )
            )
    if stale:
        print(f"\nthe sync twins are out of date: run `{COMMAND}`", file=sys.stderr)
        return 1
    print("sync twins are up to date")
    return 0


def write(outputs: dict[Path, str]) -> None:
    """Write the sync files that changed."""
    for path, text in outputs.items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {_rel(path)}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="diff instead of writing")
    args = parser.parse_args(argv)
    outputs = build()
    if args.check:
        return check(outputs)
    write(outputs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
