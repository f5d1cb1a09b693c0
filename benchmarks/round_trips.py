"""Per-call cost: ping, typed inspect, high-level list, and the container lifecycle.

The floor is ``http.client`` over the same unix socket with keep-alive (and ``json.loads``
where there is JSON). dockersdk's inspect returns the typed model, docker-py's a dict.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from benchmarks._common import (
    DOCKER_PY,
    IMAGE,
    LABEL,
    OURS,
    RAW,
    Raw,
    Row,
    Settings,
    interleave,
    log,
    per_call_us,
    rows,
)


def ping_inspect(settings: Settings, ours: Any, theirs: Any, raw: Raw, cid: str) -> list[Row]:
    """2000 pings and 1000 typed inspects (full), sequential, per call."""
    rounds = settings.pick(7, 7)
    pings = settings.pick(500, 2000)
    inspects = settings.pick(300, 1000)
    log(f"ping x{pings}, inspect x{inspects}, {rounds} rounds")

    def raw_ping() -> bytes:
        raw.conn.request("GET", "/_ping")
        return raw.conn.getresponse().read()

    out = rows(
        "ping",
        "us",
        interleave(
            rounds,
            {
                RAW: per_call_us(raw_ping, pings),
                DOCKER_PY: per_call_us(theirs.ping, pings),
                OURS: per_call_us(ours.ping, pings),
            },
        ),
        note=f"{pings} sequential",
    )
    out += rows(
        "inspect",
        "us",
        interleave(
            rounds,
            {
                RAW: per_call_us(lambda: raw.json("GET", f"/containers/{cid}/json"), inspects),
                DOCKER_PY: per_call_us(lambda: theirs.inspect_container(cid), inspects),
                OURS: per_call_us(lambda: ours.inspect_container(cid), inspects),
            },
        ),
        note=f"{inspects} sequential; dockersdk parses the typed model",
    )
    return out


def list_all(settings: Settings, ours_hl: Any, theirs_hl: Any, raw: Raw) -> list[Row]:
    """``containers.list(all=True)`` with ~70 containers against one raw list call."""
    count = 70
    rounds = settings.pick(7, 9)
    repeat = settings.pick(5, 10)
    log(f"containers.list(all=True), {count} created containers, {rounds} rounds")
    ids = [
        raw.json("POST", "/containers/create", {"Image": IMAGE, "Labels": {LABEL: "list"}})["Id"]
        for _ in range(count)
    ]
    try:
        # Only this scenario's containers: others may come and go on the engine.
        filters = {"label": [f"{LABEL}=list"]}
        query = urlencode({"all": 1, "filters": json.dumps(filters)})

        def raw_list() -> list[str]:
            return [entry["Names"][0] for entry in raw.json("GET", f"/containers/json?{query}")]

        def high_level(client: Any) -> Any:
            return lambda: [
                (c.name, c.status) for c in client.containers.list(all=True, filters=filters)
            ]

        samples = interleave(
            rounds,
            {
                RAW: per_call_us(raw_list, repeat),
                DOCKER_PY: per_call_us(high_level(theirs_hl), repeat),
                OURS: per_call_us(high_level(ours_hl), repeat),
            },
        )
    finally:
        for cid in ids:
            raw.call("DELETE", f"/containers/{cid}?force=1")
    return rows(
        "containers.list",
        "us",
        samples,
        note=f"all=True + a label filter, {count} containers; reads .name, .status of each",
    )


def lifecycle(settings: Settings, ours: Any, theirs: Any, raw: Raw) -> list[Row]:
    """create + start + wait + remove of a container running ``true``."""
    rounds = settings.pick(7, 9)
    repeat = settings.pick(3, 4)
    log(f"lifecycle (create+start+wait+remove) x{repeat}, {rounds} rounds")
    labels = {LABEL: "lifecycle"}

    def raw_cycle() -> None:
        cid = raw.json(
            "POST", "/containers/create", {"Image": IMAGE, "Cmd": ["true"], "Labels": labels}
        )["Id"]
        raw.call("POST", f"/containers/{cid}/start")
        raw.json("POST", f"/containers/{cid}/wait")
        raw.call("DELETE", f"/containers/{cid}")

    def client_cycle(client: Any) -> Any:
        def cycle() -> None:
            cid = client.create_container(IMAGE, ["true"], labels=labels)
            cid = cid["Id"] if isinstance(cid, dict) else cid.id
            client.start(cid)
            client.wait(cid)
            client.remove_container(cid)

        return cycle

    samples = interleave(
        rounds,
        {
            RAW: per_call_us(raw_cycle, repeat),
            DOCKER_PY: per_call_us(client_cycle(theirs), repeat),
            OURS: per_call_us(client_cycle(ours), repeat),
        },
    )
    return rows(
        "lifecycle",
        "ms",
        {name: [v / 1000 for v in values] for name, values in samples.items()},
        note="busybox `true`",
    )


def main(settings: Settings) -> list[Row]:
    """Every per-call scenario, against one engine."""
    import docker

    import dockersdk

    ours = dockersdk.APIClient(base_url=settings.url)
    version = ours.api_version
    theirs = docker.APIClient(base_url=settings.url, version=version)
    ours_hl = dockersdk.DockerClient(base_url=settings.url, version=version)
    theirs_hl = docker.DockerClient(base_url=settings.url, version=version)
    raw = Raw(settings.socket_path, version)
    cid = str(ours.create_container(IMAGE, ["sleep", "600"], labels={LABEL: "inspect"}).id)
    try:
        out = ping_inspect(settings, ours, theirs, raw, cid)
        out += list_all(settings, ours_hl, theirs_hl, raw)
        out += lifecycle(settings, ours, theirs, raw)
    finally:
        ours.remove_container(cid, force=True)
        for client in (ours, theirs, ours_hl, theirs_hl, raw):
            client.close()
    return out
