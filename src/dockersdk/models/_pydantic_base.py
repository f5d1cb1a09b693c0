"""The base class of the generated pydantic models (:mod:`dockersdk.models.pydantic`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["PydanticModel"]


class PydanticModel(BaseModel):
    """A pydantic model of an Engine API object: validates the whole tree at once.

    Built from the engine's JSON by API key (``model_validate(reply)``) or by attribute name;
    fields an engine sends that the spec does not know are kept (``extra="allow"``), and
    ``model_dump(by_alias=True)`` gives the API's keys back.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        use_enum_values=True,
        # Validators are built on first use, not at import: a program pays only for the
        # models it validates.
        defer_build=True,
    )
