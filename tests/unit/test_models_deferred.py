"""The two generated model layers: typed dict classes (replies) and pydantic models (whole-tree
validation). Every typed class resolves its fields and agrees with its pydantic twin; pydantic
validators are built on first use, never at import, and first uses race safely."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap

import pytest

from dockersdk.models import _generated
from dockersdk.models import pydantic as strict
from dockersdk.models._base import DockerModel, _fields
from dockersdk.models._pydantic_base import PydanticModel

MODELS = sorted(
    {  # a set: a renamed model's old name is an alias of the same class
        value
        for value in vars(_generated).values()
        if isinstance(value, type) and issubclass(value, DockerModel) and value is not DockerModel
    },
    key=lambda model: model.__name__,
)
IDS = [model.__name__ for model in MODELS]


def test_both_layers_have_the_same_models() -> None:
    validators = {
        value.__name__
        for value in vars(strict).values()
        if isinstance(value, type)
        and issubclass(value, PydanticModel)
        and value is not PydanticModel
    }
    assert validators == set(IDS)
    assert len(IDS) > 200


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_typed_class_agrees_with_its_pydantic_model(model: type[DockerModel]) -> None:
    twin: type[PydanticModel] = getattr(strict, model.__name__)
    table = _fields(model)
    assert set(table) == set(twin.model_fields)
    for name, info in twin.model_fields.items():
        assert table[name].key == (info.alias or name), name
        assert table[name].required == info.is_required(), name
    # the annotation the type checkers see is the pydantic model's type, or narrower where
    # datamodel-code-generator widens a nullable map to dict[str, Any]
    for klass in model.__mro__:
        for name, text in inspect.get_annotations(klass).items():
            if name in table:
                found = _rendered(twin.model_fields[name].annotation)
                widened = text.startswith("dict[str, ") and found == "dict[str, Any] | None"
                assert found == text or widened, (name, text, found)
    assert set(dir(model())) >= set(table)


def _rendered(annotation: object) -> str:
    return (
        str(annotation)
        .replace("typing.", "")
        .replace("dockersdk.models.pydantic.", "")
        .replace("<class '", "")
        .replace("'>", "")
    )


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_pydantic_model_builds(model: type[DockerModel]) -> None:
    twin: type[PydanticModel] = getattr(strict, model.__name__)
    twin.model_rebuild(raise_errors=True)
    assert twin.__pydantic_complete__
    assert twin.model_json_schema()["type"] == "object"


def test_replies_import_no_pydantic_and_validators_build_on_first_use() -> None:
    # A fresh interpreter: this test process has imported pydantic long ago.
    probe = textwrap.dedent(
        """
        import sys
        from dockersdk.models import ContainerInspectResponse
        reply = ContainerInspectResponse({"Id": "x", "State": {"Running": True}})
        print(reply.state.running, "pydantic" in sys.modules)
        from dockersdk.models import pydantic as strict
        built = [
            name for name, value in vars(strict).items()
            if isinstance(value, type) and value.__dict__.get("__pydantic_complete__")
        ]
        print(len(built))
        reply.validate()
        print(bool(strict.ContainerInspectResponse.__pydantic_complete__))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "False", "0", "True"]


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
                inspect = ContainerInspectResponse(
                    {"Id": "c%d" % n, "State": {"Running": True}, "HostConfig": {"Memory": n}}
                ).validate()
                spec = ServiceSpec({"Name": "s%d" % n}).validate()
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
