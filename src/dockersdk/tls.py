"""``TLSConfig``: the TLS settings for talking to an engine over ``https://``/``tcp://``."""

from __future__ import annotations

import os
import ssl
from typing import Any

from dockersdk._guards import is_str, is_tuple
from dockersdk.errors import TLSParameterError


class TLSConfig:
    """TLS settings, validated at construction.

    Args:
        client_cert: a ``(cert.pem, key.pem)`` pair for mutual TLS.
        ca_cert: the CA bundle that signed the engine's certificate. When given it is the
            only trust anchor: ``REQUESTS_CA_BUNDLE``, ``SSL_CERT_FILE`` and friends are
            ignored.
        verify: verify the engine's certificate (True with ``ca_cert`` or the system CAs);
            a path is taken as ``ca_cert``.
        ssl_version: a minimum ``ssl.TLSVersion`` (docker-py accepted PROTOCOL_* constants;
            those are mapped to TLS 1.2).
        assert_hostname: False to skip the hostname check; a string to check the
            engine's certificate against that name instead of the URL's host (applied by
            the transport, which also sends it as SNI).
        assert_fingerprint: pin the engine's certificate by its hex MD5/SHA-1/SHA-256
            digest (checked right after the handshake, even with ``verify=False``).

    Raises:
        TLSParameterError: for a malformed ``client_cert`` or a file that does not exist;
            the message names the file.
    """

    def __init__(
        self,
        client_cert: tuple[str, str] | None = None,
        ca_cert: str | None = None,
        verify: bool | str | None = None,
        ssl_version: Any = None,
        assert_hostname: bool | str | None = None,
        assert_fingerprint: str | None = None,
    ) -> None:
        if isinstance(verify, str):
            ca_cert, verify = ca_cert or verify, True
        self.verify = bool(verify) if verify is not None else ca_cert is not None
        self.ca_cert = ca_cert
        self.ssl_version = ssl_version
        self.assert_hostname = assert_hostname
        self.assert_fingerprint = assert_fingerprint
        self.cert: tuple[str, str] | None = None
        if client_cert is not None:
            if not (is_tuple(client_cert) and len(client_cert) == 2):  # untyped callers
                raise TLSParameterError(
                    "client_cert must be a (cert.pem, key.pem) tuple, "
                    f"got {type(client_cert).__name__}"
                )
            for path in client_cert:
                _require_file(path, "client certificate or key")
            self.cert = client_cert
        if ca_cert is not None:
            _require_file(ca_cert, "CA certificate")

    def configure_client(self, client: Any) -> None:
        """Make ``client`` (an ``APIClient`` or ``DockerClient``) use these TLS settings.

        docker-py's name: it mounted an ``SSLAdapter`` on a requests session; here the
        client's transport is rebuilt as an :class:`~dockersdk.transport.SSLAdapter`.
        """
        target = getattr(client, "api", client)
        target._use_tls(self)

    def ssl_context(self) -> ssl.SSLContext:
        """A client ``SSLContext`` with exactly these settings."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = (
            self.ssl_version
            if isinstance(self.ssl_version, ssl.TLSVersion)
            else ssl.TLSVersion.TLSv1_2
        )
        if self.verify:
            context.verify_mode = ssl.CERT_REQUIRED
            context.check_hostname = self.assert_hostname is not False
            if self.ca_cert:
                try:
                    context.load_verify_locations(cafile=self.ca_cert)
                except ssl.SSLError as exc:
                    raise TLSParameterError(
                        f"cannot load the CA certificate {self.ca_cert!r}: {exc.reason or exc}"
                    ) from exc
            else:
                context.load_default_certs()
        else:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if self.cert is not None:
            cert, key = self.cert
            try:
                context.load_cert_chain(cert, key)
            except ssl.SSLError as exc:
                raise TLSParameterError(
                    f"cannot load the client certificate {cert!r} with key {key!r}: "
                    f"{exc.reason or exc}"
                ) from exc
        if self.assert_fingerprint:
            from dockersdk.transport.ssladapter import fingerprint_checker

            context.sslsocket_class = fingerprint_checker(self.assert_fingerprint)
        return context

    def __repr__(self) -> str:
        return (
            f"TLSConfig(client_cert={self.cert!r}, ca_cert={self.ca_cert!r}, "
            f"verify={self.verify!r}, assert_hostname={self.assert_hostname!r})"
        )


def _require_file(path: str, what: str) -> None:
    if not is_str(path) or not os.path.isfile(path):
        raise TLSParameterError(f"the {what} file {path!r} does not exist or is not a file")
