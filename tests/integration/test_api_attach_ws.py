"""``attach_socket(ws=True)``: the WebSocket attach endpoint on the real engines, both
clients (the ``api`` fixture runs each test through the async client too)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from dockersdk import APIClient

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def cat(api: APIClient, test_image: str) -> Iterator[str]:
    created = api.create_container(
        test_image,
        ["cat"],
        stdin_open=True,
        name=f"dsdk-ws-{uuid.uuid4().hex[:8]}",
        labels=LABELS,
    )
    api.start(created.id)
    yield created.id
    api.remove_container(created.id, force=True)


def read_until(ws: Any, wanted: bytes) -> bytes:
    received = b""
    while wanted not in received:
        message = ws.recv()
        assert message, f"the WebSocket closed after {received!r}"
        received += message
    return received


def test_stdin_goes_in_and_output_comes_back(api: APIClient, cat: str) -> None:
    params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
    ws = api.attach_socket(cat, params, ws=True)
    try:
        ws.send(b"binary line\n")
        assert read_until(ws, b"binary line\n") == b"binary line\n"
        ws.send("text line\n")
        assert read_until(ws, b"text line\n") == b"text line\n"
    finally:
        ws.close()


def test_the_socket_ends_when_the_container_stops(api: APIClient, cat: str) -> None:
    ws = api.attach_socket(cat, {"stdout": 1, "stream": 1}, ws=True)
    try:
        api.kill(cat)
        assert ws.recv() == b""
    finally:
        ws.close()
