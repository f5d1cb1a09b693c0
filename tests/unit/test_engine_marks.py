"""The Podman xfail and dockerd-only lists name tests that exist, and the marks become what
they promise: a strict xfail on Podman runs only, no Podman run for a dockerd-only test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.engines import (
    DOCKERD_ONLY,
    PODMAN,
    PODMAN_XFAIL,
    apply_engine_marks,
    table_key,
)

INTEGRATION = Path(__file__).resolve().parents[1] / "integration"


@pytest.mark.parametrize("key", sorted({*PODMAN_XFAIL, *DOCKERD_ONLY}))
def test_every_entry_names_an_existing_test(key: str) -> None:
    module, _, name = key.partition("::")
    source = (INTEGRATION / module).read_text()
    if name:
        assert re.search(rf"^def {re.escape(name)}\(", source, re.MULTILINE), key
    assert not (key in PODMAN_XFAIL and key in DOCKERD_ONLY), key


def test_table_key_drops_the_folder_and_the_parameters() -> None:
    nodeid = "tests/integration/test_api_client.py::test_images[sync-engine-podman]"
    assert table_key(nodeid) == "test_api_client.py::test_images"


class _Item:
    """What apply_engine_marks reads of a pytest item."""

    def __init__(self, nodeid: str, engine: str) -> None:
        self.nodeid = nodeid
        self.callspec = type("CallSpec", (), {"params": {"engine_url": engine}})()
        self.marks: list[pytest.Mark] = []

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return next((mark for mark in self.marks if mark.name == name), None)

    def add_marker(self, mark: pytest.MarkDecorator) -> None:
        self.marks.append(mark.mark)


def test_xfail_is_strict_and_on_podman_only() -> None:
    key = "test_api_client.py::test_images"
    on_podman = _Item(f"tests/integration/{key}[sync-engine-{PODMAN}]", PODMAN)
    on_dockerd = _Item(f"tests/integration/{key}[sync-engine-a]", "a")
    apply_engine_marks([on_podman, on_dockerd])  # type: ignore[list-item]
    assert on_dockerd.marks == []
    (mark,) = on_podman.marks
    assert mark.name == "xfail" and mark.kwargs["strict"] is True
    assert mark.kwargs["reason"].startswith("Podman 4.3: ")
    assert PODMAN_XFAIL[key].reason in mark.kwargs["reason"]
