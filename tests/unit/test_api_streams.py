"""Streaming replies over httpx.MockTransport: progress errors are yielded as docker-py yields
them (or raise with raise_on_error=True), output is decoded as it arrives, archives come in
bounded chunks, uploads go out in chunks."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from dockersdk.api._stream import Stream
from dockersdk.errors import (
    APIError,
    BuildError,
    DockerException,
    ResponseParseError,
    StreamParseError,
)
from dockersdk.utils.frames import encode_frame
from tests.unit.test_api_requests import (
    no_docker_config,  # noqa: F401 (autouse)
    responder,
)


class Body(httpx.SyncByteStream):
    """A reply body handed out in the given chunks, counting how many were read."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.read = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk

    def close(self) -> None:
        self.closed = True


def lines(*items: dict[str, Any]) -> list[bytes]:
    return [json.dumps(item).encode() + b"\r\n" for item in items]


PULL_ERROR = lines(
    {"status": "Pulling from library/x", "id": "latest"},
    {"status": "Downloading", "progressDetail": {"current": 1, "total": 2}, "id": "abc"},
    {"errorDetail": {"message": "manifest unknown"}, "error": "manifest unknown"},
    {"status": "never reached"},
)


def test_pull_error_inside_a_200_stream_is_yielded_as_docker_py() -> None:
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(PULL_ERROR)))
    with client.pull("x", stream=True, decode=True) as stream:
        items = list(stream)
    assert [item.get("error") for item in items] == [None, None, "manifest unknown", None]
    assert items[2]["errorDetail"]["message"] == "manifest unknown"
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(PULL_ERROR)))
    raw = [json.loads(item) for item in client.pull("x", stream=True)]
    assert raw[2] == {"errorDetail": {"message": "manifest unknown"}, "error": "manifest unknown"}


def test_pull_error_inside_a_200_stream_raises_on_request_after_the_good_items() -> None:
    body = Body(PULL_ERROR)
    client, _ = responder(lambda r: httpx.Response(200, stream=body))
    stream = client.pull("x", stream=True, decode=True, raise_on_error=True)
    first = next(stream)
    assert first.status == "Pulling from library/x"
    assert next(stream).progress_detail.total == 2  # type: ignore[union-attr]
    with pytest.raises(APIError, match="manifest unknown") as caught:
        next(stream)
    assert caught.value.explanation == "manifest unknown"
    assert body.closed  # the stream closed its connection on the error


def test_pull_without_stream_returns_an_error_object_in_the_text_or_raises() -> None:
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(PULL_ERROR)))
    assert '"error": "manifest unknown"' in client.pull("x")  # docker-py's text
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(PULL_ERROR)))
    with pytest.raises(APIError, match="manifest unknown"):
        client.pull("x", raise_on_error=True)


def test_pull_without_stream_returns_the_text() -> None:
    chunks = lines({"status": "Pulling"}, {"status": "Done"})
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    assert client.pull("x") == b"".join(chunks).decode()


def test_push_undecoded_stream_yields_json_bytes_and_raises_on_error_on_request() -> None:
    chunks = lines({"status": "The push refers to repository"}, {"error": "denied"})
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    assert [json.loads(item) for item in client.push("reg:5000/x", stream=True)] == [
        {"status": "The push refers to repository"},
        {"error": "denied"},
    ]
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    stream = client.push("reg:5000/x", stream=True, raise_on_error=True)
    assert json.loads(next(stream)) == {"status": "The push refers to repository"}
    with pytest.raises(APIError, match="denied"):
        next(stream)


def test_progress_split_in_one_byte_chunks_decodes_the_same() -> None:
    raw = b"".join(lines({"status": "a"}, {"status": "b"}))
    chunks = [raw[i : i + 1] for i in range(len(raw))]
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    assert [i.status for i in client.pull("x", stream=True, decode=True)] == ["a", "b"]


def test_malformed_progress_raises_stream_parse_error() -> None:
    client, _ = responder(lambda r: httpx.Response(200, stream=Body([b'{"status": "a"}\n{oops'])))
    with pytest.raises(StreamParseError):
        list(client.pull("x", stream=True))


def test_a_progress_item_of_the_wrong_shape_names_the_field_not_its_value() -> None:
    item = {"status": "Pulling", "progressDetail": {"current": "token-abc123"}}
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(lines(item))))
    (event,) = client.pull("x", stream=True, decode=True)
    assert event == item  # what docker-py yields
    assert event.progress_detail is not None
    with pytest.raises(ResponseParseError, match=r"ProgressDetail\.current as str") as got:
        event.progress_detail.current  # noqa: B018
    assert "token-abc123" not in str(got.value) and got.value.__cause__ is None


