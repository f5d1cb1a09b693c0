"""docker-py's ``Context``: one docker CLI context, read from or written to the CLI's store."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from typing import Any

from dockersdk._guards import is_dict
from dockersdk.context.config import get_context_host, get_meta_dir, get_meta_file, get_tls_dir
from dockersdk.errors import ContextException, InvalidConfigFile, MissingContextParameter
from dockersdk.tls import TLSConfig as TLSSettings

__all__ = ["Context"]

_IN_MEMORY = "IN MEMORY"


class Context:
    """A docker CLI context: a name, its endpoints (``docker``...) and their TLS settings.

    Attribute and property names are docker-py's (``ctx.Name``, ``ctx.Host``,
    ``ctx.Metadata``, ``ctx()`` for what ``docker context inspect`` shows).

    Args:
        name: the context's name.
        orchestrator: ``"swarm"`` (or None) for a docker endpoint, else the name of the
            orchestrator's endpoint.
        host: the endpoint's address when ``endpoints`` is not given (default: the local
            socket).
        endpoints: ``{"docker": {"Host": ..., "SkipTLSVerify": ...}}`` as in ``meta.json``.
        tls: whether the default endpoint talks TLS.

    Raises:
        MissingContextParameter: no name.
        ContextException: an endpoint that is not a dict.
    """

    def __init__(
        self,
        name: str,
        orchestrator: str | None = None,
        host: str | None = None,
        endpoints: Mapping[str, Any] | None = None,
        tls: bool = False,
    ) -> None:
        if not name:
            raise MissingContextParameter("name")
        self.name = name
        self.context_type: str | None = None
        self.orchestrator = orchestrator
        self.endpoints: dict[str, dict[str, Any]] = {}
        self.tls_cfg: dict[str, TLSSettings] = {}
        self.meta_path = _IN_MEMORY
        self.tls_path = _IN_MEMORY
        if not endpoints:
            self.endpoints = {
                self._endpoint_name(): {
                    "Host": get_context_host(host, tls),
                    "SkipTLSVerify": not tls,
                }
            }
            return
        for key, value in endpoints.items():
            if not is_dict(value):
                raise ContextException(f"Unknown endpoint format for context {name}: {value}")
            self.endpoints[key] = value
            if key == "docker":
                value["Host"] = value.get("Host", get_context_host(host, tls))
                value["SkipTLSVerify"] = bool(value.get("SkipTLSVerify", not tls))

    def _endpoint_name(self) -> str:
        """The endpoint this context is about: ``docker`` unless another orchestrator."""
        if not self.orchestrator or self.orchestrator == "swarm":
            return "docker"
        return self.orchestrator

    def set_endpoint(
        self,
        name: str = "docker",
        host: str | None = None,
        tls_cfg: TLSSettings | None = None,
        skip_tls_verify: bool = False,
        def_namespace: str | None = None,
    ) -> None:
        """Set endpoint ``name``'s address, TLS settings and default namespace."""
        self.endpoints[name] = {
            "Host": get_context_host(host, not skip_tls_verify),
            "SkipTLSVerify": skip_tls_verify,
        }
        if def_namespace:
            self.endpoints[name]["DefaultNamespace"] = def_namespace
        if tls_cfg:
            self.tls_cfg[name] = tls_cfg

    def inspect(self) -> dict[str, Any]:
        """What ``docker context inspect`` shows (the same as calling the context)."""
        return self()

    @classmethod
    def load_context(cls, name: str) -> Context | None:
        """Context ``name`` from the store, or None when there is none.

        Raises:
            InvalidConfigFile: its ``meta.json`` cannot be read.
        """
        meta = cls._load_meta(name)
        if meta is None:
            return None
        metadata: dict[str, Any] = meta.get("Metadata") or {}
        instance = cls(
            meta["Name"],
            orchestrator=metadata.get("StackOrchestrator"),
            endpoints=meta.get("Endpoints"),
        )
        instance.context_type = metadata.get("Type")
        instance._load_certs()
        instance.meta_path = get_meta_dir(name)
        return instance

    @classmethod
    def _load_meta(cls, name: str) -> dict[str, Any] | None:
        path = get_meta_file(name)
        if not os.path.isfile(path):
            return None
        try:
            with open(path, encoding="utf-8") as handle:
                meta = json.load(handle)
            endpoints = meta["Endpoints"]
            docker = endpoints.get("docker")
        except (OSError, KeyError, ValueError, TypeError, AttributeError) as error:
            raise InvalidConfigFile(
                f"Detected corrupted meta file for context {name} ({path}): {error}"
            ) from error
        if is_dict(docker):
            docker["Host"] = docker.get("Host", get_context_host(None, False))
            docker["SkipTLSVerify"] = bool(docker.get("SkipTLSVerify", True))
        return dict(meta)

    def _load_certs(self) -> None:
        certs: dict[str, TLSSettings] = {}
        tls_dir = get_tls_dir(self.name)
        for endpoint in self.endpoints:
            directory = os.path.join(tls_dir, endpoint)
            if not os.path.isdir(directory):
                continue
            found: dict[str, str] = {}
            for filename in sorted(os.listdir(directory)):
                for kind in ("ca", "cert", "key"):
                    if filename.startswith(kind):
                        found[kind] = os.path.join(directory, filename)
            if len(found) == 3:
                verify = None
                if endpoint == "docker" and not self.endpoints["docker"].get(
                    "SkipTLSVerify", False
                ):
                    verify = True
                certs[endpoint] = TLSSettings(
                    client_cert=(found["cert"], found["key"]), ca_cert=found["ca"], verify=verify
                )
        self.tls_cfg = certs
        self.tls_path = tls_dir

    def save(self) -> None:
        """Write the context's ``meta.json`` and copy its TLS files into the store."""
        meta_dir = get_meta_dir(self.name)
        os.makedirs(meta_dir, exist_ok=True)
        with open(get_meta_file(self.name), "w", encoding="utf-8") as handle:
            handle.write(json.dumps(self.Metadata))
        tls_dir = get_tls_dir(self.name)
        for endpoint, tls in self.tls_cfg.items():
            directory = os.path.join(tls_dir, endpoint)
            os.makedirs(directory, exist_ok=True)
            files = [tls.ca_cert, *(tls.cert or ())]
            for source in files:
                if source:
                    shutil.copyfile(source, os.path.join(directory, os.path.basename(source)))
        self.meta_path = meta_dir
        self.tls_path = tls_dir

    def remove(self) -> None:
        """Delete the context's metadata and TLS files from the store."""
        for path in (self.meta_path, self.tls_path):
            if os.path.isdir(path):
                shutil.rmtree(path)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: '{self.name}'>"

    def __str__(self) -> str:
        return json.dumps(self(), indent=2)

    def __call__(self) -> dict[str, Any]:
        result = self.Metadata
        result.update(self.TLSMaterial)
        result.update(self.Storage)
        return result

    def is_docker_host(self) -> bool:
        """True for a context of a docker engine (no other ``Type`` in its metadata)."""
        return self.context_type is None

    @property
    def Name(self) -> str:
        """The context's name."""
        return self.name

    @property
    def Host(self) -> str | None:
        """The address of the context's endpoint."""
        endpoint = self.endpoints.get(self._endpoint_name())
        return endpoint.get("Host") if endpoint else None

    @property
    def Orchestrator(self) -> str | None:
        """The stack orchestrator, if any."""
        return self.orchestrator

    @property
    def Metadata(self) -> dict[str, Any]:
        """``{"Name", "Metadata", "Endpoints"}`` as stored in ``meta.json``."""
        meta = {"StackOrchestrator": self.orchestrator} if self.orchestrator else {}
        return {"Name": self.name, "Metadata": meta, "Endpoints": self.endpoints}

    @property
    def TLSConfig(self) -> TLSSettings | None:
        """The TLS settings of the context's endpoint, if any."""
        return self.tls_cfg.get(self._endpoint_name())

    @property
    def TLSMaterial(self) -> dict[str, Any]:
        """``{"TLSMaterial": {endpoint: [ca, cert, key file names]}}``."""
        certs = {}
        for endpoint, tls in self.tls_cfg.items():
            cert, key = tls.cert or (None, None)
            certs[endpoint] = [
                os.path.basename(path) if path else None for path in (tls.ca_cert, cert, key)
            ]
        return {"TLSMaterial": certs}

    @property
    def Storage(self) -> dict[str, Any]:
        """``{"Storage": {"MetadataPath", "TLSPath"}}``."""
        return {"Storage": {"MetadataPath": self.meta_path, "TLSPath": self.tls_path}}
