"""Both clients against a stand-in engine that misbehaves byte by byte (tests/fixtures/standin.py).

Truncated frames, malformed JSON, error objects mid-stream, connections dropped mid-body,
lying ``Content-Length``, non-JSON error bodies, silence: each surfaces as the documented
dockersdk error (``errors.py``), never as a raw httpx, httpcore, json or pydantic exception,
and never as a hang. Every scenario runs with ``APIClient`` and ``AsyncAPIClient`` (through
the sync facade of tests/fixtures/async_bridge.py) via the ``flavour`` fixture.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from dockersdk.errors import (
    APIError,
    ContainerNotFound,
    DockerConnectionError,
    DockerException,
    DockerTimeoutError,
    ResponseParseError,
    ServerError,
    StreamParseError,
)
from dockersdk.utils.frames import STDOUT, encode_frame
from tests.fixtures.flavours import open_api
from tests.fixtures.standin import (
    CLOSE,
    HANG,
    LAST_CHUNK,
    StandIn,
    Step,
    chunk,
    chunked_head,
    json_reply,
    reply,
)

TIMEOUT = 0.5  # seconds: the client's timeout, so silence fails fast
INSPECT = {"Id": "c0ffee", "Name": "/x", "Config": {"Tty": False}}
LOGS = "GET /containers/x/logs"
PULL = "POST /images/create"
EVENTS = "GET /events"
INSPECT_ROUTE = "GET /containers/x/json"


@pytest.fixture
def serve(flavour: str) -> Iterator[Any]:
    """``serve(routes)`` → an API client of ``flavour`` talking to a stand-in with ``routes``."""
    with _Serving(flavour) as serving:
        yield serving


class _Serving:
    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self._exits: list[Any] = []

    def __call__(self, routes: dict[str, Sequence[Step]], version: str = "1.41") -> Any:
        engine = StandIn({INSPECT_ROUTE: [json_reply(INSPECT)], **routes})
        engine.__enter__()
        self._exits.append(engine)
        opened = open_api(self.flavour, base_url=engine.url, version=version, timeout=TIMEOUT)
        api = opened.__enter__()
        self._exits.append(opened)
        return api

    def __enter__(self) -> _Serving:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for item in reversed(self._exits):
            item.__exit__(None, None, None)


def raises(kind: type[DockerException], call: Any) -> DockerException:
    """Run ``call``; return the error, checking its type, that it came fast, and its chain."""
    started = time.monotonic()
    with pytest.raises(DockerException) as caught:
        call()
    took = time.monotonic() - started
    assert isinstance(caught.value, kind), repr(caught.value)
    assert took < 3, took
    return caught.value


def drain(stream: Any) -> list[Any]:
    with stream:
        return list(stream)


def frames_stream(*pieces: bytes, end: Step = LAST_CHUNK) -> list[Step]:
    head = chunked_head(content_type="application/vnd.docker.multiplexed-stream")
    return [head, *(chunk(piece) for piece in pieces), end]


def json_stream(*lines: bytes, end: Step = LAST_CHUNK) -> list[Step]:
    return [chunked_head(), *(chunk(line) for line in lines), end]


HELLO = encode_frame(STDOUT, b"hello\n")
CUT_FRAME = encode_frame(STDOUT, b"x" * 100)[:20]  # header says 100 bytes, 12 arrive


# -- the scripts work: a well-behaved stand-in gives ordinary results -----------------------


def test_well_behaved_stand_in(serve: Any) -> None:
    api = serve({LOGS: frames_stream(HELLO, HELLO)})
    assert api.inspect_container("x").id == "c0ffee"
    assert api.logs("x") == b"hello\nhello\n"
    assert drain(api.logs("x", stream=True)) == [b"hello\n", b"hello\n"]


# -- multiplexed frames ----------------------------------------------------------------------


def test_truncated_frame_in_logs(serve: Any) -> None:
    api = serve({LOGS: frames_stream(HELLO, CUT_FRAME)})
    error = raises(StreamParseError, lambda: api.logs("x"))
    assert "inside a frame" in str(error)
    stream = api.logs("x", stream=True)
    items: list[bytes] = []
    raises(StreamParseError, lambda: items.extend(drain(stream)))


def test_truncated_frame_then_connection_dropped(serve: Any) -> None:
    # No terminating chunk: the body itself is cut, which is a connection error.
    api = serve({LOGS: frames_stream(HELLO, CUT_FRAME, end=CLOSE)})
    raises(DockerConnectionError, lambda: api.logs("x"))
    raises(DockerConnectionError, lambda: drain(api.logs("x", stream=True, follow=True)))


def test_unknown_stream_id_in_frame_header(serve: Any) -> None:
    api = serve({LOGS: frames_stream(HELLO, b"\x07\x00\x00\x00\x00\x00\x00\x02hi")})
    raises(StreamParseError, lambda: drain(api.logs("x", stream=True)))


# -- JSON streams ----------------------------------------------------------------------------


def test_malformed_json_in_a_pull_progress_stream(serve: Any) -> None:
    api = serve({PULL: json_stream(b'{"status":"Pulling"}\n', b'{"status": oops}\n')})
    items: list[Any] = []

    def pull() -> None:
        with api.pull("busybox", "latest", stream=True, decode=True) as stream:
            items.extend(stream)

    error = raises(StreamParseError, pull)
    assert "malformed JSON" in str(error)
    assert [i.status for i in items] == ["Pulling"]


def test_malformed_json_in_an_events_stream(serve: Any) -> None:
    event = json.dumps({"Type": "container", "Action": "start", "time": 1}).encode()
    api = serve({EVENTS: json_stream(event + b"\n", b"{not json}\n", end=HANG)})
    items: list[Any] = []

    def follow() -> None:
        with api.events() as stream:
            items.extend(stream)

    raises(StreamParseError, follow)
    assert [e.action for e in items] == ["start"]


def test_event_of_the_wrong_shape(serve: Any) -> None:
    api = serve({EVENTS: json_stream(b'[1, 2]\n{"time": "yesterday"}\n', end=HANG)})
    raises(StreamParseError, lambda: drain(api.events()))


def test_progress_item_of_the_wrong_shape(serve: Any) -> None:
    # Yielded as the dict the engine sent (docker-py's behaviour); its typed read refuses.
    api = serve({PULL: json_stream(b'{"status": ["not", "text"]}\n')})
    (item,) = drain(api.pull("busybox", "latest", stream=True, decode=True))
    assert item == {"status": ["not", "text"]}
    error = raises(ResponseParseError, lambda: item.status)
    assert "CreateImageInfo.status as list where the Engine API promises str" in str(error)


def test_error_object_mid_stream_is_yielded_or_raises_on_request(serve: Any) -> None:
    error_item = b'{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n'
    api = serve({PULL: json_stream(b'{"status":"Pulling"}\n', error_item, b'{"status":"x"}\n')})
    items: list[Any] = []
    with api.pull("busybox", "latest", stream=True, decode=True) as stream:
        items.extend(stream)
    assert [item.get("error") for item in items] == [None, "manifest unknown", None]  # docker-py
    items.clear()

    def pull() -> None:
        with api.pull("busybox", "latest", stream=True, decode=True, raise_on_error=True) as got:
            items.extend(got)

    error = raises(APIError, pull)
    assert "manifest unknown" in str(error)
    assert len(items) == 1  # the error object is raised, not yielded, and nothing after it
    assert "manifest unknown" in api.pull("busybox", "latest")
    raises(APIError, lambda: api.pull("busybox", "latest", raise_on_error=True))


def test_error_object_in_an_events_stream_raises(serve: Any) -> None:
    api = serve({EVENTS: json_stream(b'{"error":"events backend failed"}\n', end=HANG)})
    error = raises(APIError, lambda: drain(api.events()))
    assert "events backend failed" in str(error)


def test_json_stream_dropped_mid_value(serve: Any) -> None:
    api = serve({PULL: json_stream(b'{"status":"Pulling"}\n{"stat', end=CLOSE)})
    raises(DockerConnectionError, lambda: drain(api.pull("busybox", stream=True, decode=True)))


# -- bodies cut short or mislabelled ---------------------------------------------------------


def test_connection_dropped_mid_body(serve: Any) -> None:
    body = json.dumps(INSPECT).encode()
    api = serve({INSPECT_ROUTE: [reply(200, body, content_length=len(body))[:-10], CLOSE]})
    error = raises(DockerConnectionError, lambda: api.inspect_container("x"))
    assert "standin-" in str(error)  # names the socket


def test_content_length_longer_than_the_body(serve: Any) -> None:
    body = json.dumps(INSPECT).encode()
    api = serve({INSPECT_ROUTE: [reply(200, body, content_length=len(body) + 50), CLOSE]})
    raises(DockerConnectionError, lambda: api.inspect_container("x"))


def test_content_length_shorter_than_the_body(serve: Any) -> None:
    body = json.dumps(INSPECT).encode()
    api = serve({INSPECT_ROUTE: [reply(200, body, content_length=len(body) - 5)]})
    raises(ResponseParseError, lambda: api.inspect_container("x"))


def test_content_length_not_a_number(serve: Any) -> None:
    api = serve({INSPECT_ROUTE: [reply(200, b"{}", content_length="lots"), CLOSE]})
    raises(DockerConnectionError, lambda: api.inspect_container("x"))


def test_not_http_at_all(serve: Any) -> None:
    api = serve({INSPECT_ROUTE: [b"SSH-2.0-OpenSSH_9.2\r\n", CLOSE]})
    raises(DockerConnectionError, lambda: api.inspect_container("x"))


def test_invalid_json_where_json_is_promised(serve: Any) -> None:
    garbage = reply(200, b"<html>proxy</html>", content_type="application/json")
    api = serve({INSPECT_ROUTE: [garbage], "GET /containers/x/top": [garbage]})
    raises(ResponseParseError, lambda: api.inspect_container("x"))
    raises(ResponseParseError, lambda: api.top("x"))


def test_version_reply_that_is_not_an_engine(serve: Any) -> None:
    # Version negotiation asks GET /version first (a pinned version asks nothing).
    api = serve({"GET /version": [reply(200, b"hello")]}, version="auto")
    error = raises(ResponseParseError, api.info)
    assert "ApiVersion" in str(error)


# -- error statuses --------------------------------------------------------------------------


def test_500_with_a_non_json_body(serve: Any) -> None:
    oops = reply(500, b"upstream exploded\n")
    api = serve({INSPECT_ROUTE: [oops], LOGS: [oops]})
    error = raises(ServerError, lambda: api.inspect_container("x"))
    assert isinstance(error, APIError) and error.status_code == 500
    assert error.explanation == "upstream exploded"
    stream_error = raises(ServerError, lambda: api.logs("x", stream=True))
    assert "upstream exploded" in str(stream_error)


def test_404_json_for_a_container(serve: Any) -> None:
    api = serve({INSPECT_ROUTE: [json_reply({"message": "No such container: x"}, 404)]})
    error = raises(ContainerNotFound, lambda: api.inspect_container("x"))
    assert "No such container" in str(error)


# -- silence ---------------------------------------------------------------------------------


def test_no_reply_at_all_is_a_read_timeout(serve: Any) -> None:
    api = serve({INSPECT_ROUTE: [HANG]})
    error = raises(DockerTimeoutError, lambda: api.inspect_container("x"))
    assert "standin-" in str(error)


def test_headers_then_silence_is_a_read_timeout(serve: Any) -> None:
    head = reply(200, b"", content_type="application/json", content_length=100)
    api = serve({INSPECT_ROUTE: [head, HANG], LOGS: [*frames_stream(HELLO, end=HANG)]})
    raises(DockerTimeoutError, lambda: api.inspect_container("x"))
    # A logs stream that does not follow keeps the read timeout.
    raises(DockerTimeoutError, lambda: drain(api.logs("x", stream=True, follow=False)))


def test_silent_version_negotiation_is_a_read_timeout(serve: Any) -> None:
    api = serve({"GET /version": [HANG]}, version="auto")
    raises(DockerTimeoutError, api.info)
