"""Exec endpoints: run a command in a running container."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersdk.api._base import EndpointMixin
from dockersdk.api._core import Call, parse_as, parse_none
from dockersdk.api._stream import join_frames, read_frames

if TYPE_CHECKING:
    from dockersdk.models import ExecInspectResponse, IDResponse


class ExecApiMixin(EndpointMixin):
    """Endpoints under ``/containers/{id}/exec`` and ``/exec``."""

    def exec_create(
        self,
        container: str,
        cmd: str | Sequence[str],
        stdout: bool = True,
        stderr: bool = True,
        stdin: bool = False,
        tty: bool = False,
        privileged: bool = False,
        user: str = "",
        environment: Mapping[str, str] | Sequence[str] | None = None,
        workdir: str | None = None,
        detach_keys: str | None = None,
    ) -> IDResponse:
        """Prepare ``cmd`` to run in ``container``; returns the exec instance's ``Id``."""
        from dockersdk.models import IDResponse
        from dockersdk.utils.conversions import format_environment, split_command

        env = format_environment(environment) if isinstance(environment, Mapping) else environment
        body: dict[str, Any] = {
            "AttachStdin": stdin,
            "AttachStdout": stdout,
            "AttachStderr": stderr,
            "Tty": tty,
            "Privileged": privileged,
            "User": user,
            "Cmd": split_command(cmd) if isinstance(cmd, str) else list(cmd),
        }
        if env is not None:
            body["Env"] = list(env)
        if workdir is not None:
            body["WorkingDir"] = workdir
        if detach_keys is not None:
            body["DetachKeys"] = detach_keys
        return self._call(
            Call(
                "POST",
                "/containers/{id}/exec",
                parse_as(IDResponse),
                path_args={"id": container},
                body=body,
                resource="container",
            )
        )

    def exec_inspect(self, exec_id: str | Mapping[str, Any]) -> ExecInspectResponse:
        """The state of an exec instance, including its ``ExitCode`` once it ended."""
        from dockersdk.models import ExecInspectResponse

        if isinstance(exec_id, Mapping):
            exec_id = str(exec_id.get("Id"))
        return self._call(
            Call("GET", "/exec/{id}/json", parse_as(ExecInspectResponse), path_args={"id": exec_id})
        )

    def exec_start(
        self,
        exec_id: str | Mapping[str, Any],
        detach: bool = False,
        tty: bool = False,
        demux: bool = False,
    ) -> bytes | tuple[bytes | None, bytes | None] | None:
        """Run a prepared exec instance and return its output once it ends.

        Returns:
            The output (stdout and stderr interleaved), a ``(stdout, stderr)`` pair with
            ``demux=True``, or None with ``detach=True``.
        """
        if isinstance(exec_id, Mapping):
            exec_id = str(exec_id.get("Id"))
        call = Call(
            "POST",
            "/exec/{id}/start",
            parse_none,
            path_args={"id": exec_id},
            body={"Detach": detach, "Tty": tty},
        )
        if detach:
            self._call(call)
            return None
        with self._stream(call) as response:
            frames = read_frames(response, tty)
        return join_frames(frames, demux)
