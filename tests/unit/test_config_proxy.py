"""The CLI config file's ``proxies`` and ``HttpHeaders`` (docker-py's ``use_config_proxy`` and
``update_headers``): what reaches containers, builds and every request."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from dockersdk import APIClient
from dockersdk.auth.config_files import load_general_config
from dockersdk.utils.proxy import ProxyConfig

PROXIES = {
    "default": {"httpProxy": "http://proxy:3128", "noProxy": "localhost"},
    "tcp://other:2375": {"httpsProxy": "https://other-proxy:443"},
}


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "config.json").write_text(
        json.dumps({"proxies": PROXIES, "HttpHeaders": {"X-Meta-Team": "blue"}})
    )
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    return tmp_path


def test_proxy_environment_has_both_spellings() -> None:
    proxy = ProxyConfig.from_dict(PROXIES["default"])
    assert proxy.get_environment() == {
        "http_proxy": "http://proxy:3128",
        "HTTP_PROXY": "http://proxy:3128",
        "no_proxy": "localhost",
        "NO_PROXY": "localhost",
    }
    assert bool(proxy) and not ProxyConfig()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (None, ["http_proxy=http://proxy:3128", "HTTP_PROXY=http://proxy:3128"]),
        (["A=1"], ["http_proxy=http://proxy:3128", "HTTP_PROXY=http://proxy:3128", "A=1"]),
        ({"http_proxy": "mine"}, ["HTTP_PROXY=http://proxy:3128", "http_proxy=mine"]),
    ],
)
def test_the_callers_variables_win(environment: Any, expected: list[str]) -> None:
    proxy = ProxyConfig(http="http://proxy:3128")
    assert proxy.inject_proxy_environment(environment) == expected


def test_no_proxy_leaves_the_environment_alone() -> None:
    env = {"A": "1"}
    assert ProxyConfig().inject_proxy_environment(env) is env


def test_the_engine_entry_beats_default() -> None:
    config = {"proxies": PROXIES}
    assert ProxyConfig.for_engine(config, "tcp://other:2375").https == "https://other-proxy:443"
    assert ProxyConfig.for_engine(config, "unix:///x.sock").http == "http://proxy:3128"
    assert not ProxyConfig.for_engine({"proxies": "junk"}, None)


def test_load_general_config(config_dir: Path) -> None:
    assert load_general_config()["proxies"] == PROXIES
    (config_dir / "config.json").write_text("{not json")
    assert load_general_config() == {}


def _client(requests: list[httpx.Request]) -> APIClient:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/version":
            return httpx.Response(200, json={"ApiVersion": "1.51", "MinAPIVersion": "1.24"})
        requests.append(request)
        if request.url.path.endswith("/containers/create"):
            return httpx.Response(201, json={"Id": "abc", "Warnings": []})
        return httpx.Response(200, json={})

    return APIClient(version="1.41", transport=httpx.MockTransport(handle))


def test_create_container_gets_the_proxy_environment(config_dir: Path) -> None:
    requests: list[httpx.Request] = []
    with _client(requests) as api:
        api.create_container("busybox", environment={"HTTP_PROXY": "mine"})
        api.create_container("busybox", use_config_proxy=False)
    with_proxy, without = (json.loads(r.content) for r in requests)
    assert with_proxy["Env"] == [
        "http_proxy=http://proxy:3128",
        "no_proxy=localhost",
        "NO_PROXY=localhost",
        "HTTP_PROXY=mine",
    ]
    assert "Env" not in without


def test_build_gets_the_proxy_as_build_args(config_dir: Path) -> None:
    requests: list[httpx.Request] = []
    with _client(requests) as api:
        dockerfile = io.BytesIO(b"FROM busybox\n")
        api.build(fileobj=dockerfile, buildargs={"no_proxy": "mine"})
    buildargs = json.loads(requests[0].url.params["buildargs"])
    assert buildargs == {
        "http_proxy": "http://proxy:3128",
        "HTTP_PROXY": "http://proxy:3128",
        "no_proxy": "mine",
        "NO_PROXY": "localhost",
    }


def test_a_version_reply_without_api_version_is_a_parse_error() -> None:
    from dockersdk.errors import ResponseParseError

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"x": 1}))
    with (
        APIClient(transport=transport) as api,
        pytest.raises(ResponseParseError, match="ApiVersion"),
    ):
        api.inspect_container("abc")


def test_config_http_headers_go_with_every_request(config_dir: Path) -> None:
    requests: list[httpx.Request] = []
    with _client(requests) as api:
        api.ping()
        api.inspect_container("abc")
    assert [r.headers["X-Meta-Team"] for r in requests] == ["blue", "blue"]
    assert all(r.headers["User-Agent"].startswith("dockersdk/") for r in requests)


def _high_level(requests: list[httpx.Request]) -> Any:
    from dockersdk import DockerClient

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.path.endswith("/containers/create"):
            return httpx.Response(201, json={"Id": "abc", "Warnings": []})
        return httpx.Response(200, json={"Id": "abc", "Config": {"Tty": False}})

    return DockerClient(version="1.41", transport=httpx.MockTransport(handle))


@pytest.mark.parametrize("run", [False, True])
def test_containers_create_and_run_take_use_config_proxy(config_dir: Path, run: bool) -> None:
    """docker-py's containers.run/create pass use_config_proxy (default True) on."""
    requests: list[httpx.Request] = []
    with _high_level(requests) as client:
        call = client.containers.run if run else client.containers.create
        extra = {"detach": True} if run else {}
        call("busybox", environment={"A": "1"}, **extra)
        call("busybox", use_config_proxy=False, **extra)
    with_proxy, without = (
        json.loads(r.content) for r in requests if r.url.path.endswith("/containers/create")
    )
    assert with_proxy["Env"] == [
        "http_proxy=http://proxy:3128",
        "HTTP_PROXY=http://proxy:3128",
        "no_proxy=localhost",
        "NO_PROXY=localhost",
        "A=1",
    ]
    assert "Env" not in without
