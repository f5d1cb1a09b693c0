"""docker-py's small helpers, at their docker-py paths, give what docker-py 7.1's give.

Differential where the result is plain data: the same inputs through docker-py (a dev
dependency) and through dockersdk.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path
from typing import Any

import docker.api.build
import docker.api.image
import docker.credentials.errors
import docker.errors
import docker.models.images
import docker.utils.build
import docker.utils.fnmatch
import docker.utils.json_stream
import docker.utils.ports
import httpx
import pytest

import dockersdk.api.build
import dockersdk.api.image
import dockersdk.credentials.errors
import dockersdk.errors
import dockersdk.resources.images
import dockersdk.utils.build
import dockersdk.utils.fnmatch
import dockersdk.utils.json_stream
import dockersdk.utils.ports
from dockersdk import constants


def test_fnmatch_translates_as_docker_py() -> None:
    rng = random.Random(7)
    alphabet = "ab/*?[]!^.\\-"
    for _ in range(5000):
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        assert dockersdk.utils.fnmatch.translate(pattern) == docker.utils.fnmatch.translate(
            pattern
        ), pattern


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("a/b/c.py", "**/*.py"), ("a/b", "a/*"), ("a/b/c", "a/*"), ("A/B", "a/b"), ("x", "[!a]")],
)
def test_fnmatch_matches_as_docker_py(name: str, pattern: str) -> None:
    assert dockersdk.utils.fnmatch.fnmatch(name, pattern) == docker.utils.fnmatch.fnmatch(
        name, pattern
    )
    assert dockersdk.utils.fnmatch.fnmatchcase(name, pattern) == docker.utils.fnmatch.fnmatchcase(
        name, pattern
    )


@pytest.mark.parametrize(
    "buffer", ['{"a": 1} {"b": 2}', '  [1, 2]\n{"x"', '{"a"', "", "12 rest", '"s"\n\n']
)
def test_json_and_line_splitters(buffer: str) -> None:
    ours, theirs = dockersdk.utils.json_stream, docker.utils.json_stream
    assert ours.json_splitter(buffer) == theirs.json_splitter(buffer)
    assert ours.line_splitter(buffer) == theirs.line_splitter(buffer)
    assert ours.line_splitter(buffer, " ") == theirs.line_splitter(buffer, " ")


def test_split_buffer() -> None:
    ours, theirs = dockersdk.utils.json_stream, docker.utils.json_stream
    chunks = [b"one\ntw", "o\nthr", b"ee"]
    assert list(ours.split_buffer(chunks)) == list(theirs.split_buffer(chunks))
    items = ['{"a": 1}{"b"', ": 2}\n", '{"c": 3}']
    assert list(ours.split_buffer(items, ours.json_splitter, ours.json_decoder.decode)) == list(
        theirs.split_buffer(items, theirs.json_splitter, theirs.json_decoder.decode)
    )
    with pytest.raises(dockersdk.errors.StreamParseError) as caught:
        list(ours.split_buffer(['{"a": '], ours.json_splitter, ours.json_decoder.decode))
    assert isinstance(caught.value, RuntimeError)  # as docker-py's StreamParseError


@pytest.mark.parametrize(
    "args",
    [
        ("80", None, "/tcp"),
        ("80", "82", ""),
        ("80", "82", "/udp", True),
        (None, None, ""),
        ("", "", ""),
    ],
)
def test_port_range(args: tuple[Any, ...]) -> None:
    assert dockersdk.utils.ports.port_range(*args) == docker.utils.ports.port_range(*args)


def test_add_port_and_spec() -> None:
    ours: dict[Any, list[Any]] = {}
    theirs: dict[Any, list[Any]] = {}
    for internal, external in (
        (["80", "81"], ["8080", "8081"]),
        (["53/udp"], None),
        (["80"], ["9"]),
    ):
        dockersdk.utils.ports.add_port(ours, internal, external)
        docker.utils.ports.add_port(theirs, internal, external)
    assert ours == theirs
    for spec in ("127.0.0.1:8080:80/udp", "[::1]::80", "8000-8001:80-81", "80", "a:b"):
        mine = dockersdk.utils.ports.PORT_SPEC.match(spec)
        expected = docker.utils.ports.PORT_SPEC.match(spec)
        assert (mine and mine.groupdict()) == (expected and expected.groupdict()), spec


def test_build_file_helpers(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.py").write_text("")
    (tmp_path / "keep.txt").write_text("")
    (tmp_path / "drop.log").write_text("")
    assert sorted(dockersdk.utils.build.build_file_list(str(tmp_path))) == sorted(
        docker.utils.build.build_file_list(str(tmp_path))
    )
    assert sorted(dockersdk.utils.build.walk(str(tmp_path), ["*.log"])) == sorted(
        docker.utils.build.walk(str(tmp_path), ["*.log"])
    )
    for path in ("./a//b/.", "a/b", "", "/x/"):
        assert dockersdk.utils.build.split_path(path) == docker.utils.build.split_path(path)
        assert dockersdk.utils.build.normalize_slashes(path) == (
            docker.utils.build.normalize_slashes(path)
        )


def test_process_dockerfile_and_is_file(tmp_path: Path) -> None:
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text("FROM scratch\n")
    outside = tmp_path / "Other.dockerfile"
    outside.write_text("FROM busybox\n")
    ours, theirs = dockersdk.api.build.process_dockerfile, docker.api.build.process_dockerfile
    assert ours(None, str(context)) == theirs(None, str(context)) == (None, None)
    assert ours("Dockerfile", str(context)) == theirs("Dockerfile", str(context))
    inside = str(context / "Dockerfile")
    assert ours(inside, str(context)) == theirs(inside, str(context))
    name, contents = ours(str(outside), str(context))
    assert name is not None and name.startswith(".dockerfile.") and contents == "FROM busybox\n"
    for src in (str(outside), str(tmp_path), b"x", None, 3):
        assert dockersdk.api.image.is_file(src) == docker.api.image.is_file(src)


def test_normalize_platform() -> None:
    info = {"Os": "linux", "Arch": "amd64"}
    for platform in (None, {"os": "windows"}, {"architecture": "arm64", "variant": "v8"}):
        mine = dockersdk.resources.images.normalize_platform(
            dict(platform) if platform else None, info
        )
        assert mine == docker.models.images.normalize_platform(
            dict(platform) if platform else None, info
        )


def test_error_helpers() -> None:
    ours, theirs = dockersdk.errors, docker.errors
    for kwargs in ({"a": 1}, {"b": 1, "a": 2}):
        assert str(ours.create_unexpected_kwargs_error("run", kwargs)) == str(
            theirs.create_unexpected_kwargs_error("run", kwargs)
        )
    assert isinstance(ours.create_unexpected_kwargs_error("run", {"a": 1}), TypeError)
    assert str(ours.ContextAlreadyExists("x")) == str(theirs.ContextAlreadyExists("x"))
    assert str(ours.MissingContextParameter("name")) == str(theirs.MissingContextParameter("name"))


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (404, {"message": "No such image: x"}, dockersdk.errors.ImageNotFound),
        (404, {"message": "No such container: x"}, dockersdk.errors.NotFound),
        (409, {"message": "in use"}, dockersdk.errors.Conflict),
        (500, {"message": "boom"}, dockersdk.errors.ServerError),
    ],
)
def test_create_api_error_from_http_exception(
    status: int, body: dict[str, str], expected: type[Exception]
) -> None:
    request = httpx.Request("GET", "http://docker/x")
    response = httpx.Response(status, json=body, request=request)
    error = httpx.HTTPStatusError("failed", request=request, response=response)
    with pytest.raises(expected) as caught:
        dockersdk.errors.create_api_error_from_http_exception(error)
    assert caught.value.explanation == body["message"]
    assert caught.value.status_code == status
    assert caught.value.__cause__ is error


def test_process_store_error() -> None:
    for output in (b"credentials not found in native keychain", b"something broke"):
        failed = subprocess.CalledProcessError(1, ["x"], output=output)
        mine = dockersdk.credentials.errors.process_store_error(failed, "docker-credential-x")
        theirs = docker.credentials.errors.process_store_error(failed, "docker-credential-x")
        assert type(mine).__name__ == type(theirs).__name__
    secret = subprocess.CalledProcessError(1, ["x"], output=b'{"Secret": "hunter2"}')
    assert "hunter2" not in str(
        dockersdk.credentials.errors.process_store_error(secret, "docker-credential-x")
    )


def test_constants_agree_with_the_client() -> None:
    from dockersdk.api import _core
    from dockersdk.api.client import DEFAULT_TIMEOUT_SECONDS, USER_AGENT

    assert constants.MINIMUM_DOCKER_API_VERSION == _core.MIN_API_VERSION
    assert constants.MAXIMUM_DOCKER_API_VERSION == _core.MAX_API_VERSION
    assert constants.DEFAULT_USER_AGENT == USER_AGENT
    assert constants.DEFAULT_TIMEOUT_SECONDS == DEFAULT_TIMEOUT_SECONDS
    import docker.constants as theirs

    same = [
        "BYTE_UNITS",
        "CONTAINER_LIMITS_KEYS",
        "DEFAULT_DATA_CHUNK_SIZE",
        "DEFAULT_DOCKER_API_VERSION",
        "DEFAULT_HTTP_HOST",
        "DEFAULT_NPIPE",
        "DEFAULT_UNIX_SOCKET",
        "DEFAULT_SWARM_ADDR_POOL",
        "DEFAULT_SWARM_SUBNET_SIZE",
        "INSECURE_REGISTRY_DEPRECATION_WARNING",
        "IS_WINDOWS_PLATFORM",
        "STREAM_HEADER_SIZE_BYTES",
        "WINDOWS_LONGPATH_PREFIX",
    ]
    for name in same:
        assert getattr(constants, name) == getattr(theirs, name), name
