"""The seed's six usage examples, run with only ``docker`` -> ``dockersdk`` changed.

Adaptations to this machine (and nothing else): the client talks to the private engine
(``base_url=engine_url``) instead of the default socket, ``myapp:latest`` is the offline
test image, paths are temporary directories, the registry pull expects the documented
error (no network), and the TLS example builds its configuration from certificates made
with ``openssl`` and checks the ``TLSConfig`` properties instead of pinging a daemon.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import ssl
import subprocess
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import dockersdk
from dockersdk.errors import APIError, NotFound
from tests.fixtures.flavours import open_from_env

LABELS = {"dockersdk.test": "1"}


@pytest.fixture
def client(api: dockersdk.Client) -> Iterator[dockersdk.Client]:
    # ``dockersdk.Client(base_url=engine_url)``, or AsyncAPIClient through the bridge (the
    # ``api`` fixture, one per flavour).
    try:
        yield api
    finally:
        for found in api.containers(all=True, filters={"label": "dockersdk.test=1"}):
            with contextlib.suppress(NotFound):
                api.remove_container(found["Id"], force=True)
        for image in api.images(filters={"label": "dockersdk.test=1"}):
            with contextlib.suppress(NotFound, APIError):
                api.remove_image(image["Id"], force=True)


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA, plus a client certificate and key signed by it (``ca.pem``, ``cert.pem``...)."""
    folder = tmp_path_factory.mktemp("certs")
    _openssl(
        *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
        *("-keyout", "ca-key.pem", "-out", "ca.pem", "-subj", "/CN=dockersdk-test-ca"),
        cwd=folder,
    )
    _openssl(
        *("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem"),
        *("-out", "client.csr", "-subj", "/CN=dockersdk-test-client"),
        cwd=folder,
    )
    _openssl(
        *("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem"),
        *("-CAcreateserial", "-out", "cert.pem", "-days", "2"),
        cwd=folder,
    )
    return folder


# -- example 1: host config + create_container -----------------------------------------


def test_example_host_config_and_create_container(
    client: dockersdk.Client, test_image: str, tmp_path: Path
) -> None:
    from dockersdk.types import LogConfig, Ulimit

    data, logs = tmp_path / "data", tmp_path / "logs"
    data.mkdir()
    logs.mkdir()
    host_config = client.create_host_config(
        # Volume bindings
        binds={
            str(data): {"bind": "/container/data", "mode": "rw"},
            str(logs): {"bind": "/container/logs", "mode": "rw"},
        },
        # Port bindings
        port_bindings={"8080/tcp": 8080, "9000/tcp": ("127.0.0.1", 9000)},
        # Resource limits
        mem_limit="512m",
        cpu_shares=512,
        ulimits=[
            Ulimit(name="nofile", soft=1024, hard=2048),
            Ulimit(name="nproc", soft=128, hard=256),
        ],
        # Security settings
        privileged=False,
        cap_add=["NET_ADMIN"],
        cap_drop=["MKNOD"],
        # Network settings
        dns=["8.8.8.8", "8.8.4.4"],
        extra_hosts=["api.example.com:192.168.1.100"],
        # Logging configuration
        log_config=LogConfig(
            type=LogConfig.types.JSON, config={"max-size": "10m", "max-file": "3"}
        ),
        # Restart policy
        restart_policy={"Name": "unless-stopped"},
    )
    container = client.create_container(
        image=test_image,
        command=["python", "app.py"],
        environment={"ENV": "production"},
        host_config=host_config,
        labels={"app": "myservice", "version": "1.0", **LABELS},
    )
    assert container["Id"]

    info = client.inspect_container(container["Id"]).to_dict()
    hc = info["HostConfig"]
    assert sorted(hc["Binds"]) == sorted(
        [f"{data}:/container/data:rw", f"{logs}:/container/logs:rw"]
    )
    assert hc["PortBindings"] == {
        "8080/tcp": [{"HostIp": "", "HostPort": "8080"}],
        "9000/tcp": [{"HostIp": "127.0.0.1", "HostPort": "9000"}],
    }
    assert hc["Memory"] == 512 * 1024 * 1024
    assert hc["CpuShares"] == 512
    assert hc["Ulimits"] == [
        {"Name": "nofile", "Soft": 1024, "Hard": 2048},
        {"Name": "nproc", "Soft": 128, "Hard": 256},
    ]
    assert hc["Privileged"] is False
    assert hc["CapAdd"] == ["NET_ADMIN"]
    assert hc["CapDrop"] == ["MKNOD"]
    assert hc["Dns"] == ["8.8.8.8", "8.8.4.4"]
    assert hc["ExtraHosts"] == ["api.example.com:192.168.1.100"]
    assert hc["LogConfig"] == {"Type": "json-file", "Config": {"max-size": "10m", "max-file": "3"}}
    assert hc["RestartPolicy"]["Name"] == "unless-stopped"
    config = info["Config"]
    assert config["Cmd"] == ["python", "app.py"]
    assert "ENV=production" in config["Env"]
    assert config["Labels"]["app"] == "myservice"
    assert config["Labels"]["version"] == "1.0"
    assert config["Image"] == test_image


