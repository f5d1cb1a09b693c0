"""Run a ``docker-credential-<name>`` helper: ``get``, ``store``, ``erase``, ``list``.

The protocol (docker/docker-credential-helpers): the subcommand is the only argument; ``get``
and ``erase`` read the server URL on stdin, ``store`` reads ``{"ServerURL", "Username",
"Secret"}`` JSON, and ``get``/``list`` answer with JSON on stdout. A helper that knows no
credentials for a server exits non-zero saying ``credentials not found in native keychain``.

Secrets never appear in an exception message: a failing helper's output is quoted only when
it cannot hold a secret.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from collections.abc import Mapping
from typing import Any, cast

from dockersdk._guards import is_dict
from dockersdk.errors import DockerException

__all__ = [
    "DEFAULT_LINUX_STORE",
    "DEFAULT_OSX_STORE",
    "DEFAULT_WIN32_STORE",
    "PROGRAM_PREFIX",
    "CredentialsNotFound",
    "InitializationError",
    "Store",
    "StoreError",
    "create_environment_dict",
]

PROGRAM_PREFIX = "docker-credential-"
DEFAULT_LINUX_STORE = "secretservice"
DEFAULT_OSX_STORE = "osxkeychain"
DEFAULT_WIN32_STORE = "wincred"

NOT_FOUND_MESSAGE = "credentials not found in native keychain"
_MAX_QUOTED = 300


class StoreError(DockerException, RuntimeError):
    """A credential helper is missing, failed, or answered something unreadable.

    Also a ``RuntimeError``, as docker-py's is, so its ``except`` clauses keep working.
    """


class CredentialsNotFound(StoreError):
    """The helper has no credentials for that server."""


class InitializationError(StoreError):
    """The helper could not be set up (kept for docker-py compatibility)."""


def create_environment_dict(overrides: Mapping[str, str] | None) -> dict[str, str]:
    """A copy of ``os.environ`` with ``overrides`` applied."""
    result = dict(os.environ)
    result.update(overrides or {})
    return result


def quotable(output: str) -> str:
    """The helper's error output if it cannot carry a secret, else a placeholder."""
    text = output.strip()
    if not text:
        return "no output"
    if "secret" in text.lower() or "{" in text or len(text) > _MAX_QUOTED:
        return "output withheld: it may contain credentials"
    return repr(text)


class Store:
    """One credential helper program, ``docker-credential-<program>``.

    Args:
        program: the helper's name without the prefix (``'desktop'``, ``'pass'`` ...).
        environment: variables to set for the helper on top of ``os.environ``; its
            ``PATH`` is where the helper is looked for.
    """

    def __init__(self, program: str, environment: Mapping[str, str] | None = None) -> None:
        self.program = PROGRAM_PREFIX + program
        self.environment = dict(environment) if environment else None
        self._exe: str | None = None
        if self.exe is None:
            # docker-py warns here; using the store then raises StoreError.
            warnings.warn(
                f"{self.program} not installed or not available in PATH", UserWarning, stacklevel=2
            )

    def __repr__(self) -> str:
        return f"Store({self.program!r})"

    @property
    def exe(self) -> str | None:
        """The helper's path, or None when it is not on ``PATH``.

        Looked up on the ``PATH`` of :attr:`environment` each time, unless set (as
        docker-py's attribute could be): a set value is run as it is.
        """
        if self._exe is not None:
            return self._exe
        env = create_environment_dict(self.environment)
        return shutil.which(self.program, path=env.get("PATH"))

    @exe.setter
    def exe(self, value: str | None) -> None:
        self._exe = value

    def get(self, server: str | bytes) -> dict[str, str]:
        """Fetch the credentials for ``server``.

        Returns:
            ``{'ServerURL': .., 'Username': .., 'Secret': ..}``.

        Raises:
            CredentialsNotFound: the helper has none for ``server``.
            StoreError: the helper is missing, failed, or answered something unreadable.
        """
        data = server if isinstance(server, bytes) else server.encode("utf-8")
        output = self._execute("get", data)
        try:
            result = json.loads(output.decode("utf-8"))
            username, secret = result["Username"], result["Secret"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(
                f"Credentials store {self.program} answered 'get' with something that is not "
                "credentials JSON"
            ) from None
        # docker-credential-pass answers empty credentials instead of failing.
        if username == "" and secret == "":
            raise CredentialsNotFound(f"No matching credentials in {self.program}")
        return cast("dict[str, str]", result)

    def store(self, server: str, username: str, secret: str) -> bytes:
        """Save credentials for ``server``.

        Raises:
            StoreError: the helper is missing or failed.
        """
        payload = json.dumps({"ServerURL": server, "Username": username, "Secret": secret})
        return self._execute("store", payload.encode("utf-8"))

    def erase(self, server: str | bytes) -> None:
        """Remove the credentials for ``server``.

        Raises:
            StoreError: the helper is missing or failed.
        """
        self._execute("erase", server if isinstance(server, bytes) else server.encode("utf-8"))

    def list(self) -> dict[str, str]:
        """``{server URL: username}`` for every stored credential (helpers v0.4.0+).

        Raises:
            StoreError: the helper is missing, failed, or answered something unreadable.
        """
        output = self._execute("list", None)
        try:
            listed: Any = json.loads(output.decode("utf-8"))
        except ValueError:
            raise StoreError(f"Credentials store {self.program} answered 'list' badly") from None
        if not is_dict(listed):
            raise StoreError(f"Credentials store {self.program} answered 'list' badly")
        return {str(k): str(v) for k, v in listed.items()}

    def _execute(self, subcommand: str, data: bytes | None) -> bytes:
        env = create_environment_dict(self.environment)
        exe = self.exe
        if exe is None:
            raise StoreError(f"{self.program} not installed or not available in PATH")
        try:
            completed = subprocess.run(
                [exe, subcommand],
                input=data or b"",
                env=env,
                capture_output=True,
                check=False,
            )
        except OSError as exc:
            raise StoreError(
                f"Could not run credentials store {self.program}: {exc.strerror} "
                f"(errno {exc.errno})"
            ) from None
        if completed.returncode != 0:
            message = (completed.stdout or completed.stderr).decode("utf-8", "replace")
            if NOT_FOUND_MESSAGE in message:
                raise CredentialsNotFound(f"No matching credentials in {self.program}")
            raise StoreError(
                f"Credentials store {self.program} failed on {subcommand!r} "
                f"(exit status {completed.returncode}): {quotable(message)}"
            )
        return completed.stdout
