"""Connecting: TLS, ssh, the environment and docker CLI contexts.

Each function takes where the engine is; ``tests/integration/test_examples.py`` runs them
against the test suite's TLS engine, sshd and a context it writes. Run by hand with
``python examples/connecting.py BASE_URL``. The transports guide
(docs/guides/transports.md) includes the ``--8<--`` sections.
"""

from __future__ import annotations

import os
import sys

import dockersdk
from dockersdk import APIClient
from dockersdk.tls import TLSConfig


# --8<-- [start:tls]
def over_tls(base_url: str, cert_dir: str) -> None:
    # Mutual TLS: the engine's CA is the only trust anchor (REQUESTS_CA_BUNDLE and friends
    # are ignored), and the client proves itself with its own certificate.
    tls = TLSConfig(
        ca_cert=os.path.join(cert_dir, "ca.pem"),
        client_cert=(os.path.join(cert_dir, "cert.pem"), os.path.join(cert_dir, "key.pem")),
        verify=True,
    )
    with APIClient(base_url=base_url, tls=tls) as api:  # base_url: tcp://host:2376
        print("tls:", api.ping(), api.version().api_version)


# --8<-- [end:tls]


# --8<-- [start:environment]
def from_the_environment(base_url: str, cert_dir: str) -> None:
    # The docker CLI's variables; from_env() reads os.environ when given no mapping.
    environment = {
        "DOCKER_HOST": base_url,
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": cert_dir,  # ca.pem, cert.pem and key.pem
    }
    with dockersdk.from_env(environment=environment) as client:
        print("env:", client.ping())


# --8<-- [end:environment]


# --8<-- [start:ssh]
def over_ssh(ssh_url: str) -> None:
    # ssh://user@host[:port]: each pooled connection is one `ssh ... docker system
    # dial-stdio` process of the system ssh client, with your ssh config, keys and agent.
    with APIClient(base_url=ssh_url, timeout=30) as api:
        print("ssh:", api.ping(), api.info().name is not None)


# --8<-- [end:ssh]


# --8<-- [start:context]
def through_a_context(config_dir: str, name: str) -> None:
    # A context made by `docker context create NAME --docker host=...`, read from the CLI's
    # store: DOCKER_CONTEXT, else config.json's currentContext (DOCKER_HOST wins over both).
    environment = {"DOCKER_CONFIG": config_dir, "DOCKER_CONTEXT": name}
    with dockersdk.from_env(environment=environment) as client:
        print("context:", client.ping())


# --8<-- [end:context]


if __name__ == "__main__":
    with APIClient(base_url=sys.argv[1]) as api:
        print(api.ping())
