"""Credential helpers against Debian's real ``docker-credential-pass``.

Each test gets its own throwaway HOME, GNUPGHOME (a gpg key without passphrase),
PASSWORD_STORE_DIR (``pass init``) and DOCKER_CONFIG, all under ``tmp_path`` and set with
``monkeypatch`` only; the real user's keyring, password store and Docker config are never
touched. The gpg-agent that ``pass`` starts is killed when the test ends.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dockersdk import credentials
from dockersdk.auth import AuthConfig, load_config, resolve_authconfig
from dockersdk.errors import DockerException

pytestmark = pytest.mark.integration

REGISTRY = "registry.example.com"
OTHER_REGISTRY = "unknown.example.com"
USERNAME = "dsdk-user"
SECRET = "s3cr3t-Pa55-dsdk-7f3a91"  # throwaway test credential
TOOLS = ("gpg", "gpgconf", "pass", "docker-credential-pass")


@dataclass
class PassStore:
    home: Path
    gnupghome: Path
    store_dir: Path
    docker_config: Path

    def write_config(self, config: dict[str, object]) -> Path:
        path = self.docker_config / "config.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return path


def run(argv: list[str], stdin: str = "") -> str:
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{argv[0]} {argv[1]} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def kill_agent(gnupghome: Path) -> None:
    """Stop the gpg-agent of ``gnupghome`` and wait until its socket is gone."""
    env = {**os.environ, "GNUPGHOME": str(gnupghome)}
    socket = subprocess.run(
        ["gpgconf", "--list-dirs", "agent-socket"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True, check=False)
    deadline = time.monotonic() + 10
    while socket and os.path.exists(socket) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (socket and os.path.exists(socket)), f"gpg-agent still running ({socket})"


@pytest.fixture
def pass_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PassStore]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not installed: scripts/engines/install.sh installs them "
            "(packages golang-docker-credential-helpers, pass, gnupg)"
        )
    # Short directory names: gpg-agent's socket may live in GNUPGHOME (108-byte limit).
    store = PassStore(tmp_path / "h", tmp_path / "g", tmp_path / "p", tmp_path / "d")
    for directory in (store.home, store.gnupghome, store.docker_config):
        directory.mkdir(mode=0o700)
    monkeypatch.setenv("HOME", str(store.home))
    monkeypatch.setenv("GNUPGHOME", str(store.gnupghome))
    monkeypatch.setenv("PASSWORD_STORE_DIR", str(store.store_dir))
    monkeypatch.setenv("DOCKER_CONFIG", str(store.docker_config))
    for name in ("PASSWORD_STORE_KEY", "PASSWORD_STORE_GPG_OPTS", "GPG_AGENT_INFO"):
        monkeypatch.delenv(name, raising=False)
    try:
        run(
            [
                "gpg",
                "--batch",
                "--passphrase",
                "",
                "--quick-gen-key",
                "dockersdk test <dsdk-test@example.invalid>",
                "future-default",
                "default",
                "never",
            ]
        )
        listing = run(["gpg", "--batch", "--with-colons", "--list-secret-keys"])
        fingerprint = next(
            line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")
        )
        run(["pass", "init", fingerprint])
        payload = {"ServerURL": REGISTRY, "Username": USERNAME, "Secret": SECRET}
        run(["docker-credential-pass", "store"], json.dumps(payload))
        yield store
    finally:
        kill_agent(store.gnupghome)


def assert_no_secret(*objects: object) -> None:
    for obj in objects:
        assert SECRET not in repr(obj)
        assert SECRET not in str(obj)


def test_helper_itself_works(pass_store: PassStore) -> None:
    # The raw Store API against the real helper: get, list, and pass's empty answer.
    store = credentials.Store("pass")
    assert store.get(REGISTRY) == {"ServerURL": REGISTRY, "Username": USERNAME, "Secret": SECRET}
    assert store.list() == {REGISTRY: USERNAME}
    assert repr(store) == "Store('docker-credential-pass')"
    # docker-credential-pass answers {"Username": "", "Secret": ""} with exit 0 for an
    # unknown server; the Store turns that into CredentialsNotFound.
    with pytest.raises(credentials.CredentialsNotFound) as info:
        store.get(OTHER_REGISTRY)
    assert_no_secret(info.value)


@pytest.mark.parametrize(
    "config",
    [{"credsStore": "pass"}, {"credHelpers": {REGISTRY: "pass"}}],
    ids=["credsStore", "credHelpers"],
)
def test_resolve_from_pass(pass_store: PassStore, config: dict[str, object]) -> None:
    pass_store.write_config(config)
    auth_config = load_config()
    assert isinstance(auth_config, AuthConfig)
    assert auth_config.get_credential_store(REGISTRY) == "pass"

    entry = resolve_authconfig(auth_config, REGISTRY)
    assert entry == {"ServerAddress": REGISTRY, "Username": USERNAME, "Password": SECRET}
    assert_no_secret(auth_config, entry)
    assert "***" in repr(entry)

    # An unknown server: documented as None ("The credentials for registry ..., or None").
    assert resolve_authconfig(auth_config, OTHER_REGISTRY) is None
    assert_no_secret(auth_config)


def test_unknown_server_falls_back_to_auths(pass_store: PassStore) -> None:
    # pass has nothing for OTHER_REGISTRY, so the file's own `auths` entry is used.
    file_secret = "file-only-secret-0b21"
    encoded = base64.b64encode(f"fileuser:{file_secret}".encode()).decode()
    pass_store.write_config({"credsStore": "pass", "auths": {OTHER_REGISTRY: {"auth": encoded}}})
    auth_config = load_config()
    entry = resolve_authconfig(auth_config, OTHER_REGISTRY)
    assert entry is not None
    assert entry["username"] == "fileuser"
    assert entry["password"] == file_secret
    assert file_secret not in repr(auth_config) + str(auth_config) + repr(entry) + str(entry)
    assert resolve_authconfig(auth_config, REGISTRY) == {
        "ServerAddress": REGISTRY,
        "Username": USERNAME,
        "Password": SECRET,
    }


def test_get_all_credentials(pass_store: PassStore) -> None:
    pass_store.write_config({"credsStore": "pass"})
    auth_config = load_config()
    every = auth_config.get_all_credentials()
    assert every[REGISTRY] == {"ServerAddress": REGISTRY, "Username": USERNAME, "Password": SECRET}
    assert_no_secret(auth_config, every[REGISTRY])


def test_credstore_env_reaches_helper(
    pass_store: PassStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without GNUPGHOME/PASSWORD_STORE_DIR in os.environ, credstore_env must carry them.
    monkeypatch.delenv("GNUPGHOME")
    monkeypatch.delenv("PASSWORD_STORE_DIR")
    pass_store.write_config({"credsStore": "pass"})
    env = {"GNUPGHOME": str(pass_store.gnupghome), "PASSWORD_STORE_DIR": str(pass_store.store_dir)}
    auth_config = load_config(credstore_env=env)
    entry = auth_config.resolve_authconfig(REGISTRY)
    assert entry == {"ServerAddress": REGISTRY, "Username": USERNAME, "Password": SECRET}


def test_helper_failure_does_not_leak_secret(pass_store: PassStore, tmp_path: Path) -> None:
    # An empty keyring cannot decrypt the stored entry: the helper fails, and neither the
    # DockerException nor its cause quotes the secret.
    empty = tmp_path / "e"
    empty.mkdir(mode=0o700)
    pass_store.write_config({"credHelpers": {REGISTRY: "pass"}})
    auth_config = load_config(credstore_env={"GNUPGHOME": str(empty)})
    try:
        with pytest.raises(DockerException) as info:
            auth_config.resolve_authconfig(REGISTRY)
    finally:
        kill_agent(empty)
    exc = info.value
    assert "docker-credential-pass" in str(exc)
    assert isinstance(exc.__cause__, credentials.StoreError)
    assert_no_secret(exc, exc.__cause__, auth_config)
