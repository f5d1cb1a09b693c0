"""The sans-IO core and the client's request/response handling, over httpx.MockTransport."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from dockersdk import APIClient
from dockersdk.api._core import Call, RequestFactory, build_request, encode_param, parse_none
from dockersdk.errors import (
    APIError,
    BadRequest,
    Conflict,
    ContainerNotFound,
    DockerConnectionError,
    DockerException,
    ImageNotFound,
    InvalidArgument,
    InvalidVersion,
    NotFound,
    ResponseParseError,
    ServerError,
)
from dockersdk.transport._messages import timeout_phases

VERSION_BODY = {"ApiVersion": "1.45", "MinAPIVersion": "1.24", "Version": "26.1.5"}


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response], version: str | None = None
) -> tuple[APIClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/version":
            return httpx.Response(200, json=VERSION_BODY)
        return handler(request)

    client = APIClient(
        base_url="unix:///nonexistent.sock", version=version, transport=httpx.MockTransport(record)
    )
    return client, seen


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "1"), (False, "0"), (None, None), (5, "5"), ("x", "x"), ({"a": ["b"]}, '{"a":["b"]}')],
)
def test_encode_param(value: object, expected: str | None) -> None:
    assert encode_param(value) == expected


def test_build_request_quotes_path_and_prefixes_version() -> None:
    call = Call(
        "GET",
        "/images/{name}/json",
        parse_none,
        path_args={"name": "reg:5000/a/b:1"},
        params={"all": True, "size": None},
    )
    factory = RequestFactory("http://docker", {"User-Agent": "t"}, timeout_phases(5))
    request = build_request(factory, call, "1.41")
    assert request.url.raw_path == b"/v1.41/images/reg%3A5000%2Fa%2Fb%3A1/json?all=1"
    assert request.headers["User-Agent"] == "t"
    assert request.extensions["timeout"] == {"connect": 5, "read": 5, "write": 5, "pool": 5}


def test_empty_path_argument_is_refused_before_sending() -> None:
    client, seen = mock_client(lambda r: httpx.Response(200, json={}))
    with pytest.raises(InvalidArgument, match="'id' must be a non-empty id"):
        client.inspect_container("")
    assert [r.url.path for r in seen] == []


def test_version_negotiated_once_to_the_lower_of_sdk_and_engine() -> None:
    client, seen = mock_client(
        lambda r: (
            httpx.Response(200, text="OK")
            if r.url.path == "/_ping"
            else httpx.Response(200, json={"Containers": 0})
        )
    )
    assert client.ping() is True  # unversioned: nothing to negotiate yet
    client.info()
    client.info()
    assert client.api_version == "1.45"
    assert [r.url.path for r in seen] == ["/_ping", "/version", "/v1.45/info", "/v1.45/info"]


def test_pinned_version_sends_no_version_request() -> None:
    """docker-py never asks the engine when a version is pinned: the first request sent is
    the first call, and none at all before it (so builders can check offline)."""
    client, seen = mock_client(lambda r: httpx.Response(200, json={"Containers": 1}), "1.41")
    assert client.api_version == "1.41"
    client.create_host_config(binds=["/a:/b"])
    assert seen == []
    assert client.info().containers == 1
    assert client.info().containers == 1
    assert [r.url.path for r in seen] == ["/v1.41/info", "/v1.41/info"]


@pytest.mark.parametrize("version", [None, "auto"])
def test_auto_version_is_negotiated_once(version: str | None) -> None:
    client, seen = mock_client(lambda r: httpx.Response(200, json={"Containers": 1}), version)
    client.info()
    client.info()
    assert [r.url.path for r in seen] == ["/version", "/v1.45/info", "/v1.45/info"]


def test_pinned_version_the_engine_refuses_raises_invalid_version() -> None:
    message = "client version 1.50 is too new. Maximum supported API version is 1.45"
    client, seen = mock_client(lambda r: httpx.Response(400, json={"message": message}), "1.50")
    with pytest.raises(InvalidVersion, match=r"1\.50 .*Maximum supported API version is 1\.45"):
        client.info()
    assert [r.url.path for r in seen] == ["/v1.50/info"]


def test_other_bad_requests_stay_api_errors_with_a_pinned_version() -> None:
    client, _ = mock_client(lambda r: httpx.Response(400, json={"message": "bad"}), "1.41")
    with pytest.raises(BadRequest):
        client.info()


@pytest.mark.parametrize("version", ["1.24", "1.99", "2", "latest", 1.41])
def test_pinned_version_outside_the_sdk_range_is_refused_at_once(version: Any) -> None:
    with pytest.raises(InvalidVersion):
        APIClient(base_url="unix:///nonexistent.sock", version=version)


def test_pinned_version_inside_range_is_used_without_question() -> None:
    client, seen = mock_client(lambda r: httpx.Response(200, json={"Containers": 1}), "1.41")
    assert client.info().containers == 1
    assert seen[-1].url.path == "/v1.41/info"


def test_create_container_body_is_api_form() -> None:
    client, seen = mock_client(lambda r: httpx.Response(201, json={"Id": "abc", "Warnings": []}))
    created = client.create_container(
        "busybox",
        "sh -c 'echo hi'",
        name="web",
        ports=[80, (53, "udp")],
        environment={"A": "1"},
        labels=["x"],
        host_config={"NetworkMode": "none"},
        detach=True,
    )
    assert created.id == "abc"
    request = seen[-1]
    assert request.method == "POST" and request.url.path == "/v1.45/containers/create"
    assert request.url.params["name"] == "web"
    assert json.loads(request.content) == {
        "Image": "busybox",
        "Cmd": ["sh", "-c", "echo hi"],
        "AttachStdin": False,
        "AttachStdout": False,
        "AttachStderr": False,
        "OpenStdin": False,
        "StdinOnce": False,
        "Tty": False,
        "NetworkDisabled": False,  # docker-py sends it too
        "ExposedPorts": {"80/tcp": {}, "53/udp": {}},
        "Env": ["A=1"],
        "Labels": {"x": ""},
        "HostConfig": {"NetworkMode": "none"},
    }


@pytest.mark.parametrize(
    ("status", "resource", "expected"),
    [
        (400, None, BadRequest),
        (404, None, NotFound),
        (404, "container", NotFound),  # the engine did not say the container is missing
        (404, "image", ImageNotFound),
        (409, None, Conflict),
        (500, None, ServerError),
        (418, None, APIError),
    ],
)
def test_error_mapping(status: int, resource: str | None, expected: type[APIError]) -> None:
    client, _ = mock_client(lambda r: httpx.Response(status, json={"message": "engine says no"}))
    path = {"container": "/containers/{id}/json", "image": "/images/{id}/json"}.get(
        resource or "", "/things/{id}"
    )
    with pytest.raises(expected) as caught:
        client._call(Call("GET", path, parse_none, path_args={"id": "x"}, resource=resource))
    assert type(caught.value) is expected
    assert caught.value.status_code == status
    assert caught.value.explanation == "engine says no"
    assert "engine says no" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "No such container: x"}, ContainerNotFound),  # dockerd
        (  # Podman
            {
                "cause": "no such container",
                "message": 'no container with name or ID "x" found: no such container',
                "response": 404,
            },
            ContainerNotFound,
        ),
        ({"message": "Could not find the file /nope in container x"}, NotFound),  # a path
        ({"message": "page not found"}, NotFound),  # dockerd: no such endpoint
        ("Not Found", NotFound),  # Podman: no such endpoint (no /containers/{id}/update)
        (None, NotFound),  # HEAD: no body, nothing says what is missing
    ],
)
def test_a_404_is_container_not_found_only_when_the_engine_says_so(
    body: dict[str, object] | str | None, expected: type[APIError]
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(body, dict):
            return httpx.Response(404, json=body)
        return httpx.Response(404, text=body or "")

    client, _ = mock_client(answer)
    call = Call(
        "GET", "/containers/{id}/archive", parse_none, path_args={"id": "x"}, resource="container"
    )
    with pytest.raises(NotFound) as caught:
        client._call(call)
    assert type(caught.value) is expected


def test_error_body_that_is_not_json_is_kept_as_text() -> None:
    client, _ = mock_client(lambda r: httpx.Response(500, text="plain failure\n"))
    with pytest.raises(ServerError, match="plain failure"):
        client.info()


def test_malformed_success_body_raises_a_parse_error_not_garbage() -> None:
    client, _ = mock_client(lambda r: httpx.Response(200, text="<html>bad gateway</html>"))
    with pytest.raises(ResponseParseError, match=r"GET /v1\.45/info is not JSON .*bad gateway"):
        client.info()


def test_a_truncated_json_body_is_not_repeated_in_the_error() -> None:
    # Cut off mid-reply: what did arrive is the engine's JSON, which can hold secrets.
    body = '{"Id": "x", "Config": {"Env": ["DB_PASSWORD=hunter2"'
    client, _ = mock_client(lambda r: httpx.Response(200, text=body))
    with pytest.raises(ResponseParseError, match=r"is not JSON") as caught:
        client.inspect_container("x")
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(caught.value.__cause__)


def test_a_reply_that_is_not_an_object_is_a_parse_error_at_once() -> None:
    client, _ = mock_client(lambda r: httpx.Response(200, json=["not", "an object"]))
    with pytest.raises(
        ResponseParseError,
        match=r"GET /v1\.45/info is not a valid SystemInfo: found list where SystemInfo",
    ):
        client.info()


def test_a_reply_missing_a_required_field_is_a_parse_error_naming_it_when_read() -> None:
    # Id is required in ContainerCreateResponse (every engine sends it): a reply without it
    # is an engine (or proxy) fault, reported as such rather than as a None id later on.
    def create(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1.45/containers/create"
        return httpx.Response(201, json={"Warnings": []})

    client, seen = mock_client(create)
    created = client.create_container("busybox", ["true"])
    assert created == {"Warnings": []}  # docker-py's dict, as the engine sent it
    with pytest.raises(ResponseParseError) as caught:
        created.id  # noqa: B018
    assert "no ContainerCreateResponse.Id" in str(caught.value)
    assert [r.method for r in seen] == ["GET", "POST"]  # no retry of the create


def test_a_parse_error_names_where_but_never_repeats_the_values() -> None:
    # An inspect reply carries the container's environment: whatever is wrong with the
    # reply, its values (secrets among them) stay out of the error and its chain.
    secret = "DB_PASSWORD=hunter2-very-secret"
    reply = {"Id": "x", "Config": {"Env": [secret], "Tty": "maybe", "Labels": ["not", "a map"]}}
    client, _ = mock_client(lambda r: httpx.Response(200, json=reply))
    inspected = client.inspect_container("x")
    assert inspected["Config"]["Env"] == [secret]  # dict access: what the engine sent
    assert inspected.config is not None and inspected.config.env == [secret]
    errors = []
    for read in (lambda: inspected.config.tty, lambda: inspected.config.labels):
        with pytest.raises(ResponseParseError) as caught:
            read()
        errors.append(caught.value)
    with pytest.raises(ResponseParseError) as caught:
        inspected.validate()
    errors.append(caught.value)
    tty, labels, whole = (str(error) for error in errors)
    assert "ContainerConfig.Tty as str where the Engine API promises bool" in tty
    assert "ContainerConfig.Labels as list where the Engine API promises dict[str, str]" in labels
    assert "Config.Tty: Input should be a valid boolean" in whole
    assert "Config.Labels: Input should be a valid dictionary" in whole
    for error in errors:
        assert "hunter2" not in str(error) and "maybe" not in str(error)
        assert error.__cause__ is None and error.__suppress_context__


def test_a_list_reply_names_its_item_type() -> None:
    client, _ = mock_client(lambda r: httpx.Response(200, json=[{"Id": 5}, "x"]))
    with pytest.raises(
        ResponseParseError,
        match=r"is not a valid list of ImageSummary: found str at \[1\] where ImageSummary",
    ):
        client.images()
    client, _ = mock_client(lambda r: httpx.Response(200, json=[{"Id": 5}]))
    (image,) = client.images()
    with pytest.raises(ResponseParseError, match=r"ImageSummary\.Id as int where .* str"):
        image.id  # noqa: B018


def test_transport_failure_names_the_address() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("boom", request=request)

    client = APIClient(base_url="unix:///run/x.sock", transport=httpx.MockTransport(fail))
    with pytest.raises(DockerConnectionError, match=r"unix:///run/x\.sock") as caught:
        client.ping()
    assert caught.value.address == "unix:///run/x.sock"
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_logs_demultiplexes_frames_in_order() -> None:
    frames = b"".join(
        bytes([stream, 0, 0, 0]) + len(data).to_bytes(4, "big") + data
        for stream, data in [(1, b"a"), (2, b"b"), (1, b"c")]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/json"):
            return httpx.Response(200, json={"Id": "c", "Config": {"Tty": False}})
        return httpx.Response(200, content=frames)

    client, _ = mock_client(handler)
    assert client.logs("c") == b"abc"
    assert client.logs("c", demux=True) == (b"ac", b"b")


def test_error_frame_in_logs_raises_with_the_engines_message() -> None:
    body = bytes([3, 0, 0, 0, 0, 0, 0, 4]) + b"boom"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/json"):
            return httpx.Response(200, json={"Id": "c", "Config": {"Tty": False}})
        return httpx.Response(200, content=body)

    client, _ = mock_client(handler)
    with pytest.raises(DockerException, match="boom"):
        client.logs("c")


class _BreaksMidway(httpx.SyncByteStream):
    """A reply body that delivers one frame, then loses the connection."""

    def __iter__(self) -> Iterator[bytes]:
        yield bytes([1, 0, 0, 0, 0, 0, 0, 3]) + b"one"
        raise httpx.ReadError("connection reset by peer")


def test_a_connection_lost_mid_stream_raises_a_docker_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/json"):
            return httpx.Response(200, json={"Id": "c", "Config": {"Tty": False}})
        return httpx.Response(200, stream=_BreaksMidway())

    client, _ = mock_client(handler)
    stream = client.logs("c", stream=True, follow=True)
    assert next(iter(stream)) == b"one"
    with pytest.raises(DockerConnectionError, match=r"unix:///nonexistent\.sock") as caught:
        next(iter(stream))
    assert isinstance(caught.value.__cause__, httpx.ReadError)


def test_a_regular_file_is_uploaded_with_its_size(tmp_path: Any) -> None:
    from dockersdk.api._core import SizedChunks, upload_content

    path = tmp_path / "archive.tar"
    path.write_bytes(b"x" * 3_000_000)
    with path.open("rb") as handle:
        handle.read(1000)  # what is left is what goes
        content = upload_content(handle)
        assert isinstance(content, SizedChunks) and content.length == 2_999_000
        factory = RequestFactory("http://docker", {}, timeout_phases(5))
        call = Call("POST", "/images/load", parse_none, content=content)
        request = build_request(factory, call, "1.41")
        assert request.headers["Content-Length"] == "2999000"
        assert "Transfer-Encoding" not in request.headers
        assert sum(len(chunk) for chunk in content) == 2_999_000


def test_a_file_that_shrinks_during_the_upload_fails_loudly(tmp_path: Any) -> None:
    from dockersdk.api._core import SizedChunks

    chunks = SizedChunks(iter([b"a" * 10]), 20)
    with pytest.raises(InvalidArgument, match="shrank"):
        list(chunks)
    assert list(SizedChunks(iter([b"a" * 10, b"b" * 10]), 15)) == [b"a" * 10, b"b" * 5]


def test_a_pipe_or_an_iterator_goes_chunked() -> None:
    from dockersdk.api._core import SizedChunks, upload_content

    assert not isinstance(upload_content(iter([b"a"])), SizedChunks)
    assert not isinstance(upload_content(io.BytesIO(b"abc")), SizedChunks)
