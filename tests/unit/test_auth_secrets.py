"""No password, identity token or ``auth`` string shows in a repr, str, exception or log line."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from dockersdk.auth import auth
from dockersdk.errors import DockerException
from tests.unit import test_auth_fixtures as fixtures
from tests.unit.test_auth_fixtures import SECRETS, b64auth

home = fixtures.home
docker_config = fixtures.docker_config
helper = fixtures.helper

PASSWORD, TOKEN, HELPER_SECRET = SECRETS
AUTH_STRING = b64auth("user", PASSWORD)


def assert_clean(text: str) -> None:
    for secret in (*SECRETS, AUTH_STRING):
        assert secret not in text, f"{secret!r} leaked into {text!r}"


@pytest.fixture
def loaded(docker_config: Callable[..., Path], helper: Callable[..., Path]) -> auth.AuthConfig:
    helper("fake", {"https://helped.example.com": ["h", HELPER_SECRET]})
    docker_config(
        {
            "auths": {
                "r.example.com": {"auth": AUTH_STRING, "email": "e@x"},
                "t.example.com": {"identitytoken": TOKEN},
            },
            "credHelpers": {"https://helped.example.com": "fake"},
        }
    )
    return auth.load_config()


def test_auth_config_repr_and_str_mask_secrets(loaded: auth.AuthConfig) -> None:
    for text in (repr(loaded), str(loaded), f"{loaded}", repr(loaded["auths"]), repr([loaded])):
        assert_clean(text)
    assert "'password': '***'" in repr(loaded)
    assert "'IdentityToken': '***'" in repr(loaded)
    assert "'username': 'user'" in repr(loaded)  # the rest stays readable
    assert loaded["auths"]["r.example.com"]["password"] == PASSWORD  # the value is intact


def test_resolved_entries_mask_secrets(loaded: auth.AuthConfig) -> None:
    for registry in ("r.example.com", "t.example.com", "https://helped.example.com"):
        entry = loaded.resolve_authconfig(registry)
        assert entry
        assert_clean(repr(entry))
        assert_clean(str(entry))
        assert_clean(repr(loaded.get_all_credentials()))
    helped = loaded.resolve_authconfig("https://helped.example.com")
    assert helped is not None and helped["Password"] == HELPER_SECRET


def test_an_auth_config_built_from_a_raw_config_masks_the_auth_string() -> None:
    raw = auth.AuthConfig({"auths": {"r": {"auth": AUTH_STRING, "password": PASSWORD}}})
    assert_clean(repr(raw))


def test_log_lines_carry_no_secret(
    caplog: pytest.LogCaptureFixture,
    docker_config: Callable[..., Path],
    helper: Callable[..., Path],
) -> None:
    caplog.set_level(logging.DEBUG)
    helper("fake", {"https://helped.example.com": ["h", HELPER_SECRET]})
    docker_config(
        {
            "auths": {"r.example.com": {"auth": AUTH_STRING}, "t": {"identitytoken": TOKEN}},
            "credsStore": "fake",
        }
    )
    config = auth.load_config()
    for registry in ("r.example.com", "t", "https://helped.example.com", None):
        config.resolve_authconfig(registry)
    assert caplog.records
    assert_clean("\n".join(record.getMessage() for record in caplog.records))


def test_exceptions_carry_no_secret(
    docker_config: Callable[..., Path], helper: Callable[..., Path]
) -> None:
    no_colon = base64.b64encode(PASSWORD.encode()).decode()  # the secret, but malformed
    docker_config({"auths": {"r.example.com": {"auth": no_colon}}})
    with pytest.raises(DockerException) as info:
        auth.load_config()
    assert_clean(f"{info.value} {info.value!r}")
    assert no_colon not in f"{info.value} {info.value!r}"

    helper("fake")
    config = auth.AuthConfig({"credsStore": "fake"})
    with pytest.raises(DockerException) as info:
        config.resolve_authconfig("https://leaky.example.com")
    assert_clean(f"{info.value} {info.value!r} {info.value.__cause__!r}")
