"""The transports under docker-py's adapter names, each doing real round trips on this host."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import inspect
import json
import shutil
import socket
import socketserver
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest

from dockersdk import transport
from dockersdk.errors import DockerException, InvalidArgument, TLSParameterError
from dockersdk.tls import TLSConfig
from dockersdk.transport import (
    NpipeAdapter,
    SSLAdapter,
    UnixAdapter,
    UnixHTTPConnection,
    UnixHTTPConnectionPool,
    npipeconn,
)
from dockersdk.transport._core import map_httpcore_exceptions
from dockersdk.transport.unixconn import socket_path_from_url


class State:
    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[dict[str, Any]] = []


def make_handler(state: State) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            state.connections += 1

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            seen = {
                "method": self.command,
                "path": self.path,
                "body": body,
                "x-test": self.headers.get("X-Test"),
            }
            state.requests.append(seen)
            if self.path.startswith("/slow"):
                time.sleep(1.0)
            if self.path.startswith("/stream"):
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(3):
                    chunk = f"line {i}\n".encode()
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
                return
            payload = json.dumps(seen).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class Quiet:
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out on purpose leaves a broken pipe behind


class UnixServer(Quiet, socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    block_on_close = False


class TCPServer(Quiet, socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    block_on_close = False


def serve(server: socketserver.BaseServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return thread


@pytest.fixture
def unix_server() -> Iterator[tuple[str, State]]:
    """A tiny HTTP/1.1 server on a Unix socket in a short temp dir (paths max ~107 bytes)."""
    directory = tempfile.mkdtemp(prefix="dsdk", dir="/tmp")
    path = f"{directory}/docker.sock"
    state = State()
    server = UnixServer(path, make_handler(state))
    thread = serve(server)
    try:
        yield path, state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        shutil.rmtree(directory, ignore_errors=True)


# -- names and signatures --------------------------------------------------------------------------


def test_seed_names_and_constructor_arguments() -> None:
    def params(cls: type) -> list[tuple[str, Any]]:
        signature = inspect.signature(cls.__init__)
        return [
            (p.name, p.default)
            for p in signature.parameters.values()
            if p.name != "self" and p.kind is not p.KEYWORD_ONLY
        ]

    assert params(UnixAdapter) == [
        ("socket_url", inspect._empty),
        ("timeout", 60),
        ("num_pools", 25),
    ]
    assert params(NpipeAdapter) == [
        ("socket_url", inspect._empty),
        ("timeout", 60),
        ("num_pools", 25),
    ]
    assert params(SSLAdapter) == [
        ("ssl_version", None),
        ("assert_hostname", None),
        ("assert_fingerprint", None),
        ("kwargs", inspect._empty),
    ]
    for cls in (UnixAdapter, NpipeAdapter, SSLAdapter):
        assert issubclass(cls, httpx.BaseTransport)
    assert issubclass(UnixHTTPConnection, http.client.HTTPConnection)
    assert issubclass(UnixHTTPConnectionPool, httpcore.ConnectionPool)
    assert set(transport.__all__) >= {
        "UnixAdapter",
        "UnixHTTPConnection",
        "UnixHTTPConnectionPool",
        "NpipeAdapter",
        "SSLAdapter",
    }


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("http+unix:///var/run/docker.sock", "/var/run/docker.sock"),
        ("http+unix://var/run/docker.sock", "/var/run/docker.sock"),
        ("http+unix://%2Fvar%2Frun%2Fdocker.sock", "/var/run/docker.sock"),
        ("unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock"),
        ("UNIX:///x.sock", "/x.sock"),
        ("/tmp/with%20space.sock", "/tmp/with space.sock"),
    ],
)
def test_socket_url_forms(url: str, path: str) -> None:
    assert socket_path_from_url(url) == path
    assert UnixAdapter(url).socket_path == path


@pytest.mark.parametrize("url", ["http+unix://", "unix:///", "tcp://127.0.0.1:2375", ""])
def test_bad_socket_urls(url: str) -> None:
    with pytest.raises(InvalidArgument):
        UnixAdapter(url)


# -- UnixAdapter -----------------------------------------------------------------------------------


def test_unix_adapter_round_trip_with_httpx_client(unix_server: tuple[str, State]) -> None:
    path, state = unix_server
    with httpx.Client(transport=UnixAdapter(f"http+unix://{path}"), base_url="http://docker") as c:
        response = c.post(
            "/v1.41/containers/create",
            params={"name": "web"},
            json={"Image": "busybox"},
            headers={"X-Test": "yes"},
        )
        again = c.get("/_ping")
        with c.stream("GET", "/stream") as streamed:
            lines = list(streamed.iter_lines())
    assert response.status_code == 200
    assert response.json() == {
        "method": "POST",
        "path": "/v1.41/containers/create?name=web",
        "body": '{"Image":"busybox"}',
        "x-test": "yes",
    }
    assert again.json()["path"] == "/_ping"
    assert lines == ["line 0", "line 1", "line 2"]
    assert state.connections == 1  # one kept-alive connection served all three


def test_unix_adapter_pool_and_attributes(unix_server: tuple[str, State]) -> None:
    path, _ = unix_server
    adapter = UnixAdapter(path, timeout=5, num_pools=3, max_pool_size=2)
    assert isinstance(adapter.pool, UnixHTTPConnectionPool)
    assert adapter.pool.socket_path == path
    assert (adapter.timeout, adapter.num_pools, adapter.max_pool_size) == (5, 3, 2)
    assert repr(adapter) == f"UnixAdapter({path!r})"
    with adapter:
        response = adapter.handle_request(httpx.Request("GET", "http://docker/info"))
        response.read()
        assert response.json()["path"] == "/info"


def test_unix_adapter_default_timeout_applies_to_bare_requests(
    unix_server: tuple[str, State],
) -> None:
    path, _ = unix_server
    with UnixAdapter(path, timeout=0.2) as adapter, pytest.raises(httpx.ReadTimeout):
        adapter.handle_request(httpx.Request("GET", "http://docker/slow"))


def test_a_missing_socket_is_a_connect_error_and_leaks_nothing(tmp_path: Path) -> None:
    adapter = UnixAdapter(str(tmp_path / "absent.sock"))
    with (
        httpx.Client(transport=adapter, base_url="http://docker") as client,
        pytest.raises(httpx.ConnectError),
    ):
        client.get("/_ping")


# -- UnixHTTPConnection and UnixHTTPConnectionPool -------------------------------------------------


def test_unix_http_connection_with_http_client(unix_server: tuple[str, State]) -> None:
    path, state = unix_server
    conn = UnixHTTPConnection("http+unix://", f"unix://{path}", timeout=5)
    try:
        conn.request("GET", "/version", headers={"X-Test": "conn"})
        first = json.loads(conn.getresponse().read())
        conn.request("DELETE", "/containers/x")
        second = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    assert first == {"method": "GET", "path": "/version", "body": "", "x-test": "conn"}
    assert second["method"] == "DELETE"
    assert conn.unix_socket == path and conn.base_url == "http+unix://"
    assert state.connections == 1


def test_unix_http_connection_to_a_missing_socket(tmp_path: Path) -> None:
    conn = UnixHTTPConnection("http+unix://", str(tmp_path / "nope.sock"))
    with pytest.raises(OSError):
        conn.request("GET", "/_ping")
    conn.close()


def test_unix_http_connection_pool_with_httpcore(unix_server: tuple[str, State]) -> None:
    path, state = unix_server
    with UnixHTTPConnectionPool("http://docker", path, timeout=5, maxsize=2) as pool:
        assert pool.socket_path == path and pool.maxsize == 2
        for _ in range(3):
            response = pool.request("GET", "http://docker/_ping")
            assert json.loads(response.content)["path"] == "/_ping"
        assert repr(pool) == f"UnixHTTPConnectionPool({path!r}, maxsize=2)"
    assert state.connections == 1


# -- NpipeAdapter ----------------------------------------------------------------------------------


def test_npipe_adapter_needs_windows() -> None:
    if npipeconn._IS_WINDOWS:
        pytest.skip("this host is Windows")
    with pytest.raises(DockerException, match=r"Named pipes .* need Windows"):
        NpipeAdapter("npipe:////./pipe/docker_engine")


def test_npipe_adapter_round_trip_over_a_stand_in_pipe(
    unix_server: tuple[str, State], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipe backend and stream, with a unix socket opened as the "pipe" file."""
    path, state = unix_server
    opened: list[str] = []

    def open_pipe(pipe_path: str) -> Any:
        opened.append(pipe_path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(path)
        raw = sock.makefile("rwb", buffering=0)
        sock.close()  # the file object keeps the connection open
        return raw

    monkeypatch.setattr(npipeconn, "_IS_WINDOWS", True)
    monkeypatch.setattr(npipeconn, "_open_pipe", open_pipe)
    adapter = NpipeAdapter("npipe:////./pipe/docker_engine", timeout=5)
    assert adapter.npipe_path == "\\\\.\\pipe\\docker_engine"
    with httpx.Client(transport=adapter, base_url="http://docker") as client:
        assert client.post("/build", content=b"x" * 100_000).json()["body"] == "x" * 100_000
        assert client.get("/_ping").json()["path"] == "/_ping"
    assert opened == ["\\\\.\\pipe\\docker_engine"]
    assert state.connections == 1


def test_npipe_busy_pipe_is_retried_then_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = []

    def busy(path: str) -> Any:
        attempts.append(path)
        error = OSError("All pipe instances are busy")
        error.winerror = 231  # type: ignore[attr-defined]
        raise error

    backend = npipeconn._PipeBackend("\\\\.\\pipe\\x", busy)
    with pytest.raises(httpcore.ConnectTimeout):
        backend.connect_tcp("docker", 80, timeout=0.2)
    assert len(attempts) > 1

    def missing(path: str) -> Any:
        raise FileNotFoundError(2, "No such file or directory", path)

    with pytest.raises(httpcore.ConnectError, match="cannot open named pipe"):
        npipeconn._PipeBackend("p", missing).connect_tcp("docker", 80)


# -- SSLAdapter ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A CA and a server certificate for ``localhost`` only, made with the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is missing: scripts/engines/install.sh installs it")
    d = tmp_path_factory.mktemp("certs")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=dockersdk test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    run("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    (d / "ext.cnf").write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=DNS:localhost\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n"
    )
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")  # fmt: skip
    return {"ca": d / "ca.pem", "cert": d / "server.pem", "key": d / "server.key"}


@pytest.fixture
def tls_server(certs: dict[str, Path]) -> Iterator[tuple[int, State, str]]:
    """An HTTPS server on 127.0.0.1 with the ``localhost`` certificate; yields the port,
    the request log and the SHA-256 fingerprint of the certificate."""
    state = State()
    server = TCPServer(("127.0.0.1", 0), make_handler(state))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs["cert"], certs["key"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    der = ssl.PEM_cert_to_DER_cert(certs["cert"].read_text())
    thread = serve(server)
    try:
        yield server.server_address[1], state, hashlib.sha256(der).hexdigest()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _get(adapter: SSLAdapter, url: str) -> httpx.Response:
    with httpx.Client(transport=adapter) as client:
        return client.get(url)


def test_ssl_adapter_verifies_with_a_tls_config(
    tls_server: tuple[int, State, str], certs: dict[str, Path]
) -> None:
    port, state, _ = tls_server
    adapter = SSLAdapter(tls_config=TLSConfig(ca_cert=str(certs["ca"]), verify=True))
    assert _get(adapter, f"https://localhost:{port}/version").json()["path"] == "/version"
    # 127.0.0.1 is not in the certificate: refused, unless another name is asserted or the
    # check is off.
    with pytest.raises(httpx.ConnectError):
        _get(SSLAdapter(ca_cert=str(certs["ca"])), f"https://127.0.0.1:{port}/")
    asserted = SSLAdapter(assert_hostname="localhost", ca_cert=str(certs["ca"]))
    assert _get(asserted, f"https://127.0.0.1:{port}/a").json()["path"] == "/a"
    unchecked = SSLAdapter(assert_hostname=False, ca_cert=str(certs["ca"]))
    assert _get(unchecked, f"https://127.0.0.1:{port}/b").json()["path"] == "/b"
    assert len(state.requests) == 3


def test_ssl_adapter_rejects_an_unknown_ca(tls_server: tuple[int, State, str]) -> None:
    port, state, _ = tls_server
    with pytest.raises(httpx.ConnectError):
        _get(SSLAdapter(), f"https://localhost:{port}/")
    assert state.requests == []


def test_ssl_adapter_pins_a_fingerprint(tls_server: tuple[int, State, str]) -> None:
    port, state, fingerprint = tls_server
    colons = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
    pinned = SSLAdapter(assert_fingerprint=colons, verify=False)
    assert _get(pinned, f"https://127.0.0.1:{port}/pinned").status_code == 200
    wrong = SSLAdapter(assert_fingerprint="00" * 32, verify=False)
    with pytest.raises(httpx.ConnectError, match="fingerprint"):
        _get(wrong, f"https://127.0.0.1:{port}/never-sent")
    assert [r["path"] for r in state.requests] == ["/pinned"]


def test_ssl_adapter_settings(certs: dict[str, Path]) -> None:
    adapter = SSLAdapter(ssl_version=ssl.TLSVersion.TLSv1_3, ca_cert=str(certs["ca"]), timeout=3)
    assert adapter.ssl_context.minimum_version == ssl.TLSVersion.TLSv1_3
    assert adapter.timeout == 3
    assert "TLSv1_3" in repr(adapter)
    context = ssl.create_default_context()
    assert SSLAdapter(ssl_context=context).ssl_context is context
    with pytest.raises(TLSParameterError, match="unknown arguments: bogus"):
        SSLAdapter(bogus=1)
    with pytest.raises(TLSParameterError, match="not an MD5, SHA-1 or SHA-256"):
        SSLAdapter(assert_fingerprint="abc", verify=False)
    with pytest.raises(TLSParameterError, match="does not exist"):
        SSLAdapter(ca_cert="/nonexistent/ca.pem")


# -- httpcore -> httpx errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (httpcore.ConnectTimeout, httpx.ConnectTimeout),
        (httpcore.ReadTimeout, httpx.ReadTimeout),
        (httpcore.WriteTimeout, httpx.WriteTimeout),
        (httpcore.PoolTimeout, httpx.PoolTimeout),
        (httpcore.ConnectError, httpx.ConnectError),
        (httpcore.ReadError, httpx.ReadError),
        (httpcore.WriteError, httpx.WriteError),
        (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
        (httpcore.LocalProtocolError, httpx.LocalProtocolError),
        (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    ],
)
def test_httpcore_errors_become_httpx_errors(
    raised: type[Exception], expected: type[Exception]
) -> None:
    with pytest.raises(expected) as info, map_httpcore_exceptions():
        raise raised("boom")
    assert type(info.value) is expected
    assert isinstance(info.value.__cause__, raised)
    with pytest.raises(KeyError), map_httpcore_exceptions():
        raise KeyError("not a transport error")
