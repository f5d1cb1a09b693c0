"""Checked by mypy (``make typecheck``), never run: the fields every engine sends in a reply
are generated as required (``codegen/convert.py``), so they type-check without None checks."""

from __future__ import annotations

from typing_extensions import assert_type

from dockersdk import APIClient
from dockersdk.aio import AsyncAPIClient
from dockersdk.models import ImageSummary, Volume


def sync_api(api: APIClient) -> None:
    api.start(api.create_container("busybox", ["true"]).id)
    exit_code: int = api.wait("web").status_code + 1
    assert_type(api.exec_create("web", "true").id, str)
    assert_type(api.commit("web").id, str)
    assert_type(exit_code, int)


async def async_api(api: AsyncAPIClient) -> None:
    await api.start((await api.create_container("busybox", ["true"])).id)
    exit_code: int = (await api.wait("web")).status_code + 1
    assert_type(exit_code, int)


def listed(image: ImageSummary, volume: Volume) -> None:
    assert_type(image.id, str)
    assert_type(image.size, int)
    assert_type(volume.name, str)
    assert_type(volume.mountpoint, str)
    # Not sent by every engine (or x-nullable, or a map): still Optional.
    assert_type(image.labels, dict[str, str] | None)
    assert_type(volume.created_at, str | None)
