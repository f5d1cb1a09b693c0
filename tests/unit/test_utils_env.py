"""kwargs_from_env and parse_env_file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dockersdk.errors import InvalidArgument, TLSParameterError
from dockersdk.tls import TLSConfig
from dockersdk.utils import kwargs_from_env, parse_env_file


@pytest.fixture
def certs(tmp_path: Path) -> Path:
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (tmp_path / name).write_text("-----BEGIN CERTIFICATE-----\n")
    return tmp_path


def test_empty_environment_gives_no_kwargs() -> None:
    assert kwargs_from_env(environment={}) == {}


def test_host_only() -> None:
    assert kwargs_from_env(environment={"DOCKER_HOST": "tcp://10.0.0.1:2375"}) == {
        "base_url": "tcp://10.0.0.1:2375"
    }


@pytest.mark.parametrize(
    ("verify_value", "tls_on", "verify"),
    [
        (None, True, False),  # a cert path alone turns TLS on, without verification
        ("", True, False),  # empty DOCKER_TLS_VERIFY counts as unset
        ("1", True, True),
        ("0", True, True),  # any non-empty value turns verification on (CLI rule)
    ],
)
def test_tls_from_cert_path(
    certs: Path, verify_value: str | None, tls_on: bool, verify: bool
) -> None:
    env = {"DOCKER_HOST": "tcp://192.168.1.100:2376", "DOCKER_CERT_PATH": str(certs)}
    if verify_value is not None:
        env["DOCKER_TLS_VERIFY"] = verify_value
    kwargs = kwargs_from_env(environment=env)
    assert kwargs["base_url"] == "tcp://192.168.1.100:2376"
    tls = kwargs["tls"]
    assert isinstance(tls, TLSConfig)
    assert tls.verify is verify
    assert tls.cert == (str(certs / "cert.pem"), str(certs / "key.pem"))
    assert tls.ca_cert == str(certs / "ca.pem")
    # Without verification the hostname is not checked either.
    assert tls.assert_hostname is (None if verify else False)


def test_verify_without_cert_path_uses_home_docker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    docker_dir = tmp_path / ".docker"
    docker_dir.mkdir()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (docker_dir / name).write_text("x")
    monkeypatch.setenv("HOME", str(tmp_path))
    kwargs = kwargs_from_env(environment={"DOCKER_TLS_VERIFY": "1"})
    assert "base_url" not in kwargs
    assert kwargs["tls"].ca_cert == str(docker_dir / "ca.pem")


def test_ssl_version_and_assert_hostname_are_passed(certs: Path) -> None:
    kwargs = kwargs_from_env(
        ssl_version="tls1.2",
        assert_hostname=True,
        environment={"DOCKER_CERT_PATH": str(certs)},
    )
    assert kwargs["tls"].ssl_version == "tls1.2"
    assert kwargs["tls"].assert_hostname is True


def test_missing_cert_files_raise(tmp_path: Path) -> None:
    with pytest.raises(TLSParameterError):
        kwargs_from_env(environment={"DOCKER_CERT_PATH": str(tmp_path / "nowhere")})


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DOCKER_HOST", "unix:///tmp/other.sock")
    assert kwargs_from_env() == {"base_url": "unix:///tmp/other.sock"}


def test_tls_params_fall_back_to_a_dict_without_the_tls_module(
    monkeypatch: pytest.MonkeyPatch, certs: Path
) -> None:
    import importlib

    real = importlib.import_module

    def fake_import(name: str, package: str | None = None) -> Any:
        if name == "dockersdk.tls":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake_import)
    kwargs = kwargs_from_env(environment={"DOCKER_CERT_PATH": str(certs), "DOCKER_TLS_VERIFY": "1"})
    assert kwargs["tls"] == {
        "client_cert": (str(certs / "cert.pem"), str(certs / "key.pem")),
        "ca_cert": str(certs / "ca.pem"),
        "verify": True,
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("A=1\nB=two\n", {"A": "1", "B": "two"}),
        ("# comment\n\n   \nA=1\n", {"A": "1"}),
        ("   # indented comment\nA=1", {"A": "1"}),
        ("URL=postgres://u:p@h/db?x=1\n", {"URL": "postgres://u:p@h/db?x=1"}),
        ("EQ=a=b=c\n", {"EQ": "a=b=c"}),
        ("EMPTY=\n", {"EMPTY": ""}),
        ("  LEAD=x\n", {"LEAD": "x"}),
        ("SPACES= keep both \n", {"SPACES": " keep both "}),
        ('QUOTED="as is"\n', {"QUOTED": '"as is"'}),
        ("A=1\r\nB=2\r\n", {"A": "1", "B": "2"}),
        ("\ufeffA=1\n", {"A": "1"}),
        ("A=1\nA=2\n", {"A": "2"}),
        ("", {}),
    ],
)
def test_parse_env_file(tmp_path: Path, content: str, expected: dict[str, str]) -> None:
    path = tmp_path / "app.env"
    path.write_bytes(content.encode("utf-8"))
    assert parse_env_file(path) == expected
    assert parse_env_file(str(path)) == expected


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("A=1\nJUSTANAME\n", 2, "expected NAME=value"),
        ("A=1\n\n=value\n", 3, "no variable name"),
        ("BAD KEY=1\n", 1, "contains whitespace"),
        ("TAB\tKEY=1\n", 1, "contains whitespace"),
    ],
)
def test_parse_env_file_errors_name_the_line(
    tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "bad.env"
    path.write_text(content)
    with pytest.raises(InvalidArgument) as info:
        parse_env_file(path)
    message = str(info.value)
    assert f"line {line}" in message
    assert reason in message
    assert os.fspath(path) in message


def test_parse_env_file_rejects_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bin.env"
    path.write_bytes(b"A=1\nB=\xff\n")
    with pytest.raises(InvalidArgument, match="line 2: not valid UTF-8"):
        parse_env_file(path)


def test_parse_env_file_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parse_env_file(tmp_path / "absent.env")
