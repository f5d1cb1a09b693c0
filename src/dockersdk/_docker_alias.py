"""``import docker`` served by dockersdk: the import hook behind :func:`install_as_docker`.

After ``dockersdk.install_as_docker()``, ``import docker`` and every ``import docker.X`` /
``from docker.X import Y`` give dockersdk's own modules (``docker.errors is
dockersdk.errors``), so the classes and exceptions are the very same objects. Code written
for docker-py 7.1 then runs unchanged on dockersdk.

docker-py's dotted paths map onto dockersdk's by name (``docker.X`` → ``dockersdk.X``),
except:

- ``docker`` itself: a small package of its own (``docker.models`` there is docker-py's
  high-level objects, while ``dockersdk.models`` is the generated typed reply models, so
  ``docker`` cannot simply be ``dockersdk``); its attributes come from ``dockersdk``;
- ``docker.models[.X]``: docker-py's resource objects → ``dockersdk.resources[.X]``
  (``docker.models.resource`` → ``dockersdk.resources._base``);
- ``docker.version``: ``__version__`` is the docker-py version whose API dockersdk provides
  (``7.1.0``), so version checks in code written for docker-py pass.

Nothing here runs until :func:`install_as_docker` is called: importing dockersdk installs
no hook.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Sequence
from typing import Any

__all__ = ["DOCKER_PY_VERSION", "install_as_docker", "is_installed"]

#: The docker-py release whose public API (modules, names, arguments) dockersdk provides.
DOCKER_PY_VERSION = "7.1.0"

#: docker-py module → dockersdk module where the names differ; the longest prefix wins.
RENAMED: dict[str, str] = {
    "docker.models": "dockersdk.resources",
    "docker.models.resource": "dockersdk.resources._base",
}

_LOCK = threading.Lock()


def _target(fullname: str) -> str:
    """The dockersdk module that serves the docker-py module ``fullname``."""
    parts = fullname.split(".")
    for cut in range(len(parts), 1, -1):
        prefix = ".".join(parts[:cut])
        if prefix in RENAMED:
            return ".".join([RENAMED[prefix], *parts[cut:]])
    return ".".join(["dockersdk", *parts[1:]])


def _docker_getattr(name: str) -> Any:
    """``docker.<name>``: a submodule (``docker.errors``), else ``dockersdk.<name>``."""
    if name.startswith("__"):
        raise AttributeError(f"module 'docker' has no attribute {name!r}")
    value: Any
    try:
        value = importlib.import_module(f"docker.{name}")
    except ModuleNotFoundError as error:
        if error.name not in (f"docker.{name}", _target(f"docker.{name}")):
            raise
        import dockersdk

        try:
            value = getattr(dockersdk, name)
        except AttributeError:
            raise AttributeError(f"module 'docker' has no attribute {name!r}") from None
    setattr(sys.modules["docker"], name, value)
    return value


def _docker_dir() -> list[str]:
    import dockersdk

    return sorted({*dir(dockersdk), "__title__", "__version__", "version"})


def _new_docker_package(spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
    module = types.ModuleType("docker", "docker-py's API, served by dockersdk.")
    vars(module).update(__getattr__=_docker_getattr, __dir__=_docker_dir)
    module.__version__ = DOCKER_PY_VERSION  # type: ignore[attr-defined]
    module.__title__ = "docker"  # type: ignore[attr-defined]
    module.__all__ = [  # type: ignore[attr-defined]
        "APIClient",
        "Context",
        "ContextAPI",
        "DockerClient",
        "TLSConfig",
        "from_env",
    ]
    module.__path__ = []
    module.__spec__ = spec
    return module


def _new_version_module(spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
    module = types.ModuleType("docker.version", "The docker-py version dockersdk provides.")
    module.__version__ = DOCKER_PY_VERSION  # type: ignore[attr-defined]
    module.__spec__ = spec
    return module


_SYNTHETIC = {"docker": _new_docker_package, "docker.version": _new_version_module}


class _SyntheticLoader(importlib.abc.Loader):
    """Builds ``docker`` and ``docker.version``, which have no dockersdk module of their own."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _SYNTHETIC[spec.name](spec)

    def exec_module(self, module: types.ModuleType) -> None:
        pass


class _AliasLoader(importlib.abc.Loader):
    """Gives the dockersdk module ``target`` for a ``docker.*`` name.

    The import system sets the new name's spec on the module it gets; ``exec_module`` (run
    after that) puts the dockersdk module's own spec back, so ``dockersdk.errors.__spec__``
    still describes ``dockersdk.errors``.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self._own_spec: importlib.machinery.ModuleSpec | None = None
        self._alias_spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(self.target)
        self._own_spec = module.__spec__
        self._alias_spec = spec
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        if self._own_spec is not None:
            module.__spec__ = self._own_spec
        # A renamed submodule (docker.models.resource) is an attribute of its docker-py
        # package as soon as that is imported, as in docker-py.
        name = getattr(self._alias_spec, "name", "")
        for renamed in RENAMED:
            if renamed.rpartition(".")[0] == name:
                importlib.import_module(renamed)


class DockerAliasFinder(importlib.abc.MetaPathFinder):
    """A meta-path finder for ``docker`` and ``docker.*`` (see the module docstring)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "docker" and not fullname.startswith("docker."):
            return None
        if fullname in _SYNTHETIC:
            return importlib.machinery.ModuleSpec(
                fullname, _SyntheticLoader(), is_package=fullname == "docker"
            )
        name = _target(fullname)
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is None:
            return None  # "No module named 'docker.x'", as for any missing module
        return importlib.machinery.ModuleSpec(
            fullname,
            _AliasLoader(name),
            is_package=found.submodule_search_locations is not None,
        )


def is_installed() -> bool:
    """True once :func:`install_as_docker` has run in this interpreter."""
    return any(isinstance(finder, DockerAliasFinder) for finder in sys.meta_path)


def _foreign_docker_modules() -> list[str]:
    """``docker`` modules already imported that are not dockersdk's (docker-py's own)."""
    found: list[str] = []
    for name, module in list(sys.modules.items()):
        if name != "docker" and not name.startswith("docker."):
            continue
        spec = getattr(module, "__spec__", None)
        loader = getattr(spec, "loader", None)
        own_name = getattr(module, "__name__", "")
        if isinstance(loader, (_SyntheticLoader, _AliasLoader)) or own_name.startswith(
            "dockersdk."
        ):
            continue
        found.append(name)
    return sorted(found)


def install_as_docker() -> None:
    """Make ``import docker`` (and ``docker.X``) give dockersdk, for code written for docker-py.

    Call it once, before anything imports ``docker``: at the top of a program, in a
    ``conftest.py``, or in a ``sitecustomize``. Calling it again does nothing. It only
    installs an import hook: no dockersdk module is loaded until ``docker`` is imported.

    Raises:
        ImportError: docker-py's own ``docker`` package is already imported in this
            interpreter, so modules holding it would see docker-py while new imports saw
            dockersdk; call ``install_as_docker()`` earlier (or uninstall docker-py).
    """
    with _LOCK:
        if is_installed():
            return
        foreign = _foreign_docker_modules()
        if foreign:
            where = getattr(sys.modules[foreign[0]], "__file__", None) or "an unknown place"
            raise ImportError(
                f"cannot serve 'import docker' from dockersdk: docker-py's {foreign[0]!r} "
                f"(from {where}) is already imported; call dockersdk.install_as_docker() "
                "before anything imports docker"
            )
        sys.meta_path.insert(0, DockerAliasFinder())
