"""dockersdk.progress: the per-layer aggregator fed recorded pull/push/build streams and odd
events, and the rich display drawn to an in-memory console."""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from dockersdk.errors import APIError, BuildError
from dockersdk.models import BuildInfo, CreateImageInfo, PushImageInfo
from dockersdk.models._base import DockerModel
from dockersdk.progress import (
    DONE_STATUSES,
    LayerProgress,
    ProgressDisplay,
    ProgressEvent,
    ProgressTracker,
    ProgressUpdate,
    show,
)

RECORDED = Path(__file__).parents[1] / "fixtures" / "progress"
ENGINES = ["1.41", "1.51"]
MODELS: dict[str, type[DockerModel]] = {
    "pull": CreateImageInfo,
    "push": PushImageInfo,
    "build": BuildInfo,
}


def recorded(engine: str, kind: str) -> list[dict[str, Any]]:
    """A stream recorded from a real engine by ``APIClient.pull/push/build`` (JSON objects)."""
    data: list[dict[str, Any]] = json.loads((RECORDED / f"engine-{engine}-{kind}.json").read_text())
    return data


# The three shapes a stream can come in: typed models (decode=True), dicts, JSON bytes.
SHAPES: dict[str, Callable[[str, dict[str, Any]], ProgressEvent]] = {
    "model": lambda kind, item: MODELS[kind](item),
    "dict": lambda kind, item: item,
    "bytes": lambda kind, item: json.dumps(item).encode(),
}


def fed(engine: str, kind: str, shape: str = "model") -> ProgressTracker:
    tracker = ProgressTracker()
    for item in recorded(engine, kind):
        tracker.feed(SHAPES[shape](kind, item))
    tracker.flush()
    return tracker


def console(width: int = 100) -> Console:
    return Console(file=io.StringIO(), force_terminal=False, width=width)


def output(con: Console) -> str:
    file = con.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


# --- the aggregator on recorded streams ---------------------------------------------------


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("engine", ENGINES)
def test_pull_reaches_completion_per_layer(engine: str, shape: str) -> None:
    tracker = fed(engine, "pull", shape)
    layers = list(tracker.layers.values())
    assert len(layers) == 3  # the base layer and the build's two RUN layers
    assert [layer.status for layer in layers] == [
        "Already exists",
        "Pull complete",
        "Pull complete",
    ]
    assert all(layer.done and layer.fraction == 1.0 for layer in layers)
    assert tracker.done
    # The base layer already existed: no size. The others count whole.
    assert layers[0].total is None
    assert all(layer.current == layer.total and layer.total for layer in layers[1:])
    assert tracker.current == tracker.total == sum(layer.total or 0 for layer in layers)
    assert tracker.total > 3_000_000  # the 3 MiB layer
    # "Pulling from" carries the tag as its id: a message, not a layer.
    assert tracker.lines[0] == "v1: Pulling from rec/progress"
    assert "v1" not in tracker.layers
    assert tracker.lines[-1].startswith("Status: Downloaded newer image for ")
    assert tracker.digest is not None and tracker.digest.startswith("sha256:")
    assert f"Digest: {tracker.digest}" in tracker.lines
    assert tracker.image_id is None
    assert tracker.events == len(recorded(engine, "pull"))


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("engine", ENGINES)
def test_push_reaches_completion_per_layer(engine: str, shape: str) -> None:
    tracker = fed(engine, "push", shape)
    assert len(tracker.layers) == 3
    assert {layer.status for layer in tracker.layers.values()} == {"Pushed"}
    assert tracker.done
    # The engine reports more bytes pushed than the layer's size (compressed vs not):
    # a finished layer counts its size, and the fraction never passes 1.
    assert all(layer.current == layer.total for layer in tracker.layers.values())
    aux = recorded(engine, "push")[-1]["aux"]
    assert tracker.digest == aux["Digest"]
    assert tracker.lines[0] == "The push refers to repository [127.0.0.1:5000/rec/progress]"
    assert tracker.lines[-1] == f"v1: digest: {aux['Digest']} size: {aux['Size']}"
    assert tracker.last_event is not None


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("engine", ENGINES)
def test_build_keeps_log_lines_and_image_id(engine: str, shape: str) -> None:
    tracker = fed(engine, "build", shape)
    assert tracker.layers == {}
    assert not tracker.done  # no layer seen
    lines = tracker.lines
    # "Step 1/3 : FROM ..." and its "\n" arrive as two objects: one line.
    assert lines[0] == "Step 1/3 : FROM dockersdk-test/busybox:latest"
    assert [line for line in lines if line.startswith("Step ")] == [
        "Step 1/3 : FROM dockersdk-test/busybox:latest",
        "Step 2/3 : RUN dd if=/dev/urandom of=/blob bs=1024 count=3072",
        "Step 3/3 : RUN echo hello > /hello",
    ]
    # The RUN's stderr comes in colour, two lines in one object.
    assert "\x1b[91m3072+0 records in" in lines
    assert "3072+0 records out" in lines
    assert tracker.image_id is not None and tracker.image_id.startswith("sha256:")
    assert f"Successfully built {tracker.image_id[7:19]}" in lines
    assert lines[-1] == "Successfully tagged 127.0.0.1:5000/rec/progress:v1"


