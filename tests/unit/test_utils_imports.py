"""Every helper imports from its documented place, and importing utils stays cheap."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

SEED_UTILS_UTILS = [
    "kwargs_from_env",
    "parse_repository_tag",
    "parse_bytes",
    "convert_port_bindings",
    "convert_volume_binds",
    "split_command",
    "tar",
    "exclude_paths",
]

FLAT = [
    "convert_port_bindings",
    "convert_volume_binds",
    "convert_filters",
    "format_environment",
    "parse_repository_tag",
    "parse_host",
    "parse_devices",
    "parse_bytes",
    "parse_env_file",
    "split_command",
    "normalize_links",
    "mkbuildcontext",
    "tar",
    "exclude_paths",
    "compare_version",
    "version_lt",
    "version_gte",
    "kwargs_from_env",
    "datetime_to_timestamp",
    "decode_json_header",
    "split_port",
    "build_port_bindings",
    "check_resource",
    "minimum_version",
    "update_headers",
    "read",
    "read_exactly",
    "next_frame_size",
    "frames_iter",
    "SocketError",
]

BY_MODULE = {
    "dockersdk.utils.socket": [
        "read",
        "read_exactly",
        "next_frame_size",
        "next_frame_header",
        "frames_iter",
        "SocketError",
        "STDOUT",
        "STDERR",
        "consume_socket_output",
        "demux_adaptor",
    ],
    "dockersdk.utils.ports": ["split_port", "build_port_bindings"],
    "dockersdk.utils.decorators": ["check_resource", "minimum_version", "update_headers"],
    "dockersdk.utils.frames": [
        "FrameDecoder",
        "Frame",
        "iter_frames",
        "aiter_frames",
        "demux_frames",
    ],
    "dockersdk.utils.json_stream": ["JSONStreamDecoder", "json_stream", "ajson_stream"],
    "dockersdk.utils.hosts": ["parse_host", "ParsedHost"],
    "dockersdk.utils.build": ["tar", "exclude_paths", "mkbuildcontext", "read_dockerignore"],
    "dockersdk.utils.utils": [*SEED_UTILS_UTILS, "parse_host", "compare_version"],
}


@pytest.mark.parametrize("name", FLAT)
def test_flat_names(name: str) -> None:
    module = importlib.import_module("dockersdk.utils")
    assert callable(getattr(module, name))
    assert name in module.__all__


@pytest.mark.parametrize(
    ("module_name", "name"), [(m, n) for m, names in BY_MODULE.items() for n in names]
)
def test_module_names(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    value = getattr(module, name)
    assert value is not None
    flat = importlib.import_module("dockersdk.utils")
    if module_name == "dockersdk.utils.json_stream" and name == "json_stream":
        # docker-py's shape: dockersdk.utils.json_stream is the module, not its function
        assert flat.json_stream is module
    elif hasattr(flat, name):
        assert getattr(flat, name) is value


def test_socket_constants() -> None:
    from dockersdk.utils.socket import STDERR, STDOUT

    assert (STDOUT, STDERR) == (1, 2)


def test_seed_import_line() -> None:
    namespace: dict[str, object] = {}
    exec(
        "from dockersdk.utils.utils import (kwargs_from_env, parse_repository_tag, parse_bytes,"
        " convert_port_bindings, convert_volume_binds, split_command, tar, exclude_paths)",
        namespace,
    )
    assert namespace["parse_bytes"]("512m") == 536870912  # type: ignore[operator]


def test_import_is_cheap() -> None:
    code = (
        "import sys, dockersdk.utils, dockersdk.utils.utils;"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'pydantic'));"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
