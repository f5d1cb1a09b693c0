"""Build context: a tar of a 20,000-file tree with a realistic ``.dockerignore``.

dockersdk's and docker-py's ``utils.build.tar`` (walk + match + archive) against the floor:
Python's ``tarfile`` over the file list computed beforehand (untimed).
"""

from __future__ import annotations

import os
import random
import tarfile
import tempfile
from typing import IO, Any

from benchmarks._common import DOCKER_PY, OURS, RAW, Row, Settings, interleave, log, once_ms, rows

DOCKERIGNORE = """\
# version control, dependencies, caches and build output
.git
node_modules
**/__pycache__
**/*.pyc
.pytest_cache
build
dist
*.log
!keep.log
docs/**/*.md
!docs/README.md
**/.DS_Store
.env
*.tmp
"""

# (directory template, files per directory, directories, extension): 20,000 files in all.
LAYOUT = [
    (".git/objects/{:02x}", 12, 250, ""),  # 3,000 excluded
    ("node_modules/pkg{}/lib", 20, 300, ".js"),  # 6,000 excluded
    ("src/app/mod{}", 16, 500, ".py"),  # 8,000 included
    ("src/app/mod{}/__pycache__", 4, 300, ".pyc"),  # 1,200 excluded
    ("docs/section{}", 10, 50, ".md"),  # 500 excluded
    ("build/out{}", 10, 50, ".o"),  # 500 excluded
    ("tests/unit{}", 10, 77, ".py"),  # 770 included
    ("assets/img{}", 3, 10, ".png"),  # 30 included
]


def make_tree(root: str) -> int:
    """Write the tree; returns the number of files (20,000)."""
    rng = random.Random(7)
    count = 0
    for template, per_dir, dirs, ext in LAYOUT:
        for d in range(dirs):
            directory = os.path.join(root, template.format(d))
            os.makedirs(directory, exist_ok=True)
            for f in range(per_dir):
                with open(os.path.join(directory, f"file{f}{ext}"), "wb") as out:
                    out.write(rng.randbytes(rng.randint(100, 4000)))
                count += 1
    extras = {
        ".dockerignore": DOCKERIGNORE.encode(),
        "Dockerfile": b"FROM scratch\nCOPY . /app\n",
        "keep.log": b"kept\n",
        "debug.log": b"left out\n",
        "docs/README.md": b"# docs\n",
        ".env": b"SECRET=1\n",
    }
    for name, data in extras.items():
        with open(os.path.join(root, name), "wb") as out:
            out.write(data)
    return count + len(extras)


def main(settings: Settings) -> list[Row]:
    """Interleaved tars of the same tree by the three."""
    from docker.utils import build as theirs

    from dockersdk.utils import build as ours

    rounds = settings.pick(5, 7)
    with tempfile.TemporaryDirectory(prefix="dsdk-bench-ctx-") as root:
        files = make_tree(root)
        patterns = ours.read_dockerignore(root)
        included = sorted(theirs.exclude_paths(root, patterns))
        log(f"build context: {files} files, {len(included)} paths kept, {rounds} rounds")

        def floor() -> IO[bytes]:
            target = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller
            with tarfile.open(fileobj=target, mode="w", format=tarfile.PAX_FORMAT) as archive:
                for rel in included:
                    archive.add(os.path.join(root, rel), arcname=rel, recursive=False)
            return target

        def run(tar: Any) -> Any:
            return lambda: tar(root, exclude=patterns).close()

        samples = interleave(
            rounds,
            {
                RAW: once_ms(lambda: floor().close()),
                DOCKER_PY: once_ms(run(theirs.tar)),
                OURS: once_ms(run(ours.tar)),
            },
        )
    return rows(
        "build context tar",
        "ms",
        samples,
        note=f"{files} files, {len(included)} kept; floor: tarfile over the precomputed list",
    )