def test_mid_pull_state() -> None:
    tracker = ProgressTracker()
    events = recorded("1.41", "pull")
    downloading = next(
        i
        for i, e in enumerate(events)
        if e["status"] == "Downloading"
        and e["progressDetail"]["current"] < e["progressDetail"]["total"]
    )
    for item in events[: downloading + 1]:
        update = tracker.feed(item)
    layer = update.layer
    assert layer is not None and layer is tracker.layers[events[downloading]["id"]]
    assert layer.status == "Downloading" and not layer.done
    assert layer.fraction is not None and 0 < layer.fraction < 1
    assert update.lines == ()
    assert not tracker.done
    waiting = [lay for lay in tracker.layers.values() if lay.status == "Pulling fs layer"]
    assert all(lay.fraction is None and lay.current is None for lay in waiting)


def test_download_complete_fills_then_extracting_restarts() -> None:
    tracker = ProgressTracker()
    tracker.feed(
        {"id": "l1", "status": "Downloading", "progressDetail": {"current": 5, "total": 10}}
    )
    layer = tracker.feed({"id": "l1", "status": "Download complete", "progressDetail": {}}).layer
    assert layer is not None and (layer.current, layer.total, layer.done) == (10, 10, False)
    tracker.feed(
        {"id": "l1", "status": "Extracting", "progressDetail": {"current": 2, "total": 10}}
    )
    assert (layer.current, layer.fraction) == (2, 0.2)
    tracker.feed({"id": "l1", "status": "Pull complete", "progressDetail": {}})
    assert (layer.current, layer.fraction, layer.done) == (10, 1.0, True)


# --- odd events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        # no id, no progressDetail: a message line
        ({"status": "Waiting for the registry"}, None),
        # total 0, negative: no size
        (
            {"id": "a", "status": "Downloading", "progressDetail": {"current": 0, "total": 0}},
            LayerProgress("a", "Downloading", 0, None),
        ),
        (
            {"id": "a", "status": "Downloading", "progressDetail": {"current": -1, "total": -5}},
            LayerProgress("a", "Downloading"),
        ),
        # progressDetail missing or null
        ({"id": "a", "status": "Waiting"}, LayerProgress("a", "Waiting")),
        ({"id": "a", "status": "Waiting", "progressDetail": None}, LayerProgress("a", "Waiting")),
        # an id without a status
        ({"id": "a", "progressDetail": {"current": 3}}, LayerProgress("a", "", 3)),
        # the push's finishing statuses
        (
            {"id": "a", "status": "Layer already exists"},
            LayerProgress("a", "Layer already exists", done=True),
        ),
        (
            {"id": "a", "status": "Mounted from library/busybox"},
            LayerProgress("a", "Mounted from library/busybox", done=True),
        ),
        # unknown keys and an empty object
        ({"id": "a", "status": "Verifying", "newField": {"x": 1}}, LayerProgress("a", "Verifying")),
        ({}, None),
    ],
)
def test_odd_events(event: dict[str, Any], expected: LayerProgress | None) -> None:
    for shape in ("dict", "model"):
        tracker = ProgressTracker()
        update = tracker.feed(event if shape == "dict" else CreateImageInfo(event))
        assert update.layer == expected
        assert list(tracker.layers.values()) == ([expected] if expected else [])
        if event.get("status") and expected is None:
            assert update.lines == (event["status"],)


