"""docker-py's ``docker.credentials.errors``: what a credential helper can fail with."""

from __future__ import annotations

import subprocess

from dockersdk.credentials.store import (
    NOT_FOUND_MESSAGE,
    CredentialsNotFound,
    InitializationError,
    StoreError,
    quotable,
)

__all__ = ["CredentialsNotFound", "InitializationError", "StoreError", "process_store_error"]


def process_store_error(cpe: subprocess.CalledProcessError, program: str) -> StoreError:
    """The error for a helper that exited non-zero (docker-py's helper of that name).

    Args:
        cpe: the failed run; its ``output`` is what the helper printed.
        program: the helper's program name.

    Returns:
        :class:`CredentialsNotFound` when the helper knows no such server, else
        :class:`StoreError` (quoting the helper's output only if it cannot hold a secret).
    """
    output = cpe.output
    message = output.decode("utf-8", "replace") if isinstance(output, bytes) else str(output or "")
    if NOT_FOUND_MESSAGE in message:
        return CredentialsNotFound(f"No matching credentials in {program}")
    return StoreError(f"Credentials store {program} exited with {quotable(message)}.")
