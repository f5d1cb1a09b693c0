"""``WholeResponse``: an ``httpx.Response`` whose body arrived in full with its head.

Most engine replies are small and come in the same read as their head. httpx reads a body
through a chain of generators (content decoders, a chunker, request contexts); for a small
call that machinery costs more than the socket round trip. A whole body needs none of it:
``content``, ``read()`` and ``aread()`` return it as it is, and iterating still works
through the ``ByteStream`` it is also given. The lean unix transports (sync and async) return
one whenever the body is complete on arrival (its connection is back in the pool by then)
and not content-encoded (the clients never ask for compression), so there is nothing to
decode. Iterating it, before or after ``read()``, yields the body again.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["WholeResponse"]


class WholeResponse(httpx.Response):
    """A reply with its whole body in hand.

    Args:
        status_code: the HTTP status.
        headers: the reply's headers, as received.
        body: the complete (decoded) body.
        extensions: httpx's response extensions.
    """

    def __init__(
        self,
        status_code: int,
        headers: Any,
        body: bytes,
        extensions: dict[str, Any],
    ) -> None:
        super().__init__(
            status_code, headers=headers, stream=httpx.ByteStream(body), extensions=extensions
        )
        self._body = body

    @property
    def content(self) -> bytes:
        return self._body

    def read(self) -> bytes:
        return self._body

    async def aread(self) -> bytes:
        return self._body

    def close(self) -> None:
        self.is_closed = True  # nothing to release: the connection went back on arrival

    async def aclose(self) -> None:
        self.is_closed = True
