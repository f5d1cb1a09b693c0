"""The README's Python snippets pass ``mypy --strict`` and ``pyright --strict`` as written,
with dockersdk as an installed library (issue #14)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _snippets(tmp_path: Path) -> list[Path]:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert blocks, "the README has Python snippets"
    paths: list[Path] = []
    for number, block in enumerate(blocks):
        path = tmp_path / f"readme_snippet_{number}.py"
        path.write_text(block)
        paths.append(path)
    return paths


def test_readme_snippets_pass_mypy_strict(tmp_path: Path) -> None:
    paths = _snippets(tmp_path)
    done = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--python-version", "3.10", "--no-incremental"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_snippets_pass_pyright_strict(tmp_path: Path) -> None:
    _snippets(tmp_path)
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "venvPath": str(ROOT),
        "venv": ".venv",
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    done = subprocess.run(
        [str(BIN / "pyright"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
