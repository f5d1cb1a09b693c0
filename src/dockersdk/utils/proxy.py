"""The proxy settings of the Docker CLI's config file (``proxies``), as docker-py's
``ProxyConfig``: passed to containers as environment variables and to builds as build
arguments when ``use_config_proxy`` is on (the default)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dockersdk._guards import is_mapping

__all__ = ["ProxyConfig"]

#: config.json key → the variables it sets (lower and upper case, as the docker CLI does).
_KEYS = {
    "httpProxy": ("http_proxy", "HTTP_PROXY"),
    "httpsProxy": ("https_proxy", "HTTPS_PROXY"),
    "ftpProxy": ("ftp_proxy", "FTP_PROXY"),
    "noProxy": ("no_proxy", "NO_PROXY"),
}


@dataclass(frozen=True)
class ProxyConfig:
    """One engine's proxy settings.

    Attributes:
        http: ``httpProxy``.
        https: ``httpsProxy``.
        ftp: ``ftpProxy``.
        no_proxy: ``noProxy``.
    """

    http: str | None = None
    https: str | None = None
    ftp: str | None = None
    no_proxy: str | None = None

    @classmethod
    def from_dict(cls, config: Mapping[str, Any] | None) -> ProxyConfig:
        """From one entry of ``proxies`` in config.json (``{"httpProxy": ...}``)."""
        config = config or {}
        return cls(
            http=config.get("httpProxy") or None,
            https=config.get("httpsProxy") or None,
            ftp=config.get("ftpProxy") or None,
            no_proxy=config.get("noProxy") or None,
        )

    @classmethod
    def for_engine(cls, general_config: Mapping[str, Any], address: str | None) -> ProxyConfig:
        """The settings for the engine at ``address``: its own entry, else ``default``."""
        proxies = general_config.get("proxies")
        if not is_mapping(proxies):
            return cls()
        entry = proxies.get(address or "") or proxies.get("default")
        return cls.from_dict(entry if is_mapping(entry) else None)

    def get_environment(self) -> dict[str, str]:
        """The variables to set, e.g. ``{"http_proxy": ..., "HTTP_PROXY": ...}``."""
        values = {
            "httpProxy": self.http,
            "httpsProxy": self.https,
            "ftpProxy": self.ftp,
            "noProxy": self.no_proxy,
        }
        env: dict[str, str] = {}
        for key, value in values.items():
            if value:
                for name in _KEYS[key]:
                    env[name] = value
        return env

    def inject_proxy_environment(
        self, environment: Mapping[str, str] | Sequence[str] | None
    ) -> list[str] | Mapping[str, str] | Sequence[str] | None:
        """``environment`` with the proxy variables added; a variable the caller set wins.

        Returns:
            ``environment`` unchanged when there is no proxy setting, else a
            ``KEY=value`` list.
        """
        proxy_env = self.get_environment()
        if not proxy_env:
            return environment
        if environment is None:
            given: list[str] = []
        elif isinstance(environment, Mapping):
            given = [f"{key}={value}" for key, value in environment.items()]
        else:
            given = list(environment)
        names = {item.split("=", 1)[0] for item in given}
        return [f"{k}={v}" for k, v in proxy_env.items() if k not in names] + given

    def __bool__(self) -> bool:
        return bool(self.http or self.https or self.ftp or self.no_proxy)
