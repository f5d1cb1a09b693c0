"""The lean unix-socket transports (sync and async) against a stand-in engine: connections
kept and reused, stale ones dropped, the connection limit, close waking a blocked reader,
bytes after a 101 head, and an answer that comes before the upload ended."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.errors import APIError, DockerConnectionError, DockerTimeoutError
from dockersdk.transport._messages import URL, Request, ResponseNotRead
from tests.fixtures.standin import CLOSE, HANG, StandIn, chunked_head, json_reply, reply

PING = "GET /_ping"
LOGS = "GET /containers/x/logs"
INSPECT = "GET /containers/x/json"
#: logs() asks whether the container has a TTY first.
FOLLOWED = {
    INSPECT: [json_reply({"Id": "x", "Config": {"Tty": False}})],
    LOGS: [chunked_head(200, "application/vnd.docker.raw-stream"), HANG],
}


def get(path: str) -> Request:
    return Request("GET", URL("http", "docker", path), {"Host": "docker"})


def connections(engine: StandIn) -> int:
    return len(engine._connections)


def test_one_connection_carries_many_requests() -> None:
    with StandIn({PING: [reply(200, b"OK")]}) as engine, APIClient(engine.url) as api:
        for _ in range(20):
            assert api.ping() is True
    assert connections(engine) == 1


def test_a_client_dropped_unclosed_closes_its_connections_quietly() -> None:
    # docker-py's habit: `docker.from_env().ping()` and never close(). Its idle sockets go
    # with the client, without a ResourceWarning (suites running with -W error fail on it).
    with StandIn({PING: [reply(200, b"OK")]}) as engine:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            api = APIClient(engine.url)
            assert api.ping() is True
            del api
            gc.collect()
        assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
        # the stand-in closes its end when it reads the client's EOF
        deadline = time.monotonic() + 5
        while any(conn.fileno() != -1 for conn in engine._connections):
            assert time.monotonic() < deadline, "the dropped client's socket stayed open"
            time.sleep(0.01)
        assert connections(engine) == 1


def test_a_connection_the_engine_closed_while_idle_is_not_reused() -> None:
    with (
        StandIn({PING: [reply(200, b"OK"), CLOSE]}) as engine,
        APIClient(engine.url) as api,
    ):
        for _ in range(3):
            assert api.ping() is True
            time.sleep(0.05)  # the engine's close reaches the idle socket
    assert connections(engine) == 3


def test_the_connection_limit_holds_and_times_out() -> None:
    with StandIn(FOLLOWED) as engine:
        api = APIClient(engine.url, version="1.41", max_pool_size=1, timeout=0.3)
        stream = api.logs("x", stream=True, follow=True)  # holds the only connection
        with pytest.raises(DockerTimeoutError):
            api.inspect_container("x")
        stream.close()
        assert api.inspect_container("x").id == "x"  # the slot is free again
        api.close()


def test_close_wakes_a_thread_blocked_on_a_stream() -> None:
    with StandIn(FOLLOWED) as engine:
        api = APIClient(engine.url, version="1.41")
        stream = api.logs("x", stream=True, follow=True)
        outcome: list[Any] = []

        def read() -> None:
            try:
                outcome.extend(stream)
                outcome.append("ended")
            except Exception as exc:
                outcome.append(exc)

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.2)
        api.close()
        reader.join(5)
        assert not reader.is_alive()
        assert outcome and (outcome[-1] == "ended" or isinstance(outcome[-1], Exception))


def test_bytes_after_a_101_head_reach_the_socket() -> None:
    frame = b"\x01\x00\x00\x00\x00\x00\x00\x05hello"
    upgraded = b"HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n" + frame
    routes = {"POST /containers/x/attach": [upgraded, HANG]}
    with StandIn(routes) as engine, APIClient(engine.url, version="1.41") as api:
        sock = api.attach_socket("x")
        try:
            assert sock.recv(64) == frame
        finally:
            sock.close()


def big_upload() -> Iterator[bytes]:
    for _ in range(256):
        yield b"\0" * 65536


def test_an_answer_before_the_upload_ended_is_the_reply() -> None:
    refused = reply(400, b'{"message":"bad archive"}', content_type="application/json")
    routes = {"PUT /containers/x/archive": [refused, CLOSE]}
    with (
        StandIn(routes) as engine,
        APIClient(engine.url, version="1.41") as api,
        pytest.raises(APIError, match="bad archive"),
    ):
        api.put_archive("x", "/tmp", big_upload())


def test_async_transport_reuses_limits_and_closes() -> None:
    routes = {PING: [reply(200, b"OK")], **FOLLOWED}

    async def scenario(engine: StandIn) -> None:
        api = AsyncAPIClient(engine.url, version="1.41", max_pool_size=2, timeout=0.3)
        assert all(await asyncio.gather(*(api.ping() for _ in range(20))))
        stream = await api.logs("x", stream=True, follow=True)
        other = await api.logs("x", stream=True, follow=True)
        with pytest.raises(DockerTimeoutError):
            await api.inspect_container("x")
        await other.aclose()
        assert (await api.inspect_container("x")).id == "x"
        reader = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.05)
        await api.aclose()  # wakes the pending read
        with pytest.raises((DockerConnectionError, StopAsyncIteration)):
            await asyncio.wait_for(reader, 5)

    with StandIn(routes) as engine:
        asyncio.run(scenario(engine))
    # Two at a time at most: the 20 pings shared them, the streams held both, and the
    # stream closed early gave its slot (not its connection, which was cut) to inspect.
    assert connections(engine) == 3


def test_a_burst_finds_its_connections_again_and_idle_ones_expire() -> None:
    from dockersdk.aio._lean import AsyncUnixSocketTransport

    async def burst(transport: AsyncUnixSocketTransport, count: int) -> None:
        async def ping() -> bytes:
            response = await transport.handle_async_request(get("/_ping"))
            return await response.aread()

        assert await asyncio.gather(*(ping() for _ in range(count))) == [b"OK"] * count

    async def scenario(engine: StandIn) -> None:
        transport = AsyncUnixSocketTransport(engine.path, keepalive_expiry=0.2)
        await burst(transport, 5)
        assert connections(engine) == 5  # five requests in flight at once
        await burst(transport, 5)
        assert connections(engine) == 5  # all five kept idle, none opened again
        await asyncio.sleep(0.4)  # past the expiry: the idle ones go at the next release
        await burst(transport, 1)
        assert connections(engine) == 5  # the freshest idle one was reused...
        await burst(transport, 5)
        assert connections(engine) == 9  # ...the other four had been closed
        await transport.aclose()

    with StandIn({PING: [reply(200, b"OK")]}) as engine:
        asyncio.run(scenario(engine))


def test_a_reply_that_came_whole_reads_like_any_response() -> None:
    from dockersdk.transport._lean import UnixSocketTransport

    routes = {
        INSPECT: [json_reply({"Id": "x"})],
        LOGS: [chunked_head(200, "text/plain"), HANG],
    }
    with StandIn(routes) as engine:
        transport = UnixSocketTransport(engine.path, timeout=5)
        whole = transport.handle_request(get("/containers/x/json"))
        assert whole.stream is None  # the body is in hand, the connection back in the pool
        assert whole.headers["content-type"] == "application/json"
        assert whole.headers["Content-Type"] == whole.headers.get("CONTENT-TYPE")
        assert whole.json() == {"Id": "x"}  # readable before read()
        assert whole.read() == whole.content
        assert b"".join(whole.iter_bytes()) == whole.content  # after read(), as for any
        whole.close()
        assert whole.is_closed
        assert whole.text == whole.content.decode()
        assert (whole.status_code, whole.reason_phrase) == (200, "OK")
        # A body still on its way streams.
        streaming = transport.handle_request(get("/containers/x/logs"))
        assert streaming.stream is not None
        with pytest.raises(ResponseNotRead):
            _ = streaming.content
        streaming.close()
        transport.close()

    async def via_async() -> None:
        from dockersdk.aio._lean import AsyncUnixSocketTransport

        with StandIn({INSPECT: [json_reply({"Id": "y"})]}) as engine:
            transport = AsyncUnixSocketTransport(engine.path, timeout=5)
            response = await transport.handle_async_request(get("/containers/x/json"))
            assert response.stream is None
            assert (await response.aread()) == response.content
            assert [part async for part in response.aiter_bytes()] == [response.content]
            await response.aclose()
            assert response.json() == {"Id": "y"}
            await transport.aclose()

    asyncio.run(via_async())


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw deflate"])
def test_a_compressed_reply_is_decoded_whole_or_streamed(coding: str) -> None:
    import gzip
    import zlib

    from dockersdk.transport._lean import UnixSocketTransport

    data = b'{"Id": "z", "Pad": "' + b"x" * 5000 + b'"}'
    if coding == "gzip":
        body = gzip.compress(data)
    elif coding == "deflate":
        body = zlib.compress(data)
    else:
        squeeze = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = squeeze.compress(data) + squeeze.flush()
    name = coding.split()[-1].encode()
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: %b\r\n"
        b"Content-Length: %d\r\n\r\n" % (name, len(body))
    )
    # The same body in 7-byte chunks, so it streams and is decoded piece by piece.
    pieces = [body[i : i + 7] for i in range(0, len(body), 7)]
    chunked = b"".join(b"%x\r\n%b\r\n" % (len(piece), piece) for piece in pieces)
    streamed = b"HTTP/1.1 200 OK\r\nContent-Encoding: %b\r\nTransfer-Encoding: chunked\r\n\r\n"
    routes = {INSPECT: [head + body], LOGS: [streamed % name + chunked + b"0\r\n\r\n"]}
    with StandIn(routes) as engine:
        transport = UnixSocketTransport(engine.path, timeout=5)
        assert transport.handle_request(get("/containers/x/json")).read() == data
        assert transport.handle_request(get("/containers/x/logs")).read() == data
        transport.close()


def test_a_corrupt_compressed_reply_is_a_protocol_error() -> None:
    from dockersdk.transport._lean import UnixSocketTransport
    from dockersdk.transport._messages import RemoteProtocolError

    body = b"not gzip at all"
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
    with StandIn({INSPECT: [head % len(body) + body]}) as engine:
        transport = UnixSocketTransport(engine.path, timeout=5)
        with pytest.raises(RemoteProtocolError, match="gzip"):
            transport.handle_request(get("/containers/x/json"))
        transport.close()
