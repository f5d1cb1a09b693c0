"""docker-py's ``docker.types.daemon``: ``CancellableStream``, what ``events()`` returns.

dockersdk's streams (events, logs, stats, pull/push/build progress) are all
:class:`dockersdk.api.Stream`: iterate it, and ``close()`` it (or leave its ``with``) to
end it and free its connection.
"""

from __future__ import annotations

from dockersdk.api._stream import Stream

__all__ = ["CancellableStream"]

#: docker-py's name for a closable stream of decoded items.
CancellableStream = Stream