# -- example 2: auth ----------------------------------------------------------------------


def test_example_auth(
    client: dockersdk.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dockersdk.auth import auth

    # The example reads the user's config: give it one in a temporary DOCKER_CONFIG.
    secret = base64.b64encode(b"alice:s3cret").decode()
    (tmp_path / "config.json").write_text(
        json.dumps({"auths": {"registry.example.com": {"auth": secret}}})
    )
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))

    # Load Docker configuration
    config = auth.load_config()
    assert f"Loaded config with {len(config.get('auths', {}))} registries" == (
        "Loaded config with 1 registries"
    )
    # Resolve authentication for specific registry
    auth_config = auth.resolve_authconfig(config.get("auths", {}), "registry.example.com")
    # docker-py 7 reads the bare ``auths`` mapping as a whole config and resolves nothing;
    # dockersdk accepts both shapes, so the seed's call finds the entry as it intends.
    full = auth.resolve_authconfig(config, "registry.example.com")
    for resolved in (auth_config, full):
        assert resolved is not None
        assert resolved["username"] == "alice"
        assert resolved["password"] == "s3cret"

    # Use authentication for image operations: no network here, so the engine reports
    # the failed lookup as an API error (the documented error for a failed pull).
    with pytest.raises(APIError):
        client.pull("registry.example.com/private/image:latest", auth_config=auth_config)
    with pytest.raises(APIError):
        client.pull("registry.example.com/private/image:latest", auth_config=full)

    # Manual authentication configuration
    manual_auth = {
        "username": "myuser",
        "password": "mypass",
        "serveraddress": "https://registry.example.com",
    }
    # Encode for header use
    auth_header = auth.encode_header(manual_auth)
    header = auth_header.decode() if isinstance(auth_header, bytes) else auth_header
    assert json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))) == (manual_auth)


# -- example 3: TLS -----------------------------------------------------------------------


def test_example_tls(certs: Path) -> None:
    from dockersdk.tls import TLSConfig

    client_cert = (str(certs / "cert.pem"), str(certs / "key.pem"))
    # Create TLS configuration for secure connection
    tls_config = TLSConfig(
        client_cert=client_cert,
        ca_cert=str(certs / "ca.pem"),
        verify=True,
        ssl_version=ssl.PROTOCOL_TLSv1_2,
        assert_hostname=False,
    )
    assert tls_config.cert == client_cert
    assert tls_config.ca_cert == str(certs / "ca.pem")
    assert tls_config.verify is True
    assert tls_config.ssl_version == ssl.PROTOCOL_TLSv1_2
    assert tls_config.assert_hostname is False
    assert tls_config.assert_fingerprint is None

    # Create client with TLS (no daemon at this address: construct it, do not ping).
    client = dockersdk.Client(base_url="https://docker-daemon:2376", tls=tls_config)
    try:
        assert client.base_url == "https://docker-daemon:2376"
    finally:
        client.close()


# -- example 4: kwargs_from_env + from_env --------------------------------------------------


