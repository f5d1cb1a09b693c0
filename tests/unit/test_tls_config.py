"""TLSConfig and the https wiring of APIClient, against a local HTTPS stand-in engine."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk import APIClient
from dockersdk.errors import DockerConnectionError, TLSParameterError
from dockersdk.tls import TLSConfig
from dockersdk.transport import PoolTransport, SSLAdapter
from dockersdk.transport._factory import make_transport, resolve_endpoint
from dockersdk.utils import kwargs_from_env

SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
CA_ENV = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA, a server certificate for 127.0.0.1/localhost and a client certificate, in the
    ``DOCKER_CERT_PATH`` layout (``ca.pem cert.pem key.pem``) plus ``server*.pem``."""
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed (apt-get install openssl)")
    d = tmp_path_factory.mktemp("pki")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    run("req", "-x509", *ec, "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=dsdk unit CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    for name, ext in (
        ("server", "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"),
        ("client", "extendedKeyUsage=clientAuth\n"),
    ):
        run("req", "-new", *ec, "-keyout", f"{name}-key.pem", "-out", f"{name}.csr",
            "-subj", f"/CN={name}")  # fmt: skip
        (d / f"{name}.ext").write_text("basicConstraints=CA:FALSE\n" + ext)
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
            "-CAcreateserial", "-out", f"{name}.pem", "-days", "2",
            "-extfile", f"{name}.ext")  # fmt: skip
    (d / "client.pem").rename(d / "cert.pem")
    (d / "client-key.pem").rename(d / "key.pem")
    return d


class _Engine(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b"OK"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def engine(pki: Path) -> Iterator[int]:
    """An HTTPS server demanding a client certificate from the test CA; yields its port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Engine)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server-key.pem")
    context.load_verify_locations(pki / "ca.pem")
    context.verify_mode = ssl.CERT_REQUIRED
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def mutual(pki: Path, **kwargs: object) -> TLSConfig:
    return TLSConfig(
        client_cert=(str(pki / "cert.pem"), str(pki / "key.pem")),
        ca_cert=str(pki / "ca.pem"),
        verify=True,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def system_bundle_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CA_ENV:
        monkeypatch.setenv(name, SYSTEM_BUNDLE)
    monkeypatch.setenv("SSL_CERT_DIR", "/etc/ssl/certs")


# -- TLSConfig ----------------------------------------------------------------------------


@pytest.mark.usefixtures("system_bundle_env")
def test_configured_ca_is_the_only_trust_anchor(pki: Path) -> None:
    context = mutual(pki).ssl_context()
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "dsdk unit CA"),),)]
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


@pytest.mark.parametrize("missing", ["cert.pem", "key.pem", "ca.pem"])
def test_missing_files_are_named(pki: Path, missing: str) -> None:
    paths = {name: str(pki / name) for name in ("cert.pem", "key.pem", "ca.pem")}
    paths[missing] = str(pki / "nowhere" / missing)
    with pytest.raises(TLSParameterError, match=f"nowhere/{missing}"):
        TLSConfig(
            client_cert=(paths["cert.pem"], paths["key.pem"]), ca_cert=paths["ca.pem"], verify=True
        )


def test_unreadable_pem_is_a_tls_parameter_error_naming_the_file(pki: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(TLSParameterError, match=r"junk\.pem"):
        TLSConfig(ca_cert=str(junk), verify=True).ssl_context()
    with pytest.raises(TLSParameterError, match=r"junk\.pem"):
        TLSConfig(client_cert=(str(junk), str(pki / "key.pem"))).ssl_context()
    # A key that does not belong to the certificate.
    with pytest.raises(TLSParameterError, match=r"server-key\.pem"):
        TLSConfig(client_cert=(str(pki / "cert.pem"), str(pki / "server-key.pem"))).ssl_context()


def test_fingerprint_is_pinned_by_the_context(pki: Path) -> None:
    assert mutual(pki).ssl_context().sslsocket_class is ssl.SSLSocket
    pinned = mutual(pki, assert_fingerprint="ab" * 32).ssl_context()
    assert pinned.sslsocket_class is not ssl.SSLSocket
    with pytest.raises(TLSParameterError, match="assert_fingerprint"):
        mutual(pki, assert_fingerprint="xyz").ssl_context()


# -- factory wiring ---------------------------------------------------------------------


def test_https_goes_through_ssl_adapter_with_the_config(pki: Path) -> None:
    tls = mutual(pki, assert_hostname="localhost", assert_fingerprint="ab" * 32)
    endpoint = resolve_endpoint("tcp://127.0.0.1:2376", tls)
    assert (endpoint.scheme, endpoint.url) == ("https", "https://127.0.0.1:2376")
    transport = make_transport(endpoint, tls)
    try:
        assert isinstance(transport, SSLAdapter)
        assert transport.assert_hostname == "localhost"
        assert transport.assert_fingerprint == "ab" * 32
    finally:
        transport.close()
    plain = make_transport(resolve_endpoint("tcp://127.0.0.1:2375"))
    try:
        assert type(plain) is PoolTransport  # drops close-delimited replies' connections
    finally:
        plain.close()


# -- real handshakes with the stand-in engine ----------------------------------------------


@pytest.mark.usefixtures("system_bundle_env")
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_mutual_tls_with_the_configured_ca(pki: Path, engine: int, host: str) -> None:
    with APIClient(base_url=f"tcp://{host}:{engine}", tls=mutual(pki)) as api:
        assert api.ping() is True


@pytest.mark.usefixtures("system_bundle_env")
def test_mutual_tls_from_the_environment(pki: Path, engine: int) -> None:
    kwargs = kwargs_from_env(
        environment={
            "DOCKER_HOST": f"tcp://127.0.0.1:{engine}",
            "DOCKER_TLS_VERIFY": "1",
            "DOCKER_CERT_PATH": str(pki),
        }
    )
    with APIClient(**kwargs) as api:
        assert api.base_url == f"https://127.0.0.1:{engine}"
        assert api.ping() is True


@pytest.mark.usefixtures("system_bundle_env")
def test_system_cas_do_not_trust_the_test_ca(engine: int) -> None:
    with (
        APIClient(base_url=f"https://127.0.0.1:{engine}", tls=True) as api,
        pytest.raises(DockerConnectionError, match=f"127.0.0.1:{engine}") as caught,
    ):
        api.ping()
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


def test_fingerprint_pin_over_a_real_handshake(pki: Path, engine: int) -> None:
    der = ssl.PEM_cert_to_DER_cert((pki / "server.pem").read_text())
    good = hashlib.sha256(der).hexdigest()
    with APIClient(
        base_url=f"tcp://127.0.0.1:{engine}", tls=mutual(pki, assert_fingerprint=good)
    ) as api:
        assert api.ping() is True
    with (
        APIClient(
            base_url=f"tcp://127.0.0.1:{engine}", tls=mutual(pki, assert_fingerprint="00" * 32)
        ) as api,
        pytest.raises(DockerConnectionError, match="fingerprint"),
    ):
        api.ping()


def test_assert_hostname_checks_that_name(pki: Path, engine: int) -> None:
    with APIClient(
        base_url=f"tcp://127.0.0.1:{engine}", tls=mutual(pki, assert_hostname="localhost")
    ) as api:
        assert api.ping() is True
    with (
        APIClient(
            base_url=f"tcp://127.0.0.1:{engine}", tls=mutual(pki, assert_hostname="docker.example")
        ) as api,
        pytest.raises(DockerConnectionError, match=r"docker\.example"),
    ):
        api.ping()
