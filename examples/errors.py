"""Errors: what dockersdk raises, and what each one carries.

Run with ``python examples/errors.py [BASE_URL]``; the errors guide (docs/guides/errors.md)
includes the ``--8<--`` sections.
"""

from __future__ import annotations

import os
import sys

import dockersdk
from dockersdk.errors import (
    APIError,
    ContainerError,
    DockerConnectionError,
    DockerException,
    ImageNotFound,
    InvalidArgument,
    NotFound,
)
from dockersdk.tls import TLSConfig

IMAGE = os.environ.get("DOCKERSDK_DEMO_IMAGE", "dockersdk-test/busybox:latest")


# --8<-- [start:engine_errors]
def engine_errors(client: dockersdk.DockerClient) -> None:
    # The engine's error statuses are classes: catch the one you mean.
    try:
        client.containers.get("no-such-container")
    except NotFound as error:  # 404; ContainerNotFound and ImageNotFound are NotFounds
        print(type(error).__name__, error.status_code, error.explanation)

    try:
        client.images.get("no-such-image:latest")
    except ImageNotFound as error:
        print("image:", error.explanation)

    # Any other error status is an APIError with the status and the engine's message.
    try:
        client.api.kill("no-such-container", signal="NOT-A-SIGNAL")
    except APIError as error:
        print("api error:", error.status_code, error.is_client_error)  # 4xx: True


# --8<-- [end:engine_errors]


# --8<-- [start:run_errors]
def run_errors(client: dockersdk.DockerClient) -> None:
    # A container that exits non-zero: the exit status and its stderr.
    try:
        client.containers.run(IMAGE, ["sh", "-c", "echo broken >&2; exit 7"], remove=True)
    except ContainerError as error:
        print("container error:", error.exit_status, error.stderr)  # 7 b'broken\n'

    # Bad input is refused before anything is sent, naming the argument.
    try:
        client.containers.run(IMAGE, ["true"], mem_limit="lots")
    except InvalidArgument as error:
        print("invalid:", error)


# --8<-- [end:run_errors]


# --8<-- [start:connection_errors]
def connection_errors() -> None:
    # An engine that is not there: the error names the address, and says what to do.
    with dockersdk.DockerClient(base_url="unix:///tmp/no-engine-here.sock") as client:
        try:
            client.ping()
        except DockerConnectionError as error:
            print("connection:", error)

    # Every error is a DockerException: one clause catches anything dockersdk raises.
    try:
        TLSConfig(ca_cert="/no/such/ca.pem")
    except DockerException as error:  # TLSParameterError, naming the file
        print(type(error).__name__, error)


# --8<-- [end:connection_errors]


def main(base_url: str | None) -> None:
    with dockersdk.DockerClient(base_url=base_url) if base_url else dockersdk.from_env() as client:
        engine_errors(client)
        run_errors(client)
    connection_errors()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
