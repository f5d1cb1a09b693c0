"""Differential tests: for generated valid input, ``dockersdk.types.X(...).to_api()`` is the
dict docker-py 7.1's ``docker.types.X(...)`` builds.

Intentional differences, each documented in src, are normalised away explicitly:

* ``to_api()`` drops None values (``Builder.to_api`` in ``dockersdk/types/_base.py``: "no
  None values"); docker-py keeps keys whose value is None (``Ulimit`` ``Soft: None``,
  ``Healthcheck`` ``Interval: None`` ...), which the engine reads as absent.  The docker-py
  side is compared with None values removed (:func:`_no_none`).
* Healthcheck durations must be 0 or at least 1 ms (``_duration`` in
  ``dockersdk/types/healthcheck.py``), where docker-py accepts anything: only valid
  durations are generated.  ``start_interval`` is newer than docker-py 7.1 and is not
  generated.
* HostConfig ``network_mode='host'`` with port bindings is refused by dockersdk
  (``HostConfig`` docstring, "Raises"); such combinations are not generated.

Needs docker-py (``docker==7.1.0``, a dev dependency).
"""

from __future__ import annotations

import ipaddress
from typing import Any

import docker.types as D
from hypothesis import given, settings
from hypothesis import strategies as st

import dockersdk.types as S

EXAMPLES = settings(max_examples=200, deadline=None)


def _no_none(value: Any) -> Any:
    # Intentional difference 1 (see the module docstring): docker-py keeps None values.
    if isinstance(value, dict):
        return {k: _no_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_none(v) for v in value]
    return value


def _same(docker_obj: Any, ours: Any) -> None:
    expected = _no_none(dict(docker_obj))
    assert ours.to_api() == expected


# -- shared strategies ------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=8)
_key = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
_path = st.lists(_word, min_size=1, max_size=3).map(lambda parts: "/" + "/".join(parts))
_octet = st.integers(0, 255)
_ipv4 = st.tuples(_octet, _octet, _octet, _octet).map(lambda t: ".".join(map(str, t)))
_ipv6 = st.lists(st.integers(0, 0xFFFF), min_size=8, max_size=8).map(
    lambda parts: ":".join(f"{p:x}" for p in parts)
)
_port = st.integers(1, 65535)
_str_map = st.dictionaries(_key, _word, max_size=3)


# -- Ulimit / LogConfig --------------------------------------------------------------------


@st.composite
def _ulimit_args(draw: st.DrawFn) -> dict[str, Any]:
    # Valid limits only: soft <= hard (dockersdk checks that; docker-py does not).
    kwargs: dict[str, Any] = {"name": draw(_word)}
    soft = draw(st.none() | st.integers(0, 1 << 20))
    hard = draw(st.none() | st.integers(0 if soft is None else soft, 1 << 21))
    if soft is not None:
        kwargs["soft"] = soft
    if hard is not None:
        kwargs["hard"] = hard
    return kwargs


_log_types = [v for k, v in vars(S.LogConfig.types).items() if not k.startswith("_")]
_log_args = st.fixed_dictionaries(
    {"type": st.sampled_from(_log_types)}, optional={"config": _str_map}
)


@EXAMPLES
@given(_ulimit_args())
def test_ulimit(kwargs: dict[str, Any]) -> None:
    _same(D.Ulimit(**kwargs), S.Ulimit(**kwargs))


@EXAMPLES
@given(_log_args)
def test_log_config(kwargs: dict[str, Any]) -> None:
    _same(D.LogConfig(**kwargs), S.LogConfig(**kwargs))


# -- Mount ------------------------------------------------------------------------------------


@st.composite
def _mount_args(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["volume", "bind", "tmpfs"]))
    kwargs: dict[str, Any] = {
        "target": draw(_path),
        "source": draw(_word if kind == "volume" else _path) if kind != "tmpfs" else None,
        "type": kind,
        "read_only": draw(st.booleans()),
    }
    if draw(st.booleans()):
        kwargs["consistency"] = draw(st.sampled_from(["default", "consistent", "cached"]))
    if kind == "bind" and draw(st.booleans()):
        kwargs["propagation"] = draw(
            st.sampled_from(["private", "rprivate", "shared", "rshared", "slave", "rslave"])
        )
    if kind == "volume":
        kwargs["no_copy"] = draw(st.booleans())
        if draw(st.booleans()):
            kwargs["labels"] = draw(_str_map)
        if draw(st.booleans()):
            kwargs["driver_config"] = ("local", draw(_str_map))
    if kind == "tmpfs":
        if draw(st.booleans()):
            kwargs["tmpfs_size"] = draw(
                st.one_of(st.integers(1, 1 << 30), st.sampled_from(["64m", "1g", "512k"]))
            )
        if draw(st.booleans()):
            kwargs["tmpfs_mode"] = draw(st.integers(0, 0o1777))
    return kwargs


