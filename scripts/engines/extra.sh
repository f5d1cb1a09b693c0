#!/usr/bin/env bash
# extra.sh start NAME [KIND] [tls] | restart|stop NAME | stop-all — one more private dockerd,
# for tests that hurt it (SIGKILL, SIGSTOP, a locked swarm) or need it to listen on TLS,
# without touching the shared engines A and B.
#
#   start NAME [KIND] [tls]
#                  Stops any previous engine NAME, then starts a dockerd of KIND:
#                    bookworm  (the default) bookworm's /usr/sbin/dockerd 20.10 (API 1.41),
#                              with the containerd it starts and manages itself;
#                    modern    the dockerd that install.sh cached for engine B (28.x, API
#                              1.51), with that cache's containerd, started here beside it
#                              as up.sh does for engine B (own config, socket, root and
#                              state under $STATE/x<NAME>/ctrd/); runc from bookworm.
#                  Either runs in its own network namespace
#                  (ip netns "<prefix>-x<NAME>") with its own data-root, exec-root, pidfile,
#                  config file and cgroup parent, all under $STATE/x<NAME>/. It listens on
#                  unix://$STATE/x<NAME>/docker.sock and, inside its namespace, on
#                  tcp://127.0.0.1:$DSDK_EXTRA_TCP_PORT (default 2375); with "tls" instead
#                  on tcp://127.0.0.1:$DSDK_EXTRA_TLS_PORT (default 2376) with --tlsverify,
#                  from throwaway certificates in $STATE/x<NAME>/tls (lib.sh
#                  make_test_certs: ca/, server/, and client/ in the DOCKER_CERT_PATH
#                  layout). The namespace's
#                  net.core.somaxconn is DSDK_EXTRA_SOMAXCONN (default 8), so a test can
#                  fill the engine's listen backlogs with a few connections. Imports the
#                  offline busybox test image. Writes $STATE/x<NAME>/engine.env:
#                  DOCKERSDK_EXTRA_HOST, DOCKERSDK_EXTRA_TCP, DOCKERSDK_EXTRA_NETNS,
#                  DOCKERSDK_EXTRA_PIDFILE, DOCKERSDK_EXTRA_DIR, DOCKERSDK_EXTRA_KIND,
#                  DOCKERSDK_EXTRA_TLS_CERTS (the client/ dir; empty without "tls").
#   restart NAME   Starts dockerd again on the same state, kind and listener (after a test
#                  killed or stopped it); for the modern kind also its containerd if that is
#                  gone too.
#   stop NAME      Stops it and everything it left (containers, dockerd, containerd, shims,
#                  mounts, the namespace, the cgroup parent) and removes $STATE/x<NAME>.
#   stop-all       stop for every extra engine under $STATE (down.sh calls this).
#
# NAME: one to four lower-case letters or digits (socket paths stay short).
# KIND: bookworm or modern, an argument rather than a variable so that nothing in the
#       caller's environment changes which engine a test gets; kept in $STATE/x<NAME>/kind.
# Environment: STATE (default /tmp/dsdk), DSDK_EXTRA_TCP_PORT, DSDK_EXTRA_TLS_PORT,
# DSDK_EXTRA_SOMAXCONN.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root
check_state_dir

START_TIMEOUT=${DSDK_ENGINE_START_TIMEOUT:-60}
STOP_TIMEOUT=${DSDK_ENGINE_STOP_TIMEOUT:-20}
TCP_PORT=${DSDK_EXTRA_TCP_PORT:-2375}
TLS_PORT=${DSDK_EXTRA_TLS_PORT:-2376}
SOMAXCONN=${DSDK_EXTRA_SOMAXCONN:-8}

ACTION=${1:-}
NAME=${2:-}
KIND=${3:-bookworm}
LISTENER=${4:-tcp}

set_names() {
    [[ "$1" =~ ^[a-z0-9]{1,4}$ ]] || die "engine name must be 1-4 lower-case letters or digits (got '$1')"
    DIR="$STATE/x$1"
    NS=$(netns_name "x$1")
    SLICE=$(cgroup_parent "x$1")
}

# set_kind KIND: the DOCKERD, CONTAINERD (empty: the one dockerd manages) and ENGINE_PATH
# (the daemons' PATH) of that kind of engine.
set_kind() {
    local bin
    case "$1" in
        bookworm)
            DOCKERD=/usr/sbin/dockerd
            CONTAINERD=
            ENGINE_PATH=$DSDK_SYSTEM_PATH ;;
        modern)
            # The cache's dockerd, containerd, shim and docker-proxy first on PATH; runc and
            # docker-init (tini) from bookworm, as for engine B.
            bin=$(modern_engine_bin)
            DOCKERD=$bin/dockerd
            CONTAINERD=$bin/containerd
            ENGINE_PATH=$bin:$DSDK_SYSTEM_PATH ;;
        *) die "engine kind must be bookworm or modern (got '$1')" ;;
    esac
    KIND=$1
}

