"""A fresh process talking to a unix socket loads no HTTP library and nothing its first call
does not need (issue #15), and the core's own messages behave as httpx's did for everything
the clients, the errors and the streams read from them."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.errors import (
    ContainerNotFound,
    DockerConnectionError,
    DockerTimeoutError,
    ServerError,
)
from dockersdk.transport._messages import (
    URL,
    Headers,
    ReadTimeout,
    Request,
    Response,
    ResponseNotRead,
    timeout_phases,
)
from tests.fixtures.standin import HANG, StandIn, json_reply, reply

INSPECT = "GET /containers/x/json"
LIST = "GET /containers/json"
CONTAINER = {"Id": "x", "Name": "/x", "State": {"Status": "running"}, "Config": {"Tty": False}}
#: Modules a unix-socket program must not load: the HTTP stack, TLS, and what only
#: attach sockets, builds, archives and run()'s keyword routing need.
NOT_LOADED = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "ssl",
    "certifi",
    "rich",
    "click",
    "dockersdk.api._socket",
    "dockersdk.utils.websocket",
    "dockersdk.utils.build",
    "dockersdk.utils.archive",
    "dockersdk.resources._create_kwargs",
    "dockersdk.types",
    "tarfile",
    "subprocess",
)


def loaded_after(program: str, env: dict[str, str]) -> list[str]:
    """The modules of :data:`NOT_LOADED` that a fresh interpreter has loaded after
    ``program`` (which must print nothing)."""
    probe = textwrap.dedent(program) + textwrap.dedent(
        f"""
        import sys
        print(sorted(m for m in sys.modules if m in {NOT_LOADED!r} or m.split(".")[0] in
              {NOT_LOADED!r}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().replace("'", '"')))


@pytest.fixture
def engine() -> Iterator[StandIn]:
    listed = {"Id": "x", "Names": ["/x"], "State": "running", "Status": "Up"}
    routes = {
        INSPECT: [json_reply(CONTAINER)],
        LIST: [json_reply([listed])],
        "GET /_ping": [reply(200, b"OK")],
    }
    with StandIn(routes) as standin:
        yield standin


def test_the_low_level_client_loads_no_http_library(engine: StandIn) -> None:
    program = """
        import dockersdk
        api = dockersdk.APIClient(base_url=BASE_URL, version="1.41")
        assert api.inspect_container("x").state.status == "running"
        assert api.ping()
        """
    assert loaded_after(f"BASE_URL = {engine.url!r}\n" + textwrap.dedent(program), {}) == []


def test_the_high_level_client_loads_no_http_library(engine: StandIn) -> None:
    program = """
        import dockersdk
        client = dockersdk.from_env()
        assert client.containers.get("x").status == "running"
        assert [c.name for c in client.containers.list()] == ["x"]
        """
    env = {"DOCKER_HOST": engine.url, "DOCKER_CONTEXT": "", "DOCKER_TLS_VERIFY": ""}
    assert loaded_after(program, env) == []


def test_the_async_client_loads_no_http_library(engine: StandIn) -> None:
    program = """
        import asyncio
        from dockersdk.aio import AsyncAPIClient

        async def main():
            async with AsyncAPIClient(base_url=BASE_URL, version="1.41") as api:
                assert (await api.inspect_container("x")).state.status == "running"

        asyncio.run(main())
        """
    # asyncio itself imports ssl and subprocess: only what dockersdk adds counts here.
    own = set(loaded_after(f"BASE_URL = {engine.url!r}\n" + textwrap.dedent(program), {}))
    assert own - set(loaded_after("import asyncio", {})) == set()


def test_an_httpx_transport_still_serves_the_clients() -> None:
    import httpx

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/version":
            return httpx.Response(200, json={"ApiVersion": "1.41", "MinAPIVersion": "1.12"})
        if request.url.path == "/v1.41/containers/x/json":
            return httpx.Response(200, json=CONTAINER, headers={"X-Seen": request.method})
        return httpx.Response(404, json={"message": "no such container: y"})

    api = APIClient(
        base_url="tcp://127.0.0.1:1", version="1.41", transport=httpx.MockTransport(handle)
    )
    assert api.inspect_container("x")["State"]["Status"] == "running"
    with pytest.raises(ContainerNotFound) as caught:
        api.inspect_container("y")
    assert str(caught.value) == (
        "404 Not Found for GET /v1.41/containers/y/json: no such container: y"
    )
    assert caught.value.response is not None
    assert caught.value.response.json() == {"message": "no such container: y"}


