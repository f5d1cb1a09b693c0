"""Read client settings from ``DOCKER_*`` environment variables, and read env files."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from typing import Any

from dockersdk.errors import InvalidArgument

__all__ = ["kwargs_from_env", "parse_env_file"]

_WHITESPACE = " \t"


def _tls_config(params: dict[str, Any]) -> Any:
    """Build a ``dockersdk.tls.TLSConfig`` from ``params``, or return ``params`` as a dict.

    The TLS module is imported lazily (it is not needed for plain connections); until it
    exists the caller gets the keyword arguments it would have been given.
    """
    try:
        module = importlib.import_module("dockersdk.tls")
    except ImportError:
        return params
    return module.TLSConfig(**params)


def kwargs_from_env(
    ssl_version: Any = None,
    assert_hostname: bool | None = None,
    environment: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Client keyword arguments from ``DOCKER_HOST``, ``DOCKER_TLS_VERIFY``, ``DOCKER_CERT_PATH``.

    As in the Docker CLI and docker-py: TLS is on when ``DOCKER_CERT_PATH`` is set or
    ``DOCKER_TLS_VERIFY`` is set to anything but the empty string (even ``'0'``);
    certificates are read from ``DOCKER_CERT_PATH`` or ``~/.docker`` (``ca.pem``,
    ``cert.pem``, ``key.pem``); server verification is on only with
    ``DOCKER_TLS_VERIFY``, and without it hostname checking is off unless
    ``assert_hostname`` says otherwise. ``base_url`` is ``DOCKER_HOST`` unchanged (the
    client's :func:`~dockersdk.utils.parse_host` turns ``tcp://`` into ``https://`` when
    TLS is on).

    Args:
        ssl_version: passed to the TLS configuration when given.
        assert_hostname: passed to the TLS configuration; defaults to False when TLS is on
            without verification.
        environment: the variables to read; ``os.environ`` when None.

    Returns:
        A dict with ``base_url`` when ``DOCKER_HOST`` is set, and ``tls`` when TLS is on:
        a ``dockersdk.tls.TLSConfig`` if that module is available, otherwise a dict of
        its keyword arguments (``client_cert``, ``ca_cert``, ``verify`` and, when set,
        ``ssl_version``/``assert_hostname``).

    Raises:
        TLSParameterError: raised by ``TLSConfig`` when certificate files are missing.
    """
    env: Mapping[str, str] = os.environ if environment is None else environment
    host = env.get("DOCKER_HOST")
    cert_path = env.get("DOCKER_CERT_PATH") or None
    verify_value = env.get("DOCKER_TLS_VERIFY")
    tls_verify = verify_value is not None and verify_value != ""

    params: dict[str, Any] = {}
    if host:
        params["base_url"] = host
    if not (cert_path or tls_verify):
        return params

    cert_dir = cert_path or os.path.join(os.path.expanduser("~"), ".docker")
    if not tls_verify and assert_hostname is None:
        assert_hostname = False
    tls: dict[str, Any] = {
        "client_cert": (os.path.join(cert_dir, "cert.pem"), os.path.join(cert_dir, "key.pem")),
        "ca_cert": os.path.join(cert_dir, "ca.pem"),
        "verify": tls_verify,
    }
    if ssl_version is not None:
        tls["ssl_version"] = ssl_version
    if assert_hostname is not None:
        tls["assert_hostname"] = assert_hostname
    params["tls"] = _tls_config(tls)
    return params


def parse_env_file(env_file: str | os.PathLike[str]) -> dict[str, str]:
    """Read an env file (``docker run --env-file`` format) into a dict.

    Rules, as in the Docker CLI: a UTF-8 BOM is skipped; leading whitespace is ignored;
    blank lines and lines starting with ``#`` are skipped; each other line is
    ``NAME=value``, split at the first ``=`` (later ``=`` belong to the value), and the
    value is kept verbatim (no quote removal, no trimming). Unlike the CLI, a line
    without ``=`` is an error rather than a pass-through from the current environment
    (docker-py's rule).

    Args:
        env_file: the file's path.

    Returns:
        ``{name: value}``; a later line wins for a repeated name.

    Raises:
        InvalidArgument: a line has no ``=``, an empty name or a name with whitespace, or
            is not UTF-8; the message names the file and the line number.
        OSError: the file cannot be read.
    """
    environment: dict[str, str] = {}
    with open(env_file, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidArgument(
                    f"env file {os.fspath(env_file)!r} line {number}: not valid UTF-8"
                ) from None
            line = text.rstrip("\r\n").lstrip()
            if not line or line.startswith("#"):
                continue
            name, equals, value = line.partition("=")
            where = f"env file {os.fspath(env_file)!r} line {number}"
            if not equals:
                raise InvalidArgument(f"{where}: expected NAME=value, got {line!r}")
            if not name:
                raise InvalidArgument(f"{where}: no variable name in {line!r}")
            if any(ch in name for ch in _WHITESPACE):
                raise InvalidArgument(f"{where}: variable name {name!r} contains whitespace")
            environment[name] = value
    return environment
