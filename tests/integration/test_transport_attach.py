"""Attach, exec and attached ``run`` over every transport, on both kinds of dockerd, with
both clients.

dockerd answers a hijacked ``attach`` or ``exec start`` with a reply whose body ends when
it closes the connection (over TLS a close_notify with the TCP connection left open), or
with a ``101`` and a raw, two-way stream; either way the connection is the caller's, never
the pool's again. Each test runs on eight targets, transport by dockerd kind:

============  =====================================  ===========================================
transport     bookworm (dockerd 20.10, API 1.41)      modern (dockerd 28.x, API 1.51)
============  =====================================  ===========================================
unix          engine A's socket                      engine B's socket
tcp           engine A on its namespace's loopback   engine B on its namespace's loopback
tls           tls.sh's engine (--tlsverify)          an extra engine with --tlsverify
ssh           sshd → ``docker system dial-stdio`` → engine A / engine B
============  =====================================  ===========================================

plus Podman's Docker-compatible API over its unix socket (Podman has no TCP listener here),
and each with the sync and the async client. Every test ends with a plain call on the same
client, which is where a hijacked connection put back in the pool used to fail ("can't
handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE" over TLS).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from dockersdk.errors import ContainerError
from dockersdk.tls import TLSConfig
from dockersdk.transport.sshconn import SSH_CONFIG_ENV
from dockersdk.utils.socket import frames_iter_no_tty
from tests.fixtures.extra_engine import ExtraEngine, extra_engine
from tests.fixtures.flavours import open_api, open_client
from tests.fixtures.remote import netns

pytestmark = pytest.mark.integration

TRANSPORTS = ("unix", "tcp", "tls", "ssh")
KINDS = ("bookworm", "modern")
ENGINE_OF_KIND = {"bookworm": "A", "modern": "B"}
LABEL = "dockersdk.test"
#: What Podman 4.3 does otherwise on these tests (a strict xfail of its runs).
PODMAN_DIFFERS = {
    "test_attach_stream_and_socket": (
        "with stdin attached through a second (upgraded) attach, the container's stderr "
        "arrives on the first attach's stdout stream"
    ),
}


@dataclass
class Target:
    """Where a test's clients go: their keyword arguments, the network namespace the test
    runs in (None: the host's), and environment variables to set."""

    name: str
    kwargs: dict[str, Any]
    namespace: str | None = None
    env: dict[str, str] = field(default_factory=dict)


def _env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run through `make test` (scripts/engines/up.sh)")
    return value


@pytest.fixture(scope="module")
def tls_modern() -> Iterator[ExtraEngine]:
    with extra_engine("atm", "modern", listener="tls") as engine:
        yield engine


def _tls_target(name: str, url: str, certs: str, namespace: str) -> Target:
    tls = TLSConfig(
        client_cert=(f"{certs}/cert.pem", f"{certs}/key.pem"),
        ca_cert=f"{certs}/ca.pem",
        verify=True,
    )
    return Target(name, {"base_url": url, "tls": tls}, namespace=namespace)


@pytest.fixture(
    params=[(transport, kind) for transport in TRANSPORTS for kind in KINDS] + [("unix", "podman")],
    ids=lambda param: f"{param[0]}-{param[1]}",
)
def target(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Target]:
    transport, kind = request.param
    engine = ENGINE_OF_KIND.get(kind, "PODMAN")
    name = f"{transport}-{kind}"
    why = PODMAN_DIFFERS.get(request.node.originalname) if kind == "podman" else None
    if why:
        request.node.add_marker(pytest.mark.xfail(reason=f"Podman 4.3: {why}", strict=True))
    if transport == "unix":
        found = Target(name, {"base_url": _env(f"DOCKERSDK_ENGINE_{engine}")})
    elif transport == "tcp":
        found = Target(
            name,
            {"base_url": _env(f"DOCKERSDK_ENGINE_{engine}_TCP")},
            namespace=_env(f"DOCKERSDK_NETNS_{engine}"),
        )
    elif transport == "tls" and kind == "bookworm":
        tls_env: dict[str, str] = request.getfixturevalue("tls_engine")
        found = _tls_target(
            name,
            tls_env["DOCKERSDK_TLS_HOST"],
            tls_env["DOCKERSDK_TLS_CERTS"],
            tls_env["DOCKERSDK_TLS_NETNS"],
        )
    elif transport == "tls":
        extra: ExtraEngine = request.getfixturevalue("tls_modern")
        assert extra.tls_certs, "the extra engine was started without TLS"
        found = _tls_target(name, extra.tcp, extra.tls_certs, extra.netns)
    else:
        sshd: dict[str, str] = request.getfixturevalue("sshd")
        config = sshd["DOCKERSDK_SSH_CONFIG" if engine == "A" else "DOCKERSDK_SSH_CONFIG_B"]
        found = Target(name, {"base_url": sshd["DOCKERSDK_SSH_URL"]}, env={SSH_CONFIG_ENV: config})
    found.kwargs["timeout"] = 60
    for key, value in found.env.items():
        monkeypatch.setenv(key, value)
    with netns(found.namespace) if found.namespace else contextlib.nullcontext():
        yield found


@pytest.fixture
def labels() -> dict[str, str]:
    """A label of this test's own, so its cleanup removes exactly its containers."""
    return {LABEL: f"attach-{uuid.uuid4().hex[:12]}"}


@pytest.fixture
def api(target: Target, flavour: str, labels: dict[str, str]) -> Iterator[Any]:
    with open_api(flavour, **target.kwargs) as client:
        try:
            yield client
        finally:
            for container in client.containers(all=True, filters={"label": _selector(labels)}):
                client.remove_container(container.id, force=True)


def _selector(labels: dict[str, str]) -> str:
    ((key, value),) = labels.items()
    return f"{key}={value}"


def _joined(pairs: Any) -> tuple[bytes, bytes]:
    """stdout and stderr of demuxed ``(stdout, stderr)`` pairs, each joined."""
    out, err = b"", b""
    for stdout, stderr in pairs:
        out += stdout or b""
        err += stderr or b""
    return out, err


def _engine_kind(api: Any, target: Target) -> None:
    """The target reaches the kind of dockerd it says (not, say, engine A twice)."""
    version = api.version().api_version
    expected = "1.51" if target.name.endswith("modern") else "1.41"  # Podman says 1.41
    assert version == expected, f"{target.name} reached an engine with API {version}"
    if target.name.endswith("podman"):
        assert "Podman" in str(api.version().get("Components")), f"{target.name} is no Podman"


def test_attached_run(
    target: Target, flavour: str, test_image: str, labels: dict[str, str]
) -> None:
    with open_client(flavour, **target.kwargs) as client:
        try:
            command = ["sh", "-c", "echo out; echo err >&2"]
            assert client.containers.run(test_image, command, remove=True, labels=labels) == (
                b"out\n"
            )
            with pytest.raises(ContainerError) as failed:
                client.containers.run(
                    test_image, ["sh", "-c", "echo oops >&2; exit 3"], remove=True, labels=labels
                )
            assert (failed.value.exit_status, failed.value.stderr) == (3, b"oops\n")
            assert client.ping() is True
            assert client.containers.list(all=True, filters={"label": _selector(labels)}) == []
        finally:
            for container in client.containers.list(all=True, filters={"label": _selector(labels)}):
                container.remove(force=True)


def test_attach_stream_and_socket(
    target: Target, api: Any, test_image: str, labels: dict[str, str]
) -> None:
    _engine_kind(api, target)
    script = "echo one; echo two >&2; read line; echo got:$line; echo done"
    created = api.create_container(test_image, ["sh", "-c", script], stdin_open=True, labels=labels)
    # Both attached before the start: the output stream (demuxed) and stdin through the
    # upgraded socket, half-closed once the line is written.
    with (
        # No logs=True: attached before the start there are none, and dockerd can send a
        # first line twice then (the log replay racing the live stream).
        api.attach(created.id, stream=True, demux=True) as output,
        api.attach_socket(created.id, params={"stdin": 1, "stdout": 1, "stream": 1}) as sock,
    ):
        api.start(created.id)
        sock.sendall(b"hello\n")
        sock.shutdown_write()
        from_socket = b"".join(payload for _, payload in frames_iter_no_tty(sock))
        out, err = _joined(output)
    assert out == b"one\ngot:hello\ndone\n"
    assert err == b"two\n"
    assert from_socket == out
    assert api.wait(created.id, timeout=60)["StatusCode"] == 0
    assert api.ping() is True


def test_exec(target: Target, flavour: str, test_image: str, labels: dict[str, str]) -> None:
    with open_client(flavour, **target.kwargs) as client:
        box = client.containers.run(
            test_image, ["sleep", "60"], detach=True, labels=labels, stop_timeout=1
        )
        try:
            api = client.api
            _engine_kind(api, target)
            exec_id = api.exec_create(box.id, ["sh", "-c", "echo a; echo b >&2; exit 4"]).id
            with api.exec_start(exec_id, stream=True) as chunks:
                assert sorted(b"".join(chunks).splitlines()) == [b"a", b"b"]
            assert api.exec_inspect(exec_id).exit_code == 4

            result = box.exec_run(["sh", "-c", "echo in; echo err >&2; exit 2"], demux=True)
            assert (result.exit_code, result.output) == (2, (b"in\n", b"err\n"))

            # stdin through the upgraded socket, half-closed.
            exec_id = api.exec_create(box.id, ["sh", "-c", "read x; echo got:$x"], stdin=True).id
            with api.exec_start(exec_id, socket=True) as sock:
                sock.sendall(b"in\n")
                sock.shutdown_write()
                assert b"".join(payload for _, payload in frames_iter_no_tty(sock)) == (b"got:in\n")
            assert client.ping() is True
        finally:
            box.remove(force=True)
