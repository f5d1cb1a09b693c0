"""docker-py's ``docker.utils.utils`` path: the same helpers as :mod:`dockersdk.utils`."""

from __future__ import annotations

from dockersdk.utils import *  # noqa: F403
from dockersdk.utils import __all__ as _flat_names

__all__ = list(_flat_names)  # pyright: ignore[reportUnsupportedDunderAll]