def test_load_image_yields_or_raises_an_error_and_uploads_a_file_in_chunks() -> None:
    chunks = lines({"stream": "Loaded image: x:latest\n"})
    client, seen = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    data = io.BytesIO(b"x" * (200 * 1024))
    with client.load_image(data) as stream:
        assert [item.stream for item in stream] == ["Loaded image: x:latest\n"]
    assert seen[-1].content == b"x" * (200 * 1024)
    assert seen[-1].headers.get("transfer-encoding") == "chunked"
    failing, _ = responder(
        lambda r: httpx.Response(200, stream=Body(lines({"error": "invalid tar header"})))
    )
    assert [item.error for item in failing.load_image(b"junk")] == ["invalid tar header"]
    failing, _ = responder(
        lambda r: httpx.Response(200, stream=Body(lines({"error": "invalid tar header"})))
    )
    with pytest.raises(APIError, match="invalid tar header"):
        list(failing.load_image(b"junk", raise_on_error=True))


def test_build_error_is_yielded_as_docker_py(tmp_path: Any) -> None:
    chunks = lines(
        {"stream": "Step 1/2 : FROM busybox\n"},
        {"errorDetail": {"code": 1, "message": "The command '/bin/sh -c false' returned 1"}},
    )
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    (tmp_path / "Dockerfile").write_text("FROM busybox\nRUN false\n")
    logs = list(client.build(str(tmp_path), decode=True))
    assert "errorDetail" in logs[-1] and logs[-1]["errorDetail"]["code"] == 1


def test_build_error_raises_build_error_with_the_log_on_request(tmp_path: Any) -> None:
    chunks = lines(
        {"stream": "Step 1/2 : FROM busybox\n"},
        {"errorDetail": {"code": 1, "message": "The command '/bin/sh -c false' returned 1"}},
    )
    client, _ = responder(lambda r: httpx.Response(200, stream=Body(chunks)))
    (tmp_path / "Dockerfile").write_text("FROM busybox\nRUN false\n")
    stream = client.build(str(tmp_path), decode=True, raise_on_error=True)
    assert next(stream).stream == "Step 1/2 : FROM busybox\n"
    with pytest.raises(BuildError, match="returned 1") as caught:
        next(stream)
    assert caught.value.build_log[0] == {"stream": "Step 1/2 : FROM busybox\n"}


def test_build_refuses_bad_arguments_before_sending(tmp_path: Any) -> None:
    client, seen = responder(lambda r: httpx.Response(200))
    with pytest.raises(DockerException, match="path or fileobj"):
        client.build()
    with pytest.raises(DockerException, match="container_limits key 'cpu'"):
        client.build(str(tmp_path), container_limits={"cpu": 1})
    with pytest.raises(DockerException, match="not a directory"):
        client.build(str(tmp_path / "missing"))
    assert seen == []


def test_export_is_read_in_bounded_chunks_and_lazily() -> None:
    body = Body([b"a" * 1000] * 50)
    client, _ = responder(lambda r: httpx.Response(200, stream=body))
    stream = client.export("c1", chunk_size=300)
    first = next(stream)
    assert first == b"a" * 300
    assert body.read == 1  # nothing beyond what was asked for has been pulled in
    rest = b"".join(stream)
    assert len(first) + len(rest) == 50_000
    assert body.closed


def test_get_archive_gives_the_stat_from_the_header() -> None:
    stat = {"name": "hosts", "size": 5, "mode": 420, "mtime": "x", "linkTarget": ""}
    header = base64.b64encode(json.dumps(stat).encode()).decode()
    client, _ = responder(
        lambda r: httpx.Response(
            200, headers={"X-Docker-Container-Path-Stat": header}, content=b"TAR"
        )
    )
    stream, got = client.get_archive("c1", "/etc/hosts")
    with stream:
        assert b"".join(stream) == b"TAR"
    assert got == stat
    assert client.stat_archive("c1", "/etc/hosts") == stat


def frames(*pairs: tuple[int, bytes]) -> bytes:
    return b"".join(encode_frame(stream, data) for stream, data in pairs)


