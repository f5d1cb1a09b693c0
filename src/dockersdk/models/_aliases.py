"""Keys that engines spell otherwise than the spec: a reply keeps what the engine sent, and the
spec's key gets the same value, so the typed attribute and both spellings read it.

The list is ``codegen/spec_patch.yaml`` (``x-dockersdk-aliases`` on a property): codegen gives
each model with such a property a ``before`` validator calling :func:`with_spec_keys`.
Podman 4.3's stats say ``Id`` where the spec (and dockerd) say ``id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dockersdk._guards import is_dict

__all__ = ["with_spec_keys"]


def with_spec_keys(data: Any, aliases: Mapping[str, tuple[str, ...]]) -> Any:
    """``data`` with each spec key of ``aliases`` that it lacks set from its first present
    other spelling (a copy; ``data`` itself is left alone). Anything but a dict is returned
    as it is, for the model's own validation to judge.

    Args:
        data: a reply object as decoded from JSON.
        aliases: spec key -> the other spellings engines use, in order of preference.
    """
    if not is_dict(data):
        return data
    missing = [key for key in aliases if key not in data]
    if not missing:
        return data
    copied = dict(data)
    for key in missing:
        for other in aliases[key]:
            if other in data:
                copied[key] = data[other]
                break
    return copied
