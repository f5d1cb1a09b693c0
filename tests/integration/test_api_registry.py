"""Registry calls against a real ``docker-registry`` with htpasswd auth: login, push, pull,
distribution inspect, and plugin push/privileges/pull/upgrade.

The registry runs in the engine's own network namespace (``DOCKERSDK_NETNS_A``/``_B`` from
``engines.env``) on 127.0.0.1, which the engine treats as an insecure registry. The tests
fail when ``docker-registry``, ``htpasswd`` or the namespace is not available.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk import APIClient
from dockersdk.errors import APIError, ImageNotFound
from tests.integration.test_api_swarm_more import plugin_dir  # noqa: F401 (fixture)

LABELS = {"dockersdk.test": "1"}
USER, PASSWORD = "dsdk", "s3cret-pass"
PORT = 5000
REGISTRY = f"127.0.0.1:{PORT}"
CREDENTIALS = {"username": USER, "password": PASSWORD, "serveraddress": REGISTRY}

CONFIG = """version: 0.1
storage:
  filesystem:
    rootdirectory: {root}/data
  delete:
    enabled: true
http:
  addr: {addr}
auth:
  htpasswd:
    realm: dockersdk
    path: {root}/htpasswd
"""


def _engine_netns(engine_url: str) -> str | None:
    for key in ("A", "B", "PODMAN"):
        if os.environ.get(f"DOCKERSDK_ENGINE_{key}") == engine_url:
            return os.environ.get(f"DOCKERSDK_NETNS_{key}")
    return None


def _wait_listening(netns: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    probe = f"exec 3<>/dev/tcp/127.0.0.1/{PORT}"
    while subprocess.run(
        ["ip", "netns", "exec", netns, "bash", "-c", probe], capture_output=True
    ).returncode:
        if time.monotonic() > deadline:
            raise AssertionError(f"docker-registry did not start in {netns}")
        time.sleep(0.1)


@pytest.fixture
def registry(engine_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A registry with htpasswd auth, reachable by the engine at ``127.0.0.1:5000``."""
    netns = _engine_netns(engine_url)
    missing = [tool for tool in ("docker-registry", "htpasswd", "ip") if not shutil.which(tool)]
    if missing or netns is None or os.geteuid() != 0:
        pytest.fail(
            f"needs root, the engine's netns and {missing or 'docker-registry'}: run through "
            "`make test` (scripts/engines/install.sh installs docker-registry and apache2-utils)"
        )
    root = tmp_path_factory.mktemp("registry")
    subprocess.run(
        ["htpasswd", "-Bbc", str(root / "htpasswd"), USER, PASSWORD],
        check=True,
        capture_output=True,
    )
    (root / "config.yml").write_text(CONFIG.format(root=root, addr=REGISTRY))
    with open(root / "registry.log", "wb") as log:
        process = subprocess.Popen(
            ["ip", "netns", "exec", netns, "docker-registry", "serve", str(root / "config.yml")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_listening(netns)
        yield REGISTRY
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def repo() -> str:
    return f"{REGISTRY}/dsdk-it/{uuid.uuid4().hex[:8]}"


def test_login_push_pull_and_distribution(
    api: APIClient, registry: str, repo: str, test_image: str
) -> None:
    with pytest.raises(APIError):  # the registry refuses a wrong password
        api.login(USER, "wrong", registry=registry, reauth=True)
    answer = api.login(USER, PASSWORD, registry=registry)
    assert answer["Status"] == "Login Succeeded"
    api.tag(test_image, repo, "v1")
    try:
        wrong = {"username": USER, "password": "wrong"}
        assert re.search(r"(?i)unauthorized|no basic auth", api.push(repo, "v1", auth_config=wrong))
        with pytest.raises(APIError, match=r"(?i)unauthorized|no basic auth"):
            api.push(repo, "v1", auth_config=wrong, raise_on_error=True)
        with api.push(repo, "v1", stream=True, decode=True) as progress:  # login's creds
            events = list(progress)
        digests = [e for e in events if e.status and "digest: sha256:" in e.status]
        assert digests, [e.status for e in events]
        text = api.push(f"{repo}:v1", auth_config=CREDENTIALS)  # nothing new to push
        assert "v1: digest: sha256:" in text
        distribution = api.inspect_distribution(f"{repo}:v1", auth_config=CREDENTIALS)
        assert distribution.descriptor is not None
        assert (distribution.descriptor.digest or "").startswith("sha256:")
        api.remove_image(f"{repo}:v1")
        with pytest.raises(ImageNotFound):
            api.inspect_image(f"{repo}:v1")
        output = api.pull(repo, "v1", auth_config=CREDENTIALS)
        assert "Status: Downloaded newer image" in output or "Image is up to date" in output
        assert api.inspect_image(f"{repo}:v1").id == api.inspect_image(test_image).id
        with pytest.raises(APIError, match=r"(?i)not found|manifest unknown"):
            list(
                api.pull(repo, "missing", stream=True, auth_config=CREDENTIALS, raise_on_error=True)
            )
    finally:
        for ref in (f"{repo}:v1",):
            with contextlib.suppress(ImageNotFound):
                api.remove_image(ref, force=True)


def test_plugin_push_privileges_pull_upgrade(
    api: APIClient,
    registry: str,
    repo: str,
    plugin_dir: Path,  # noqa: F811
) -> None:
    api.login(USER, PASSWORD, registry=registry)
    remote = f"{repo}-plugin:1"
    local = f"{uuid.uuid4().hex[:8]}-local:latest"
    api.create_plugin(remote, str(plugin_dir))
    try:
        pushed = list(api.push_plugin(remote))  # docker-py would post to the pull path here
        assert any("digest" in (e.status or "").lower() or e.get("aux") for e in pushed)
        privileges = api.plugin_privileges(remote)
        assert [p.name for p in privileges] == ["network"]
        pulled = list(api.pull_plugin(remote, privileges, name=local))
        assert any((e.status or "").startswith("Digest: sha256:") for e in pulled)
        upgraded = list(api.upgrade_plugin(local, remote, privileges))
        assert upgraded and all(e.error is None for e in upgraded)
        assert api.remove_plugin(local) is True  # the pulled plugin existed under its name
    finally:
        for name in (remote, local):
            with contextlib.suppress(APIError):
                api.remove_plugin(name, force=True)
