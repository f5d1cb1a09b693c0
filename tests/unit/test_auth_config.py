"""Docker config files, registry name normalisation, credential resolution, the auth header."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dockersdk.auth import auth
from dockersdk.errors import InvalidConfigFile, InvalidRepository
from tests.unit import test_auth_fixtures as fixtures
from tests.unit.test_auth_fixtures import b64auth

# The shared fixtures, registered in this module.
home = fixtures.home
docker_config = fixtures.docker_config

HUB = "https://index.docker.io/v1/"


def test_the_package_and_module_expose_the_same_functions() -> None:
    import dockersdk.auth

    assert dockersdk.auth.auth is auth
    for name in auth.__all__:
        assert getattr(dockersdk.auth, name) is getattr(auth, name)
    assert (auth.INDEX_NAME, auth.INDEX_URL) == ("docker.io", HUB)


# -- finding and reading the config file -------------------------------------------------------


def test_load_config_reads_docker_config_dir(docker_config: Callable[..., Path]) -> None:
    docker_config(
        {
            "auths": {
                HUB: {"auth": b64auth("hubuser", "hunter2-password"), "email": "a@b.c"},
                "registry.example.com": {"auth": b64auth("me", "pw:with:colons")},
                "token.example.com": {"identitytoken": "tok3n-identity"},
                "helper.example.com": {},
            },
            "HttpHeaders": {"X-Meta": "1"},
        }
    )
    config = auth.load_config()
    assert isinstance(config, dict)
    assert len(config.get("auths", {})) == 4
    assert config["auths"][HUB] == {
        "username": "hubuser",
        "password": "hunter2-password",
        "email": "a@b.c",
        "serveraddress": HUB,
    }
    assert config["auths"]["registry.example.com"]["password"] == "pw:with:colons"
    assert config["auths"]["token.example.com"] == {"IdentityToken": "tok3n-identity"}
    assert config["auths"]["helper.example.com"] == {}
    assert "HttpHeaders" not in config


def test_load_config_prefers_an_explicit_path(
    tmp_path: Path, docker_config: Callable[..., Path]
) -> None:
    docker_config({"auths": {"env.example.com": {"auth": b64auth("a", "b")}}})
    explicit = tmp_path / "explicit.json"
    explicit.write_text(json.dumps({"auths": {"file.example.com": {"auth": b64auth("c", "d")}}}))
    assert list(auth.load_config(str(explicit)).auths) == ["file.example.com"]
    assert list(auth.load_config(explicit).auths) == ["file.example.com"]
    assert list(auth.load_config().auths) == ["env.example.com"]


def test_load_config_falls_back_to_home(home: Path) -> None:
    (home / ".docker").mkdir()
    (home / ".docker" / "config.json").write_text(json.dumps({"credsStore": "desktop"}))
    config = auth.load_config()
    assert config.creds_store == "desktop"
    assert config.auths == {}
    assert config.cred_helpers == {}


def test_load_config_reads_the_legacy_dockercfg(home: Path) -> None:
    (home / ".dockercfg").write_text(f"auth = {b64auth('old', 'hunter2-password')}\nemail = o@x\n")
    config = auth.load_config()
    assert config.auths[auth.INDEX_NAME] == {
        "username": "old",
        "password": "hunter2-password",
        "email": "o@x",
        "serveraddress": HUB,
    }


def test_load_config_reads_a_legacy_auth_only_json_file(home: Path) -> None:
    (home / ".dockercfg").write_text(json.dumps({HUB: {"auth": b64auth("u", "p"), "email": "e"}}))
    assert auth.load_config().auths[HUB]["username"] == "u"


def test_load_config_without_a_file_is_empty(home: Path) -> None:
    config = auth.load_config()
    assert config == {"auths": {}}
    assert config.is_empty
    assert auth.find_config_file() is None


def test_load_config_of_an_unreadable_legacy_file_is_empty(home: Path) -> None:
    (home / ".dockercfg").write_text("nonsense")
    assert auth.load_config().is_empty


def test_load_config_from_a_dict_does_not_modify_it() -> None:
    given = {"auths": {"r.example.com": {"auth": b64auth("u", "p")}}, "credsStore": "x"}
    snapshot = json.loads(json.dumps(given))
    config = auth.load_config(config_dict=given)
    assert config.creds_store == "x"
    assert given == snapshot


@pytest.mark.parametrize(
    ("auths", "message"),
    [
        ({"r.example.com": "not-a-dict"}, "registry r.example.com"),
        ({"r.example.com": {"auth": "!!notbase64hunter2-password"}}, "registry r.example.com"),
        ({"r.example.com": {"auth": base64.b64encode(b"no-colon").decode()}}, "r.example.com"),
    ],
)
def test_malformed_entries_raise_invalid_config_file(
    docker_config: Callable[..., Path], auths: dict[str, Any], message: str
) -> None:
    docker_config({"auths": auths})
    with pytest.raises(InvalidConfigFile) as info:
        auth.load_config()
    assert message in str(info.value)
    assert "hunter2" not in str(info.value)
    assert info.value.__cause__ is None


def test_a_config_file_that_is_not_an_object_raises(docker_config: Callable[..., Path]) -> None:
    path = docker_config({})
    path.write_text("[1, 2]")
    with pytest.raises(InvalidConfigFile, match="JSON object"):
        auth.load_config()


# -- registry names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ubuntu", ("docker.io", "ubuntu")),
        ("library/ubuntu", ("docker.io", "library/ubuntu")),
        ("user/app", ("docker.io", "user/app")),
        ("docker.io/user/app", ("docker.io", "user/app")),
        ("index.docker.io/user/app", ("docker.io", "user/app")),
        ("localhost/app", ("localhost", "app")),
        ("localhost:5000/app", ("localhost:5000", "app")),
        ("registry.example.com/team/app", ("registry.example.com", "team/app")),
        ("my-registry:443/a/b/c", ("my-registry:443", "a/b/c")),
        ("[::1]:5000/app", ("[::1]:5000", "app")),
    ],
)
def test_resolve_repository_name(name: str, expected: tuple[str, str]) -> None:
    assert auth.resolve_repository_name(name) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("https://registry.example.com/app", "scheme"),
        ("-bad.example.com/app", "hyphen"),
        ("bad.example.com-/app", "hyphen"),
        ("", "empty"),
        ("registry.example.com/", "Invalid repository name"),
    ],
)
def test_resolve_repository_name_rejects(name: str, message: str) -> None:
    with pytest.raises(InvalidRepository, match=message):
        auth.resolve_repository_name(name)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("docker.io", "docker.io"),
        ("index.docker.io", "docker.io"),
        (HUB, "docker.io"),
        ("http://index.docker.io/v1/", "docker.io"),
        ("https://registry.example.com:5000/v2/", "registry.example.com:5000"),
        ("registry.example.com", "registry.example.com"),
    ],
)
def test_resolve_index_name(index: str, expected: str) -> None:
    assert auth.resolve_index_name(index) == expected


def test_split_repo_name_and_convert_to_hostname() -> None:
    assert auth.split_repo_name("a/b") == ("docker.io", "a/b")
    assert auth.split_repo_name("a.b/c/d") == ("a.b", "c/d")
    assert auth.convert_to_hostname("https://a.b:1/v1/x") == "a.b:1"


# -- resolving credentials ------------------------------------------------------------------


@pytest.mark.parametrize("key", [HUB, "index.docker.io", "docker.io", "https://index.docker.io"])
@pytest.mark.parametrize(
    "registry", [None, "docker.io", "index.docker.io", HUB, "https://index.docker.io/v1"]
)
def test_docker_hub_is_found_under_every_spelling(key: str, registry: str | None) -> None:
    config = auth.AuthConfig({"auths": {key: {"username": "u", "password": "p"}}})
    assert config.resolve_authconfig(registry) == {"username": "u", "password": "p"}


def test_a_registry_is_matched_by_hostname() -> None:
    config = auth.load_config(
        config_dict={"auths": {"https://registry.example.com/v2/": {"auth": b64auth("u", "p")}}}
    )
    found = auth.resolve_authconfig(config, "registry.example.com")
    assert found is not None and found["username"] == "u"
    assert auth.resolve_authconfig(config, "other.example.com") is None
    assert auth.resolve_authconfig(config) is None


def test_the_seeds_example_passing_the_auths_map(docker_config: Callable[..., Path]) -> None:
    docker_config({"auths": {"registry.example.com": {"auth": b64auth("me", "hunter2-password")}}})
    config = auth.load_config()
    found = auth.resolve_authconfig(config.get("auths", {}), "registry.example.com")
    assert found == {
        "username": "me",
        "password": "hunter2-password",
        "email": None,
        "serveraddress": "registry.example.com",
    }


def test_add_auth_and_properties() -> None:
    config = auth.AuthConfig({})
    assert config.is_empty
    config.add_auth("r.example.com", {"username": "a", "password": "b"})
    assert config.resolve_authconfig("r.example.com") == {"username": "a", "password": "b"}
    assert not config.is_empty
    config = auth.AuthConfig({"credHelpers": {"r.example.com": "ecr"}, "credsStore": "desktop"})
    assert config.cred_helpers == {"r.example.com": "ecr"}
    assert config.get_credential_store("r.example.com") == "ecr"
    assert config.get_credential_store("x.example.com") == "desktop"
    assert auth.get_credential_store({"credsStore": "pass"}, None) == "pass"


def test_parse_auth_module_function() -> None:
    parsed = auth.parse_auth({"r": {"auth": b64auth("u", "p")}})
    assert parsed["r"]["password"] == "p"
    assert auth.parse_auth({"r": "x"}) == {}
    with pytest.raises(InvalidConfigFile):
        auth.parse_auth({"r": "x"}, raise_on_error=True)


# -- the X-Registry-Auth header ------------------------------------------------------------------


def test_encode_header_is_url_safe_base64_json() -> None:
    manual = {
        "username": "myuser",
        "password": "mypass???>>>",
        "serveraddress": "https://registry.example.com",
    }
    header = auth.encode_header(manual)
    assert isinstance(header, str)
    assert "+" not in header and "/" not in header
    assert json.loads(base64.urlsafe_b64decode(header)) == manual
    assert header == base64.urlsafe_b64encode(json.dumps(manual).encode()).decode()


def test_get_config_header_loads_once_and_caches(
    docker_config: Callable[..., Path],
) -> None:
    docker_config({"auths": {"r.example.com": {"auth": b64auth("u", "p")}}})
    client = SimpleNamespace(_auth_configs=None, credstore_env=None)
    header = auth.get_config_header(client, "r.example.com")
    assert header is not None
    assert json.loads(base64.urlsafe_b64decode(header))["username"] == "u"
    assert isinstance(client._auth_configs, auth.AuthConfig)
    assert auth.get_config_header(client, "none.example.com") is None


def test_get_config_header_uses_the_clients_configs() -> None:
    configs = auth.AuthConfig({"auths": {"r.example.com": {"username": "mem"}}})
    client = SimpleNamespace(_auth_configs=configs, credstore_env=None)
    header = auth.get_config_header(client, "r.example.com")
    assert header is not None
    assert json.loads(base64.urlsafe_b64decode(header)) == {"username": "mem"}
    assert client._auth_configs is configs
