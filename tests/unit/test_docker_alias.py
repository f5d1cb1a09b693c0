"""``install_as_docker()``: ``import docker`` gives dockersdk, with all of docker-py 7.1's names.

The walk reads the installed docker==7.1.0 (a dev dependency) from its source files: every
module of the package, and in each the public names it defines (functions, classes and
assignments at the top level, and what a package's ``__init__`` re-exports), minus module
loggers. Then, in a fresh interpreter where ``install_as_docker()`` ran, each module must
import as ``docker.X`` and each name must be there, a class where docker-py has a class and a
callable where it has a function. Names bound to the HTTP stack docker-py builds on
(``requests``/``urllib3`` pools, paramiko and pywin32 sockets) are listed in ``EXEMPT`` with
the reason; nothing else may be missing.

Each check runs in a subprocess: other tests import docker-py itself, and
``install_as_docker()`` refuses to run once it is imported.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: ``module.name`` → why dockersdk has no such name.
EXEMPT: dict[str, str] = {
    **{
        f"docker.transport.{module}.RecentlyUsedContainer": "urllib3's connection pool cache"
        for module in ("unixconn", "npipeconn", "sshconn")
    },
    "docker.transport.npipeconn.NpipeHTTPConnection": "a urllib3 connection over pywin32",
    "docker.transport.npipeconn.NpipeHTTPConnectionPool": "a urllib3 pool",
    "docker.transport.npipesocket.NpipeSocket": "a pywin32 socket emulation for urllib3",
    "docker.transport.npipesocket.NpipeFileIOBase": "a pywin32 file wrapper",
    "docker.transport.NpipeSocket": "a pywin32 socket emulation for urllib3",
    "docker.transport.sshconn.SSHSocket": "a socket over a paramiko/ssh child for urllib3",
    "docker.transport.sshconn.SSHConnection": "a urllib3 connection",
    "docker.transport.sshconn.SSHConnectionPool": "a urllib3 pool",
}


def _docker_py_root() -> Path:
    dist = importlib.metadata.distribution("docker")
    assert dist.version == "7.1.0", f"the walk is against docker-py 7.1.0, found {dist.version}"
    return Path(str(dist.locate_file("docker")))


def _is_logger(node: ast.Assign) -> bool:
    call = node.value
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "getLogger"
    )


def _public_names(tree: ast.Module, *, package: bool) -> dict[str, str]:
    """Top-level public names of a module: ``name`` → ``class``/``function``/``value``."""
    names: dict[str, str] = {}

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                names[node.name] = "class"
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names[node.name] = "function"
            elif isinstance(node, ast.Assign) and not _is_logger(node):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = "value"
            elif isinstance(node, ast.ImportFrom) and package:
                for alias in node.names:
                    names[alias.asname or alias.name] = "value"
            elif isinstance(node, ast.Try) and package:
                visit(node.body)  # docker.transport's optional adapters

    visit(tree.body)
    return {name: kind for name, kind in names.items() if not name.startswith("_")}


def docker_py_tree() -> dict[str, dict[str, str]]:
    """docker-py 7.1's public modules, each with its public names."""
    root = _docker_py_root()
    tree: dict[str, dict[str, str]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        if any(part.startswith("_") for part in parts):
            continue  # docker._version
        module = ast.parse(path.read_text(encoding="utf-8"))
        tree[".".join(parts)] = _public_names(module, package=package)
    return tree


_CHECK = textwrap.dedent(
    """
    import importlib, inspect, json, sys
    import dockersdk
    dockersdk.install_as_docker()
    tree, exempt = json.loads(sys.stdin.read())
    missing = []
    for module_name, names in tree.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            missing.append(f"{module_name} (module): {error}")
            continue
        parent, _, child = module_name.rpartition(".")
        if parent and getattr(sys.modules[parent], child, None) is not module:
            # `from docker.utils import json_stream` must give the module, as in docker-py
            missing.append(f"{module_name} (not the attribute {child!r} of {parent})")
        for name, kind in names.items():
            where = f"{module_name}.{name}"
            if where in exempt:
                continue
            if not hasattr(module, name):
                missing.append(where)
            elif kind == "class" and not inspect.isclass(getattr(module, name)):
                missing.append(f"{where} (not a class)")
            elif kind == "function" and not callable(getattr(module, name)):
                missing.append(f"{where} (not callable)")
    print(json.dumps(missing))
    """
)


def _run(code: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_walk_sees_docker_py() -> None:
    tree = docker_py_tree()
    assert len(tree) > 60
    assert tree["docker.constants"]["DEFAULT_DOCKER_API_VERSION"] == "value"
    assert tree["docker.models.containers"]["Container"] == "class"
    assert tree["docker.errors"]["create_api_error_from_http_exception"] == "function"
    assert "SSHHTTPAdapter" in tree["docker.transport"]  # under try: in the package
    assert "log" not in tree["docker.auth"]  # loggers are not API


def test_every_docker_py_module_and_name_exists_after_install() -> None:
    done = _run(_CHECK, json.dumps([docker_py_tree(), sorted(EXEMPT)]))
    assert done.returncode == 0, done.stderr
    missing = json.loads(done.stdout)
    assert missing == [], "docker-py names missing after install_as_docker():\n" + "\n".join(
        missing
    )


def test_exemptions_are_still_needed() -> None:
    """Every exempt name exists in docker-py (the list does not outlive what it excuses)."""
    tree = docker_py_tree()
    for where in EXEMPT:
        module, _, name = where.rpartition(".")
        assert name in tree.get(module, {}), where


def test_same_objects_under_both_names() -> None:
    done = _run(
        """
        import sys
        import dockersdk
        dockersdk.install_as_docker()
        import docker.models as first
        assert first.resource.Model is dockersdk.resources.Model  # there, as in docker-py
        import docker
        import docker.errors
        import docker.models.containers
        from docker.models.resource import Model
        from docker.types.services import ServiceMode
        from docker import APIClient, errors, types
        import dockersdk.errors, dockersdk.resources, dockersdk.resources.containers
        import dockersdk.models, dockersdk.types

        assert docker.errors is dockersdk.errors
        assert errors.NotFound is dockersdk.errors.NotFound
        assert docker.models is dockersdk.resources
        assert docker.models.containers.Container is dockersdk.resources.containers.Container
        assert Model is dockersdk.resources.Model
        assert ServiceMode is dockersdk.types.ServiceMode
        assert APIClient is dockersdk.APIClient is docker.api.APIClient
        assert docker.DockerClient is dockersdk.DockerClient
        assert docker.from_env is dockersdk.from_env
        assert types is dockersdk.types
        # dockersdk's own names are untouched: models are still the typed reply models
        assert dockersdk.models.__name__ == "dockersdk.models"
        assert hasattr(dockersdk.models, "ContainerInspectResponse")
        assert dockersdk.errors.__spec__.name == "dockersdk.errors"
        assert sys.modules["docker.errors"] is dockersdk.errors
        # attribute access on the package reaches submodules never imported by name
        assert docker.constants.IS_WINDOWS_PLATFORM is False
        assert docker.utils.kwargs_from_env is dockersdk.utils.kwargs_from_env
        assert docker.__version__ == docker.version.__version__ == "7.1.0"
        assert docker.__title__ == "docker"
        try:
            import docker.no_such_module
        except ModuleNotFoundError as error:
            assert error.name == "docker.no_such_module", error.name
        else:
            raise AssertionError("docker.no_such_module imported")
        try:
            docker.no_such_name
        except AttributeError as error:
            assert "no_such_name" in str(error)
        else:
            raise AssertionError("docker.no_such_name resolved")
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_install_is_idempotent_cheap_and_lazy() -> None:
    done = _run(
        """
        import sys
        import dockersdk
        assert "dockersdk._docker_alias" not in sys.modules, "imported without being asked"
        dockersdk.install_as_docker()
        dockersdk.install_as_docker()
        from dockersdk._docker_alias import DockerAliasFinder
        assert sum(isinstance(f, DockerAliasFinder) for f in sys.meta_path) == 1
        heavy = [m for m in ("httpx", "pydantic", "dockersdk.api", "docker") if m in sys.modules]
        assert not heavy, heavy
        import docker.errors
        assert "httpx" not in sys.modules  # docker.errors needs no HTTP stack
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_refuses_when_docker_py_is_already_imported() -> None:
    done = _run(
        """
        import docker
        import dockersdk
        try:
            dockersdk.install_as_docker()
        except ImportError as error:
            print(error)
        else:
            raise AssertionError("installed over docker-py")
        """
    )
    assert done.returncode == 0, done.stderr
    assert "docker-py's 'docker'" in done.stdout
    assert "before anything imports docker" in done.stdout


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("from docker.constants import DEFAULT_DOCKER_API_VERSION as x", "1.44"),
        ("from docker.utils.proxy import ProxyConfig as x; x = x.__name__", "ProxyConfig"),
        (
            "from docker.context import ContextAPI; x = ContextAPI.get_context('default').Name",
            "default",
        ),
        (
            "import docker.credentials.utils as m; x = m.create_environment_dict({'A': '1'})['A']",
            "1",
        ),
    ],
)
def test_docker_py_import_forms(statement: str, expected: object) -> None:
    done = _run(
        f"""
        import json, dockersdk
        dockersdk.install_as_docker()
        {statement}
        print(json.dumps(x))
        """
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


def _builtin_bases(cls: type) -> set[type]:
    return {base for base in cls.__mro__ if base.__module__ == "builtins"}


@pytest.mark.parametrize(
    "module", ["errors", "credentials.errors", "credentials", "context", "types", "utils.socket"]
)
def test_exceptions_catch_like_docker_py(module: str) -> None:
    """Every docker-py exception is caught by the same builtin ``except`` clauses here.

    (``except ValueError``, ``except RuntimeError``... around docker-py calls keep working.)
    The one deliberate exception: docker-py's ``APIError`` is a ``requests.HTTPError``, so an
    ``OSError``; dockersdk's does not depend on requests (MIGRATING.md).
    """
    import importlib

    from docker.errors import APIError

    theirs = importlib.import_module(f"docker.{module}")
    ours = importlib.import_module(f"dockersdk.{module}")
    checked = 0
    for name, cls in vars(theirs).items():
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            continue
        if not cls.__module__.startswith("docker"):
            continue
        mine = getattr(ours, name)
        missing = _builtin_bases(cls) - _builtin_bases(mine)
        if issubclass(cls, APIError):
            missing.discard(OSError)
        assert not missing, f"{module}.{name} is not a {missing}"
        checked += 1
    assert checked or module in ("context", "types")
