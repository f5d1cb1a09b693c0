"""Every public package imports cleanly as the first thing a program imports (no cycles)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "dockersdk",
        "dockersdk.api",
        "dockersdk.client",
        "dockersdk.resources",
        "dockersdk.aio",
        "dockersdk.aio.client",
        "dockersdk.aio.resources",
    ],
)
def test_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
