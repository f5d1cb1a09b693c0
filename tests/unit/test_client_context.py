"""from_env / from_context resolve the engine in the docker CLI's order, from temp config dirs."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from dockersdk import DockerClient, from_env
from dockersdk.context import (
    config_dir,
    context_id,
    current_context_name,
    default_host,
    load_context,
    resolve_client_kwargs,
)
from dockersdk.errors import ContextNotFound, InvalidConfigFile, TLSParameterError
from dockersdk.tls import TLSConfig


def write_context(
    root: Path, name: str, host: str, *, skip_tls: bool = False, tls_files: tuple[str, ...] = ()
) -> None:
    meta = root / "contexts" / "meta" / context_id(name)
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(
        json.dumps(
            {
                "Name": name,
                "Metadata": {"Description": f"the {name} engine"},
                "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_tls}},
            }
        )
    )
    if tls_files:
        tls = root / "contexts" / "tls" / context_id(name) / "docker"
        tls.mkdir(parents=True)
        for file in tls_files:
            (tls / file).write_text("pem")


def write_config(root: Path, **content: object) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps(content))


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    root = tmp_path / "docker-config"
    write_context(root, "remote", "tcp://10.0.0.5:2375")
    write_context(root, "other", "unix:///run/other.sock")
    write_context(
        root,
        "secure",
        "tcp://10.0.0.6:2376",
        tls_files=("ca.pem", "cert.pem", "key.pem"),
    )
    write_config(root, currentContext="remote")
    return root


def test_context_id_is_sha256_of_the_name() -> None:
    # `docker context create remote` stores it under this directory name.
    assert (
        context_id("remote") == "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a"
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # 1. DOCKER_HOST beats everything, even DOCKER_CONTEXT and currentContext.
        ({"DOCKER_HOST": "tcp://1.2.3.4:2375", "DOCKER_CONTEXT": "other"}, "tcp://1.2.3.4:2375"),
        # 2. DOCKER_CONTEXT beats currentContext.
        ({"DOCKER_CONTEXT": "other"}, "unix:///run/other.sock"),
        # 3. currentContext from config.json.
        ({}, "tcp://10.0.0.5:2375"),
        # DOCKER_CONTEXT=default means the platform default, whatever currentContext says.
        ({"DOCKER_CONTEXT": "default"}, default_host()),
        # An empty DOCKER_HOST is unset.
        ({"DOCKER_HOST": ""}, "tcp://10.0.0.5:2375"),
    ],
)
def test_resolution_order(cfg: Path, env: dict[str, str], expected: str) -> None:
    environment = {"DOCKER_CONFIG": str(cfg), **env}
    assert resolve_client_kwargs(environment)["base_url"] == expected


def test_platform_default_without_any_config(tmp_path: Path) -> None:
    environment = {"DOCKER_CONFIG": str(tmp_path / "nothing-here")}
    assert current_context_name(environment) == "default"
    assert resolve_client_kwargs(environment) == {"base_url": default_host()}


def test_config_without_current_context_is_default(tmp_path: Path) -> None:
    write_config(tmp_path, auths={})
    assert current_context_name({"DOCKER_CONFIG": str(tmp_path)}) == "default"


def test_home_docker_dir_is_the_default_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS_VERIFY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DOCKER_CERT_PATH", raising=False)
    root = tmp_path / ".docker"
    write_context(root, "remote", "tcp://10.9.9.9:2375")
    write_config(root, currentContext="remote")
    assert config_dir() == str(root)
    with from_env() as client:  # os.environ, as the CLI reads it
        assert client.api.base_url == "http://10.9.9.9:2375"


def test_docker_host_with_tls_env(tmp_path: Path) -> None:
    for file in ("ca.pem", "cert.pem", "key.pem"):
        (tmp_path / file).write_text("pem")
    kwargs = resolve_client_kwargs(
        {
            "DOCKER_HOST": "tcp://1.2.3.4:2376",
            "DOCKER_TLS_VERIFY": "1",
            "DOCKER_CERT_PATH": str(tmp_path),
        }
    )
    tls = kwargs["tls"]
    assert isinstance(tls, TLSConfig)
    assert tls.verify is True
    assert tls.ca_cert == str(tmp_path / "ca.pem")
    assert tls.cert == (str(tmp_path / "cert.pem"), str(tmp_path / "key.pem"))


def test_default_context_still_reads_tls_env(tmp_path: Path) -> None:
    for file in ("ca.pem", "cert.pem", "key.pem"):
        (tmp_path / file).write_text("pem")
    kwargs = resolve_client_kwargs(
        {"DOCKER_CONFIG": str(tmp_path / "none"), "DOCKER_CERT_PATH": str(tmp_path)}
    )
    assert kwargs["base_url"] == default_host()
    assert isinstance(kwargs["tls"], TLSConfig) and kwargs["tls"].verify is False


def test_context_tls_material(cfg: Path) -> None:
    context = load_context("secure", str(cfg))
    assert context.host == "tcp://10.0.0.6:2376"
    assert context.description == "the secure engine"
    assert context.tls is not None and context.tls.verify is True
    tls_dir = cfg / "contexts" / "tls" / context_id("secure") / "docker"
    assert context.tls.ca_cert == str(tls_dir / "ca.pem")
    assert context.tls.cert == (str(tls_dir / "cert.pem"), str(tls_dir / "key.pem"))
    # The pem files are fakes: a mock transport keeps ssl from loading them.
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="OK"))
    with DockerClient.from_context("secure", config_dir=str(cfg), transport=transport) as client:
        assert client.api.base_url == "https://10.0.0.6:2376"
        assert client.ping() is True


def test_context_skip_tls_verify(tmp_path: Path) -> None:
    write_context(tmp_path, "insecure", "tcp://h:2376", skip_tls=True, tls_files=("ca.pem",))
    context = load_context("insecure", str(tmp_path))
    assert context.skip_tls_verify is True
    assert context.tls is not None and context.tls.verify is False


def test_context_without_tls_material_is_plain(cfg: Path) -> None:
    assert load_context("remote", str(cfg)).tls is None


def test_context_with_half_a_client_cert_is_rejected(tmp_path: Path) -> None:
    write_context(tmp_path, "half", "tcp://h:2376", tls_files=("cert.pem",))
    with pytest.raises(TLSParameterError, match=r"key\.pem"):
        load_context("half", str(tmp_path))


def test_unknown_context_names_it(cfg: Path) -> None:
    with pytest.raises(ContextNotFound, match="'nope' not found"):
        resolve_client_kwargs({"DOCKER_CONFIG": str(cfg), "DOCKER_CONTEXT": "nope"})


def test_malformed_files_raise_invalid_config_file(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(InvalidConfigFile, match=r"config\.json"):
        current_context_name({"DOCKER_CONFIG": str(tmp_path)})
    meta = tmp_path / "contexts" / "meta" / context_id("bad")
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(json.dumps({"Name": "bad", "Endpoints": {}}))
    with pytest.raises(InvalidConfigFile, match="no docker endpoint"):
        load_context("bad", str(tmp_path))


def test_from_env_builds_a_client_for_the_resolved_engine(cfg: Path) -> None:
    with DockerClient.from_env(environment={"DOCKER_CONFIG": str(cfg)}, timeout=5) as client:
        assert client.api.base_url == "http://10.0.0.5:2375"
        assert client.api.timeout == 5
    with from_env(environment={"DOCKER_HOST": "unix:///tmp/x.sock"}) as client:
        assert "unix:///tmp/x.sock" in repr(client)
