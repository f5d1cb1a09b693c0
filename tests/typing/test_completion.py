"""What an IDE offers as the user types (issue #14): pyright's language server (what VS Code
and Pylance show) asked for completions at the positions of the issue's table; the keywords
and attributes named there, and docker-py + types-docker's, are offered.

Runs the ``pyright-langserver`` of the dev extra (node) over stdio; one server for the module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGSERVER = Path(sys.executable).with_name("pyright-langserver")


class LanguageServer:
    """A minimal LSP client: initialize, open a document, ask for completions."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
        self._process = subprocess.Popen(
            [str(LANGSERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._id = 0
        self._documents = 0
        self._request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {"textDocument": {"completion": {"completionItem": {}}}},
                "workspaceFolders": [{"uri": root.as_uri(), "name": "dockersdk"}],
            },
        )
        self._notify("initialized", {})

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process.stdin is not None
        data = json.dumps(message).encode()
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self._process.stdin.flush()

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        length = 0
        while True:
            line = self._process.stdout.readline()
            if not line:
                raise RuntimeError("pyright-langserver exited")
            if line == b"\r\n":
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self._process.stdout.read(length))
        return message

    def _notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _request(self, method: str, params: dict[str, Any]) -> Any:
        self._id += 1
        self._send({"jsonrpc": "2.0", "id": self._id, "method": method, "params": params})
        while True:
            message = self._read()
            if "method" in message and "id" in message:  # a request from the server
                items = message.get("params", {}).get("items", [])
                result: Any = [{} for _ in items] if message["method"].endswith("n") else None
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif message.get("id") == self._id:
                return message.get("result")

    def complete(self, source: str) -> set[str]:
        """Completion labels at the ``|`` in ``source`` (a file in the project root)."""
        offset = source.index("|")
        text = source.replace("|", "", 1)
        before = text[:offset].split("\n")
        self._documents += 1
        uri = (ROOT / "tests" / "typing" / f"_completion_{self._documents}.py").as_uri()
        self._notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
        )
        result = self._request(
            "textDocument/completion",
            {
                "textDocument": {"uri": uri},
                "position": {"line": len(before) - 1, "character": len(before[-1])},
            },
        )
        items: list[dict[str, Any]] = _completion_items(result)
        return {str(item["label"]) for item in items}

    def close(self) -> None:
        self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()


def _completion_items(result: Any) -> Any:
    # A CompletionList ({"items": [...]}) or a bare list of CompletionItems, or null.
    if isinstance(result, dict):
        return result.get("items", [])  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    return result or []


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    if not LANGSERVER.exists():
        pytest.fail(f"{LANGSERVER} is missing: run `make venv` (pyright is in the dev extra)")
    language_server = LanguageServer(ROOT)
    try:
        yield language_server
    finally:
        language_server.close()


CLIENT = "import dockersdk\nclient = dockersdk.from_env()\napi = dockersdk.APIClient()\n"


def keywords(names: set[str]) -> set[str]:
    return {f"{name}=" for name in names}


def docker_py_run_keywords() -> set[str]:
    from docker.models import containers

    return set(containers.RUN_CREATE_KWARGS) | set(containers.RUN_HOST_CONFIG_KWARGS)


def test_run_offers_every_keyword(server: LanguageServer) -> None:
    offered = server.complete(CLIENT + 'client.containers.run("busybox", |)')
    named = {"mem_limit", "ports", "environment", "volumes", "restart_policy", "detach"}
    assert keywords(named) <= offered
    assert keywords(docker_py_run_keywords() - {"image"}) - offered == set()
    assert len(offered & {k for k in offered if k.endswith("=")}) >= 90


def test_create_host_config_offers_the_builders_arguments(server: LanguageServer) -> None:
    import inspect

    from docker.types import HostConfig as DockerPyHostConfig

    offered = server.complete(CLIENT + "api.create_host_config(|)")
    theirs = set(inspect.signature(DockerPyHostConfig.__init__).parameters) - {"self", "version"}
    assert keywords({"cpuset_cpus", "mem_limit", "binds", "port_bindings"}) <= offered
    assert keywords(theirs) - offered == set()


@pytest.mark.parametrize(
    ("position", "wanted"),
    [
        ("client.services.create('busybox', |)", {"constraints", "env", "mode", "name"}),
        ("client.images.build(|)", {"path", "fileobj", "tag", "buildargs", "dockerfile"}),
        ("client.networks.create('n', |)", {"driver", "ipam", "internal", "labels"}),
        ("client.swarm.init(|)", {"advertise_addr", "snapshot_interval", "autolock_managers"}),
        ("client.containers.get('x').update(|)", {"mem_limit", "cpu_quota", "restart_policy"}),
        ("dockersdk.types.create_host_config(|)", {"binds", "auto_remove", "version"}),
    ],
)
def test_other_calls_offer_their_keywords(
    server: LanguageServer, position: str, wanted: set[str]
) -> None:
    assert keywords(wanted) <= server.complete(CLIENT + position)


def test_attributes_of_replies_and_modules(server: LanguageServer) -> None:
    offered = server.complete(CLIENT + "client.containers.get('x').exec_run('ls').|")
    assert {"exit_code", "output"} <= offered
    offered = server.complete(CLIENT + "api.inspect_container('x').|")
    assert {"state", "config", "host_config", "network_settings"} <= offered
    assert "HostConfig" in server.complete(CLIENT + "dockersdk.types.|")
    assert "ContainerInspectResponse" in server.complete(CLIENT + "dockersdk.models.|")
    offered = server.complete(CLIENT + "client.|")
    assert {"containers", "images", "services"} <= offered
