#!/usr/bin/env bash
# Stop the private engines started by up.sh and remove every trace of
# them: containers, swarm state, dockerd, containerd and its shims, the podman
# service and its conmons, mounts under $STATE, the network namespaces, the
# (empty) cgroup parents and $STATE.
#
# Robust to a previous run killed half-way (stale pidfiles, daemons gone or
# hung, containers left running, mounts left behind, netns without daemons).
# Only touches processes, mounts and namespaces of its own $STATE; exits 0 if
# nothing was running.
#
# Environment: STATE (default /tmp/dsdk).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root
check_state_dir

STOP_TIMEOUT=${DSDK_ENGINE_STOP_TIMEOUT:-20}   # seconds before SIGKILL

if [ -z "${DSDK_ENGINES_LOCKED:-}" ]; then
    mkdir -p /run/lock
    exec 9>"/run/lock/$(name_prefix)-engines.lock"
    flock -w 600 9 || die "another up.sh/down.sh holds /run/lock/$(name_prefix)-engines.lock"
fi

# Print the pid if /proc/PID/cmdline (NUL-separated) contains STRING.
cmdline_has() {
    local pid=$1 string=$2 cmdline
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
    [[ "$cmdline" == *"$string"* ]]
}

# Pids of engine NAME's daemons and everything they left behind:
#  - every process in the engine's network namespace (dockerd, containerd,
#    shims, docker-proxy, podman, conmon, aardvark-dns, --network=host
#    containers),
#  - every process in the podman service's mount namespace (podman.mntns), and
#  - any dockerd/containerd/shim/docker-proxy/podman/conmon whose command line
#    names the engine's dir (covers a netns that was deleted while they ran).
engine_pids() {
    local name=$1 dir="$STATE/$1" ns ns_ino="" mnt_ns="" p pid argv0
    ns=$(netns_name "$name")
    if [ -e "/run/netns/$ns" ]; then
        ns_ino="net:[$(stat -L -c %i "/run/netns/$ns")]"
    fi
    mnt_ns=$(cat "$dir/podman.mntns" 2>/dev/null || true)
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        if [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ]; then
            continue
        fi
        if [ -n "$ns_ino" ] && [ "$(readlink "$p/ns/net" 2>/dev/null || true)" = "$ns_ino" ]; then
            echo "$pid"
            continue
        fi
        if [ -n "$mnt_ns" ] && [ "$(readlink "$p/ns/mnt" 2>/dev/null || true)" = "$mnt_ns" ]; then
            echo "$pid"
            continue
        fi
        argv0=$(tr '\0' '\n' 2>/dev/null <"$p/cmdline" | head -n1 || true)
        case "${argv0##*/}" in
            dockerd | containerd | containerd-shim* | docker-proxy | podman | conmon)
                if cmdline_has "$pid" "$dir/"; then echo "$pid"; fi ;;
        esac
    done
}

# Pid from PIDFILE if that process is still one of ours (its command line
# names MARKER): a stale pidfile may point to a reused pid.
valid_pid() {
    local pidfile=$1 marker=$2 pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] && is_running "$pid" && cmdline_has "$pid" "$marker" || return 1
    echo "$pid"
}

# Is PID running? A zombie is not: daemons started by up.sh were re-parented
# to init, which may be slow to reap them.
is_running() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# terminate PID...: SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL.
terminate() {
    local pid i alive
    [ "$#" -gt 0 ] || return 0
    kill -TERM "$@" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
        alive=0
        for pid in "$@"; do
            if is_running "$pid"; then alive=1; fi
        done
        [ "$alive" -eq 1 ] || return 0
        sleep 0.1
    done
    log "SIGKILL $*"
    kill -KILL "$@" 2>/dev/null || true
}

# Kill every process in the cgroups below the engine's cgroup parent (the
# containers) and remove those cgroups once empty. The cgroup parent is
# relative to dockerd's own cgroup, so look for it by name.
kill_cgroup() {
    local slice dir pid
    slice=$(cgroup_parent "$1")
    [ -d /sys/fs/cgroup ] || return 0
    while IFS= read -r dir; do
        while IFS= read -r pid; do
            kill -KILL "$pid" 2>/dev/null || true
        done < <(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null)
    done < <(find /sys/fs/cgroup -maxdepth 6 -type d -name "$slice" 2>/dev/null)
}

remove_cgroup() {
    local slice dir
    slice=$(cgroup_parent "$1")
    [ -d /sys/fs/cgroup ] || return 0
    while IFS= read -r dir; do
        find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done < <(find /sys/fs/cgroup -maxdepth 6 -type d -name "$slice" 2>/dev/null)
}

# stop_leftovers NAME [with-cgroup]: every process still in the engine's namespaces or
# cgroup: SIGTERM, then SIGKILL until none is left (5 s at most); with-cgroup also kills
# the processes of the engine's cgroup on each pass (stop_podman: its containers live there).
stop_leftovers() {
    local name=$1 cgroup=${2:-} pids i
    mapfile -t pids < <(engine_pids "$name")
    [ "${#pids[@]}" -gt 0 ] || return 0
    log "engine $name: stopping leftover processes ${pids[*]}"
    terminate "${pids[@]}"
    for ((i = 0; i < 50; i++)); do
        [ -z "$cgroup" ] || kill_cgroup "$name"
        mapfile -t pids < <(engine_pids "$name")
        [ "${#pids[@]}" -gt 0 ] || break
        kill -KILL "${pids[@]}" 2>/dev/null || true
        sleep 0.1
    done
}

