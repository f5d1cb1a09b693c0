"""Image transfer and builds against the real engines: build (context, .dockerignore, build
args, target, labels, errors), save/load, import, prune, and registry errors inside streams."""

from __future__ import annotations

import contextlib
import io
import json
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersdk import APIClient
from dockersdk.errors import APIError, BuildError, ImageNotFound, ServerError

LABELS = {"dockersdk.test": "1"}
#: An address where no registry listens (inside the engines' network namespaces too).
NO_REGISTRY = "127.0.0.1:1"


@pytest.fixture
def name() -> str:
    return f"dsdk-it/{uuid.uuid4().hex[:8]}"


@pytest.fixture
def cleanup(api: APIClient) -> Iterator[list[str]]:
    """Images to remove after the test; then everything left untagged by a build."""
    images: list[str] = []
    yield images
    for image in images:
        with contextlib.suppress(ImageNotFound):
            api.remove_image(image, force=True)
    api.prune_containers(filters={"label": "dockersdk.test=1"})
    api.prune_images(filters={"dangling": True, "label": "dockersdk.test=1"})


def run_output(api: APIClient, image: str, command: list[str]) -> bytes:
    created = api.create_container(image, command, labels=LABELS)
    try:
        api.start(created.id)
        api.wait(created.id)
        return api.logs(created.id)
    finally:
        api.remove_container(created.id, force=True)


