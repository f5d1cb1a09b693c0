"""Credential helpers (``credsStore``, ``credHelpers``) run as real subprocesses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dockersdk import credentials
from dockersdk.auth import auth
from dockersdk.errors import DockerException
from tests.unit import test_auth_fixtures as fixtures
from tests.unit.test_auth_fixtures import b64auth

home = fixtures.home
docker_config = fixtures.docker_config
helper = fixtures.helper

HUB = auth.INDEX_URL


def test_creds_store_answers_for_every_registry(
    docker_config: Callable[..., Path], helper: Callable[..., Path]
) -> None:
    helper(
        "fake",
        {
            HUB: ["hubuser", "s3cret-from-helper"],
            "registry.example.com": ["me", "pw"],
            "tok.example.com": ["<token>", "tok3n-identity"],
        },
    )
    docker_config({"credsStore": "fake", "auths": {"registry.example.com": {}}})
    config = auth.load_config()
    assert config.resolve_authconfig() == {
        "ServerAddress": HUB,
        "Username": "hubuser",
        "Password": "s3cret-from-helper",
    }
    assert auth.resolve_authconfig(config, "docker.io")["Username"] == "hubuser"  # type: ignore[index]
    assert config.resolve_authconfig("registry.example.com") == {
        "ServerAddress": "registry.example.com",
        "Username": "me",
        "Password": "pw",
    }
    assert config.resolve_authconfig("tok.example.com") == {
        "ServerAddress": "tok.example.com",
        "IdentityToken": "tok3n-identity",
    }


def test_not_found_in_the_helper_falls_back_to_auths(
    docker_config: Callable[..., Path], helper: Callable[..., Path]
) -> None:
    helper("fake", {})
    docker_config(
        {"credsStore": "fake", "auths": {"file.example.com": {"auth": b64auth("f", "p")}}}
    )
    config = auth.load_config()
    assert config.resolve_authconfig("nowhere.example.com") is None
    assert config.resolve_authconfig("file.example.com")["username"] == "f"  # type: ignore[index]


def test_cred_helpers_take_precedence_over_the_store(
    docker_config: Callable[..., Path], helper: Callable[..., Path]
) -> None:
    helper("fake", {"ecr.example.com": ["AWS", "ecr-token"]})
    helper("other")
    docker_config({"credsStore": "other", "credHelpers": {"ecr.example.com": "fake"}})
    config = auth.load_config()
    assert config.get_credential_store("ecr.example.com") == "fake"
    assert config.resolve_authconfig("ecr.example.com")["Password"] == "ecr-token"  # type: ignore[index]


def test_get_all_credentials(
    docker_config: Callable[..., Path], helper: Callable[..., Path]
) -> None:
    helper(
        "fake",
        {"https://store.example.com/v1/": ["s", "sp"], "helped.example.com": ["h", "hp"]},
    )
    docker_config(
        {
            "credsStore": "fake",
            "credHelpers": {"helped.example.com": "fake"},
            "auths": {"file.example.com": {"auth": b64auth("f", "fp")}},
        }
    )
    everything = auth.load_config().get_all_credentials()
    assert everything["file.example.com"]["username"] == "f"
    assert everything["https://store.example.com/v1/"]["Username"] == "s"
    assert everything["store.example.com"]["Password"] == "sp"
    assert everything["helped.example.com"]["Password"] == "hp"


def test_credstore_env_reaches_the_helper(
    tmp_path: Path, helper: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    helper("fake")
    other_store = tmp_path / "other-store.json"
    other_store.write_text(json.dumps({"r.example.com": ["env-user", "env-pass"]}))
    config = auth.AuthConfig(
        {"credsStore": "fake"}, credstore_env={"FAKE_CRED_STORE": str(other_store)}
    )
    assert config.resolve_authconfig("r.example.com")["Username"] == "env-user"  # type: ignore[index]
    assert (
        auth.resolve_authconfig(
            {"credsStore": "fake"},
            "r.example.com",
            credstore_env={"FAKE_CRED_STORE": str(other_store)},
        )["Password"]  # type: ignore[index]
        == "env-pass"
    )


@pytest.mark.parametrize(
    ("registry", "message"),
    [
        ("https://explode.example.com", "the helper exploded"),
        ("https://leaky.example.com", "withheld"),
        ("https://garbage.example.com", "not credentials JSON"),
    ],
)
def test_helper_failures_name_the_helper_never_the_secret(
    helper: Callable[..., Path], registry: str, message: str
) -> None:
    helper("fake")
    config = auth.AuthConfig({"credsStore": "fake"})
    with pytest.raises(DockerException) as info:
        config.resolve_authconfig(registry)
    text = f"{info.value} {info.value!r} {info.value.__cause__}"
    assert "docker-credential-fake" in text
    assert message in text
    assert "s3cret" not in text


def test_a_missing_helper_is_an_error(helper: Callable[..., Path]) -> None:
    helper("fake")
    config = auth.AuthConfig({"credHelpers": {"r.example.com": "absent"}})
    with (
        pytest.warns(UserWarning, match="docker-credential-absent not installed"),
        pytest.raises(DockerException, match="docker-credential-absent not installed"),
    ):
        config.resolve_authconfig("r.example.com")


def test_store_round_trip(helper: Callable[..., Path]) -> None:
    helper("fake", {})
    store = credentials.Store("fake")
    assert store.exe is not None and store.exe.endswith("docker-credential-fake")
    store.store("https://r.example.com", "user", "s3cret-from-helper")
    assert store.get("https://r.example.com") == {
        "ServerURL": "https://r.example.com",
        "Username": "user",
        "Secret": "s3cret-from-helper",
    }
    assert store.list() == {"https://r.example.com": "user"}
    store.erase("https://r.example.com")
    with pytest.raises(credentials.CredentialsNotFound):
        store.get("https://r.example.com")
    assert repr(store) == "Store('docker-credential-fake')"
    with pytest.warns(UserWarning, match="docker-credential-nope not installed"):
        missing = credentials.Store("nope")  # docker-py warns at construction
    assert missing.exe is None
    missing.exe = "env"  # docker-py's attribute: set, it is run as it is
    missing.environment = {"X_SET": "1"}
    assert b"\0X_SET=1\0" in missing._execute("--null", b"")


def test_empty_credentials_mean_not_found(helper: Callable[..., Path]) -> None:
    helper("fake", {"https://r.example.com": ["", ""]})
    with pytest.raises(credentials.CredentialsNotFound):
        credentials.Store("fake").get("https://r.example.com")


def test_store_errors_are_docker_exceptions() -> None:
    assert issubclass(credentials.CredentialsNotFound, credentials.StoreError)
    assert issubclass(credentials.StoreError, DockerException)
    env = credentials.create_environment_dict({"X_EXTRA": "1"})
    assert env["X_EXTRA"] == "1"