@pytest.mark.parametrize(
    ("detail", "current", "total"),
    [
        ({"current": True, "total": "9"}, None, None),
        ({"current": 1.5, "total": 3.0}, 1, 3),
        ([1, 2], None, None),
        ("50%", None, None),
    ],
)
def test_progress_detail_of_odd_types_in_plain_dicts(
    detail: object, current: int | None, total: int | None
) -> None:
    # The typed models refuse these; events read as plain JSON may still carry them.
    tracker = ProgressTracker()
    update = tracker.feed({"id": "a", "status": "Downloading", "progressDetail": detail})
    assert update.layer == LayerProgress("a", "Downloading", current, total)


@pytest.mark.parametrize("event", [b"", b"  \n", b'"just text"', b"[1, 2]", "null", b"42"])
def test_json_that_is_not_an_object_changes_nothing(event: bytes | str) -> None:
    tracker = ProgressTracker()
    assert tracker.feed(event) == ProgressUpdate()
    assert tracker.events == 1 and tracker.last_event == event


def test_a_layer_keeps_its_size_when_an_event_omits_it() -> None:
    tracker = ProgressTracker()
    tracker.feed({"id": "a", "status": "Pushing", "progressDetail": {"current": 1, "total": 4}})
    tracker.feed({"id": "a", "status": "Pushing", "progressDetail": {"current": 2}})
    assert tracker.layers["a"] == LayerProgress("a", "Pushing", 2, 4)
    assert (tracker.current, tracker.total) == (2, 4)


def test_done_statuses_are_the_documented_ones() -> None:
    assert {"Pull complete", "Already exists", "Pushed", "Layer already exists"} == DONE_STATUSES


def test_build_output_split_anywhere_gives_the_same_lines() -> None:
    text = "".join(e.get("stream", "") for e in recorded("1.51", "build"))
    whole = ProgressTracker()
    whole.feed({"stream": text})
    whole.flush()
    for size in (1, 2, 7):
        tracker = ProgressTracker()
        for start in range(0, len(text), size):
            tracker.feed({"stream": text[start : start + size]})
        tracker.flush()
        assert tracker.lines == whole.lines


def test_flush_ends_an_unterminated_line_once() -> None:
    tracker = ProgressTracker()
    assert tracker.feed({"stream": "Step 1/1 : FROM x"}).lines == ()
    assert tracker.feed({"stream": "\r\npartial"}).lines == ("Step 1/1 : FROM x",)
    assert tracker.flush() == ProgressUpdate(lines=("partial",))
    assert tracker.flush() == ProgressUpdate()
    assert tracker.lines == ["Step 1/1 : FROM x", "partial"]


def test_max_lines_keeps_the_newest() -> None:
    tracker = ProgressTracker(max_lines=3)
    for number in range(10):
        tracker.feed({"stream": f"line {number}\n"})
    assert tracker.lines == ["line 7", "line 8", "line 9"]
    unbounded = ProgressTracker(max_lines=None)
    for number in range(2000):
        unbounded.feed({"status": f"s{number}"})
    assert len(unbounded.lines) == 2000


@pytest.mark.parametrize(
    "event",
    [
        {"error": "manifest unknown"},
        {"errorDetail": {"message": "manifest unknown"}},
        {"errorDetail": {"message": "manifest unknown", "code": 404}, "error": "ignored"},
        CreateImageInfo({"errorDetail": {"message": "manifest unknown"}}),
        b'{"error": "manifest unknown"}',
    ],
)
def test_an_error_object_raises(event: ProgressEvent) -> None:
    tracker = ProgressTracker()
    tracker.feed({"status": "Pulling from x", "id": "latest"})
    with pytest.raises(APIError, match="manifest unknown") as caught:
        tracker.feed(event)
    assert caught.value.explanation == "manifest unknown"


def test_an_error_during_a_build_raises_build_error_with_the_log() -> None:
    tracker = ProgressTracker()
    tracker.feed({"stream": "Step 1/1 : RUN false\n"})
    with pytest.raises(BuildError, match="returned a non-zero code") as caught:
        tracker.feed(
            BuildInfo(
                {
                    "errorDetail": {"code": 1, "message": "returned a non-zero code: 1"},
                    "error": "returned a non-zero code: 1",
                }
            )
        )
    assert caught.value.build_log == ["Step 1/1 : RUN false"]


