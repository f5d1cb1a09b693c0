"""Progress of pulls, pushes and builds: a pure per-layer aggregator and an optional display.

:class:`ProgressTracker` does no I/O: feed it the objects of a progress stream one at a time
(typed models from ``decode=True``, plain dicts, or the JSON bytes a stream yields without
``decode``) and read the state it keeps: one :class:`LayerProgress` per layer, the build's
log lines, the image ID and digest. It works the same from sync and async code.

:class:`ProgressDisplay` and :func:`show` render that state with rich: one bar per layer for
pulls and pushes, the log lines for builds. rich is optional
(``pip install 'dockersdk[progress]'``) and imported only when a display is created::

    from dockersdk import APIClient
    from dockersdk.progress import show

    with APIClient() as api, api.pull("busybox", stream=True, decode=True) as events:
        summary = show(events)
    print(summary.digest)
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from dockersdk._guards import is_mapping
from dockersdk.errors import APIError, BuildError
from dockersdk.models._base import DockerModel

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = [
    "DONE_STATUSES",
    "LayerProgress",
    "ProgressDisplay",
    "ProgressEvent",
    "ProgressTracker",
    "ProgressUpdate",
    "show",
]

#: One object of a pull, push, build, load or import stream: a typed model
#: (``CreateImageInfo``, ``PushImageInfo``, ``BuildInfo``...), a plain dict, or its JSON text.
ProgressEvent: TypeAlias = Mapping[str, Any] | DockerModel | bytes | str

#: Layer statuses after which the engine sends nothing more for that layer.
DONE_STATUSES = frozenset({"Pull complete", "Already exists", "Pushed", "Layer already exists"})
_DONE_PREFIXES = ("Mounted from ",)  # push: the registry reused a layer of another repository
# Statuses whose ``id`` is a tag or a repository, not a layer.
_NOT_LAYER_PREFIXES = ("Pulling from ", "Pulling repository ")
_INSTALL_HINT = "pip install 'dockersdk[progress]'"


@dataclass
class LayerProgress:
    """What is known of one layer of a pull or push.

    Attributes:
        id: the layer's short ID, as the engine reports it.
        status: the engine's last status for it: ``"Waiting"``, ``"Downloading"``,
            ``"Extracting"``, ``"Pull complete"``, ``"Already exists"``, ``"Pushing"``,
            ``"Pushed"``, ``"Layer already exists"``...
        current: bytes done in the current phase (download, extraction or upload), or None
            before the engine reported any.
        total: the size the engine reports for the current phase, or None while unknown
            (the engine sends no size, or 0).
        done: the engine has finished with this layer (see :data:`DONE_STATUSES`).
    """

    id: str
    status: str = ""
    current: int | None = None
    total: int | None = None
    done: bool = False

    @property
    def fraction(self) -> float | None:
        """How far the current phase is, from 0.0 to 1.0 (None when the size is unknown)."""
        if self.done:
            return 1.0
        if not self.total:
            return None
        return min((self.current or 0) / self.total, 1.0)


@dataclass(frozen=True)
class ProgressUpdate:
    """What one event changed.

    Attributes:
        layer: the layer the event was about (the tracker's live object), or None.
        lines: the log lines the event completed (build output, and status messages such as
            ``"Digest: sha256:..."``), without their line ends.
    """

    layer: LayerProgress | None = None
    lines: tuple[str, ...] = ()


def _field(obj: object, key: str) -> Any:
    """``obj[key]`` for a dict (a typed event is one); None when absent or not a dict."""
    if is_mapping(obj):
        return obj.get(key)
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: object) -> int | None:
    """A byte count from ``progressDetail``: a non-negative int (bools and floats aside)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return int(value)


class ProgressTracker:
    """Aggregates a progress stream per layer; pure (no I/O), so it serves sync and async code.

    Args:
        max_lines: how many log lines to keep (the oldest go first); None keeps all.

    Example::

        tracker = ProgressTracker()
        for event in api.pull("busybox", stream=True, decode=True):
            tracker.feed(event)
        assert all(layer.done for layer in tracker.layers.values())
    """

    def __init__(self, *, max_lines: int | None = 1000) -> None:
        self._layers: dict[str, LayerProgress] = {}
        self._lines: deque[str] = deque(maxlen=max_lines)
        self._partial = ""  # build output not yet ended by a newline
        self._saw_build_output = False
        #: The image ID a build reported (its ``aux`` object), or None.
        self.image_id: str | None = None
        #: The manifest digest a pull (``Digest: ...``) or push (``aux``) reported, or None.
        self.digest: str | None = None
        #: The last event fed, as it was given (None before the first).
        self.last_event: ProgressEvent | None = None
        #: How many events were fed.
        self.events = 0

    @property
    def layers(self) -> Mapping[str, LayerProgress]:
        """The layers by ID, in the order the engine first mentioned them."""
        return self._layers

    @property
    def lines(self) -> list[str]:
        """The log lines so far (build output and status messages), oldest first."""
        return list(self._lines)

    @property
    def current(self) -> int:
        """Bytes done over all layers (a finished layer counts its whole size)."""
        return sum(
            (layer.total or layer.current or 0) if layer.done else (layer.current or 0)
            for layer in self._layers.values()
        )

    @property
    def total(self) -> int:
        """The sum of the layer sizes known so far."""
        return sum(layer.total or 0 for layer in self._layers.values())

    @property
    def done(self) -> bool:
        """True when at least one layer was seen and every layer is finished."""
        return bool(self._layers) and all(layer.done for layer in self._layers.values())

    def feed(self, event: ProgressEvent) -> ProgressUpdate:
        """Take one event into account.

        Events without an ``id``, without ``progressDetail``, with a size of 0, or of a kind
        this class does not know change nothing they do not describe.

        Args:
            event: one object of the stream.

        Returns:
            What the event changed.

        Raises:
            BuildError: the event is an error object and build output was seen before.
            APIError: the event is any other error object (the client raises on those
                itself; this covers events read some other way).
        """
        self.last_event = event
        self.events += 1
        data: object = event
        if isinstance(event, bytes | str):
            data = json.loads(event) if event.strip() else None
        error = _field(data, "errorDetail")
        message = _text(_field(error, "message")) or _text(_field(data, "error"))
        if error or message:
            self._raise(message or str(data))
        lines: list[str] = []
        stream = _text(_field(data, "stream"))
        if stream is not None:
            self._saw_build_output = True
            lines.extend(self._split(stream))
        aux = _field(data, "aux")
        self.image_id = _text(_field(aux, "ID")) or self.image_id
        self.digest = _text(_field(aux, "Digest")) or self.digest
        status = _text(_field(data, "status"))
        ident = _text(_field(data, "id"))
        layer: LayerProgress | None = None
        if ident and not (status or "").startswith(_NOT_LAYER_PREFIXES):
            layer = self._update_layer(ident, status, _field(data, "progressDetail"))
        elif status:
            if status.startswith("Digest: "):
                self.digest = status.removeprefix("Digest: ").strip()
            lines.append(f"{ident}: {status}" if ident else status)
        self._lines.extend(lines)
        return ProgressUpdate(layer, tuple(lines))

    def flush(self) -> ProgressUpdate:
        """End the stream: the build output after its last newline becomes a line.

        Returns:
            The line added, if any.
        """
        if not self._partial:
            return ProgressUpdate()
        line, self._partial = self._partial.rstrip("\r"), ""
        self._lines.append(line)
        return ProgressUpdate(lines=(line,))

    def _split(self, text: str) -> list[str]:
        *complete, self._partial = (self._partial + text).split("\n")
        return [line.rstrip("\r") for line in complete]

    def _update_layer(self, ident: str, status: str | None, detail: object) -> LayerProgress:
        layer = self._layers.get(ident)
        if layer is None:
            layer = self._layers[ident] = LayerProgress(ident)
        if status:
            layer.status = status
        total = _count(_field(detail, "total"))
        current = _count(_field(detail, "current"))
        if total:
            layer.total = total
        if current is not None:
            layer.current = current
        if status in DONE_STATUSES or (status or "").startswith(_DONE_PREFIXES):
            layer.done = True
        if (layer.done or status == "Download complete") and layer.total:
            layer.current = layer.total
        return layer

    def _raise(self, message: str) -> NoReturn:
        if self._saw_build_output:
            raise BuildError(message, self.lines)
        raise APIError(
            f"the engine reported an error in the stream: {message}", explanation=message
        )


class ProgressDisplay:
    """Renders a :class:`ProgressTracker` with rich: one bar per layer, log lines above.

    Use it as a context manager and :meth:`feed` it events; it does not iterate anything
    itself, so the same display serves a sync ``for`` or an ``async for``.

    Args:
        console: the rich Console to draw on (default: a new one on stdout).
        transient: remove the bars when done (the log lines stay).
        tracker: the tracker to feed (default: a new one), e.g. to keep more log lines.

    Raises:
        ImportError: rich is not installed (``pip install 'dockersdk[progress]'``).

    Example::

        with ProgressDisplay() as display:
            async for event in stream:
                display.feed(event)
        print(display.tracker.digest)
    """

    def __init__(
        self,
        *,
        console: Console | None = None,
        transient: bool = False,
        tracker: ProgressTracker | None = None,
    ) -> None:
        try:
            from rich.progress import BarColumn, Progress, TextColumn
        except ImportError as exc:
            raise ImportError(
                f"dockersdk.progress needs rich to draw progress bars: {_INSTALL_HINT}"
            ) from exc
        #: The tracker this display feeds and draws.
        self.tracker = tracker if tracker is not None else ProgressTracker()
        self._progress: Progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[size]}"),
            console=console,
            transient=transient,
        )
        self._tasks: dict[str, TaskID] = {}
        self._entered = False  # inside the ``with`` block
        self._started = False  # the bars are on screen (from the first layer on)

    @property
    def console(self) -> Console:
        """The rich Console the display draws on."""
        return self._progress.console

    def feed(self, event: ProgressEvent) -> ProgressUpdate:
        """Feed the tracker one event and redraw what it changed.

        Args:
            event: one object of the stream.

        Returns:
            What the event changed.

        Raises:
            APIError: the event is an error object (see :meth:`ProgressTracker.feed`).
            BuildError: the same, during a build.
        """
        update = self.tracker.feed(event)
        self._draw(update)
        return update

    def _draw(self, update: ProgressUpdate) -> None:
        from rich.filesize import decimal
        from rich.text import Text

        for line in update.lines:
            self.console.print(Text.from_ansi(line), soft_wrap=True)
        layer = update.layer
        if layer is None:
            return
        total, completed = layer.total, layer.current or 0
        if total is None and layer.done:
            total = completed = 1
        if layer.total:
            size = f"{decimal(min(completed, layer.total))}/{decimal(layer.total)}"
        else:
            size = decimal(completed) if completed and not layer.done else ""
        fields: dict[str, Any] = {
            "description": f"{layer.id[:12]:<12} {layer.status:<20}",
            "total": total,
            "completed": min(completed, total) if total else completed,
            "size": size,
        }
        if self._entered and not self._started:
            self._progress.start()  # a build without layers prints its lines only
            self._started = True
        task = self._tasks.get(layer.id)
        if task is None:
            self._tasks[layer.id] = self._progress.add_task(**fields)
        else:
            self._progress.update(task, **fields)

    def __enter__(self) -> ProgressDisplay:
        self._entered = True
        if self._tasks:  # layers fed before the ``with``
            self._progress.start()
            self._started = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._draw(self.tracker.flush())
        finally:
            self._entered = False
            if self._started:
                self._started = False
                self._progress.stop()


def show(
    events: Iterable[ProgressEvent],
    *,
    console: Console | None = None,
    transient: bool = False,
    tracker: ProgressTracker | None = None,
) -> ProgressTracker:
    """Draw a pull, push or build stream with rich until it ends.

    Args:
        events: the stream, e.g. ``api.pull(name, stream=True, decode=True)``.
        console: the rich Console to draw on (default: a new one on stdout).
        transient: remove the bars when done (the log lines stay).
        tracker: the tracker to feed (default: a new one).

    Returns:
        The tracker, holding the final state: ``layers``, ``lines``, ``image_id``,
        ``digest`` and ``last_event``.

    Raises:
        ImportError: rich is not installed (``pip install 'dockersdk[progress]'``).
        APIError: the stream reported an error.
        BuildError: the build failed.
    """
    with ProgressDisplay(console=console, transient=transient, tracker=tracker) as display:
        for event in events:
            display.feed(event)
    return display.tracker
