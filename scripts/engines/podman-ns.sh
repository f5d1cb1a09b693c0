#!/usr/bin/env bash
# Run by lib.sh's start_podman inside a new mount namespace (unshare --mount --propagation
# slave): make podman's hard-coded host paths private to this engine, then exec COMMAND
# (the podman service). Never run it in the host's mount namespace: it mounts over /run,
# /var/lib and /sys/fs/cgroup/*.
#
#   podman-ns.sh DIR STATE SLICE COMMAND...
#
#   DIR    the engine's dir ($STATE/podman): varlib/{upper,work} hold what podman writes
#          below /var/lib; cgroups lists the cgroup hierarchies (lib.sh, podman_cgroups)
#   STATE  the state dir, bound back in place when it lies below /run
#   SLICE  the cgroup parent, made the root of a new cgroup namespace
#
# It runs twice: first here, then (--cgroupns) once more after `unshare --cgroup`, to bind
# the cgroup parent over each hierarchy as that namespace sees it. unshare, like nsenter and setsid
# before it, execs in place: the service keeps the pid start_podman recorded.
set -euo pipefail

if [ "${1:-}" = --cgroupns ]; then
    shift
    dir=$1 slice=$3
    shift 3
    # Each hierarchy's mount point shows the engine's cgroup parent, which this namespace
    # sees as its root: /proc/self/cgroup and mountinfo then agree (paths from "/"), as
    # runc expects. (A fresh cgroup v1 mount is refused in a non-initial cgroup
    # namespace: EBUSY.)
    while IFS=$'\t' read -r mnt _ _; do
        mount --bind "$mnt/$slice" "$mnt"
    done <"$dir/cgroups"
    exec "$@"
fi

dir=$1 state=$2 slice=$3

# Only ever inside a mount namespace of our own (unshare exec'd us: the parent is the caller).
if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink "/proc/$PPID/ns/mnt")" ]; then
    echo "podman-ns.sh: refusing to run in the caller's mount namespace" >&2
    exit 2
fi

# /run: a fresh tmpfs (netavark's /run/containers/networks, /run/netns, /run/runc...).
# A STATE below /run is bound back from the old /run, still reachable through fd 3.
exec 3</run
mount -t tmpfs -o mode=0755,nosuid,nodev dsdk-podman-run /run
case "$state/" in
    /run/*)
        mkdir -p "$state"
        mount --bind "/proc/self/fd/3/${state#/run/}" "$state"
        ;;
esac
exec 3<&-
mkdir -p /run/lock

# /var/lib: the host's, with this engine's writes in DIR/varlib.
mount -t overlay dsdk-podman-varlib \
    -o "lowerdir=/var/lib,upperdir=$dir/varlib/upper,workdir=$dir/varlib/work" /var/lib

# Into the engine's cgroup parent in every hierarchy, then a cgroup namespace rooted there.
while IFS=$'\t' read -r mnt _ _; do
    echo "$$" >"$mnt/$slice/cgroup.procs"
done <"$dir/cgroups"
exec unshare --cgroup bash "${BASH_SOURCE[0]}" --cgroupns "$@"
