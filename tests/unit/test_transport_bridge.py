"""An httpx transport behind the core's messages: requests go out as httpx would send them,
replies stream back decoded, and the connection after a 101 raises the core's errors."""

from __future__ import annotations

import gzip
from typing import Any

import httpcore
import httpx
import pytest

from dockersdk import APIClient
from dockersdk.api import UpgradedSocket
from dockersdk.transport._bridge import HttpxTransport
from dockersdk.transport._messages import URL, ReadError, Request, WriteError


def test_a_request_goes_out_whole_and_the_reply_streams_back_decoded() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = gzip.compress(b'{"ok": true}')
        return httpx.Response(200, content=body, headers={"Content-Encoding": "gzip"})

    bridge = HttpxTransport(httpx.MockTransport(handle))
    request = Request(
        "POST",
        URL("http", "docker", "/v1.41/x?a=1"),
        {"Host": "docker", "Content-Type": "application/json", "Content-Length": "2"},
        b"{}",
        extensions={"timeout": {"connect": 1.0, "read": 2.0, "write": 3.0, "pool": 4.0}},
    )
    response = bridge.handle_request(request)
    assert response.read() == b'{"ok": true}' and response.json() == {"ok": True}
    assert response.headers["content-encoding"] == "gzip"
    assert (response.status_code, response.reason_phrase) == (200, "OK")
    sent = seen[0]
    assert (sent.method, str(sent.url), sent.content) == (
        "POST",
        "http://docker/v1.41/x?a=1",
        b"{}",
    )
    assert sent.headers["content-length"] == "2"
    assert sent.extensions["timeout"]["read"] == 2.0


class _Broken:
    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        raise httpcore.ReadError("connection reset")

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        raise httpcore.WriteError("broken pipe")

    def close(self) -> None:
        pass

    def get_extra_info(self, info: str) -> Any:
        return None


def test_the_upgraded_connection_raises_the_cores_errors() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/version":
            return httpx.Response(200, json={"ApiVersion": "1.41", "MinAPIVersion": "1.12"})
        return httpx.Response(101, extensions={"network_stream": _Broken()})

    with APIClient(
        "tcp://127.0.0.1:1", version="1.41", transport=httpx.MockTransport(handle)
    ) as api:
        sock = api.attach_socket("x")
        assert isinstance(sock, UpgradedSocket)
        stream = sock.response.extensions["network_stream"]
        with pytest.raises(ReadError, match="reset"):
            stream.read(10)
        with pytest.raises(WriteError, match="broken pipe"):
            stream.write(b"x")
        assert sock.recv(10) == b""  # a reset connection reads as the end of the stream
        sock.close()
