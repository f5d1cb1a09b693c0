"""dockersdk.progress on real streams: a build, and a push and pull through a local registry
(the ``registry`` fixture of test_api_registry), drawn to an in-memory rich console."""

from __future__ import annotations

import contextlib
import io
import uuid

from rich.console import Console

from dockersdk import APIClient
from dockersdk.errors import ImageNotFound
from dockersdk.progress import ProgressDisplay, ProgressTracker, show
from tests.integration.test_api_registry import (  # noqa: F401 (fixtures)
    CREDENTIALS,
    registry,
    repo,
)

# Two layers on top of the test image's one: 3 MiB of random bytes (a download with real
# progress) and a tiny file.
DOCKERFILE = """FROM {image}
RUN dd if=/dev/urandom of=/blob bs=1024 count=3072
RUN echo hello > /hello
"""


def console() -> Console:
    return Console(file=io.StringIO(), force_terminal=False, width=120)


def output(con: Console) -> str:
    file = con.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def build(api: APIClient, image: str, tag: str, con: Console) -> ProgressTracker:
    dockerfile = io.BytesIO(DOCKERFILE.format(image=image).encode())
    with api.build(fileobj=dockerfile, tag=tag, rm=True, nocache=True, decode=True) as events:
        return show(events, console=con)


def test_build_progress(api: APIClient, test_image: str) -> None:
    tag = f"dsdk-progress-{uuid.uuid4().hex[:8]}:latest"
    con = console()
    try:
        tracker = build(api, test_image, tag, con)
        assert tracker.image_id == api.inspect_image(tag).id
        steps = [line for line in tracker.lines if line.startswith("Step ")]
        assert steps == [
            f"Step 1/3 : FROM {test_image}",
            "Step 2/3 : RUN dd if=/dev/urandom of=/blob bs=1024 count=3072",
            "Step 3/3 : RUN echo hello > /hello",
        ]
        assert "3072+0 records out" in tracker.lines
        assert tracker.lines[-1] == f"Successfully tagged {tag}"
        text = output(con)
        for line in steps:
            assert f"{line}\n" in text
        assert "\x1b" not in text  # the RUN's coloured stderr, rendered for a plain file
        assert tracker.layers == {}
    finally:
        with contextlib.suppress(ImageNotFound):
            api.remove_image(tag, force=True)


def test_push_and_pull_progress_per_layer(
    api: APIClient,
    registry: str,  # noqa: F811
    repo: str,  # noqa: F811
    test_image: str,
) -> None:
    ref = f"{repo}:v1"
    try:
        build(api, test_image, ref, console())

        con = console()
        with api.push(repo, "v1", stream=True, decode=True, auth_config=CREDENTIALS) as events:
            pushed = show(events, console=con)
        assert len(pushed.layers) == 3 and pushed.done
        for layer in pushed.layers.values():
            assert layer.status in {"Pushed", "Layer already exists"} or layer.status.startswith(
                "Mounted from "
            ), layer
            assert layer.fraction == 1.0
            assert f"{layer.id} {layer.status}" in output(con)
        assert pushed.digest is not None and pushed.digest.startswith("sha256:")
        assert pushed.total >= 3 * 1024 * 1024  # the random layer's bytes were counted

        api.remove_image(ref)  # the two built layers go; the test image's stays
        con = console()
        tracker = ProgressTracker()
        with (
            api.pull(repo, "v1", stream=True, decode=True, auth_config=CREDENTIALS) as events,
            ProgressDisplay(console=con, tracker=tracker) as display,
        ):
            statuses: dict[str, list[str]] = {}
            for event in events:
                changed = display.feed(event).layer
                if changed is not None:
                    statuses.setdefault(changed.id, []).append(changed.status)
        layers = list(tracker.layers.values())
        assert [layer.status for layer in layers] == [
            "Already exists",
            "Pull complete",
            "Pull complete",
        ]
        assert tracker.done and tracker.current == tracker.total >= 3 * 1024 * 1024
        # The big layer went through the phases with sizes on the way.
        big = max(layers, key=lambda layer: layer.total or 0)
        assert {"Downloading", "Extracting", "Pull complete"} <= set(statuses[big.id])
        assert tracker.digest == pushed.digest
        assert tracker.lines[0] == f"v1: Pulling from {repo.split('/', 1)[1]}"
        assert tracker.lines[-1] == f"Status: Downloaded newer image for {ref}"
        text = output(con)
        for layer in layers:
            assert f"{layer.id} {layer.status}" in text
        assert "3.1 MB/3.1 MB" in text
        assert api.inspect_image(ref).id is not None
    finally:
        with contextlib.suppress(ImageNotFound):
            api.remove_image(ref, force=True)
