"""What API 1.52-1.56 added, against the real engines (API 1.41 and 1.51): what they speak
works, what they do not is refused before a request, naming both versions."""

from __future__ import annotations

import io
import tarfile
from typing import Any

import pytest

from dockersdk.errors import InvalidVersion
from dockersdk.utils.versions import version_lt


def negotiated(api: Any) -> str:
    """The API version the client speaks with this engine (negotiated by a first call)."""
    api.version()
    version: str = api.api_version
    return version


def _read(stream: Any) -> bytes:
    with stream as chunks:
        return b"".join(chunks)


def test_df_by_type(api: Any) -> None:
    if version_lt(negotiated(api), "1.42"):
        with pytest.raises(InvalidVersion, match=r"'type' of GET /system/df .*1\.42"):
            api.df(types="image")
        return
    usage = api.df(types=["image"])
    assert usage.images is not None  # an engine answering below 1.52: the legacy fields
    assert usage.containers is None and usage.volumes is None


def test_save_and_load_one_platform(api: Any, test_image: str) -> None:
    if version_lt(negotiated(api), "1.48"):
        with pytest.raises(InvalidVersion, match=r"'platform' .*1\.48"):
            api.get_image(test_image, platform="linux/amd64")
        return
    data = _read(api.get_image(test_image, platform="linux/amd64"))
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        assert "manifest.json" in archive.getnames()
    with api.load_image(data, platform="linux/amd64") as progress:
        assert any("Loaded image" in (item.stream or "") for item in progress)
    with pytest.raises(InvalidVersion, match=r"several platforms needs API version 1\.52"):
        api.get_image(test_image, platform=["linux/amd64", "linux/arm64"])


@pytest.mark.parametrize(
    ("call", "needed"),
    [
        (lambda api, image: api.image_attestations(image), "1.55"),
        (lambda api, image: api.inspect_image(image, platform="linux/amd64"), "1.52"),
        (lambda api, image: api.df(verbose=True), "1.52"),
        (lambda api, image: api.events(until=1, content_type="application/json-seq"), "1.52"),
        (lambda api, image: api.images(identity=True), "1.54"),
    ],
)
def test_newer_than_the_engine_is_refused(
    api: Any, test_image: str, call: Any, needed: str
) -> None:
    version = negotiated(api)
    assert version_lt(version, needed)  # neither test engine speaks it
    with pytest.raises(InvalidVersion, match=rf"{needed}.*{version}"):
        call(api, test_image)


def test_removed_fields_are_typed_on_the_engines_that_send_them(api: Any, test_image: str) -> None:
    created = api.create_container(test_image, ["sleep", "30"], labels={"dockersdk.test": "1"})
    try:
        api.start(created.id)
        settings = api.inspect_container(created.id).network_settings
        assert settings.ip_address  # NetworkSettings.IPAddress: removed in 1.52, sent here
        (endpoint,) = settings.networks.values()  # "bridge" (dockerd), "podman" (Podman)
        assert settings.ip_address == endpoint.ip_address
    finally:
        api.remove_container(created.id, force=True)
