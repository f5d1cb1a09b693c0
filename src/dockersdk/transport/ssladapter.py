"""``SSLAdapter``: the httpx transport for an engine over TLS, with docker-py's TLS options."""

from __future__ import annotations

import hashlib
import hmac
import ssl
from typing import Any

import httpcore
import httpx

from dockersdk.errors import TLSParameterError
from dockersdk.tls import TLSConfig
from dockersdk.transport._core import PoolTransport

__all__ = ["SSLAdapter", "fingerprint_checker", "pin_fingerprint"]

_HASHES = {32: "md5", 40: "sha1", 64: "sha256"}


def _normalise_fingerprint(fingerprint: str) -> tuple[str, bytes]:
    digest = fingerprint.replace(":", "").strip().lower()
    algorithm = _HASHES.get(len(digest))
    try:
        raw = bytes.fromhex(digest)
    except ValueError:
        raw = b""
    if algorithm is None or not raw:
        raise TLSParameterError(
            f"assert_fingerprint {fingerprint!r} is not an MD5, SHA-1 or SHA-256 hex digest"
        )
    return algorithm, raw


def _fingerprint_matches(algorithm: str, expected: bytes, cert: bytes | None) -> None:
    actual = hashlib.new(algorithm, cert or b"").digest()
    if not cert or not hmac.compare_digest(actual, expected):
        raise ssl.SSLCertVerificationError(
            1,
            f"the server certificate's {algorithm} fingerprint does not match assert_fingerprint",
        )


def pin_fingerprint(context: ssl.SSLContext, fingerprint: str) -> None:
    """Make ``context`` refuse a peer whose certificate has another fingerprint, for
    blocking sockets (the sync client) and memory BIOs (asyncio) alike.

    Raises:
        TLSParameterError: ``fingerprint`` is not a hex MD5/SHA-1/SHA-256 digest.
    """
    algorithm, expected = _normalise_fingerprint(fingerprint)

    class FingerprintSSLObject(ssl.SSLObject):
        def do_handshake(self) -> None:
            super().do_handshake()
            _fingerprint_matches(algorithm, expected, self.getpeercert(binary_form=True))

    context.sslsocket_class = fingerprint_checker(fingerprint)
    context.sslobject_class = FingerprintSSLObject


def fingerprint_checker(fingerprint: str) -> type[ssl.SSLSocket]:
    """An ``SSLSocket`` class that refuses a peer whose certificate has another fingerprint.

    The check runs right after the TLS handshake, before any HTTP byte is sent. It also
    holds when certificate verification is off (pinning a self-signed certificate).

    Raises:
        TLSParameterError: ``fingerprint`` is not a hex MD5/SHA-1/SHA-256 digest.
    """
    algorithm, expected = _normalise_fingerprint(fingerprint)

    class FingerprintSSLSocket(ssl.SSLSocket):
        def do_handshake(self, block: bool = False) -> None:
            super().do_handshake(block)
            _fingerprint_matches(algorithm, expected, self.getpeercert(binary_form=True))

    return FingerprintSSLSocket


class SSLAdapter(PoolTransport):
    """The httpx transport for an engine over TLS (docker-py's ``SSLAdapter``).

    Args:
        ssl_version: the minimum ``ssl.TLSVersion`` (docker-py's ``PROTOCOL_*`` constants
            mean TLS 1.2 or later).
        assert_hostname: False to skip the hostname check; a string to check the
            certificate against that name instead of the URL's host (also sent as SNI).
        assert_fingerprint: pin the server certificate by its hex MD5/SHA-1/SHA-256.
        **kwargs: ``tls_config`` (a :class:`~dockersdk.tls.TLSConfig`) or ``ssl_context``
            (a ready ``ssl.SSLContext``), else the ``TLSConfig`` arguments ``client_cert``,
            ``ca_cert`` and ``verify`` (True by default: system CAs); and ``timeout``,
            ``num_pools`` (connections at once) and ``max_pool_size`` (kept idle).

    Raises:
        TLSParameterError: missing certificate files, a malformed fingerprint, or an
            unknown keyword.
    """

    def __init__(
        self,
        ssl_version: Any = None,
        assert_hostname: bool | str | None = None,
        assert_fingerprint: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.ssl_version = ssl_version
        self.assert_hostname = assert_hostname
        self.assert_fingerprint = assert_fingerprint
        timeout = kwargs.pop("timeout", 60)
        num_pools = int(kwargs.pop("num_pools", 25))
        max_pool_size = int(kwargs.pop("max_pool_size", 10))
        self.ssl_context = self._context(kwargs)
        pool = httpcore.ConnectionPool(
            ssl_context=self.ssl_context,
            max_connections=max(num_pools, 1),
            max_keepalive_connections=min(max_pool_size, max(num_pools, 1)),
        )
        super().__init__(pool, timeout)

    def _context(self, kwargs: dict[str, Any]) -> ssl.SSLContext:
        context: ssl.SSLContext | None = kwargs.pop("ssl_context", None)
        tls_config: TLSConfig | None = kwargs.pop("tls_config", None)
        tls_args = {
            key: kwargs.pop(key) for key in ("client_cert", "ca_cert", "verify") if key in kwargs
        }
        if kwargs:
            raise TLSParameterError(
                f"SSLAdapter got unknown arguments: {', '.join(sorted(kwargs))}"
            )
        if context is None:
            if tls_config is None:
                tls_args.setdefault("verify", True)
                tls_config = TLSConfig(
                    ssl_version=self.ssl_version, assert_hostname=self.assert_hostname, **tls_args
                )
            context = tls_config.ssl_context()
        if isinstance(self.ssl_version, ssl.TLSVersion):
            context.minimum_version = self.ssl_version
        if self.assert_hostname is False:
            context.check_hostname = False
        if self.assert_fingerprint:
            pin_fingerprint(context, self.assert_fingerprint)
        return context

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; with a string ``assert_hostname`` the certificate is checked
        against (and SNI names) that host."""
        if isinstance(self.assert_hostname, str):
            request.extensions = {**request.extensions, "sni_hostname": self.assert_hostname}
        return super().handle_request(request)

    def __repr__(self) -> str:
        return (
            f"SSLAdapter(ssl_version={self.ssl_version!r}, assert_hostname="
            f"{self.assert_hostname!r}, assert_fingerprint={self.assert_fingerprint!r})"
        )
