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

It prints how many of the rounds hit the race (dockerd 20.10 here: 1 in 20 to 30).
"""

from __future__ import annotations

import random
import sys

import docker  # docker-py, on purpose: the race is the engine's, not dockersdk's


def listen_addr() -> str:
    return f"0.0.0.0:{random.randrange(10000, 25000)}"


def main(host: str, rounds: int) -> int:
    client = docker.APIClient(base_url=host, version="1.41", timeout=60)
    locked = 0
    for _ in range(rounds):
        client.leave_swarm(force=True)
        spec = client.create_swarm_spec(autolock_managers=True)
        client.init_swarm("127.0.0.1", listen_addr=listen_addr(), swarm_spec=spec)
        client.get_unlock_key()
        client.leave_swarm(force=True)
        try:
            client.init_swarm("127.0.0.1", listen_addr=listen_addr())
        except docker.errors.APIError as exc:
            if "Swarm is encrypted" not in str(exc):
                raise
            locked += 1
    client.leave_swarm(force=True)
    print(f"{rounds} rounds: {locked} found the left swarm's key still encrypted on init")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20))
