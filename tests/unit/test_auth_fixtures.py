"""Shared fixtures for the auth tests (no tests here): temp config files, a fake helper."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SECRETS = ("hunter2-password", "tok3n-identity", "s3cret-from-helper")

HELPER = """#!{python}
import json, os, sys
path = os.environ["FAKE_CRED_STORE"]
data = json.load(open(path)) if os.path.exists(path) else {{}}
command, given = sys.argv[1], sys.stdin.read()
if command == "get":
    server = given.strip()
    if server == "https://explode.example.com":
        sys.stderr.write("the helper exploded\\n")
        sys.exit(3)
    if server == "https://leaky.example.com":
        print(json.dumps({{"Username": "u", "Secret": "leaked-s3cret-from-helper"}}))
        sys.exit(4)
    if server == "https://garbage.example.com":
        print("not json s3cret-from-helper")
        sys.exit(0)
    if server in data:
        user, secret = data[server]
        print(json.dumps({{"ServerURL": server, "Username": user, "Secret": secret}}))
    else:
        print("credentials not found in native keychain")
        sys.exit(1)
elif command == "list":
    print(json.dumps({{k: v[0] for k, v in data.items()}}))
elif command == "store":
    entry = json.loads(given)
    data[entry["ServerURL"]] = [entry["Username"], entry["Secret"]]
    json.dump(data, open(path, "w"))
elif command == "erase":
    data.pop(given.strip(), None)
    json.dump(data, open(path, "w"))
"""


def b64auth(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home directory, with DOCKER_CONFIG unset."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    return home


@pytest.fixture
def docker_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path
) -> Callable[..., Path]:
    """Write ``$DOCKER_CONFIG/config.json`` from a dict and point DOCKER_CONFIG at it."""

    def write(config: dict[str, Any]) -> Path:
        directory = tmp_path / "docker-config"
        directory.mkdir(exist_ok=True)
        path = directory / "config.json"
        path.write_text(json.dumps(config))
        monkeypatch.setenv("DOCKER_CONFIG", str(directory))
        return path

    return write


@pytest.fixture
def helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Install ``docker-credential-<name>`` on PATH backed by a JSON file of credentials."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    store_file = tmp_path / "cred-store.json"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_CRED_STORE", str(store_file))

    def install(name: str = "fake", credentials: dict[str, list[str]] | None = None) -> Path:
        script = bin_dir / f"docker-credential-{name}"
        script.write_text(HELPER.format(python=sys.executable))
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        if credentials is not None:
            store_file.write_text(json.dumps(credentials))
        return store_file

    return install
