"""The client's routes against the newest spec's operations, and docker-py's method names.

The routes are not declared separately: they are the requests the methods actually send,
recorded over a MockTransport from the table in ``test_api_requests``."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from dockersdk import APIClient
from dockersdk.api._core import MAX_API_VERSION
from tests.unit.test_api_requests import (
    CASES,
    VERSION,
    no_docker_config,  # noqa: F401 (autouse)
    send,
)

SPEC = Path(__file__).parents[2] / "schemas" / f"v{MAX_API_VERSION}.yaml.gz"  # the newest
HTTP_METHODS = ("get", "post", "put", "delete", "head", "patch")

#: Operations the client does not offer, and why.
NOT_COVERED = {
    "POST /session": (
        "BuildKit's interactive session (gRPC over a hijacked HTTP/2 connection) serves "
        "the BuildKit builder only; build() uses the classic builder, as docker-py does"
    ),
    "HEAD /_ping": "the same answer as GET /_ping, which ping() uses",
}

#: docker-py 7.x APIClient method names (CONTRACT section 6).
DOCKER_PY_METHODS = [
    "attach",
    "attach_socket",
    "build",
    "commit",
    "configs",
    "configure_plugin",
    "connect_container_to_network",
    "containers",
    "create_config",
    "create_container",
    "create_container_config",
    "create_container_from_config",
    "create_endpoint_config",
    "create_host_config",
    "create_network",
    "create_networking_config",
    "create_plugin",
    "create_secret",
    "create_service",
    "create_swarm_spec",
    "create_volume",
    "df",
    "diff",
    "disable_plugin",
    "disconnect_container_from_network",
    "enable_plugin",
    "events",
    "exec_create",
    "exec_inspect",
    "exec_resize",
    "exec_start",
    "export",
    "get_archive",
    "get_image",
    "get_unlock_key",
    "history",
    "images",
    "import_image",
    "import_image_from_data",
    "import_image_from_file",
    "import_image_from_image",
    "import_image_from_stream",
    "import_image_from_url",
    "info",
    "init_swarm",
    "inspect_config",
    "inspect_container",
    "inspect_distribution",
    "inspect_image",
    "inspect_network",
    "inspect_node",
    "inspect_plugin",
    "inspect_secret",
    "inspect_service",
    "inspect_swarm",
    "inspect_task",
    "inspect_volume",
    "join_swarm",
    "kill",
    "leave_swarm",
    "load_image",
    "login",
    "logs",
    "networks",
    "nodes",
    "pause",
    "ping",
    "plugin_privileges",
    "plugins",
    "port",
    "prune_builds",
    "prune_containers",
    "prune_images",
    "prune_networks",
    "prune_volumes",
    "pull",
    "pull_plugin",
    "push",
    "push_plugin",
    "put_archive",
    "reload_config",
    "remove_config",
    "remove_container",
    "remove_image",
    "remove_network",
    "remove_node",
    "remove_plugin",
    "remove_secret",
    "remove_service",
    "remove_volume",
    "rename",
    "resize",
    "restart",
    "search",
    "secrets",
    "service_logs",
    "services",
    "start",
    "stats",
    "stop",
    "tag",
    "tasks",
    "top",
    "unlock_swarm",
    "unpause",
    "update_container",
    "update_node",
    "update_service",
    "update_swarm",
    "upgrade_plugin",
    "version",
    "volumes",
    "wait",
]


@cache
def spec_operations() -> dict[str, str]:
    """``"METHOD /path/{param}"`` -> operationId, for every operation of the spec."""
    with gzip.open(SPEC) as handle:
        spec = yaml.safe_load(handle)
    return {
        f"{method.upper()} {path}": op.get("operationId", "")
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }


def match(method: str, path: str) -> str | None:
    """The spec operation a sent request is an instance of (literal paths win)."""
    candidates = []
    for key in spec_operations():
        op_method, template = key.split(" ", 1)
        if op_method != method:
            continue
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            candidates.append((template.count("{"), key))
    return min(candidates)[1] if candidates else None


@cache
def client_routes(tmp: Path) -> dict[str, set[str]]:
    """Spec operation -> the methods whose requests reach it."""
    routes: dict[str, set[str]] = {}
    for case in CASES:
        seen, _ = send(case, tmp)
        for request in seen:
            raw = request.url.raw_path.split(b"?")[0].decode()
            path = raw.removeprefix(f"/v{VERSION}")
            if raw == "/version":
                continue  # the version negotiation, not the method's own request
            key = match(request.method, path)
            assert key is not None, f"{case.id}: {request.method} {path} is in no spec"
            routes.setdefault(key, set()).add(case.name)
    return routes


def test_every_spec_operation_is_covered_or_explained(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    routes = client_routes(tmp_path_factory.mktemp("routes"))
    operations = spec_operations()
    covered = sorted(set(operations) & set(routes))
    missing = sorted(set(operations) - set(routes) - set(NOT_COVERED))
    print(
        f"\nspec v{VERSION}: {len(covered)}/{len(operations)} operations covered by the client;"
        f" {len(NOT_COVERED)} not covered, with reasons:"
    )
    for key, why in sorted(NOT_COVERED.items()):
        print(f"  {key}: {why}")
    assert missing == [], f"operations neither covered nor explained: {missing}"
    assert set(NOT_COVERED) <= set(operations), "an explained operation left the spec"
    assert not set(NOT_COVERED) & set(routes), "an explained operation is covered after all"


def test_every_docker_py_method_exists() -> None:
    assert len(DOCKER_PY_METHODS) == 113
    missing = [name for name in DOCKER_PY_METHODS if not callable(getattr(APIClient, name, None))]
    assert missing == []
