"""What every endpoint mixin needs from the client that executes its calls."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, TypeVar

import httpx

from dockersdk.api._core import Call

T = TypeVar("T")


class EndpointMixin:
    """Declares the executor hooks the endpoint mixins call; ``APIClient`` provides them."""

    def _call(self, call: Call[T]) -> T:
        raise NotImplementedError

    def _stream(self, call: Call[Any]) -> AbstractContextManager[httpx.Response]:
        raise NotImplementedError
