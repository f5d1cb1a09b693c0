"""Python names for Engine API keys and inline objects: snake_case fields, PascalCase models."""

from __future__ import annotations

import keyword
import re

# Tokens that the generic splitting below would cut in the wrong place, written the way they
# should be split. Applied left to right, longest first, only where the token is not followed
# by a lowercase letter (so "IDs" matches in "NodeIDs" but "ID" does not match in "IDentity").
ACRONYM_TOKENS: dict[str, str] = {
    "IPv4": "Ipv4",
    "IPv6": "Ipv6",
    "CPUs": "Cpus",
    "IOps": "Iops",
    "IDs": "Ids",
    "IPs": "Ips",
    "CAs": "Cas",
    "CIDRs": "Cidrs",
    "SELinux": "Selinux",
    "RootFS": "Rootfs",
    "URLs": "Urls",
    "OSes": "Oses",
}

# Whole keys whose generic result is wrong or unidiomatic.
KEY_OVERRIDES: dict[str, str] = {}

# Attribute names a generated field must not take: the dict-style API of DockerModel, public
# attributes of pydantic's BaseModel (shadowing them warns or breaks the model), and names used
# in the generated annotations. A clashing field gets a trailing underscore; its alias stays the
# API key.
RESERVED_NAMES: frozenset[str] = frozenset(
    {
        # DockerModel's dict-style access
        "keys",
        "values",
        "items",
        "get",
        "to_dict",
        # pydantic.BaseModel (v1-style and v2 API)
        "copy",
        "json",
        "dict",
        "schema",
        "schema_json",
        "validate",
        "construct",
        "fields",
        "from_orm",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "update_forward_refs",
        # names in annotations
        "list",
        "str",
        "int",
        "float",
        "bool",
    }
)

_ACRONYM_RE = re.compile(
    "|".join(
        re.escape(token) + "(?![a-z])" for token in sorted(ACRONYM_TOKENS, key=len, reverse=True)
    )
)
_UPPER_RUN_RE = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER_RE = re.compile(r"([a-z0-9])([A-Z])")
_NON_WORD_RE = re.compile(r"[^0-9A-Za-z]+")


def snake_case(key: str) -> str:
    """Return the snake_case spelling of an API key, keeping acronyms whole.

    ``IPv4Address`` gives ``ipv4_address``, ``NanoCPUs`` gives ``nano_cpus``,
    ``KernelMemoryTCP`` gives ``kernel_memory_tcp`` and ``os.version`` gives ``os_version``.
    """
    if key in KEY_OVERRIDES:
        return KEY_OVERRIDES[key]
    text = _ACRONYM_RE.sub(lambda match: ACRONYM_TOKENS[match.group(0)], key)
    text = _UPPER_RUN_RE.sub(r"\1_\2", text)
    text = _LOWER_UPPER_RE.sub(r"\1_\2", text)
    text = _NON_WORD_RE.sub("_", text).strip("_").lower()
    text = re.sub("_+", "_", text)
    if not text:
        raise ValueError(f"API key {key!r} has no usable characters for a Python name")
    if text[0].isdigit():
        text = "n" + text
    return text


def is_reserved(name: str) -> bool:
    """Whether ``name`` may not be used as a generated attribute."""
    return keyword.iskeyword(name) or name in RESERVED_NAMES or name.startswith("model_")


def field_name(key: str) -> str:
    """Return the attribute name of the field whose API key is ``key``."""
    name = snake_case(key)
    return name + "_" if is_reserved(name) else name


def pascal_case(key: str) -> str:
    """Return ``key`` as a PascalCase class-name part: ``os.version`` gives ``OsVersion``."""
    parts = [part for part in _NON_WORD_RE.split(key) if part]
    if not parts:
        raise ValueError(f"API key {key!r} has no usable characters for a class name")
    return "".join(part[0].upper() + part[1:] for part in parts)
