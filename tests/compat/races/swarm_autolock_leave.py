"""An engine race behind a `[[flaky_cause]]` of deviations.toml, shown with docker-py alone.

A swarm initialised with ``autolock_managers=True`` and left with ``leave(force=True)`` soon
after can leave its node key, encrypted, in the engine's swarm directory: the next
``init_swarm()`` then fails with 503 "Swarm is encrypted and needs to be unlocked". In
docker-py's suite a swarm test that follows an autolock test (``test_init_swarm_with_ca_config``
after ``test_init_swarm_with_autolock_managers``, ``test_update_node`` after
``test_rotate_manager_unlock_key``) fails that way now and then, with either client.

Run it with docker-py (the compat venv has it) against a throwaway engine: it never touches a
swarm it did not create, but it does leave whatever swarm the engine is in::

    .venv-compat/bin/python tests/compat/races/swarm_autolock_leave.py \\
        unix:///tmp/dsdk/xra/docker.sock 30

It prints how many of the rounds hit the race (dockerd 20.10 here: about 1 in 20). The same
writer shows itself another way too: a leave that fails with 500 "unlinkat .../swarm/
certificates: directory not empty", the node writing its key while the engine removes the
directory.
"""

from __future__ import annotations

import random
import sys
from typing import Any

import docker  # docker-py, on purpose: the race is the engine's, not dockersdk's


def listen_addr() -> str:
    return f"0.0.0.0:{random.randrange(10000, 25000)}"


def leave(client: docker.APIClient) -> bool:
    """Leaves the swarm; False when the engine raced its own key writer while clearing."""
    try:
        client.leave_swarm(force=True)
    except docker.errors.APIError as exc:
        if "directory not empty" not in str(exc):
            raise
        client.leave_swarm(force=True)
        return False
    return True


def init(client: docker.APIClient, **kwargs: Any) -> bool:
    """Inits a swarm; False when the engine found a left swarm's key still encrypted."""
    try:
        client.init_swarm("127.0.0.1", listen_addr=listen_addr(), **kwargs)
    except docker.errors.APIError as exc:
        if "Swarm is encrypted" not in str(exc):
            raise
        return False
    return True


def main(host: str, rounds: int) -> int:
    client = docker.APIClient(base_url=host, version="1.41", timeout=60)
    locked = unclean = 0
    for _ in range(rounds):
        leave(client)
        if not init(client, swarm_spec=client.create_swarm_spec(autolock_managers=True)):
            locked += 1
            continue
        client.get_unlock_key()
        unclean += not leave(client)
        locked += not init(client)
    leave(client)
    print(
        f"{rounds} rounds: {locked} inits found a left swarm's key still encrypted, "
        f"{unclean} leaves failed to remove the key directory"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20))