# -- errors over the lean transport keep their types and messages ----------------------------


def test_error_replies_over_the_unix_socket_keep_their_messages() -> None:
    routes = {
        INSPECT: [json_reply({"message": "No such container: x"}, 404)],
        "GET /containers/y/json": [reply(500, b"plain failure\n")],
    }
    with StandIn(routes) as standin, APIClient(standin.url, version="1.41") as api:
        with pytest.raises(ContainerNotFound) as missing:
            api.inspect_container("x")
        assert str(missing.value) == (
            "404 Not Found for GET /v1.41/containers/x/json: No such container: x"
        )
        response = missing.value.response
        assert response is not None
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"message": "No such container: x"}
        assert response.request.url.path == "/v1.41/containers/x/json"
        with pytest.raises(ServerError, match=r"^500 Internal Server Error .*: plain failure$"):
            api.inspect_container("y")


def test_transport_failures_over_the_unix_socket_name_the_engine(tmp_path: object) -> None:
    with (
        StandIn({INSPECT: [HANG]}) as standin,
        APIClient(standin.url, version="1.41", timeout=0.3) as api,
        pytest.raises(DockerTimeoutError) as slow,
    ):
        api.inspect_container("x")
        assert "(ReadTimeout)" in str(slow.value) and standin.url in str(slow.value)
        assert isinstance(slow.value.__cause__, ReadTimeout)
    missing = f"unix://{tmp_path}/nothing.sock"

    async def connect() -> None:
        async with AsyncAPIClient(missing, version="1.41") as api:
            await api.ping()

    with pytest.raises(DockerConnectionError, match="cannot connect to the Docker engine at"):
        asyncio.run(connect())


# -- the messages ---------------------------------------------------------------------------


def test_headers_read_like_httpx_headers() -> None:
    headers = Headers([(b"Content-Type", b"text/plain"), (b"X-A", b"1"), (b"x-a", b"2")])
    assert headers["content-type"] == headers["CONTENT-TYPE"] == "text/plain"
    assert headers["X-A"] == "1, 2" and headers.get_list("x-a") == ["1", "2"]
    assert "x-a" in headers and "missing" not in headers and headers.get("missing") is None
    assert list(headers) == ["content-type", "x-a"] and len(headers) == 2
    assert dict(Headers({"A": "b"})) == {"a": "b"}


def test_a_streamed_response_reads_once_and_closes() -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self):  # type: ignore[no-untyped-def]
            yield b"ab"
            yield b""
            yield b"c"

        def close(self) -> None:
            closed.append(True)

    response = Response(200, Headers(), stream=Body())
    with pytest.raises(ResponseNotRead):
        _ = response.content
    assert response.read() == b"abc" and response.content == b"abc"
    assert closed == [True] and response.is_closed
    assert list(response.iter_bytes()) == [b"abc"]
    empty = Response(204, Headers())
    assert empty.content == b"" and list(empty.iter_bytes()) == []


def test_text_uses_the_declared_charset() -> None:
    latin = Response(200, Headers({"Content-Type": "text/plain; charset=latin-1"}), content=b"\xe9")
    assert latin.text == "é"
    assert Response(200, Headers(), content="é".encode()).text == "é"


def test_urls_and_timeouts() -> None:
    url = URL("http", "docker", "/v1.41/images/a%2Fb/json?all=1")
    assert (url.path, url.query, url.raw_path) == (
        "/v1.41/images/a/b/json",
        "all=1",
        b"/v1.41/images/a%2Fb/json?all=1",
    )
    assert str(url) == "http://docker/v1.41/images/a%2Fb/json?all=1"
    request = Request("GET", url, {"Content-Length": "0"})
    assert request.header("content-length") == "0" and request.header("host") is None
    assert timeout_phases(5) == dict.fromkeys(("connect", "read", "write", "pool"), 5.0)
    assert timeout_phases(None)["read"] is None
    with pytest.raises(TypeError, match="timeout"):
        timeout_phases("soon")