netns_pids() {
    local ino p
    [ -e "/run/netns/$NS" ] || return 0
    ino="net:[$(stat -L -c %i "/run/netns/$NS")]"
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/ns/net" 2>/dev/null || true)" = "$ino" ] && echo "${p#/proc/}"
    done
    return 0
}

# Processes whose command line names our dir (shims outlive the namespace's daemons).
dir_pids() {
    local p cmdline
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" = "$$" ] && continue
        cmdline=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
        [[ "$cmdline" == *"$DIR/"* ]] && echo "${p#/proc/}"
    done
    return 0
}

# Is PID running (and not a zombie)?
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# our_pid PIDFILE MARKER: the pid in PIDFILE if that process runs (a zombie has no command
# line) and its command line names MARKER (a stale pidfile may name a reused pid).
our_pid() {
    local pid
    pid=$(cat "$1" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
    echo "$pid"
}

dockerd_pid() { our_pid "$DIR/dockerd.pid" "$DIR/docker.sock"; }
containerd_pid() { our_pid "$DIR/ctrd/containerd.pid" "$DIR/ctrd/config.toml"; }

# terminate PID: SIGCONT (a test may have left it stopped), SIGTERM, then wait up to
# STOP_TIMEOUT for it to go (kill_all deals with what stays).
terminate() {
    local i
    kill -CONT "$1" 2>/dev/null || true
    kill -TERM "$1" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
        alive "$1" || return 0
        sleep 0.1
    done
}

cgroup_dirs() {
    [ -d /sys/fs/cgroup ] || return 0
    find /sys/fs/cgroup -maxdepth 6 -type d -name "$SLICE" 2>/dev/null || true
}

kill_all() {
    local pids i
    for ((i = 0; i < 50; i++)); do
        pids=$( { netns_pids; dir_pids; } | sort -u)
        while IFS= read -r dir; do
            [ -n "$dir" ] || continue
            pids+=" $(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | tr '\n' ' ')"
        done < <(cgroup_dirs)
        pids=$(echo "$pids" | tr ' ' '\n' | grep -E '^[0-9]+$' | grep -vx "$$" || true)
        [ -n "$pids" ] || return 0
        # shellcheck disable=SC2086
        if [ "$i" -eq 0 ]; then kill -TERM $pids 2>/dev/null || true; sleep 1; else kill -KILL $pids 2>/dev/null || true; sleep 0.1; fi
    done
    log "extra engine $NAME: processes left: $pids"
}

stop() {
    local pid root id
    if [ -S "$DIR/docker.sock" ] && ping_socket "$DIR/docker.sock"; then
        local ids
        ids=$(DCLI_TIMEOUT=20 dcli "unix://$DIR/docker.sock" ps -aq 2>/dev/null || true)
        # shellcheck disable=SC2086
        [ -z "$ids" ] || DCLI_TIMEOUT=60 dcli "unix://$DIR/docker.sock" rm -f -v $ids >/dev/null 2>&1 || true
    fi
    if pid=$(dockerd_pid); then terminate "$pid"; fi
    for root in "$DIR"/run/runtime-*/* "$DIR"/run/containerd/runc/*; do
        [ -d "$root" ] || continue
        for id in $(runc --root "$root" list -q 2>/dev/null || true); do
            runc --root "$root" kill --all "$id" KILL 2>/dev/null || true
            runc --root "$root" delete --force "$id" 2>/dev/null || true
        done
    done
    # The modern kind's own containerd (the bookworm kind's went with its dockerd); its
    # shims exit with their containers, kill_all takes any left.
    if pid=$(containerd_pid); then terminate "$pid"; fi
    kill_all
    if [ -e "/run/netns/$NS" ]; then
        ip netns delete "$NS" 2>/dev/null || { umount "/run/netns/$NS" 2>/dev/null || umount -l "/run/netns/$NS" 2>/dev/null || true; rm -f "/run/netns/$NS"; }
    fi
    while IFS= read -r dir; do
        if [ -n "$dir" ]; then find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true; fi
    done < <(cgroup_dirs)
    if [ -d "$DIR" ]; then
        unmount_under "$DIR" || die "mounts left under $DIR, not removing it"
        [ -e "$DIR/.dockersdk-extra-engine" ] || rmdir "$DIR" 2>/dev/null || die "$DIR is not an extra engine's dir"
        rm -rf --one-file-system "$DIR"
    fi
}

# tcp_url: where the engine's TCP listener is (inside its namespace).
tcp_url() {
    if [ -e "$DIR/tls/server/cert.pem" ]; then
        echo "tcp://127.0.0.1:$TLS_PORT"
    else
        echo "tcp://127.0.0.1:$TCP_PORT"
    fi
}

# launch: the engine's containerd when it has one of its own and that is not running, then
# its dockerd (lib.sh: start_containerd, start_dockerd), on TLS when $DIR/tls has a server
# certificate.
launch() {
    local tcp=(-H "$(tcp_url)")
    if [ -e "$DIR/tls/server/cert.pem" ]; then
        tcp+=(--tlsverify --tlscacert "$DIR/tls/server/ca.pem"
            --tlscert "$DIR/tls/server/cert.pem" --tlskey "$DIR/tls/server/key.pem")
    fi
    if [ -n "$CONTAINERD" ] && ! containerd_pid >/dev/null; then
        start_containerd "x$NAME" "$ENGINE_PATH" "$CONTAINERD"
    fi
    start_dockerd "x$NAME" "$ENGINE_PATH" "$DOCKERD" "${tcp[@]}"
}

start() {
    local cmd tar
    set_kind "$KIND"
    case "$LISTENER" in
        tcp | tls) ;;
        *) die "the listener must be tcp or tls (got '$LISTENER')" ;;
    esac
    for cmd in ip nsenter setsid "$DOCKERD" "$DSDK_DOCKER_CLI"; do
        have "$cmd" || die "$cmd not found: run scripts/engines/install.sh"
    done
    stop
    mkdir -p "$DIR/data" "$DIR/run" "$STATE/image" "$STATE/cli"
    touch "$DIR/.dockersdk-extra-engine"
    [ -e "$STATE/.dockersdk-engines" ] || touch "$STATE/.dockersdk-engines"   # down.sh may remove STATE
    echo "$KIND" >"$DIR/kind"
    if [ "$LISTENER" = tls ]; then
        make_test_certs "$DIR/tls"
    fi
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    ip netns exec "$NS" sysctl -qw net.core.somaxconn="$SOMAXCONN"
    if [ "$KIND" = bookworm ]; then
        # Moves dockerd 20.10's identity key out of /etc/docker (newer ones have none and
        # refuse the option).
        printf '{"deprecated-key-path": "%s"}\n' "$DIR/key.json" >"$DIR/daemon.json"
    else
        echo '{}' >"$DIR/daemon.json"
    fi
    launch
    tar=$(build_busybox_tar "$STATE/image")
    import_test_image "unix://$DIR/docker.sock" "$tar"
    {
        echo "DOCKERSDK_EXTRA_HOST=unix://$DIR/docker.sock"
        echo "DOCKERSDK_EXTRA_TCP=$(tcp_url)"
        echo "DOCKERSDK_EXTRA_NETNS=$NS"
        echo "DOCKERSDK_EXTRA_PIDFILE=$DIR/dockerd.pid"
        echo "DOCKERSDK_EXTRA_DIR=$DIR"
        echo "DOCKERSDK_EXTRA_KIND=$KIND"
        if [ "$LISTENER" = tls ]; then echo "DOCKERSDK_EXTRA_TLS_CERTS=$DIR/tls/client"; else echo "DOCKERSDK_EXTRA_TLS_CERTS="; fi
    } >"$DIR/engine.env"
    log "extra engine $NAME ($KIND, $LISTENER) up: $DIR/engine.env"
}

case "$ACTION" in
    start) set_names "$NAME"; start ;;
    restart)
        set_names "$NAME"
        [ -e "$DIR/.dockersdk-extra-engine" ] || die "extra engine $NAME was never started"
        if dockerd_pid >/dev/null; then die "extra engine $NAME is still running"; fi
        set_kind "$(cat "$DIR/kind" 2>/dev/null || echo bookworm)"
        # A killed dockerd and its containerd may linger as zombies (not every init reaps
        # promptly); dockerd would take a zombie's pidfile for a running daemon.
        for pidfile in "$DIR/dockerd.pid" "$DIR/run/containerd/containerd.pid"; do
            pid=$(cat "$pidfile" 2>/dev/null || true)
            if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! alive "$pid"; then rm -f "$pidfile"; fi
        done
        launch
        log "extra engine $NAME ($KIND) restarted" ;;
    stop) set_names "$NAME"; stop; log "extra engine $NAME down" ;;
    stop-all)
        for marker in "$STATE"/x*/.dockersdk-extra-engine; do
            [ -e "$marker" ] || continue
            d=${marker%/.dockersdk-extra-engine}
            NAME=${d##*/x}
            set_names "$NAME"
            stop
        done ;;
    *) echo "usage: $0 start NAME [bookworm|modern] [tcp|tls] | restart|stop NAME | stop-all" >&2; exit 2 ;;
esac
