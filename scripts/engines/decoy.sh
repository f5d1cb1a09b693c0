#!/usr/bin/env bash
# decoy.sh start|check|stop — for CI: prove that up.sh/down.sh (and the test
# suite) do not disturb a Docker engine already running on the machine.
#
#   start  If nothing answers on /var/run/docker.sock, start a "decoy" engine
#          there: bookworm's dockerd with all defaults (default socket,
#          /var/lib/docker, docker0 bridge, iptables rules), as a user's own
#          Docker would run. If an engine already answers (a user's), leave it
#          alone. Either way, record its state: docker0's address, the
#          iptables DOCKER chains, the host's network links.
#   check  The engine still answers /_ping, docker0 has the same address, the
#          DOCKER chains and the host's links are unchanged, and it can still
#          run a container (and reach its published port from the host).
#          Exits non-zero with a message saying what changed.
#   stop   Stop the decoy, if we started it (never a user's engine).
#
# Typical CI sequence:
#   decoy.sh start; up.sh; <tests>; down.sh; decoy.sh check; decoy.sh stop
#
# Environment: DSDK_DECOY_STATE (default /tmp/dsdk-decoy) holds the record
# and the decoy's log; it is not under $STATE, so down.sh leaves it alone.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root

DECOY_STATE=${DSDK_DECOY_STATE:-/tmp/dsdk-decoy}
RECORD="$DECOY_STATE/record.env"
SOCK=/var/run/docker.sock
HOST="unix://$SOCK"
# Image for the check; a separate tag so a user's own images are not touched.
PROBE_IMAGE=dockersdk-test/decoy-probe:latest
# The docker CLI talks to the decoy with a private config dir.
DSDK_CLI_CONFIG="$DECOY_STATE/cli"

# docker0's IPv4 address/prefix, or "absent".
docker0_addr() {
    local addr
    addr=$(ip -4 -o addr show dev docker0 2>/dev/null | awk '{print $4}' | sort | paste -sd, - || true)
    if ip link show dev docker0 >/dev/null 2>&1; then
        echo "${addr:-none}"
    else
        echo absent
    fi
}

# "present" if iptables TABLE has a DOCKER chain.
docker_chain() {
    if have iptables && iptables -t "$1" -n -L DOCKER >/dev/null 2>&1; then
        echo present
    else
        echo absent
    fi
}

# The host's network links, except the veth ends of containers (they come
# and go with the engine's containers).
host_links() {
    ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
        grep -v '^veth' | sort | paste -sd, - || true
}

# pid of the decoy dockerd if it is still the process we started.
decoy_pid() {
    local pid
    pid=$(sed -n 's/^PID=//p' "$RECORD" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" == *dockerd* ]] || return 1
    echo "$pid"
}

cmd_start() {
    mkdir -p "$DECOY_STATE" "$DSDK_CLI_CONFIG"
    local owner pid=""
    # Idempotent: a decoy we started earlier keeps its record.
    if [ "$(sed -n 's/^OWNER=//p' "$RECORD" 2>/dev/null)" = decoy ] && decoy_pid >/dev/null &&
        ping_socket "$SOCK"; then
        log "decoy: already running (pid $(decoy_pid)), record kept"
        return 0
    fi
    if ping_socket "$SOCK"; then
        owner=user
        log "decoy: an engine already answers on $SOCK (a user's): recording its state only"
    else
        local old
        old=$(cat /var/run/docker.pid 2>/dev/null || true)
        if [[ "$old" =~ ^[0-9]+$ ]] &&
            [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$old/cmdline" || true)" == *dockerd* ]]; then
            die "a dockerd (pid $old) runs but does not answer on $SOCK"
        fi
        have /usr/sbin/dockerd || die "/usr/sbin/dockerd missing: run scripts/engines/install.sh"
        owner=decoy
        log "decoy: starting bookworm's dockerd on the default paths"
        # All defaults, as "systemctl start docker" would run it (without
        # socket activation). Own session, clean environment.
        env -i PATH="$DSDK_SYSTEM_PATH" HOME="${HOME:-/root}" \
            setsid /usr/sbin/dockerd -H "$HOST" \
            </dev/null >"$DECOY_STATE/dockerd.log" 2>&1 &
        pid=$!
        if ! wait_for_ping "$SOCK" 60 "$pid"; then
            tail -n 30 "$DECOY_STATE/dockerd.log" >&2 || true
            die "decoy dockerd did not answer on $SOCK (log: $DECOY_STATE/dockerd.log)"
        fi
    fi
    {
        echo "OWNER=$owner"
        echo "PID=$pid"
        echo "VERSION=$(dcli "$HOST" version --format '{{.Server.Version}}')"
        echo "DOCKER0=$(docker0_addr)"
        echo "NAT_DOCKER_CHAIN=$(docker_chain nat)"
        echo "FILTER_DOCKER_CHAIN=$(docker_chain filter)"
        echo "LINKS=$(host_links)"
    } >"$RECORD"
    log "decoy: recorded in $RECORD"
    cat "$RECORD" >&2
}

