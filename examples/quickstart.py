"""A first tour of dockersdk: typed calls against a real engine.

Run with ``make demo`` (it starts a private engine if none answers), or directly:
``python examples/quickstart.py [BASE_URL]``. The documentation's home page includes the
``--8<--`` section.
"""

from __future__ import annotations

import os
import sys

from dockersdk import APIClient
from dockersdk.errors import NotFound

IMAGE = os.environ.get("DOCKERSDK_DEMO_IMAGE", "dockersdk-test/busybox:latest")


# --8<-- [start:main]
def main(base_url: str | None) -> None:
    with APIClient(base_url=base_url) as api:
        version = api.version()
        print(
            f"engine {version.version} (API {version.api_version}), speaking API {api.api_version}"
        )
        info = api.info()
        print(f"{info.containers_running} running containers, {info.images} images")

        created = api.create_container(
            IMAGE, ["sh", "-c", "echo hello from $(hostname)"], labels={"dockersdk.demo": "1"}
        )
        cid = created.id  # a str: every engine sends Id (fields engines may omit are X | None)
        try:
            api.start(cid)
            status = api.wait(cid).status_code
            print(f"container exited with {status}: {api.logs(cid).decode().strip()}")
            state = api.inspect_container(cid).state
            assert state is not None
            print(
                f"typed: state.status={state.status!r}; dict-style: "
                f"{api.inspect_container(cid)['State']['ExitCode']=}"
            )
        finally:
            api.remove_container(cid, force=True)

        try:
            api.inspect_container("no-such-container")
        except NotFound as exc:
            print(f"errors are typed: {type(exc).__name__}: {exc}")


# --8<-- [end:main]


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DOCKER_HOST"))
