"""OCI platforms as the Engine API's image save/load/inspect/attestations parameters want them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from dockersdk._guards import is_dict, is_mapping, is_sequence
from dockersdk.errors import InvalidArgument

__all__ = ["Platform", "oci_platform", "oci_platforms"]

#: One platform: ``"linux/arm64"``, ``"linux/arm/v7"``, an OCI platform mapping
#: (``{"os": "linux", "architecture": "arm64"}``), or its JSON text.
Platform = str | Mapping[str, str]

_KEYS = ("os", "architecture", "variant")


def oci_platform(platform: Platform, field: str = "platform") -> str:
    """The JSON-encoded OCI platform the API expects for one platform.

    Args:
        platform: ``"os[/architecture[/variant]]"``, a mapping with OCI keys (``os``,
            ``architecture``, ``variant``, ``os.version``...), or JSON text of one.
        field: the argument's name, for error messages.

    Raises:
        InvalidArgument: an empty string, a path with more than three parts, or a mapping
            without ``os``.
    """
    if isinstance(platform, str):
        text = platform.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except ValueError as exc:
                raise InvalidArgument(f"{field}: {platform!r} is not valid JSON: {exc}") from None
            if not is_dict(value):
                raise InvalidArgument(f"{field}: {platform!r} is not a JSON object")
            return oci_platform(value, field)
        parts = text.split("/")
        if not text or len(parts) > 3 or not all(parts):
            raise InvalidArgument(
                f"{field}: {platform!r} is not a platform: use 'os[/architecture[/variant]]' "
                "(e.g. 'linux/arm64') or a mapping such as {'os': 'linux', 'architecture': "
                "'arm64'}"
            )
        return json.dumps(dict(zip(_KEYS, parts, strict=False)), separators=(",", ":"))
    if is_mapping(platform):
        if not platform.get("os"):
            raise InvalidArgument(f"{field}: an OCI platform needs 'os', got {dict(platform)!r}")
        return json.dumps(dict(platform), separators=(",", ":"))
    raise InvalidArgument(f"{field} must be a string or a mapping, got {type(platform).__name__}")


def oci_platforms(platforms: Platform | Sequence[Platform], field: str = "platform") -> list[str]:
    """One or several platforms (see :func:`oci_platform`) as JSON texts, one per platform.

    Raises:
        InvalidArgument: a malformed platform, or an empty sequence.
    """
    if isinstance(platforms, (str, Mapping)):
        return [oci_platform(platforms, field)]
    if not is_sequence(platforms):
        raise InvalidArgument(
            f"{field} must be a platform or a list of them, got {type(platforms).__name__}"
        )
    found = [oci_platform(platform, field) for platform in platforms]
    if not found:
        raise InvalidArgument(f"{field}: give at least one platform, or None for all of them")
    return found
