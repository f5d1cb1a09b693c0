"""Progress bars for builds, pushes and pulls (``pip install 'dockersdk[progress]'``).

Run with ``python examples/progress_bars.py [BASE_URL [REGISTRY_REPO]]``: the build always,
the push and pull when a repository on a registry the engine can reach is given. The
progress guide (docs/guides/progress.md) includes the ``--8<--`` sections.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
from collections.abc import Mapping
from typing import Any

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.progress import ProgressDisplay, ProgressTracker, show

IMAGE = os.environ.get("DOCKERSDK_DEMO_IMAGE", "dockersdk-test/busybox:latest")
TAG = "dockersdk-example/progress:latest"


# --8<-- [start:build]
def build_with_bars(api: APIClient) -> ProgressTracker:
    dockerfile = f"FROM {IMAGE}\nRUN dd if=/dev/urandom of=/blob bs=1024 count=1024\n"
    with api.build(
        fileobj=io.BytesIO(dockerfile.encode()), tag=TAG, rm=True, decode=True,
        labels={"dockersdk.example": "1"},
    ) as output:  # fmt: skip
        built = show(output)  # the build's log lines while it runs
    print(built.image_id, built.lines[-1])  # sha256:... Successfully tagged ...
    return built


# --8<-- [end:build]


# --8<-- [start:push_and_pull]
def push_and_pull_with_bars(api: APIClient, repo: str, auth: Mapping[str, Any] | None) -> None:
    api.tag(TAG, repo, "latest")
    with api.push(repo, "latest", stream=True, decode=True, auth_config=auth) as events:
        pushed = show(events)  # one bar per layer
    print(pushed.digest, sorted(layer.status for layer in pushed.layers.values()))

    api.remove_image(f"{repo}:latest")
    with api.pull(repo, "latest", stream=True, decode=True, auth_config=auth) as events:
        pulled = show(events, transient=True)  # the bars go when done
    print("same digest:", pulled.digest == pushed.digest)  # same digest: True
    api.remove_image(f"{repo}:latest")


# --8<-- [end:push_and_pull]


# --8<-- [start:tracker]
def your_own_display(api: APIClient) -> None:
    # ProgressTracker does no I/O: feed it events and draw what it says your own way.
    tracker = ProgressTracker()
    dockerfile = f"FROM {IMAGE}\nRUN echo hello > /hello\n"
    with api.build(fileobj=io.BytesIO(dockerfile.encode()), tag=TAG, decode=True) as output:
        for event in output:
            for line in tracker.feed(event).lines:
                print("build:", line)
    print(tracker.image_id is not None)  # True


# --8<-- [end:tracker]


# --8<-- [start:async_display]
async def async_build(base_url: str | None) -> None:
    # ProgressDisplay draws what it is fed, so an `async for` can feed it.
    dockerfile = f"FROM {IMAGE}\nRUN echo async > /async\n"
    async with AsyncAPIClient(base_url=base_url) as api:
        with ProgressDisplay() as display:
            output = await api.build(fileobj=io.BytesIO(dockerfile.encode()), tag=TAG, decode=True)
            async with output:
                async for event in output:
                    display.feed(event)
        print(display.tracker.image_id is not None)  # True


# --8<-- [end:async_display]


def main(base_url: str | None, repo: str | None) -> None:
    with APIClient(base_url=base_url) as api:
        build_with_bars(api)
        your_own_display(api)
        asyncio.run(async_build(base_url))
        if repo:
            push_and_pull_with_bars(api, repo, None)
        api.remove_image(TAG)


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else None,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
