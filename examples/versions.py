"""Engine API versions: negotiated or pinned, and what the version table knows.

Run with ``python examples/versions.py [BASE_URL]``; the engines guide
(docs/guides/engines.md) includes the ``--8<--`` sections.
"""

from __future__ import annotations

import sys

from dockersdk import APIClient
from dockersdk.errors import InvalidVersion
from dockersdk.models._versions import (
    field_added_in,
    field_removed_in,
    field_replacement,
    param_added_in,
)
from dockersdk.types import HostConfig


# --8<-- [start:negotiate]
def negotiate_or_pin(base_url: str | None) -> None:
    # No version: the newest both the engine and dockersdk speak (API 1.25 to 1.56).
    with APIClient(base_url=base_url) as api:
        print("negotiated", api.api_version, "engine", api.version().api_version)
    # A pinned version is used as is; what it lacks is refused before anything is sent.
    with APIClient(base_url=base_url, version="1.40") as pinned:
        print("pinned", pinned.api_version, pinned.ping())  # 1.40 True
        try:
            pinned.create_host_config(cgroupns="host")  # CgroupnsMode came in API 1.41
        except InvalidVersion as error:
            print("refused:", error)


# --8<-- [end:negotiate]


# --8<-- [start:table]
def the_version_table() -> None:
    print(field_added_in("HostConfig", "CgroupnsMode"))  # 1.41
    print(param_added_in("GET", "/containers/json", "size"))  # 1.25
    print(field_removed_in("ContainerInspectResponse", "NetworkSettings.IPAddress"))  # 1.52
    print(field_replacement("NetworkSettings", "IPAddress"))
    # NetworkSettings.Networks.<network>.IPAddress

    # Builders check their fields against a version offline, before any request.
    try:
        HostConfig(version="1.40", cgroupns="host")
    except InvalidVersion as error:
        print("offline:", error)


# --8<-- [end:table]


def main(base_url: str | None) -> None:
    the_version_table()
    negotiate_or_pin(base_url)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
