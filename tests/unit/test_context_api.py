"""docker-py's ``ContextAPI`` and ``Context`` in ``dockersdk.context``: the CLI's context store.

Differential: contexts written by dockersdk read the same with docker-py 7.1.0 and the other
way round, in a private ``DOCKER_CONFIG``.
"""

from __future__ import annotations

import json
from pathlib import Path

import docker.context as theirs
import pytest

import dockersdk.context as ours
from dockersdk.errors import (
    ContextAlreadyExists,
    ContextException,
    ContextNotFound,
    InvalidConfigFile,
    MissingContextParameter,
)
from dockersdk.tls import TLSConfig


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "docker-config"
    directory.mkdir()
    (directory / "config.json").write_text("{}")
    monkeypatch.setenv("DOCKER_CONFIG", str(directory))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    return directory


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[str, str, str]:
    paths = []
    for name in ("ca.pem", "cert.pem", "key.pem"):
        path = tmp_path / name
        path.write_text(f"-- {name} --\n")
        paths.append(str(path))
    return paths[0], paths[1], paths[2]


def test_default_context(config_dir: Path) -> None:
    assert ours.ContextAPI.get_context().Name == "default"
    assert ours.ContextAPI.get_current_context().Host == "unix:///var/run/docker.sock"
    assert ours.ContextAPI.inspect_context() == theirs.ContextAPI.inspect_context()
    assert [c.Name for c in ours.ContextAPI.contexts()] == ["default"]
    assert ours.ContextAPI.get_context("absent") is None


def test_created_by_dockersdk_reads_the_same_with_docker_py(
    config_dir: Path, tls_files: tuple[str, str, str]
) -> None:
    ca, cert, key = tls_files
    created = ours.ContextAPI.create_context(
        "remote",
        host="tcp://10.0.0.2:2376",
        tls_cfg=TLSConfig(client_cert=(cert, key), ca_cert=ca),
        default_namespace="ns",
    )
    assert created.Host == "https://10.0.0.2:2376"
    ours.ContextAPI.create_context("plain")
    mine = ours.ContextAPI.inspect_context("remote")
    assert mine == theirs.ContextAPI.inspect_context("remote")
    assert mine["TLSMaterial"] == {"docker": ["ca.pem", "cert.pem", "key.pem"]}
    assert mine["Endpoints"]["docker"]["DefaultNamespace"] == "ns"
    assert sorted(c.Name for c in ours.ContextAPI.contexts()) == ["default", "plain", "remote"]
    assert theirs.ContextAPI.get_context("plain").Host == "unix:///var/run/docker.sock"
    loaded = ours.ContextAPI.get_context("remote")
    assert loaded is not None and loaded.TLSConfig is not None
    assert loaded.TLSConfig.verify is True and loaded.TLSConfig.ca_cert is not None
    # the CLI-facing side of dockersdk reads the same store
    assert ours.load_context("remote").host == "https://10.0.0.2:2376"


def test_created_by_docker_py_reads_the_same_with_dockersdk(config_dir: Path) -> None:
    theirs.ContextAPI.create_context("legacy", host="tcp://127.0.0.1:2375", skip_tls_verify=True)
    assert ours.ContextAPI.inspect_context("legacy") == theirs.ContextAPI.inspect_context("legacy")
    context = ours.ContextAPI.get_context("legacy")
    assert context is not None
    assert (context.Name, context.Host, context.Orchestrator) == (
        "legacy",
        "http://127.0.0.1:2375",  # docker-py's parse_host form, in both
        None,
    )
    assert repr(context) == "<Context: 'legacy'>"
    assert json.loads(str(context))["Name"] == "legacy"


def test_set_current_and_remove(config_dir: Path) -> None:
    ours.ContextAPI.create_context("other")
    ours.ContextAPI.set_current_context("other")
    assert json.loads((config_dir / "config.json").read_text())["currentContext"] == "other"
    assert ours.ContextAPI.get_current_context().Name == "other"  # type: ignore[union-attr]
    assert theirs.ContextAPI.get_current_context().Name == "other"
    ours.ContextAPI.remove_context("other")
    assert "currentContext" not in json.loads((config_dir / "config.json").read_text())
    with pytest.raises(ContextNotFound):
        ours.ContextAPI.inspect_context("other")
    with pytest.raises(ContextNotFound):
        ours.ContextAPI.set_current_context("other")


def test_errors(config_dir: Path) -> None:
    with pytest.raises(MissingContextParameter, match="missing parameter: name"):
        ours.ContextAPI.create_context("")
    with pytest.raises(ContextException, match="reserved"):
        ours.ContextAPI.create_context("default")
    ours.ContextAPI.create_context("once")
    with pytest.raises(ContextAlreadyExists, match="context once already exists"):
        ours.ContextAPI.create_context("once")
    with pytest.raises(ContextException, match="cannot be removed"):
        ours.ContextAPI.remove_context("default")
    with pytest.raises(ContextException, match="Unknown endpoint format"):
        ours.Context("bad", endpoints={"docker": "tcp://x"})
    meta = Path(ours.context.get_meta_file("broken"))  # type: ignore[attr-defined]
    meta.parent.mkdir(parents=True)
    meta.write_text("not json")
    with pytest.raises(InvalidConfigFile, match="corrupted meta file"):
        ours.ContextAPI.get_context("broken")


def test_store_is_where_the_cli_keeps_it_without_a_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docker-py put it in the current directory when no config file existed; not here."""
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "cfg"))
    monkeypatch.chdir(tmp_path)
    ours.ContextAPI.create_context("fresh")
    assert (tmp_path / "cfg" / "contexts" / "meta").is_dir()
    assert not (tmp_path / "contexts").exists()
    ours.ContextAPI.set_current_context("fresh")
    assert json.loads((tmp_path / "cfg" / "config.json").read_text()) == {"currentContext": "fresh"}