# release_host_state NAME: what an engine leaves on the host once its processes are gone:
# mounts under its state dir, its network namespace (its links go with it), its cgroup.
release_host_state() {
    local name=$1 dir="$STATE/$1" ns
    ns=$(netns_name "$name")
    if [ -d "$dir" ]; then
        unmount_under "$dir" || log "engine $name: could not unmount everything under $dir"
    fi
    if [ -e "/run/netns/$ns" ]; then
        ip netns delete "$ns" 2>/dev/null || {
            umount "/run/netns/$ns" 2>/dev/null || umount -l "/run/netns/$ns" 2>/dev/null || true
            rm -f "/run/netns/$ns"
        }
    fi
    remove_cgroup "$name"
}

stop_engine() {
    local name=$1 dir="$STATE/$1" host pid
    host="unix://$dir/docker.sock"

    # 1. Politely, through the API: leave swarm, remove all containers.
    if ping_socket "$dir/docker.sock"; then
        local swarm ids
        swarm=$(DCLI_TIMEOUT=20 dcli "$host" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true)
        if [ -n "$swarm" ] && [ "$swarm" != inactive ]; then
            DCLI_TIMEOUT=60 dcli "$host" swarm leave --force >/dev/null 2>&1 || true
        fi
        ids=$(DCLI_TIMEOUT=20 dcli "$host" ps -aq 2>/dev/null || true)
        if [ -n "$ids" ]; then
            # shellcheck disable=SC2086  # one id per word
            DCLI_TIMEOUT=120 dcli "$host" rm -f -v $ids >/dev/null 2>&1 || true
        fi
    fi

    # 2. dockerd: SIGTERM (it stops containers, docker-proxy, its mounts).
    pid=$(valid_pid "$dir/dockerd.pid" "$dir/docker.sock" || true)
    if [ -n "$pid" ]; then
        terminate "$pid"
    fi

    # 3. Containers still running without a dockerd (killed run): via runc's
    #    state under the exec-root, then anything left in the cgroups.
    local root id
    for root in "$dir"/run/runtime-*/*; do
        [ -d "$root" ] || continue
        for id in $(runc --root "$root" list -q 2>/dev/null || true); do
            runc --root "$root" kill --all "$id" KILL 2>/dev/null || true
            runc --root "$root" delete --force "$id" 2>/dev/null || true
        done
    done
    kill_cgroup "$name"

    # 4. containerd (its shims exit with their containers).
    pid=$(valid_pid "$dir/ctrd/containerd.pid" "$dir/ctrd/config.toml" || true)
    if [ -n "$pid" ]; then
        terminate "$pid"
    fi

    # 5. Whatever is left: dockerd/containerd without pidfile, shims,
    #    docker-proxy, processes in the netns.
    stop_leftovers "$name"

    # 6. Mounts (overlay, shm, netns bind mounts, data-root self-bind), the
    #    network namespace (its links go with it) and the cgroup parent.
    release_host_state "$name"
}

# stop_podman NAME: the Podman engine (lib.sh, start_podman).
stop_podman() {
    local name=$1 dir="$STATE/$1" pid

    # 1. Politely, with its own CLI inside its namespaces: remove every container (podman
    #    then stops them, unmounts their storage, removes their cgroups and netns).
    pid=$(valid_pid "$dir/podman.pid" "$dir/podman.sock" || true)
    if [ -n "$pid" ]; then
        PMAN_TIMEOUT=120 pman "$name" rm --all --force --time 0 >/dev/null 2>&1 || true
        PMAN_TIMEOUT=60 pman "$name" pod rm --all --force >/dev/null 2>&1 || true
        # 2. The service (it leaves running containers alone: step 1 or 3 stop them).
        terminate "$pid"
    fi

    # 3. Everything left: the containers (in the engine's cgroup parent, conmon too), then
    #    conmon, aardvark-dns and any other process of its namespaces. The mounts of the
    #    mount namespace go with its last process.
    kill_cgroup "$name"
    stop_leftovers "$name" with-cgroup

    # 4. As for a dockerd: mounts (none on the host unless a run went wrong), the network
    #    namespace, the cgroup parent.
    release_host_state "$name"
}

# The TLS dockerd and sshd that the transport tests start (their fixtures stop them, but
# pytest may have been killed first).
bash "$HERE/tls.sh" stop >/dev/null 2>&1 || true
bash "$HERE/sshd.sh" stop >/dev/null 2>&1 || true
bash "$HERE/extra.sh" stop-all >/dev/null 2>&1 || true   # extra engines of the fault tests

# All engines in parallel (each takes a few seconds to stop).
stop_engine a &
stop_a=$!
stop_podman "$DSDK_PODMAN_ENGINE" &
stop_p=$!
stop_engine b
wait "$stop_a"
wait "$stop_p"

# Remove the state dir, but only one up.sh created (or an empty one), and
# never while something is still mounted below it: rm -rf would follow a
# leftover bind mount into the host's files.
if [ -d "$STATE" ]; then
    unmount_under "$STATE" || die "mounts left under $STATE, not removing it: $(mounts_under "$STATE" | tr '\n' ' ')"
    if [ -e "$STATE/.dockersdk-engines" ]; then
        rm -rf --one-file-system "$STATE"
    elif ! rmdir "$STATE" 2>/dev/null; then
        die "$STATE was not created by up.sh (no .dockersdk-engines marker): not removing it"
    fi
fi
log "engines down ($SECONDS s)"
