"""TLS against a real dockerd with --tlsverify (``scripts/engines/tls.sh``).

The TLS engine listens on 127.0.0.1:2376 and [::1]:2376 inside its own network namespace,
so nothing on the host changes; each test switches its own thread into that namespace
(``setns``) for the duration of the test, which is all a client needs.
"""

from __future__ import annotations

import hashlib
import os
import re
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk.errors import BadRequest, DockerConnectionError, TLSParameterError
from dockersdk.tls import TLSConfig
from dockersdk.utils import kwargs_from_env
from tests.fixtures.flavours import open_api
from tests.fixtures.remote import netns

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


@pytest.fixture
def tls(tls_engine: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Inside the TLS engine's namespace, with every CA-bundle variable pointing at the
    system bundle (which does not trust the test CA): the configured CA must win."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.setenv(name, SYSTEM_BUNDLE)
    monkeypatch.setenv("SSL_CERT_DIR", "/etc/ssl/certs")
    with netns(tls_engine["DOCKERSDK_TLS_NETNS"]):
        yield tls_engine


def config(certs: str, **kwargs: object) -> TLSConfig:
    return TLSConfig(
        client_cert=(f"{certs}/cert.pem", f"{certs}/key.pem"),
        ca_cert=f"{certs}/ca.pem",
        verify=True,
        **kwargs,  # type: ignore[arg-type]
    )


def url(tls: dict[str, str], host: str, scheme: str = "tcp") -> str:
    return f"{scheme}://{host}:{tls['DOCKERSDK_TLS_PORT']}"


# -- what works ---------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_mutual_tls_with_tls_config(tls: dict[str, str], flavour: str, host: str) -> None:
    if host == "[::1]" and not _has_ipv6():
        pytest.skip("IPv6 is off on this machine's loopback")
    with open_api(flavour, base_url=url(tls, host), tls=config(tls["DOCKERSDK_TLS_CERTS"])) as api:
        assert api.ping() is True
        assert api.version().api_version == "1.41"
        assert isinstance(api.containers(all=True), list)


def test_configure_client_switches_a_client_to_tls(tls: dict[str, str], flavour: str) -> None:
    with open_api(flavour, base_url=url(tls, "127.0.0.1"), timeout=10) as api:
        with pytest.raises(BadRequest):  # plain HTTP to the TLS port
            api.ping()
        config(tls["DOCKERSDK_TLS_CERTS"]).configure_client(api)
        assert api.base_url.startswith("https://")
        assert api.ping() is True


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_mutual_tls_from_env(tls: dict[str, str], flavour: str, host: str) -> None:
    environment = {
        "DOCKER_HOST": url(tls, host),
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": tls["DOCKERSDK_TLS_CERTS"],
    }
    kwargs = kwargs_from_env(environment=environment)
    with open_api(flavour, **kwargs) as api:
        assert api.base_url == url(tls, host, "https")
        assert api.ping() is True
        assert api.info().id


def test_from_os_environ(
    tls: dict[str, str], flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", url(tls, "localhost"))
    monkeypatch.setenv("DOCKER_TLS_VERIFY", "1")
    monkeypatch.setenv("DOCKER_CERT_PATH", tls["DOCKERSDK_TLS_CERTS"])
    with open_api(flavour, **kwargs_from_env()) as api:
        assert api.ping() is True


def test_assert_hostname_and_fingerprint_that_match(tls: dict[str, str], flavour: str) -> None:
    certs = tls["DOCKERSDK_TLS_CERTS"]
    server = Path(certs).parent / "server" / "cert.pem"
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(server.read_text())).hexdigest()
    pinned = config(certs, assert_hostname="localhost", assert_fingerprint=digest)
    with open_api(flavour, base_url=url(tls, "127.0.0.1"), tls=pinned) as api:
        assert api.ping() is True


def test_connections_are_reused(tls: dict[str, str], flavour: str) -> None:
    with open_api(
        flavour, base_url=url(tls, "127.0.0.1"), tls=config(tls["DOCKERSDK_TLS_CERTS"])
    ) as api:
        for _ in range(20):
            assert api.ping() is True
        established = _established_to(int(tls["DOCKERSDK_TLS_PORT"]))
    assert established == 1


def test_events_closed_from_another_thread_end_at_once(tls: dict[str, str], flavour: str) -> None:
    """A follow stream over TLS (httpx's transport, not dockersdk's own) closed from another
    thread (sync) or task (async) ends its reader at once, without an error."""
    from tests.integration.test_wire_compat import closed_from_another_thread

    with open_api(
        flavour, base_url=url(tls, "127.0.0.1"), tls=config(tls["DOCKERSDK_TLS_CERTS"])
    ) as api:
        got, took = closed_from_another_thread(api.events())
        assert got == [] and took < 2
        assert api.ping() is True


# -- what is refused, each a DockerException naming the host or file ---------------------------


def _refused(
    tls: dict[str, str],
    tls_config: TLSConfig | bool | None,
    flavour: str,
    host: str = "127.0.0.1",
) -> DockerConnectionError:
    """Ping with ``tls_config``; return the DockerConnectionError raised."""
    with (
        open_api(flavour, base_url=url(tls, host), tls=tls_config, timeout=10) as api,
        pytest.raises(DockerConnectionError) as caught,
    ):
        api.ping()
    assert url(tls, host) in str(caught.value)
    return caught.value


def test_no_client_certificate_is_refused(tls: dict[str, str], flavour: str) -> None:
    certs = tls["DOCKERSDK_TLS_CERTS"]
    error = _refused(tls, TLSConfig(ca_cert=f"{certs}/ca.pem", verify=True), flavour)
    assert "certificate" in str(error).lower()


def test_a_client_certificate_from_another_ca_is_refused(tls: dict[str, str], flavour: str) -> None:
    certs, foreign = tls["DOCKERSDK_TLS_CERTS"], tls["DOCKERSDK_TLS_FOREIGN_CERTS"]
    tls_config = TLSConfig(
        client_cert=(f"{foreign}/cert.pem", f"{foreign}/key.pem"),
        ca_cert=f"{certs}/ca.pem",
        verify=True,
    )
    assert "certificate" in str(_refused(tls, tls_config, flavour)).lower()


def test_a_foreign_ca_does_not_trust_the_engine(tls: dict[str, str], flavour: str) -> None:
    error = _refused(tls, config(tls["DOCKERSDK_TLS_FOREIGN_CERTS"]), flavour)
    assert "CERTIFICATE_VERIFY_FAILED" in str(error)


def test_system_cas_and_ca_bundle_variables_do_not_trust_the_engine(
    tls: dict[str, str], flavour: str
) -> None:
    error = _refused(tls, True, flavour)
    assert "CERTIFICATE_VERIFY_FAILED" in str(error)


def test_wrong_assert_hostname_is_refused(tls: dict[str, str], flavour: str) -> None:
    tls_config = config(tls["DOCKERSDK_TLS_CERTS"], assert_hostname="docker.example")
    assert "docker.example" in str(_refused(tls, tls_config, flavour))


def test_wrong_fingerprint_is_refused(tls: dict[str, str], flavour: str) -> None:
    tls_config = config(tls["DOCKERSDK_TLS_CERTS"], assert_fingerprint="00" * 32)
    assert "fingerprint" in str(_refused(tls, tls_config, flavour))


def test_plain_http_to_the_tls_port(tls: dict[str, str], flavour: str) -> None:
    with (
        open_api(flavour, base_url=url(tls, "127.0.0.1"), timeout=10) as api,
        pytest.raises(BadRequest, match="HTTP request to an HTTPS server"),
    ):
        api.ping()


def test_missing_cert_files_name_the_file(tls: dict[str, str], tmp_path: Path) -> None:
    environment = {
        "DOCKER_HOST": url(tls, "127.0.0.1"),
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": str(tmp_path),
    }
    with pytest.raises(TLSParameterError, match=re.escape(str(tmp_path / "cert.pem"))):
        kwargs_from_env(environment=environment)
    (tmp_path / "cert.pem").write_bytes(Path(tls["DOCKERSDK_TLS_CERTS"], "cert.pem").read_bytes())
    (tmp_path / "key.pem").write_bytes(Path(tls["DOCKERSDK_TLS_CERTS"], "key.pem").read_bytes())
    with pytest.raises(TLSParameterError, match=re.escape(str(tmp_path / "ca.pem"))):
        kwargs_from_env(environment=environment)


# -- helpers ----------------------------------------------------------------------------


def _has_ipv6() -> bool:
    return (
        Path("/proc/net/if_inet6").exists()
        and "00000000000000000000000000000001" in Path("/proc/net/if_inet6").read_text()
    )


def _established_to(port: int) -> int:
    """TCP connections of this process to ``port`` (read from the current netns)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        target = os.readlink(f"/proc/self/fd/{fd}") if os.path.islink(f"/proc/self/fd/{fd}") else ""
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count