@EXAMPLES
@given(_mount_args())
def test_mount(kwargs: dict[str, Any]) -> None:
    driver = kwargs.pop("driver_config", None)
    docker_kwargs = dict(kwargs)
    ours_kwargs = dict(kwargs)
    if driver is not None:
        docker_kwargs["driver_config"] = D.DriverConfig(*driver)
        ours_kwargs["driver_config"] = S.DriverConfig(*driver)
    _same(D.Mount(**docker_kwargs), S.Mount(**ours_kwargs))


# -- Healthcheck ------------------------------------------------------------------------------

# Intentional difference 2: durations are 0 or >= 1 ms.
_duration = st.one_of(st.just(0), st.integers(1_000_000, 10**12))
_healthcheck_args = st.fixed_dictionaries(
    {},
    optional={
        "test": st.one_of(
            st.text(min_size=1, max_size=20),
            st.just([]),
            st.just(["NONE"]),
            st.lists(_word, min_size=1, max_size=3).map(lambda a: ["CMD", *a]),
            st.text(min_size=1, max_size=20).map(lambda c: ["CMD-SHELL", c]),
        ),
        "interval": _duration,
        "timeout": _duration,
        "retries": st.integers(0, 100),
        "start_period": _duration,
    },
)


@EXAMPLES
@given(_healthcheck_args)
def test_healthcheck(kwargs: dict[str, Any]) -> None:
    _same(D.Healthcheck(**kwargs), S.Healthcheck(**kwargs))


# -- EndpointConfig ----------------------------------------------------------------------------

_endpoint_args = st.fixed_dictionaries(
    {},
    optional={
        "aliases": st.lists(_word, max_size=3),
        "links": st.one_of(
            st.dictionaries(_word, _word, max_size=3),
            st.lists(st.tuples(_word, _word), max_size=3),
        ),
        "ipv4_address": _ipv4,
        "ipv6_address": _ipv6,
        "link_local_ips": st.lists(_ipv4, max_size=2),
        "driver_opt": _str_map,
        "mac_address": st.lists(st.integers(0, 255), min_size=6, max_size=6).map(
            lambda b: ":".join(f"{x:02x}" for x in b)
        ),
    },
)


@EXAMPLES
@given(st.sampled_from(["1.41", "1.44", "1.45"]), _endpoint_args)
def test_endpoint_config(version: str, kwargs: dict[str, Any]) -> None:
    _same(D.EndpointConfig(version, **kwargs), S.EndpointConfig(version, **kwargs))


# -- IPAMPool / IPAMConfig ----------------------------------------------------------------------


@st.composite
def _pool_args(draw: st.DrawFn) -> dict[str, Any]:
    # Valid pools only: the range, the gateway and the auxiliary addresses lie inside the
    # subnet (dockersdk checks that; docker-py does not).
    net = ipaddress.ip_network(
        (f"10.{draw(_octet)}.{draw(_octet)}.0", draw(st.integers(16, 28))), strict=False
    )
    hosts = st.integers(1, net.num_addresses - 2).map(lambda i: str(net[i]))
    kwargs: dict[str, Any] = {}
    if draw(st.booleans()):
        kwargs["subnet"] = str(net)
    if draw(st.booleans()):
        extra = draw(st.integers(0, 30 - net.prefixlen))
        kwargs["iprange"] = str(draw(st.sampled_from(list(net.subnets(extra))[:16])))
    if draw(st.booleans()):
        kwargs["gateway"] = draw(hosts)
    if draw(st.booleans()):
        kwargs["aux_addresses"] = draw(st.dictionaries(_word, hosts, max_size=2))
    return kwargs


@EXAMPLES
@given(_pool_args())
def test_ipam_pool(kwargs: dict[str, Any]) -> None:
    _same(D.IPAMPool(**kwargs), S.IPAMPool(**kwargs))