def test_build_with_context_dockerignore_args_target_labels(
    api: APIClient, test_image: str, name: str, cleanup: list[str], tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text(
        f"FROM {test_image} AS base\n"
        "LABEL dockersdk.test=1\n"
        "ARG GREETING=none\n"
        'RUN echo "$GREETING" > /greeting\n'
        "COPY . /ctx/\n"
        "FROM base AS broken\n"
        "RUN exit 3\n"
    )
    (tmp_path / "keep.txt").write_text("kept")
    (tmp_path / "secret.txt").write_text("ignored")
    (tmp_path / ".dockerignore").write_text("secret.txt\n")
    cleanup.append(f"{name}:built")
    with api.build(
        str(tmp_path),
        tag=f"{name}:built",
        buildargs={"GREETING": "hello"},
        target="base",
        labels=LABELS,
        rm=True,
        decode=True,
    ) as stream:
        output = list(stream)
    assert any(item.aux is not None and item.aux.id for item in output) or any(
        "Successfully built" in (item.stream or "") for item in output
    )
    inspected = api.inspect_image(f"{name}:built")
    assert inspected.config is not None and inspected.config.labels == LABELS
    listing = run_output(api, f"{name}:built", ["sh", "-c", "cat /greeting; ls /ctx"])
    assert listing.split() == [b"hello", b"Dockerfile", b"keep.txt"]


def test_build_failure_is_yielded_or_raises_build_error(
    api: APIClient, test_image: str, name: str, cleanup: list[str], tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text(
        f"FROM {test_image}\nLABEL dockersdk.test=1\nRUN echo step; exit 3\n"
    )
    cleanup.append(f"{name}:broken")
    # docker-py's default: the error object is the last item of the output.
    with api.build(str(tmp_path), tag=f"{name}:broken", rm=True, decode=True) as output:
        logs = list(output)
    assert "errorDetail" in logs[-1] and logs[-1]["errorDetail"]["code"] == 3
    with pytest.raises(BuildError, match="returned a non-zero code: 3") as caught:
        list(
            api.build(
                str(tmp_path), tag=f"{name}:broken", rm=True, forcerm=True, raise_on_error=True
            )
        )
    assert any("step" in json.dumps(item) for item in caught.value.build_log)


def test_build_from_a_dockerfile_object(
    api: APIClient, test_image: str, name: str, cleanup: list[str]
) -> None:
    cleanup.append(f"{name}:fileobj")
    dockerfile = io.BytesIO(f"FROM {test_image}\nLABEL dockersdk.test=1\nCMD ['x']\n".encode())
    lines = [
        json.loads(raw) for raw in api.build(fileobj=dockerfile, tag=f"{name}:fileobj", rm=True)
    ]
    assert lines and all(isinstance(line, dict) for line in lines)
    assert api.inspect_image(f"{name}:fileobj").config.labels == LABELS  # type: ignore[union-attr]


def test_save_load_many_and_one(
    api: APIClient, test_image: str, name: str, cleanup: list[str]
) -> None:
    api.tag(test_image, name, "saved")
    cleanup.append(f"{name}:saved")
    with api.get_image(f"{name}:saved", chunk_size=256 * 1024) as stream:
        archive = b"".join(stream)
    with api.get_image([test_image, f"{name}:saved"]) as stream:
        both = b"".join(stream)
    with tarfile.open(fileobj=io.BytesIO(both)) as tar:
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        tags = {t for entry in json.load(manifest_file) for t in entry.get("RepoTags") or []}
    assert {test_image, f"{name}:saved"} <= tags
    api.remove_image(f"{name}:saved")
    with api.load_image(io.BytesIO(archive)) as loaded:
        messages = [item.stream or "" for item in loaded]
    assert any(f"{name}:saved" in m for m in messages)
    assert api.inspect_image(f"{name}:saved").id == api.inspect_image(test_image).id
    with api.load_image(b"this is not a tar archive" * 100) as failed:
        assert any(item.error for item in failed)  # yielded, as docker-py
    with pytest.raises(APIError):
        list(api.load_image(b"this is not a tar archive" * 100, raise_on_error=True))


def test_import_variants(
    api: APIClient, test_image: str, name: str, cleanup: list[str], tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    data = buffer.getvalue()
    (tmp_path / "rootfs.tar").write_bytes(data)
    variants = {
        "data": lambda tag: api.import_image_from_data(data, repository=name, tag=tag),
        "file": lambda tag: api.import_image_from_file(
            str(tmp_path / "rootfs.tar"), repository=name, tag=tag, changes=["ENV A=1"]
        ),
        "stream": lambda tag: api.import_image_from_stream(
            iter([data[:100], data[100:]]), repository=name, tag=tag
        ),
        "src": lambda tag: api.import_image(src=data, repository=name, tag=tag),
    }
    for tag, run in variants.items():
        cleanup.append(f"{name}:{tag}")
        output = run(tag)
        assert "sha256:" in output
        layers = api.inspect_image(f"{name}:{tag}").rootfs
        assert layers is not None and len(layers.layers or []) == 1
    env = api.inspect_image(f"{name}:file").config
    assert env is not None and "A=1" in (env.env or [])
    with pytest.raises(ServerError, match="connection refused"):
        api.import_image_from_url(f"http://{NO_REGISTRY}/rootfs.tar", repository=name)
    with pytest.raises(APIError):
        api.import_image_from_image(f"{NO_REGISTRY}/none", repository=name)


def test_prune_images_and_builds(
    api: APIClient, test_image: str, name: str, cleanup: list[str], tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text(
        f"FROM {test_image}\nLABEL dockersdk.test=1 dsdk.prune={name}\n"
    )
    output = list(api.build(str(tmp_path), rm=True, forcerm=True, decode=True))  # dangling
    built = next(item.aux.id for item in output if item.aux is not None and item.aux.id)
    result = api.prune_images(filters={"dangling": True, "label": f"dsdk.prune={name}"})
    assert built in [d.deleted for d in result.images_deleted or []]
    with pytest.raises(ImageNotFound):
        api.inspect_image(built)
    assert api.prune_builds().space_reclaimed is not None


def test_registry_errors_inside_a_200_stream(
    api: APIClient, test_image: str, cleanup: list[str]
) -> None:
    target = f"{NO_REGISTRY}/dsdk-it/push:1"
    api.tag(test_image, f"{NO_REGISTRY}/dsdk-it/push", "1")
    cleanup.append(target)
    # The engine answers 200 and reports the refused connection inside the stream:
    # docker-py's default keeps it in the output, raise_on_error raises it.
    assert "connection refused" in api.push(target)
    with api.push(target, stream=True, decode=True) as pushed:
        assert any("connection refused" in (item.error or "") for item in pushed)
    with pytest.raises(APIError, match="connection refused"):
        api.push(target, raise_on_error=True)
    with pytest.raises(APIError, match="connection refused"):
        list(api.push(target, stream=True, decode=True, raise_on_error=True))
    with pytest.raises(APIError, match="connection refused"):
        api.pull(f"{NO_REGISTRY}/dsdk-it/pull:1", raise_on_error=True)
    with pytest.raises(APIError, match="connection refused"):
        api.inspect_distribution(target, auth_config={"username": "u", "password": "p"})
    with pytest.raises(APIError, match="connection refused"):
        api.login("u", "p", registry=NO_REGISTRY, reauth=True)
    with pytest.raises(APIError):  # no route to Docker Hub from the test network
        api.search("busybox", limit=1)
