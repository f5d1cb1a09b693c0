"""docker-py's ``ContextAPI``: create, list, inspect, remove and switch docker CLI contexts."""

from __future__ import annotations

import json
import os
from typing import Any, ClassVar

from dockersdk.context.config import (
    METAFILE,
    get_current_context_name,
    get_meta_dir,
    write_context_name_to_docker_config,
)
from dockersdk.context.context import Context
from dockersdk.errors import (
    ContextAlreadyExists,
    ContextException,
    ContextNotFound,
    MissingContextParameter,
)
from dockersdk.tls import TLSConfig

__all__ = ["ContextAPI"]


class ContextAPI:
    """The docker CLI's context store, as docker-py's class methods.

    Example:
        >>> from dockersdk.context import ContextAPI
        >>> ctx = ContextAPI.create_context("remote", host="tcp://10.0.0.2:2376")
        >>> ContextAPI.get_context("remote").Host
        'tcp://10.0.0.2:2376'
    """

    DEFAULT_CONTEXT: ClassVar[Context] = Context("default", "swarm")

    @classmethod
    def create_context(
        cls,
        name: str,
        orchestrator: str | None = None,
        host: str | None = None,
        tls_cfg: TLSConfig | None = None,
        default_namespace: str | None = None,
        skip_tls_verify: bool = False,
    ) -> Context:
        """Create and save a context.

        Returns:
            The new context.

        Raises:
            MissingContextParameter: no name.
            ContextException: the name is ``default`` (reserved).
            ContextAlreadyExists: a context of that name exists.
        """
        if not name:
            raise MissingContextParameter("name")
        if name == "default":
            raise ContextException('"default" is a reserved context name')
        if Context.load_context(name) is not None:
            raise ContextAlreadyExists(name)
        endpoint = orchestrator if orchestrator and orchestrator != "swarm" else "docker"
        context = Context(name, orchestrator)
        context.set_endpoint(
            endpoint,
            host,
            tls_cfg,
            skip_tls_verify=skip_tls_verify,
            def_namespace=default_namespace,
        )
        context.save()
        return context

    @classmethod
    def get_context(cls, name: str | None = None) -> Context | None:
        """Context ``name`` (default: the current one), or None if there is none."""
        if not name:
            name = get_current_context_name()
        if name == "default":
            return cls.DEFAULT_CONTEXT
        return Context.load_context(name)

    @classmethod
    def contexts(cls) -> list[Context]:
        """Every context in the store, ``default`` first.

        Raises:
            ContextException: a ``meta.json`` cannot be read.
        """
        names: list[str] = []
        for directory, dirnames, filenames in os.walk(get_meta_dir()):
            if METAFILE not in filenames + dirnames:
                continue
            path = os.path.join(directory, METAFILE)
            try:
                with open(path, encoding="utf-8") as handle:
                    names.append(json.load(handle)["Name"])
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise ContextException(f"Failed to load metafile {path}: {error}") from error
        found = [Context.load_context(name) for name in names]
        return [cls.DEFAULT_CONTEXT, *(context for context in found if context is not None)]

    @classmethod
    def get_current_context(cls) -> Context | None:
        """The context named by ``currentContext`` in the docker config file."""
        return cls.get_context()

    @classmethod
    def set_current_context(cls, name: str = "default") -> None:
        """Make ``name`` the current context (``currentContext`` in the config file).

        Raises:
            ContextNotFound: no context of that name.
            ContextException: the config file could not be written.
        """
        if not cls.get_context(name):
            raise ContextNotFound(f"context '{name}' not found")
        error = write_context_name_to_docker_config(name)
        if error:
            raise ContextException(f"Failed to set current context: {error}")

    @classmethod
    def remove_context(cls, name: str) -> None:
        """Remove a context (``docker context rm``); the current one falls back to default.

        Raises:
            MissingContextParameter: no name.
            ContextException: the name is ``default``.
            ContextNotFound: no context of that name.
        """
        if not name:
            raise MissingContextParameter("name")
        if name == "default":
            raise ContextException('context "default" cannot be removed')
        context = Context.load_context(name)
        if context is None:
            raise ContextNotFound(f"context '{name}' not found")
        if name == get_current_context_name():
            write_context_name_to_docker_config(None)
        context.remove()

    @classmethod
    def inspect_context(cls, name: str = "default") -> dict[str, Any]:
        """What ``docker context inspect NAME`` shows.

        Raises:
            MissingContextParameter: no name.
            ContextNotFound: no context of that name.
        """
        if not name:
            raise MissingContextParameter("name")
        if name == "default":
            return cls.DEFAULT_CONTEXT()
        context = Context.load_context(name)
        if context is None:
            raise ContextNotFound(f"context '{name}' not found")
        return context()
