"""docker-py's ``docker.types.base``: ``DictType``, the base of every request builder."""

from __future__ import annotations

from dockersdk.types._base import Builder

__all__ = ["DictType"]

#: docker-py's base class of the builders in :mod:`dockersdk.types`:
#: ``isinstance(x, DictType)`` holds for every one of them.
DictType = Builder