cmd_check() {
    [ -f "$RECORD" ] || die "no $RECORD: run '$0 start' first"
    local errors=() want now
    want_of() { sed -n "s/^$1=//p" "$RECORD"; }

    if ! ping_socket "$SOCK"; then
        die "decoy check FAILED: the engine on $SOCK no longer answers /_ping"
    fi
    want=$(want_of DOCKER0) now=$(docker0_addr)
    [ "$want" = "$now" ] || errors+=("docker0 changed: was '$want', now '$now'")
    for table in nat filter; do
        want=$(want_of "${table^^}_DOCKER_CHAIN") now=$(docker_chain "$table")
        [ "$want" = "$now" ] || errors+=("iptables -t $table DOCKER chain: was $want, now $now")
    done
    want=$(want_of LINKS) now=$(host_links)
    [ "$want" = "$now" ] || errors+=("host network links changed: were '$want', now '$now'")

    # Can it still run containers (networking included)?
    local imported=0
    if ! dcli "$HOST" image inspect "$PROBE_IMAGE" >/dev/null 2>&1; then
        mkdir -p "$DECOY_STATE/image"
        import_test_image "$HOST" "$(build_busybox_tar "$DECOY_STATE/image")" "$PROBE_IMAGE"
        imported=1
    fi
    if ! dcli "$HOST" run --rm "$PROBE_IMAGE" sh -c 'ip -4 addr show eth0 | grep -q inet' >/dev/null 2>&1; then
        errors+=("cannot run a container with a network on the engine")
    fi
    # A published port, reached from the host's loopback.
    local cid port body=""
    if cid=$(dcli "$HOST" run -d -p 127.0.0.1::80 "$PROBE_IMAGE" \
        sh -c 'echo decoy-ok > /tmp/index.html && exec httpd -f -p 80 -h /tmp' 2>/dev/null); then
        port=$(dcli "$HOST" port "$cid" 80/tcp 2>/dev/null | head -n1 | sed 's/.*://')
        local i
        for ((i = 0; i < 50; i++)); do
            if have curl; then
                body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null || true)
            else
                body=$(dcli "$HOST" exec "$cid" wget -qO- "http://127.0.0.1/" 2>/dev/null || true)
            fi
            [ "$body" != decoy-ok ] || break
            sleep 0.1
        done
        dcli "$HOST" rm -f "$cid" >/dev/null 2>&1 || true
        [ "$body" = decoy-ok ] || errors+=("published port 127.0.0.1:${port:-?} not reachable from the host")
    else
        errors+=("cannot run a container with a published port")
    fi
    if [ "$imported" -eq 1 ]; then
        dcli "$HOST" rmi "$PROBE_IMAGE" >/dev/null 2>&1 || true
    fi

    if [ "${#errors[@]}" -gt 0 ]; then
        printf '[engines] decoy check FAILED: %s\n' "${errors[@]}" >&2
        exit 1
    fi
    log "decoy check OK: engine $(want_of OWNER) on $SOCK undisturbed (docker0 $(docker0_addr))"
}

cmd_stop() {
    if [ ! -f "$RECORD" ]; then
        log "decoy: nothing recorded, nothing to stop"
        return 0
    fi
    if [ "$(sed -n 's/^OWNER=//p' "$RECORD")" != decoy ]; then
        log "decoy: the engine on $SOCK is not ours, left running"
    else
        local pid i
        if pid=$(decoy_pid); then
            log "decoy: stopping dockerd (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            for ((i = 0; i < 300; i++)); do
                if ! [ -r "/proc/$pid/cmdline" ] || [ -z "$(tr -d '\0' 2>/dev/null <"/proc/$pid/cmdline")" ]; then break; fi
                sleep 0.1
            done
            if [ -r "/proc/$pid/cmdline" ] && [ -n "$(tr -d '\0' 2>/dev/null <"/proc/$pid/cmdline")" ]; then
                log "decoy: SIGKILL $pid"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        else
            log "decoy: dockerd already gone"
        fi
    fi
    rm -rf "$DECOY_STATE"
}

case "${1:-}" in
    start) cmd_start ;;
    check) cmd_check ;;
    stop) cmd_stop ;;
    *)
        echo "usage: $0 start|check|stop" >&2
        exit 2
        ;;
esac
