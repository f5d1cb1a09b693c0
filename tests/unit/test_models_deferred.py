"""Model validators are built on first use (``defer_build``), not when dockersdk.models is
imported: every generated model still builds, and the first uses from many threads at once
all get a correct result."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from dockersdk.models import _generated
from dockersdk.models._base import DockerModel

MODELS = sorted(
    (
        value
        for value in vars(_generated).values()
        if isinstance(value, type) and issubclass(value, DockerModel) and value is not DockerModel
    ),
    key=lambda model: model.__name__,
)


def test_models_are_not_built_at_import() -> None:
    # A fresh interpreter: this test process may have built some already.
    probe = textwrap.dedent(
        """
        from dockersdk.models import _generated, ContainerInspectResponse
        built = [
            name for name, value in vars(_generated).items()
            if isinstance(value, type) and value.__dict__.get("__pydantic_complete__")
        ]
        print(len(built))
        ContainerInspectResponse.model_validate({"Id": "x"})
        print(bool(ContainerInspectResponse.__pydantic_complete__))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["0", "True"]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_model_builds(model: type[DockerModel]) -> None:
    model.model_rebuild(raise_errors=True)
    assert model.__pydantic_complete__
    assert model.model_json_schema()["type"] == "object"


def test_first_uses_from_many_threads_at_once() -> None:
    probe = textwrap.dedent(
        """
        import threading
        from dockersdk.models import ContainerInspectResponse, ServiceSpec

        barrier = threading.Barrier(32)
        results, errors = [], []

        def use(n):
            barrier.wait()
            try:
                inspect = ContainerInspectResponse.model_validate_json(
                    '{"Id": "c%d", "State": {"Running": true}, "HostConfig": {"Memory": %d}}'
                    % (n, n)
                )
                spec = ServiceSpec.model_validate({"Name": "s%d" % n})
                results.append((inspect.id, inspect.state.running, inspect.host_config.memory,
                                spec.name))
            except Exception as exc:
                errors.append(repr(exc))

        threads = [threading.Thread(target=use, args=(n,)) for n in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors[:3]
        assert sorted(results) == sorted(("c%d" % n, True, n, "s%d" % n) for n in range(32))
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
