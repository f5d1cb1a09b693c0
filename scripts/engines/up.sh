#!/usr/bin/env bash
# Start the private engines the test suite runs against.
#
#   engine A: bookworm's /usr/sbin/dockerd (20.10, API 1.41) + /usr/bin/containerd
#   engine B: the sid (or trixie) dockerd + containerd that install.sh cached
#   engine podman: bookworm's podman 4.3 (`podman system service`, the Docker-compatible
#                  API 1.41) with private storage and configuration (lib.sh, start_podman);
#                  DSDK_PODMAN=0 leaves it out
#
# Each engine runs in its own network namespace (ip netns "dsdk-a"/"dsdk-b"),
# with its own containerd (started here, own config/root/state/socket) and
# its own data-root, exec-root, pidfile, config file, cgroup parent and
# containerd namespace. docker0, iptables rules, swarm ports and published
# ports all live inside the namespace: nothing on the host's network changes
# and an engine already running on the machine is not disturbed. Only the
# unix sockets ($STATE/a/docker.sock, $STATE/b/docker.sock, $STATE/podman/podman.sock)
# are shared. Each dockerd also listens on plain tcp://127.0.0.1:$DSDK_ENGINE_TCP_PORT
# (default 2375) on its namespace's own loopback, for the tcp:// transport tests (a
# client reaches it from a thread switched into the namespace).
#
# Any previous run (even one killed half-way) is torn down first with down.sh,
# so every run starts from empty engines. Each engine gets the offline test
# image dockersdk-test/busybox:latest. Finally $STATE/engines.env is written.
#
# Environment: STATE (default /tmp/dsdk, at most 40 characters), DSDK_ENGINE_TCP_PORT;
# DSDK_PODMAN (default 1).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root
check_state_dir

START_TIMEOUT=${DSDK_ENGINE_START_TIMEOUT:-60}   # seconds, per daemon
TCP_PORT=${DSDK_ENGINE_TCP_PORT:-2375}           # inside each engine's namespace
PODMAN=${DSDK_PODMAN:-1}
case "$PODMAN" in 0 | 1) ;; *) die "DSDK_PODMAN must be 0 or 1 (got '$PODMAN')" ;; esac

# --- prerequisites --------------------------------------------------------
for cmd in ip nsenter setsid flock /usr/sbin/dockerd /usr/bin/containerd /bin/busybox "$DSDK_DOCKER_CLI"; do
    have "$cmd" || die "$cmd not found: run scripts/engines/install.sh"
done
ENGINE_B_BIN=$(modern_engine_bin)
if [ "$PODMAN" = 1 ]; then
    for cmd in podman unshare conmon /usr/lib/podman/netavark; do
        have "$cmd" || die "$cmd not found: run scripts/engines/install.sh"
    done
fi

# One up/down at a time per STATE. down.sh (called below) sees
# DSDK_ENGINES_LOCKED and does not take the lock again.
mkdir -p /run/lock
exec 9>"/run/lock/$(name_prefix)-engines.lock"
flock -w 600 9 || die "another up.sh/down.sh holds /run/lock/$(name_prefix)-engines.lock"
export DSDK_ENGINES_LOCKED=1

# --- start from a clean slate -----------------------------------------------
bash "$HERE/down.sh"

# If anything below fails, keep the daemons' logs in $STATE.failed/ and tear
# down what was started, so a failed up.sh leaves nothing running
# (DSDK_KEEP_ON_FAILURE=1 leaves the engines as they are, for debugging).
on_exit() {
    local rc=$?
    [ "$rc" -ne 0 ] || return 0
    if [ -z "${DSDK_KEEP_ON_FAILURE:-}" ] && [ -d "$STATE" ]; then
        rm -rf "$STATE.failed"
        mkdir -p "$STATE.failed"
        (cd "$STATE" && find . -name '*.log' -exec cp --parents {} "$STATE.failed/" \;) || true
        log "up.sh failed: logs kept in $STATE.failed/, tearing down"
        bash "$HERE/down.sh" || true
    fi
    exit "$rc"
}
trap on_exit EXIT