def test_example_kwargs_from_env(
    certs: Path, engine_url: str, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dockersdk.tls import TLSConfig
    from dockersdk.utils.utils import kwargs_from_env

    # Set environment variables (monkeypatch: undone after the test)
    monkeypatch.setitem(os.environ, "DOCKER_HOST", "tcp://192.168.1.100:2376")
    monkeypatch.setitem(os.environ, "DOCKER_TLS_VERIFY", "1")
    monkeypatch.setitem(os.environ, "DOCKER_CERT_PATH", str(certs))

    # Get client configuration from environment
    client_kwargs = kwargs_from_env()
    assert client_kwargs["base_url"] == "tcp://192.168.1.100:2376"  # as docker-py leaves it
    tls = client_kwargs["tls"]
    assert isinstance(tls, TLSConfig)
    assert tls.cert == (str(certs / "cert.pem"), str(certs / "key.pem"))
    assert tls.ca_cert == str(certs / "ca.pem")
    assert tls.verify

    # Create client from environment (an unreachable address: construct only)
    client = dockersdk.Client(**client_kwargs)
    client.close()

    # Alternative: use from_env convenience function (dockersdk.aio.from_env in the async
    # flavour, through the bridge)
    with open_from_env(flavour) as env_client:
        assert env_client.api.base_url == "https://192.168.1.100:2376"

    # ... and against the private engine, where it can talk.
    monkeypatch.setenv("DOCKER_HOST", engine_url)
    monkeypatch.delenv("DOCKER_TLS_VERIFY")
    monkeypatch.delenv("DOCKER_CERT_PATH")
    with open_from_env(flavour) as env_client:
        assert env_client.ping() is True


# -- example 5: utils -------------------------------------------------------------------


def test_example_utils() -> None:
    from dockersdk.utils.utils import (
        convert_port_bindings,
        convert_volume_binds,
        parse_bytes,
        parse_repository_tag,
        split_command,
    )

    # Parse repository and tag
    repo, tag = parse_repository_tag("nginx:1.21-alpine")
    assert (repo, tag) == ("nginx", "1.21-alpine")
    # Parse byte sizes
    memory_limit = parse_bytes("512m")  # Returns 536870912
    cpu_limit = parse_bytes("1g")  # Returns 1073741824
    assert memory_limit == 536870912
    assert cpu_limit == 1073741824
    # Convert port bindings
    port_bindings = convert_port_bindings(
        {
            "8080/tcp": 8080,
            "9000/tcp": ("0.0.0.0", 9000),
            "3306/tcp": None,  # Random port
        }
    )
    assert port_bindings == {
        "8080/tcp": [{"HostIp": "", "HostPort": "8080"}],
        "9000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "9000"}],
        "3306/tcp": [{"HostIp": "", "HostPort": ""}],
    }
    # Convert volume bindings
    volume_binds = convert_volume_binds(
        {
            "/host/data": {"bind": "/app/data", "mode": "rw"},
            "/host/config": {"bind": "/app/config", "mode": "ro"},
        }
    )
    assert volume_binds == ["/host/data:/app/data:rw", "/host/config:/app/config:ro"]
    # Split command strings
    cmd_array = split_command("python -m http.server 8000")
    assert cmd_array == ["python", "-m", "http.server", "8000"]


# -- example 6: tar + build with custom_context, exclude_paths -------------------------------


@pytest.fixture
def project(tmp_path: Path, test_image: str) -> Path:
    root = tmp_path / "project"
    (root / "__pycache__").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "node_modules" / "pkg").mkdir(parents=True)
    marker = uuid.uuid4().hex
    (root / "Dockerfile").write_text(
        f"FROM {test_image}\nLABEL dockersdk.test=1\nCOPY . /ctx\nRUN echo built-{marker}\n"
    )
    (root / "app.py").write_text("print('hi')\n")
    (root / "app.pyc").write_bytes(b"\0")
    (root / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"\0")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "node_modules" / "pkg" / "index.js").write_text("\n")
    (root / "debug.log").write_text("log\n")
    return root


def _seed_build(client: dockersdk.Client, project: Path, tag: str) -> list[str]:
    from dockersdk.utils.utils import tar

    printed: list[str] = []
    # Create build context from directory
    with tar(str(project), gzip=True) as build_context:
        # Build image using context
        for line in client.build(
            fileobj=build_context, tag=tag, custom_context=True, stream=True, decode=True
        ):
            if "stream" in line:
                printed.append(line["stream"].strip())
    return printed


def test_example_tar_build_and_exclude_paths(
    client: dockersdk.Client, project: Path, test_image: str
) -> None:
    from dockersdk.utils.utils import exclude_paths

    tag = f"dsdk-seed-{uuid.uuid4().hex[:8]}:latest"
    printed = _seed_build(client, project, tag)
    assert any(line.startswith("built-") for line in printed), printed
    assert any(line.startswith("Successfully built") for line in printed), printed
    image = client.inspect_image(tag)
    assert image["Config"]["Labels"]["dockersdk.test"] == "1"

    # Handle .dockerignore patterns
    root_path = str(project)
    dockerignore_patterns = ["*.pyc", "__pycache__/", ".git/", "node_modules/", "*.log"]
    excluded_paths = exclude_paths(root_path, dockerignore_patterns)
    message = f"Excluding {len(excluded_paths)} paths from build context"
    assert excluded_paths == {
        "app.pyc",
        "__pycache__",
        "__pycache__/app.cpython-311.pyc",
        ".git",
        ".git/HEAD",
        "node_modules",
        "node_modules/pkg",
        "node_modules/pkg/index.js",
        "debug.log",
    }
    assert message == "Excluding 9 paths from build context"

    # The gzip archive the example sent holds everything (it was made without excludes).
    from dockersdk.utils.utils import tar

    with tar(str(project), gzip=True) as archive, tarfile.open(fileobj=archive) as members:
        names = set(members.getnames())
    assert {"Dockerfile", "app.py", "debug.log", ".git/HEAD"} <= names
