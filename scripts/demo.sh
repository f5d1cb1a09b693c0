#!/usr/bin/env bash
# `make demo`: run the examples against the local engine; start a private one if none answers.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
STATE=${STATE:-/tmp/dsdk}

answers() { # $1: unix socket path
  [ -S "$1" ] && "$PY" - "$1" <<'PYEOF' >/dev/null 2>&1
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(3); s.connect(sys.argv[1])
s.sendall(b"GET /_ping HTTP/1.0\r\n\r\n"); assert b"OK" in s.recv(4096)
PYEOF
}

host=${DOCKER_HOST:-unix:///var/run/docker.sock}
if [[ $host == unix://* ]] && answers "${host#unix://}" \
    && docker -H "$host" image inspect dockersdk-test/busybox:latest >/dev/null 2>&1; then
  echo "== using the engine at $host"
  "$PY" examples/quickstart.py "$host"
  "$PY" examples/flows.py "$host"
  exit 0
fi

echo "== no local engine with the demo image answers at $host: starting private engines"
bash scripts/engines/install.sh
bash scripts/engines/up.sh
trap 'bash scripts/engines/down.sh' EXIT
# shellcheck disable=SC1091
. "$STATE/engines.env"
"$PY" examples/quickstart.py "$DOCKERSDK_ENGINE_B"
"$PY" examples/flows.py "$DOCKERSDK_ENGINE_B"