mkdir -p "$STATE"
touch "$STATE/.dockersdk-engines"            # lets down.sh delete this dir
mkdir -p "$STATE/cli" "$STATE/image"           # docker CLI config, test image

# start_engine NAME DOCKERD CONTAINERD PATH DAEMON_JSON: a network namespace with only
# "lo" (up; dockerd creates docker0 in it), then the engine's own containerd and dockerd
# (lib.sh).
start_engine() {
    local name=$1 dockerd=$2 containerd=$3 path=$4 daemon_json=$5 ns
    ns=$(netns_name "$name")
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    start_containerd "$name" "$path" "$containerd"
    printf '%s\n' "$daemon_json" >"$STATE/$name/daemon.json"
    start_dockerd "$name" "$path" "$dockerd" -H "tcp://127.0.0.1:$TCP_PORT"
}

# Engine A: everything from bookworm. Its daemon.json only moves dockerd
# 20.10's identity key from /etc/docker/key.json into the state dir (else it
# would write /etc/docker and share its engine ID with any other 20.10 daemon).
start_engine a /usr/sbin/dockerd /usr/bin/containerd "$DSDK_SYSTEM_PATH" \
    "{\"deprecated-key-path\": \"$STATE/a/key.json\"}"
# Engine B: sid/trixie's dockerd + containerd (+ shim, docker-proxy) first on
# PATH; runc and docker-init (tini) from bookworm.
start_engine b "$ENGINE_B_BIN/dockerd" "$ENGINE_B_BIN/containerd" \
    "$ENGINE_B_BIN:$DSDK_SYSTEM_PATH" '{}'
# Podman: its own network namespace, as the dockerds, and a mount namespace (lib.sh).
ENGINES=(a b)
if [ "$PODMAN" = 1 ]; then
    ns=$(netns_name "$DSDK_PODMAN_ENGINE")
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    start_podman "$DSDK_PODMAN_ENGINE"
    ENGINES+=("$DSDK_PODMAN_ENGINE")
fi

# --- offline test image -----------------------------------------------------
tar=$(build_busybox_tar "$STATE/image")
import_test_image "unix://$STATE/a/docker.sock" "$tar" &
import_a=$!
if [ "$PODMAN" = 1 ]; then
    import_test_image "unix://$(engine_socket "$DSDK_PODMAN_ENGINE")" "$tar" &
    import_podman=$!
fi
import_test_image "unix://$STATE/b/docker.sock" "$tar"
wait "$import_a"
if [ "$PODMAN" = 1 ]; then
    wait "$import_podman"
fi

# --- engines.env --------------------------------------------------------------
server_field() { dcli "unix://$(engine_socket "$1")" version --format "{{.Server.$2}}"; }
{
    for name in "${ENGINES[@]}"; do
        upper=${name^^}
        echo "DOCKERSDK_ENGINE_${upper}=unix://$(engine_socket "$name")"
        if [ "$name" != "$DSDK_PODMAN_ENGINE" ]; then  # the dockerds' tcp listeners
            echo "DOCKERSDK_ENGINE_${upper}_TCP=tcp://127.0.0.1:$TCP_PORT"
        fi
        echo "DOCKERSDK_ENGINE_${upper}_VERSION=$(server_field "$name" Version)"
        echo "DOCKERSDK_ENGINE_${upper}_API_VERSION=$(server_field "$name" APIVersion)"
        echo "DOCKERSDK_NETNS_${upper}=$(netns_name "$name")"
    done
    echo "DOCKERSDK_TEST_IMAGE=$DSDK_TEST_IMAGE"
} >"$STATE/engines.env.tmp"
mv "$STATE/engines.env.tmp" "$STATE/engines.env"

log "engines up ($SECONDS s): $STATE/engines.env"
cat "$STATE/engines.env" >&2