# --- rendering ------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_show_pull_draws_one_bar_per_layer(engine: str) -> None:
    con = console()
    events = [CreateImageInfo(e) for e in recorded(engine, "pull")]
    tracker = show(events, console=con)
    assert tracker.done and tracker.last_event is events[-1]
    lines = output(con).splitlines()
    # The messages first (printed as they came), then the final bars.
    assert lines[:3] == tracker.lines
    bars = lines[3:]
    assert len(bars) == len(tracker.layers) == 3
    for bar, layer in zip(bars, tracker.layers.values(), strict=True):
        assert bar.startswith(f"{layer.id} {layer.status:<20} ━"), bar
        assert len(bar) <= 100
    assert bars[0].rstrip().endswith("━")  # "Already exists": no size to show
    assert bars[1].rstrip().endswith(" 3.1 MB/3.1 MB")
    assert bars[2].rstrip().endswith(" bytes")


@pytest.mark.parametrize("engine", ENGINES)
def test_show_push_draws_one_bar_per_layer(engine: str) -> None:
    con = console(width=80)
    tracker = show(iter(recorded(engine, "push")), console=con)
    text = output(con)
    for layer in tracker.layers.values():
        assert f"{layer.id} Pushed " in text
    assert "3.1 MB/3.1 MB" in text and "2.0 MB/2.0 MB" in text
    assert text.splitlines()[1] == tracker.lines[1]  # the digest line, printed whole


@pytest.mark.parametrize("engine", ENGINES)
def test_show_build_prints_the_log_and_no_bars(engine: str) -> None:
    con = console(width=40)  # narrower than some lines: they are not wrapped
    tracker = show((json.dumps(e).encode() for e in recorded(engine, "build")), console=con)
    # Colour codes are interpreted, not printed (the console is not a terminal).
    expected = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in tracker.lines]
    assert output(con) == "".join(f"{line}\n" for line in expected)
    assert "━" not in output(con)


def test_transient_display_leaves_only_the_lines() -> None:
    con = console()
    tracker = show(recorded("1.41", "pull"), console=con, transient=True)
    assert output(con).rstrip("\n").splitlines() == tracker.lines
    assert "━" not in output(con)


def test_bars_for_unknown_sizes_and_partial_progress() -> None:
    con = console(width=70)
    with ProgressDisplay(console=con) as display:
        display.feed({"id": "aaaaaaaaaaaa", "status": "Waiting"})
        display.feed(
            {
                "id": "bbbbbbbbbbbb",
                "status": "Downloading",
                "progressDetail": {"current": 1500, "total": 3000},
            }
        )
        display.feed(
            {"id": "cccccccccccc", "status": "Loading", "progressDetail": {"current": 2000}}
        )
        display.feed({"stream": "no newline at the end"})
    bars = [line.rstrip() for line in output(con).splitlines()]
    assert bars[0] == "no newline at the end"  # flushed when the display closed
    assert bars[1].startswith("aaaaaaaaaaaa Waiting ")
    assert bars[2].startswith("bbbbbbbbbbbb Downloading ") and bars[2].endswith(" 1.5 kB/3.0 kB")
    assert bars[3].startswith("cccccccccccc Loading ") and bars[3].endswith(" 2.0 kB")
    assert display.tracker.current == 3500


def test_display_feeds_a_given_tracker_from_async_code() -> None:
    tracker = ProgressTracker(max_lines=None)

    async def stream() -> AsyncIterator[dict[str, Any]]:
        for item in recorded("1.51", "pull"):
            yield item

    async def main() -> None:
        with ProgressDisplay(console=console(), tracker=tracker) as display:
            async for event in stream():
                display.feed(event)
        assert display.tracker is tracker

    asyncio.run(main())
    assert tracker.done


def test_an_error_stops_the_display_and_propagates() -> None:
    con = console()
    events = [*recorded("1.41", "pull")[:5], {"error": "connection reset"}]
    with pytest.raises(APIError, match="connection reset"):
        show(events, console=con)
    assert "Pulling fs layer" in output(con)  # the bars were drawn, then closed


def test_a_missing_rich_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.progress", None)
    with pytest.raises(ImportError, match=r"pip install 'dockersdk\[progress\]'"):
        ProgressDisplay()
    with pytest.raises(ImportError, match=r"dockersdk\[progress\]"):
        show([])


def test_the_tracker_works_without_rich() -> None:
    code = (
        "import sys; sys.modules['rich'] = None\n"
        "from dockersdk.progress import ProgressTracker\n"
        "t = ProgressTracker(); t.feed({'id': 'a', 'status': 'Pull complete'})\n"
        "assert t.done and 'rich' not in [m for m in sys.modules if sys.modules[m]]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