@EXAMPLES
@given(
    st.fixed_dictionaries(
        {},
        optional={"driver": st.sampled_from(["default", "null", "custom"]), "options": _str_map},
    ),
    st.none() | st.lists(_pool_args(), max_size=3),
)
def test_ipam_config(kwargs: dict[str, Any], pools: list[dict[str, Any]] | None) -> None:
    docker_pools = None if pools is None else [D.IPAMPool(**p) for p in pools]
    our_pools = None if pools is None else [S.IPAMPool(**p) for p in pools]
    _same(
        D.IPAMConfig(pool_configs=docker_pools, **kwargs),
        S.IPAMConfig(pool_configs=our_pools, **kwargs),
    )


# -- HostConfig -------------------------------------------------------------------------------

_bind_mapping = st.dictionaries(
    _path,
    st.one_of(
        _path,
        st.fixed_dictionaries({"bind": _path}, optional={"mode": st.sampled_from(["rw", "ro"])}),
    ),
    max_size=3,
)
_bind_list = st.lists(
    st.tuples(_path, _path, st.sampled_from(["rw", "ro"])).map(":".join), max_size=3
)
_container_port = st.one_of(
    _port,
    st.tuples(_port, st.sampled_from(["tcp", "udp"])).map(lambda t: f"{t[0]}/{t[1]}"),
)
_host_binding = st.one_of(
    st.none(),
    _port,
    _port.map(str),
    st.tuples(_ipv4, _port),
    st.tuples(_ipv4),
)
_mem = st.one_of(
    st.integers(0, 1 << 40),
    st.tuples(st.integers(1, 4096), st.sampled_from("bkmgBKMG")).map(lambda t: f"{t[0]}{t[1]}"),
)
_restart = st.one_of(
    st.sampled_from([{"Name": n} for n in ["", "no", "always", "unless-stopped"]]),
    st.integers(0, 10).map(lambda n: {"Name": "on-failure", "MaximumRetryCount": n}),
)
_cap = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=10)
_extra_hosts = st.one_of(
    st.dictionaries(_word, _ipv4, max_size=3),
    st.lists(st.tuples(_word, _ipv4).map(":".join), max_size=3),
)

_host_config_args = st.fixed_dictionaries(
    {},
    optional={
        "binds": st.one_of(_bind_mapping, _bind_list),
        "port_bindings": st.dictionaries(_container_port, _host_binding, max_size=3),
        "mem_limit": _mem,
        "cpu_shares": st.integers(0, 10000),
        "ulimits": st.lists(_ulimit_args(), max_size=3),
        "log_config": _log_args,
        "restart_policy": _restart,
        "cap_add": st.lists(_cap, max_size=3),
        "cap_drop": st.lists(_cap, max_size=3),
        "dns": st.lists(_ipv4, max_size=3),
        "extra_hosts": _extra_hosts,
        "privileged": st.booleans(),
        "read_only": st.booleans(),
        "network_mode": st.sampled_from(["bridge", "host", "none", "default", "container:abc"]),
    },
)


@EXAMPLES
@given(_host_config_args)
def test_host_config(kwargs: dict[str, Any]) -> None:
    # Intentional difference 3: host networking with port bindings is refused.
    if kwargs.get("network_mode") == "host" and kwargs.get("port_bindings"):
        kwargs.pop("port_bindings")
    docker_kwargs = dict(kwargs)
    ours_kwargs = dict(kwargs)
    if "ulimits" in kwargs:
        docker_kwargs["ulimits"] = [D.Ulimit(**u) for u in kwargs["ulimits"]]
        ours_kwargs["ulimits"] = [S.Ulimit(**u) for u in kwargs["ulimits"]]
    if "log_config" in kwargs:
        docker_kwargs["log_config"] = D.LogConfig(**kwargs["log_config"])
        ours_kwargs["log_config"] = S.LogConfig(**kwargs["log_config"])
    _same(
        D.HostConfig(version="1.41", **docker_kwargs), S.HostConfig(version="1.41", **ours_kwargs)
    )


@EXAMPLES
@given(_host_config_args)
def test_host_config_from_plain_dicts(kwargs: dict[str, Any]) -> None:
    # ulimits and log_config given as dicts, as docker-py also accepts them.
    if kwargs.get("network_mode") == "host" and kwargs.get("port_bindings"):
        kwargs.pop("port_bindings")  # intentional difference 3
    _same(D.HostConfig(version="1.41", **kwargs), S.HostConfig(version="1.41", **kwargs))
