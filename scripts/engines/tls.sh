#!/usr/bin/env bash
# tls.sh start|stop — a private dockerd with --tlsverify, for the TLS transport tests.
#
#   start  Makes throwaway certificates in $STATE/tls (openssl):
#            ca/      the test CA (ca.pem, ca-key.pem)
#            server/  the engine's certificate: SAN IP:127.0.0.1, IP:::1, DNS:localhost,
#                     extendedKeyUsage serverAuth (ca.pem cert.pem key.pem)
#            client/  a client certificate (clientAuth) from the test CA, in the
#                     DOCKER_CERT_PATH layout (ca.pem cert.pem key.pem)
#            foreign/ another CA and a client certificate it signed (same layout)
#          then starts bookworm's dockerd with --tlsverify on tcp://127.0.0.1:2376 (and
#          [::1]:2376 when IPv6 is on) inside its own network namespace
#          (ip netns "<prefix>-tls"), with its own data-root, exec-root, pidfile, config
#          file and (dockerd-managed) containerd. Loopback in that namespace is private:
#          nothing on the host's network changes, and the port cannot collide with
#          anything. A client reaches it from a thread switched into the namespace
#          (setns(2) on /run/netns/<name>), as the tests do. A unix socket
#          $STATE/tls/docker.sock (no TLS) serves readiness checks. The engine has the
#          offline test image (lib.sh import_test_image).
#          Writes $STATE/tls/tls.env (DOCKERSDK_TLS_NETNS, DOCKERSDK_TLS_HOST,
#          DOCKERSDK_TLS_CERTS, DOCKERSDK_TLS_FOREIGN_CERTS).
#   stop   Stops that dockerd (and anything else in its namespace), unmounts what it left
#          under $STATE/tls, deletes the namespace and $STATE/tls.
#
# Environment: STATE (default /tmp/dsdk), DSDK_TLS_PORT (default 2376).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root
check_state_dir

DIR="$STATE/tls"
PORT=${DSDK_TLS_PORT:-2376}
NS=$(netns_name tls)
DOCKERD=/usr/sbin/dockerd
START_TIMEOUT=${DSDK_ENGINE_START_TIMEOUT:-60}

# --- stop ---------------------------------------------------------------------------

netns_pids() {
    local ino p
    [ -e "/run/netns/$NS" ] || return 0
    ino="net:[$(stat -L -c %i "/run/netns/$NS")]"
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/ns/net" 2>/dev/null || true)" = "$ino" ] && echo "${p#/proc/}"
    done
    return 0
}

stop() {
    local pid i pids
    pid=$(cat "$DIR/dockerd.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/"; then
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    # Whatever is left in the namespace (the managed containerd...): TERM, then KILL.
    pids=$(netns_pids)
    if [ -n "$pids" ]; then
        # shellcheck disable=SC2086
        kill $pids 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            [ -n "$(netns_pids)" ] || break
            sleep 0.1
        done
        pids=$(netns_pids)
        # shellcheck disable=SC2086
        [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
    fi
    if [ -e "/run/netns/$NS" ]; then
        ip netns delete "$NS" 2>/dev/null || { umount "/run/netns/$NS" 2>/dev/null || umount -l "/run/netns/$NS" 2>/dev/null || true; rm -f "/run/netns/$NS"; }
    fi
    if [ -d "$DIR" ]; then
        unmount_under "$DIR" || die "mounts left under $DIR, not removing it"
        rm -rf --one-file-system "$DIR"
    fi
}

# --- start --------------------------------------------------------------------------

start() {
    have openssl || die "openssl not found: apt-get install openssl"
    have "$DOCKERD" || die "$DOCKERD not found: run scripts/engines/install.sh"
    local cmd
    for cmd in ip nsenter setsid "$DSDK_DOCKER_CLI"; do
        have "$cmd" || die "$cmd not found: run scripts/engines/install.sh"
    done
    stop
    mkdir -p "$DIR/data" "$DIR/run" "$STATE/cli" "$STATE/image"
    touch "$STATE/.dockersdk-engines" 2>/dev/null || true   # down.sh may remove STATE
    make_test_certs "$DIR" foreign

    ip netns add "$NS"
    ip -n "$NS" link set lo up
    local hosts=(-H "unix://$DIR/docker.sock" -H "tcp://127.0.0.1:$PORT")
    if ip -n "$NS" -6 addr show dev lo 2>/dev/null | grep -q '::1/128'; then
        hosts+=(-H "tcp://[::1]:$PORT")
    fi
    printf '{"deprecated-key-path": "%s"}\n' "$DIR/key.json" >"$DIR/daemon.json"
    env -i PATH="$DSDK_SYSTEM_PATH" HOME="${HOME:-/root}" \
        setsid nsenter --net="/run/netns/$NS" \
        "$DOCKERD" \
        --config-file "$DIR/daemon.json" \
        --data-root "$DIR/data" \
        --exec-root "$DIR/run" \
        --pidfile "$DIR/dockerd.pid" \
        --cgroup-parent "$(cgroup_parent tls)" \
        --tlsverify --tlscacert "$DIR/server/ca.pem" \
        --tlscert "$DIR/server/cert.pem" --tlskey "$DIR/server/key.pem" \
        "${hosts[@]}" \
        </dev/null >"$DIR/dockerd.log" 2>&1 &
    local pid=$!
    if ! wait_for_ping "$DIR/docker.sock" "$START_TIMEOUT" "$pid"; then
        tail -n 30 "$DIR/dockerd.log" >&2 || true
        stop
        die "TLS dockerd did not answer /_ping"
    fi
    # The TLS listener itself, from inside the namespace, with the client certificate.
    if have curl && ! nsenter --net="/run/netns/$NS" curl -fsS --max-time 5 \
        --cacert "$DIR/client/ca.pem" --cert "$DIR/client/cert.pem" --key "$DIR/client/key.pem" \
        "https://127.0.0.1:$PORT/_ping" >/dev/null; then
        tail -n 30 "$DIR/dockerd.log" >&2 || true
        stop
        die "TLS dockerd does not answer https://127.0.0.1:$PORT/_ping with the client certificate"
    fi
    import_test_image "unix://$DIR/docker.sock" "$(build_busybox_tar "$STATE/image")"
    {
        echo "DOCKERSDK_TLS_NETNS=$NS"
        echo "DOCKERSDK_TLS_HOST=tcp://127.0.0.1:$PORT"
        echo "DOCKERSDK_TLS_PORT=$PORT"
        echo "DOCKERSDK_TLS_CERTS=$DIR/client"
        echo "DOCKERSDK_TLS_FOREIGN_CERTS=$DIR/foreign"
        echo "DOCKERSDK_TLS_SOCKET=unix://$DIR/docker.sock"
    } >"$DIR/tls.env"
    log "TLS dockerd up on tcp://127.0.0.1:$PORT in netns $NS: $DIR/tls.env"
}

case "${1:-}" in
    start) start ;;
    stop) stop; log "TLS dockerd down" ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
