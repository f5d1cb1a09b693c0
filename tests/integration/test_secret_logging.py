"""Registry passwords never reach a log line (at DEBUG, on every logger), a repr, a str or an
exception, through real login, push and pull against ``docker-registry`` with htpasswd.

On a unix socket the client logs one DEBUG line per request itself (``dockersdk.api``:
method, path, status; the lean transport logs nothing); over TCP, TLS and ssh httpcore
logs its steps at DEBUG with the *response* headers. None of them logs request headers or
bodies, so neither the login body nor ``X-Registry-Auth`` can leak through them. The test
proves it by capturing everything, and fails if any of them starts logging request headers.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import re
import traceback
from collections.abc import Iterator

import pytest

from dockersdk.auth import AuthConfig, encode_header
from dockersdk.errors import APIError, DockerException, ImageNotFound
from tests.fixtures.flavours import open_api, open_client
from tests.integration.test_api_registry import PASSWORD, USER, registry, repo  # noqa: F401

pytestmark = pytest.mark.integration

WRONG = "wr0ng-Pa55-do-not-log"
LOGGERS = ("", "dockersdk", "httpx", "httpcore", "dockersdk.auth", "dockersdk.api")
TOKEN = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def texts(self) -> Iterator[str]:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        for record in self.records:
            yield formatter.format(record)
            yield repr(record.args)
            if record.exc_info:
                yield "".join(traceback.format_exception(*record.exc_info))


@pytest.fixture
def captured() -> Iterator[Capture]:
    handler = Capture()
    saved = {name: logging.getLogger(name).level for name in LOGGERS}
    root = logging.getLogger()
    root.addHandler(handler)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def secret_forms(registry_address: str) -> set[str]:
    """The passwords, and every encoding of them we might send (X-Registry-Auth, basic)."""
    forms = {PASSWORD, WRONG}
    for password in (PASSWORD, WRONG):
        basic = f"{USER}:{password}".encode()
        forms.add(base64.b64encode(basic).decode())
        forms.add(base64.urlsafe_b64encode(basic).decode())
        for auth in (
            {"username": USER, "password": password},
            {"username": USER, "password": password, "serveraddress": registry_address},
        ):
            header = encode_header(auth)
            forms.update({header, header.rstrip("=")})
            forms.add(base64.b64encode(json.dumps(auth).encode()).decode())
    return forms


def assert_clean(texts: list[str], forms: set[str]) -> None:
    for text in texts:
        for form in forms:
            assert form not in text, f"secret {form[:6]}... leaked into {text[:300]!r}"
        for token in TOKEN.findall(text):  # any base64 blob that decodes to a password
            padded = token + "=" * (-len(token) % 4)
            for decode in (base64.urlsafe_b64decode, base64.b64decode):
                with contextlib.suppress(binascii.Error, ValueError):
                    decoded = decode(padded)
                    assert PASSWORD.encode() not in decoded, f"encoded password in {text[:300]!r}"
                    assert WRONG.encode() not in decoded, f"encoded password in {text[:300]!r}"


def describe(obj: object) -> list[str]:
    texts = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        texts += traceback.format_exception(type(obj), obj, obj.__traceback__)
        texts += [repr(vars(obj))] if hasattr(obj, "__dict__") else []
        if isinstance(obj, APIError):
            texts.append(str(obj.explanation))
            if obj.response is not None:
                texts.append(obj.response.text)
                texts.append(repr(obj.response.request.url))
    return texts


def test_no_password_in_logs_reprs_or_errors(
    engine_url: str,
    flavour: str,
    registry: str,  # noqa: F811
    repo: str,  # noqa: F811
    test_image: str,
    captured: Capture,
) -> None:
    texts: list[str] = []
    good = {"username": USER, "password": PASSWORD, "serveraddress": registry}
    bad = {"username": USER, "password": WRONG, "serveraddress": registry}
    with open_api(flavour, base_url=engine_url) as api:
        with pytest.raises(DockerException) as wrong_login:
            api.login(USER, WRONG, registry=registry, reauth=True)
        texts += describe(wrong_login.value)
        answer = api.login(USER, PASSWORD, registry=registry, reauth=True)
        texts += [repr(answer), str(answer), repr(api), str(api)]
        api.tag(test_image, repo, "v1")
        try:
            texts.append(api.push(repo, "v1", auth_config=bad))  # the refusal, in the text
            with pytest.raises(APIError) as wrong_push:
                api.push(repo, "v1", auth_config=bad, raise_on_error=True)
            texts += describe(wrong_push.value)
            pushed = api.push(repo, "v1", auth_config=good)
            assert "digest: sha256:" in pushed
            texts.append(pushed)
            api.remove_image(f"{repo}:v1")
            pulled = api.pull(repo, "v1", auth_config=good)
            texts.append(pulled)
            with pytest.raises(APIError) as wrong_pull:
                api.pull(repo, "v1", auth_config=bad, raise_on_error=True)
            texts += describe(wrong_pull.value)
        finally:
            with contextlib.suppress(ImageNotFound):
                api.remove_image(f"{repo}:v1", force=True)

    with open_client(flavour, base_url=engine_url) as client:
        client.login(USER, PASSWORD, registry=registry, reauth=True)
        texts += [repr(client), str(client), repr(client.api), str(client.api)]
        with pytest.raises(DockerException) as wrong_client_login:
            client.login(USER, WRONG, registry=registry, reauth=True)
        texts += describe(wrong_client_login.value)

    config = AuthConfig({"auths": {registry: {"username": USER, "password": PASSWORD}}})
    texts += [repr(config), str(config), repr(config.resolve_authconfig(registry))]
    texts += [str(config.resolve_authconfig(registry))]

    texts += list(captured.texts())
    # The capture saw the request log: one line per request, logins and pushes included.
    lines = [r.getMessage() for r in captured.records if r.name == "dockersdk.api"]
    assert any(line.startswith("POST /v") and "/auth -> " in line for line in lines), lines
    assert any("/push -> 200" in line for line in lines), lines
    assert_clean(texts, secret_forms(registry))


def test_the_checker_catches_a_leak() -> None:
    # Guard against a checker that can never fail.
    header = encode_header({"username": USER, "password": PASSWORD})
    for leaked in (f"X-Registry-Auth: {header}", f"pw={PASSWORD}", f"h={header.rstrip('=')}"):
        with pytest.raises(AssertionError):
            assert_clean([leaked], secret_forms("127.0.0.1:5000"))
    hidden = base64.b64encode(f"prefix {PASSWORD} suffix".encode()).decode()
    with pytest.raises(AssertionError):
        assert_clean([f"blob {hidden}"], set())
