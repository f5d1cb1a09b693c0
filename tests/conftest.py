"""Shared fixtures: the private engines started by ``scripts/engines/up.sh`` (two dockerds and
Podman; what Podman does differently is marked per test: ``tests/fixtures/engines.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from tests.fixtures.engines import PODMAN, apply_engine_marks, engine_names
from tests.fixtures.flavours import FLAVOURS, open_api, open_client
from tests.fixtures.record import engines_from_env

ENGINES = engines_from_env()

# The property tests draw fresh examples on every run (`make unit`: new inputs find new edge
# cases). `make test`, CI's gate, loads "ci": the same examples every run, derived from each
# test, so a red CI is the code's doing and reproduces.
settings.register_profile("ci", derandomize=True, print_blob=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every integration test that takes `engine_url` runs once per private engine.
    # (without Podman for a test marked dockerd_only).
    if "engine_url" in metafunc.fixturenames:
        names = engine_names(ENGINES, metafunc.definition) or ["missing"]
        metafunc.parametrize("engine_url", names, indirect=True, ids=[f"engine-{n}" for n in names])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # podman_xfail: a strict xfail of the runs on Podman.
    apply_engine_marks(items)


@pytest.fixture
def engine_url(request: pytest.FixtureRequest) -> str:
    name = request.param
    if name not in ENGINES:
        pytest.fail(
            "no private engine configured (DOCKERSDK_ENGINE_A/B/PODMAN unset): run the suite with "
            "`make test`, which starts the engines, or `make engines-up` and source "
            "/tmp/dsdk/engines.env"
        )
    return ENGINES[name]


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    """``sync`` (APIClient, DockerClient) or ``async`` (AsyncAPIClient, AsyncDockerClient
    through tests/fixtures/async_bridge)."""
    return str(request.param)


@pytest.fixture
def api(engine_url: str, flavour: str) -> Iterator[Any]:
    with open_api(flavour, base_url=engine_url) as client:
        yield client


@pytest.fixture
def client(engine_url: str, flavour: str) -> Iterator[Any]:
    """The high-level client of ``flavour`` on the engine (a module may override it to add
    cleanup, taking this one as its ``client`` argument)."""
    with open_client(flavour, base_url=engine_url) as client:
        yield client


@pytest.fixture(scope="session")
def test_image() -> str:
    return os.environ.get("DOCKERSDK_TEST_IMAGE", "dockersdk-test/busybox:latest")


@pytest.fixture(scope="session", autouse=True)
def _leave_swarms_at_the_end() -> Iterator[None]:
    # Tests share one swarm per engine (tests/fixtures/swarm.py); it goes when they are done.
    yield
    from tests.fixtures.swarm import leave_swarm

    for name, url in ENGINES.items():
        if name != PODMAN:  # no swarm mode there
            leave_swarm(url)