def container_handler(body: httpx.SyncByteStream | bytes, tty: bool = False) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/json"):
            return httpx.Response(200, json={"Id": "c1", "Config": {"Tty": tty}})
        if isinstance(body, bytes):
            return httpx.Response(200, content=body)
        return httpx.Response(200, stream=body)

    return handle


def test_logs_stream_yields_frames_as_they_arrive() -> None:
    raw = frames((1, b"out1\n"), (2, b"err1\n"), (1, b"out2\n"))
    body = Body([raw[:5], raw[5:17], raw[17:]])
    client, seen = responder(container_handler(body))
    with client.logs("c1", stream=True) as stream:
        assert next(stream) == b"out1\n"
        assert body.read == 2
        assert list(stream) == [b"err1\n", b"out2\n"]
    assert seen[-1].url.params["follow"] == "1"
    client, _ = responder(container_handler(raw))
    assert list(client.logs("c1", stream=True, follow=False, demux=True)) == [
        (b"out1\n", None),
        (None, b"err1\n"),
        (b"out2\n", None),
    ]


def test_logs_stream_with_tty_is_raw_bytes() -> None:
    client, _ = responder(container_handler(b"raw tty output", tty=True))
    assert b"".join(client.logs("c1", stream=True)) == b"raw tty output"


def test_truncated_frame_in_a_stream_raises() -> None:
    raw = frames((1, b"complete"))[:-3]
    client, _ = responder(container_handler(raw))
    stream = client.attach("c1", stream=True)
    with pytest.raises(StreamParseError, match="inside a frame"):
        list(stream)


def test_stats_stream_decodes_typed_samples_and_one_shot() -> None:
    chunks = lines({"read": "t1", "pids_stats": {"current": 3}}, {"read": "t2"})
    client, _ = responder(container_handler(Body(chunks)))
    with client.stats("c1", decode=True) as stream:
        samples = list(stream)
    assert [s.read for s in samples] == ["t1", "t2"]
    assert samples[0].pids_stats.current == 3  # type: ignore[union-attr]
    client, _ = responder(lambda r: httpx.Response(200, json={"read": "t3"}))
    assert client.stats("c1", stream=False).read == "t3"
    with pytest.raises(DockerException, match="one_shot"):
        client.stats("c1", one_shot=True)


def test_exec_stream_reports_the_exit_code() -> None:
    raw = frames((1, b"hi\n"))

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/start"):
            return httpx.Response(200, content=raw)
        return httpx.Response(200, json={"Running": False, "ExitCode": 3})

    client, _ = responder(handle)
    stream = client.exec_start("e1", stream=True)
    assert list(stream) == [b"hi\n"]
    assert stream.exit_code() == 3


class FakeNetworkStream:
    def __init__(self, incoming: bytes) -> None:
        self.incoming = io.BytesIO(incoming)
        self.written = b""
        self.closed = False

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.incoming.read(max_bytes)

    def write(self, data: bytes, timeout: float | None = None) -> None:
        self.written += data

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str) -> Any:
        return None


def test_attach_socket_reads_and_writes_the_upgraded_connection() -> None:
    from dockersdk.utils.socket import frames_iter

    network = FakeNetworkStream(frames((1, b"hello"), (2, b"oops")))
    client, seen = responder(
        lambda r: httpx.Response(
            101, headers={"Upgrade": "tcp"}, extensions={"network_stream": network}
        )
    )
    with client.attach_socket("c1", params={"stdin": 1, "stdout": 1, "stream": 1}) as sock:
        sock.sendall(b"input\n")
        assert list(frames_iter(sock)) == [(1, b"hello"), (2, b"oops")]
    assert network.written == b"input\n"
    assert network.closed
    assert seen[-1].headers["Upgrade"] == "tcp"


def test_a_reply_that_does_not_upgrade_is_an_error() -> None:
    client, _ = responder(lambda r: httpx.Response(200, content=b""))
    with pytest.raises(DockerException, match="did not upgrade"):
        client.exec_start("e1", socket=True)


def test_stream_error_status_raises_before_returning() -> None:
    client, _ = responder(lambda r: httpx.Response(404, json={"message": "no such image"}))
    with pytest.raises(APIError, match="no such image"):
        client.pull("x", stream=True)


def test_stream_closes_when_left_in_a_with_block() -> None:
    body = Body(lines({"status": "a"}, {"status": "b"}))
    client, _ = responder(lambda r: httpx.Response(200, stream=body))
    with client.pull("x", stream=True) as stream:
        next(stream)
    assert body.closed
    assert isinstance(stream, Stream)
    assert list(stream) == []
