"""Session fixtures for the engines' other transports: the TLS engine and the sshd.

Each is started once for the whole run, whichever module asks first, and stopped at the end
(a second start would stop the first: the scripts keep one of each per STATE).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.remote import engines_state, free_port, read_env, run_script


@pytest.fixture(scope="session")
def tls_engine() -> Iterator[dict[str, str]]:
    """The dockerd with --tlsverify of ``tls.sh`` (a failure to start fails the tests)."""
    run_script("tls.sh", "start")
    try:
        yield read_env(Path(engines_state()) / "tls" / "tls.env")
    finally:
        run_script("tls.sh", "stop")


@pytest.fixture(scope="session")
def sshd() -> Iterator[dict[str, str]]:
    """The private sshd of ``sshd.sh``: its ``ssh_config`` reaches engine A, its
    ``ssh_config_b`` engine B (a failure to start fails the tests)."""
    sockets = {}
    for name in ("A", "B"):
        url = os.environ.get(f"DOCKERSDK_ENGINE_{name}", "")
        if not url.startswith("unix://"):
            pytest.fail(
                f"DOCKERSDK_ENGINE_{name} (a unix:// socket) is needed: run through `make test`"
            )
        sockets[name] = url.removeprefix("unix://")
    run_script(
        "sshd.sh",
        "start",
        DSDK_SSH_PORT=str(free_port()),
        DSDK_SSH_ENGINE=sockets["A"],
        DSDK_SSH_ENGINE_B=sockets["B"],
    )
    try:
        yield read_env(Path(engines_state()) / "ssh" / "ssh.env")
    finally:
        run_script("sshd.sh", "stop")
