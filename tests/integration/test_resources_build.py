"""images.build end to end, through both clients: a directory context with .dockerignore and
a Dockerfile outside it, build args, target, labels, cache_from, network_mode, extra_hosts,
platform, pull/rm/forcerm, a custom tar context, and the errors (BuildError with the log,
squash on an engine without experimental features)."""

from __future__ import annotations

import io
import platform
import tarfile
import uuid
from pathlib import Path
from typing import Any

import pytest

from dockersdk.errors import APIError, BuildError

ARCH = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def run_output(client: Any, image: str, *command: str) -> bytes:
    out: bytes = client.containers.run(image, list(command), remove=True)
    return out


@pytest.fixture
def tag() -> str:
    return f"dockersdk-test/build:{uuid.uuid4().hex[:8]}"


def test_directory_context_with_every_option(
    client: Any, test_image: str, tag: str, tmp_path: Path
) -> None:
    context = tmp_path / "ctx"
    (context / "keep").mkdir(parents=True)
    (context / "keep" / "a.txt").write_text("kept\n")
    (context / "secret.txt").write_text("never sent\n")
    (context / ".dockerignore").write_text("secret.txt\n")
    dockerfile = tmp_path / "elsewhere.Dockerfile"  # outside the context
    dockerfile.write_text(
        f"FROM {test_image} AS base\n"
        "ARG GREETING\n"
        "COPY keep /keep\n"
        'RUN echo "$GREETING" > /greeting && cat /etc/hosts > /hosts\n'
        "RUN ls / > /listing\n"
        f"FROM {test_image} AS unused\n"
        "RUN exit 1\n"
    )
    image, log = client.images.build(
        path=str(context),
        dockerfile=str(dockerfile),
        tag=tag,
        buildargs={"GREETING": "hello from buildargs"},
        target="base",
        labels={"dockersdk.test": "1", "built.by": "test"},
        cache_from=[test_image],
        network_mode="none",
        extra_hosts={"dsdk.example": "10.1.2.3"},
        platform=f"linux/{ARCH}",
        pull=False,
        rm=True,
        forcerm=True,
    )
    try:
        assert tag in image.tags
        assert image.labels == {"dockersdk.test": "1", "built.by": "test"}
        assert any("Successfully built" in (item.stream or "") for item in log)
        assert run_output(client, tag, "cat", "/greeting") == b"hello from buildargs\n"
        assert b"10.1.2.3\tdsdk.example" in run_output(client, tag, "cat", "/hosts")
        assert run_output(client, tag, "cat", "/keep/a.txt") == b"kept\n"
        listing = run_output(client, tag, "ls", "/")
        assert b"secret.txt" not in listing  # .dockerignore kept it out of the context
        assert image.attrs.architecture == ARCH
    finally:
        image.remove(force=True)


def test_custom_tar_context_and_errors(client: Any, test_image: str, tag: str) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        content = f"FROM {test_image}\nRUN echo custom > /custom\n".encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    buffer.seek(0)
    image, _ = client.images.build(fileobj=buffer, custom_context=True, tag=tag)
    try:
        assert run_output(client, tag, "cat", "/custom") == b"custom\n"
    finally:
        image.remove(force=True)

    failing = io.BytesIO(f"FROM {test_image}\nRUN echo failing-step >&2; exit 3\n".encode())
    with pytest.raises(BuildError) as failed:
        client.images.build(fileobj=failing, rm=True)
    assert "exit" in str(failed.value).lower() or "returned a non-zero code" in str(failed.value)
    assert any("failing-step" in str(entry) for entry in failed.value.build_log)

    with pytest.raises((APIError, BuildError), match=r"(?i)experimental|squash"):
        client.images.build(
            fileobj=io.BytesIO(f"FROM {test_image}\n".encode()), squash=True, tag=tag
        )
