# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# Shared helpers for scripts/engines/*.sh. Source it, do not run it.
#
# Layout of one run (STATE defaults to /tmp/dsdk; keep it short, at most 40
# characters: unix socket paths below it must stay under 108 bytes):
#
#   $STATE/.dockersdk-engines   marker: down.sh only deletes a dir carrying it
#   $STATE/engines.env          what the test suite sources
#   $STATE/image/               the offline busybox test image (rootfs + tar)
#   $STATE/a/ and $STATE/b/     one per engine:
#       docker.sock  dockerd.pid  dockerd.log  daemon.json  key.json
#       data/        dockerd --data-root
#       run/         dockerd --exec-root
#       ctrd/        containerd: config.toml, containerd.sock, containerd.pid,
#                    containerd.log, root/, state/
#   $STATE/x<NAME>/             an extra engine of extra.sh, laid out alike
#                               (ctrd/ only for the modern kind)
#   $STATE/podman/              the Podman engine (see "the Podman engine" below)
#
# Each engine runs in its own network namespace /run/netns/<prefix>-a|b|podman|x<NAME>,
# so docker0, iptables rules and published ports all live in there and the
# host's network is never changed.

# Refuse to run under a non-bash shell (arrays, [[ ]], etc.).
if [ -z "${BASH_VERSION:-}" ]; then
    echo "these scripts need bash" >&2
    exit 2
fi

# Locale-independent output from apt, ip, docker...
export LC_ALL=C

# This directory (scripts/engines).
DSDK_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Where install.sh keeps the modern (Debian sid/trixie) engine binaries.
DSDK_CACHE=${DSDK_ENGINES_CACHE:-/var/cache/dockersdk-engines}
# File written by install.sh: SUITE=, BIN=, DOCKERD_VERSION=, ...
DSDK_ENGINE_B_RECORD="$DSDK_CACHE/engine-b.env"

# State dir of the private engines (short!).
STATE=${STATE:-/tmp/dsdk}
STATE=${STATE%/}

# Image every engine gets, built offline from busybox-static.
DSDK_TEST_IMAGE=dockersdk-test/busybox:latest

# Docker CLI used to talk to the engines: the one shipped with Debian's
# docker.io (any client >= 1.13 would do; the engines negotiate the API).
DSDK_DOCKER_CLI=${DSDK_DOCKER_CLI:-/usr/bin/docker}

# A PATH without /usr/local: engine A must only see bookworm's binaries.
DSDK_SYSTEM_PATH=/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '[engines] %s\n' "$*" >&2; }
die() { printf '[engines] ERROR: %s\n' "$*" >&2; exit 1; }

require_root() {
    [ "$(id -u)" -eq 0 ] || die "must run as root (private engines need namespaces, mounts, iptables)"
}

have() { command -v "$1" >/dev/null 2>&1; }

# Validate STATE before anything creates or deletes under it.
check_state_dir() {
    case "$STATE" in
        /*) ;;
        *) die "STATE must be an absolute path (got '$STATE')" ;;
    esac
    case "$STATE" in
        *[[:space:]]* | *//* | */./* | */../* | */. | */..)
            die "STATE must be a plain normalized path (got '$STATE')" ;;
        / | /tmp | /var | /var/tmp | /run | /home | /root | /usr | /etc | /opt | /srv)
            die "refusing to use '$STATE' as the state dir" ;;
    esac
    # dockerd, containerd and swarm create unix sockets below STATE (e.g.
    # $STATE/a/run/libnetwork/<12 hex>.sock, STATE + 35 bytes); a socket path
    # must stay below 108 bytes. 40 leaves room for sockets of future versions.
    if [ "${#STATE}" -gt 40 ]; then
        die "STATE='$STATE' is too long (max 40 chars): unix socket paths below it must stay under 108 bytes"
    fi
}

# Names that must be unique per STATE (network namespaces, cgroup parents):
# the default STATE gets "dsdk", any other STATE "dsdk<hash of STATE>", so two
# checkouts with different STATE dirs can run side by side.
name_prefix() {
    if [ "$STATE" = /tmp/dsdk ]; then
        echo dsdk
    else
        echo "dsdk$(printf '%s' "$STATE" | cksum | cut -c1-6)"
    fi
}

netns_name() { echo "$(name_prefix)-$1"; }          # dsdk-a, dsdk-b
cgroup_parent() { echo "$(name_prefix)_$1.slice"; }  # dsdk_a.slice (valid for both cgroup drivers)

# engine_socket NAME: the path of engine NAME's API socket.
engine_socket() {
    if [ "$1" = "$DSDK_PODMAN_ENGINE" ]; then
        echo "$STATE/$1/podman.sock"
    else
        echo "$STATE/$1/docker.sock"
    fi
}

# GET /_ping on a unix socket; prints nothing, succeeds when the answer is OK.
ping_socket() {
    local sock=$1 out
    [ -S "$sock" ] || return 1
    if have curl; then
        out=$(curl -fsS --max-time 3 --unix-socket "$sock" http://localhost/_ping 2>/dev/null) || return 1
        [ "$out" = OK ]
    elif have python3; then
        python3 - "$sock" <<'EOF' >/dev/null 2>&1
import http.client, socket, sys

class UnixConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(3)
        self.sock.connect(sys.argv[1])

conn = UnixConnection("localhost", timeout=3)
conn.request("GET", "/_ping")
resp = conn.getresponse()
sys.exit(0 if resp.status == 200 and resp.read() == b"OK" else 1)
EOF
    else
        "$DSDK_DOCKER_CLI" -H "unix://$sock" version >/dev/null 2>&1
    fi
}

# wait_for_ping SOCKET SECONDS PID: wait until the engine answers; fail early
# if PID (the daemon) died meanwhile.
wait_for_ping() {
    local sock=$1 timeout=$2 pid=${3:-} i
    for ((i = 0; i < timeout * 10; i++)); do
        ping_socket "$sock" && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}

# dcli HOST ARGS...: the docker CLI, isolated from the caller's environment
# and ~/.docker (contexts, credential helpers, DOCKER_HOST, TLS settings),
# killed after DCLI_TIMEOUT seconds (default 300).
dcli() {
    local host=$1
    shift
    timeout "${DCLI_TIMEOUT:-300}" env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
        -u DOCKER_API_VERSION DOCKER_CONFIG="${DSDK_CLI_CONFIG:-$STATE/cli}" \
        "$DSDK_DOCKER_CLI" -H "$host" "$@"
}

# Mount points at or below DIR, deepest first (one per line). Reads
# /proc/self/mountinfo (field 5 = mount point, octal escapes for spaces).
mounts_under() {
    local dir=$1
    awk -v d="$dir" '
        { mp = $5; gsub(/\\040/, " ", mp) }
        mp == d || index(mp, d "/") == 1 { print length(mp) "\t" mp }
    ' /proc/self/mountinfo | sort -rn -k1,1 | cut -f2-
}

# Unmount everything at or below DIR (repeatedly: mounts can be stacked).
unmount_under() {
    local dir=$1 mp pass
    for pass in 1 2 3 4 5; do
        local found=0
        while IFS= read -r mp; do
            [ -n "$mp" ] || continue
            found=1
            umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || true
        done < <(mounts_under "$dir")
        [ "$found" -eq 1 ] || return 0
        [ "$pass" -lt 5 ] || break
    done
    [ -z "$(mounts_under "$dir")" ]
}

# Build the offline test image's tarball (busybox-static rootfs) into DIR,
# prints the tar's path. Reuses an existing tarball.
build_busybox_tar() {
    local dir=$1 busybox=/bin/busybox rootfs entry
    if [ -s "$dir/busybox.tar" ]; then
        echo "$dir/busybox.tar"
        return 0
    fi
    [ -x "$busybox" ] || die "$busybox missing: run scripts/engines/install.sh (busybox-static)"
    # Debian's dynamic 'busybox' package would not work inside a bare rootfs.
    if have file && file -L "$busybox" | grep -q 'dynamically linked'; then
        die "$busybox is dynamically linked: install busybox-static"
    fi
    rootfs="$dir/rootfs"
    rm -rf "$rootfs"
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/root" "$rootfs/tmp" "$rootfs/home"
    chmod 1777 "$rootfs/tmp"
    chmod 700 "$rootfs/root"
    cp "$busybox" "$rootfs/bin/busybox"
    # One symlink per applet, at its canonical place (bin/sh, usr/bin/wget...).
    while IFS= read -r entry; do
        if [ -z "$entry" ] || [ "$entry" = bin/busybox ]; then
            continue
        fi
        mkdir -p "$rootfs/$(dirname "$entry")"
        ln -sf /bin/busybox "$rootfs/$entry"
    done < <("$busybox" --list-full)
    cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
    cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
EOF
    tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 \
        -C "$rootfs" -cf "$dir/busybox.tar.tmp" .
    mv "$dir/busybox.tar.tmp" "$dir/busybox.tar"
    rm -rf "$rootfs"
    echo "$dir/busybox.tar"
}

# import_test_image HOST TAR [TAG]: docker import with the metadata of the
# official busybox image (CMD sh, a PATH).
import_test_image() {
    local host=$1 tar=$2 tag=${3:-$DSDK_TEST_IMAGE}
    dcli "$host" import \
        --change 'CMD ["sh"]' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "$tar" "$tag" >/dev/null
}

# --- starting an engine's daemons ---------------------------------------------------
# An engine NAME (a, b, xf...) keeps its state in $STATE/NAME, runs in the network
# namespace $(netns_name NAME) (the caller creates it first) and puts its containers under
# the cgroup parent $(cgroup_parent NAME). Its daemons get a clean environment (no
# NOTIFY_SOCKET, DOCKER_*, proxies) with the PATH given, their own session (no SIGINT or
# SIGHUP from the caller's terminal), the engine's netns, and not up.sh's lock (fd 9).
# setsid and nsenter exec in place, so $! is the daemon's pid. START_TIMEOUT (seconds,
# default 60) bounds each start.

# modern_engine_bin: the dir of the modern engine's binaries that install.sh cached
# (dockerd, docker-proxy, containerd, containerd-shim-runc-v2); dies if one is missing.
modern_engine_bin() {
    local bin f
    [ -f "$DSDK_ENGINE_B_RECORD" ] || die "$DSDK_ENGINE_B_RECORD missing: run scripts/engines/install.sh"
    bin=$(sed -n 's/^BIN=//p' "$DSDK_ENGINE_B_RECORD")
    for f in dockerd docker-proxy containerd containerd-shim-runc-v2; do
        [ -x "$bin/$f" ] || die "$bin/$f missing: run scripts/engines/install.sh"
    done
    echo "$bin"
}

# start_containerd NAME PATH CONTAINERD: engine NAME's own containerd, all of it in
# $STATE/NAME/ctrd (config.toml, containerd.sock, containerd.pid, containerd.log, root/,
# state/): nothing under /run/containerd, /var/lib/containerd or /opt/containerd (shim
# sockets excepted: containerd hard-codes /run/containerd/s/<hash of our socket path>,
# which cannot collide). Returns once its socket is there.
start_containerd() {
    local name=$1 path=$2 containerd=$3 ct="$STATE/$1/ctrd" pid i
    mkdir -p "$ct"
    cat >"$ct/config.toml" <<EOF
version = 2
root = "$ct/root"
state = "$ct/state"
oom_score = 0
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$ct/containerd.sock"

[ttrpc]
  address = "$ct/containerd.sock.ttrpc"

[debug]
  address = "$ct/debug.sock"
  level = "info"

[plugins."io.containerd.internal.v1.opt"]
  path = "$ct/opt"
EOF
    rm -f "$ct/containerd.sock"   # a killed containerd's: the wait below would not wait
    env -i PATH="$path" HOME="${HOME:-/root}" \
        setsid nsenter --net="/run/netns/$(netns_name "$name")" \
        "$containerd" --config "$ct/config.toml" \
        </dev/null >>"$ct/containerd.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$ct/containerd.pid"
    for ((i = 0; i < ${START_TIMEOUT:-60} * 10; i++)); do
        [ -S "$ct/containerd.sock" ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    tail -n 20 "$ct/containerd.log" >&2 || true
    die "engine $name: containerd did not start (log: $ct/containerd.log)"
}

# start_dockerd NAME PATH DOCKERD [ARG...]: engine NAME's dockerd on
# unix://$STATE/NAME/docker.sock, with $STATE/NAME's daemon.json (the caller writes it),
# data/, run/, dockerd.pid and dockerd.log (appended to), the docker-proxy beside DOCKERD
# and the further ARGs. It uses the containerd of start_containerd when NAME has one (its
# containers then in the containerd namespaces <prefix>-NAME and <prefix>-NAME-plugins),
# else it starts and manages a containerd of its own. Returns once the engine answers
# /_ping.
start_dockerd() {
    local name=$1 path=$2 dockerd=$3 dir="$STATE/$1" pid
    shift 3
    if [ -e "$dir/ctrd/config.toml" ]; then
        set -- --containerd "$dir/ctrd/containerd.sock" \
            --containerd-namespace "$(name_prefix)-$name" \
            --containerd-plugins-namespace "$(name_prefix)-$name-plugins" "$@"
    fi
    mkdir -p "$dir/data" "$dir/run"
    env -i PATH="$path" HOME="${HOME:-/root}" \
        setsid nsenter --net="/run/netns/$(netns_name "$name")" \
        "$dockerd" \
        --config-file "$dir/daemon.json" \
        --data-root "$dir/data" \
        --exec-root "$dir/run" \
        --pidfile "$dir/dockerd.pid" \
        --host "unix://$dir/docker.sock" \
        --cgroup-parent "$(cgroup_parent "$name")" \
        --userland-proxy-path "$(dirname "$dockerd")/docker-proxy" \
        "$@" \
        </dev/null >>"$dir/dockerd.log" 2>&1 9>&- &
    pid=$!
    if ! wait_for_ping "$dir/docker.sock" "${START_TIMEOUT:-60}" "$pid"; then
        tail -n 30 "$dir/dockerd.log" >&2 || true
        die "engine $name: dockerd did not answer /_ping (log: $dir/dockerd.log)"
    fi
}

# --- TLS test certificates (tls.sh, extra.sh ... tls) -----------------------------

# new_ca DIR NAME: a self-signed CA in DIR (ca.pem, ca-key.pem).
new_ca() {
    mkdir -p "$1"
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 2 -subj "/CN=$2" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$1/ca-key.pem" -out "$1/ca.pem" 2>/dev/null
}

# new_cert CA_DIR OUT_DIR CN EXTFILE: key.pem + cert.pem signed by the CA, ca.pem beside.
new_cert() {
    local ca=$1 out=$2 cn=$3 ext=$4
    mkdir -p "$out"
    openssl req -new -nodes -newkey rsa:2048 -sha256 -subj "/CN=$cn" \
        -keyout "$out/key.pem" -out "$out/req.csr" 2>/dev/null
    openssl x509 -req -sha256 -days 2 -in "$out/req.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" \
        -CAcreateserial -extfile "$ext" -out "$out/cert.pem" 2>/dev/null
    cp "$ca/ca.pem" "$out/ca.pem"
    rm -f "$out/req.csr"
    chmod 600 "$out/key.pem"
}

# make_test_certs DIR [foreign]: throwaway certificates under DIR:
#   ca/       the test CA (ca.pem, ca-key.pem)
#   server/   the engine's: SAN IP:127.0.0.1, IP:::1, DNS:localhost, serverAuth
#   client/   a client certificate (clientAuth) from the test CA, in the DOCKER_CERT_PATH
#             layout (ca.pem cert.pem key.pem)
#   with "foreign": foreign-ca/ (another CA) and foreign/ (a client certificate it signed)
make_test_certs() {
    local dir=$1
    have openssl || die "openssl not found: apt-get install openssl"
    new_ca "$dir/ca" "dockersdk test CA"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" >"$dir/server.ext"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=clientAuth" >"$dir/client.ext"
    new_cert "$dir/ca" "$dir/server" "localhost" "$dir/server.ext"
    new_cert "$dir/ca" "$dir/client" "dockersdk-client" "$dir/client.ext"
    if [ "${2:-}" = foreign ]; then
        new_ca "$dir/foreign-ca" "dockersdk foreign CA"
        new_cert "$dir/foreign-ca" "$dir/foreign" "dockersdk-foreign-client" "$dir/client.ext"
    fi
}

# --- the Podman engine ----------------------------------------------------------------
# Engine "podman": bookworm's podman 4.3 answering the Docker-compatible API on
# unix://$STATE/podman/podman.sock. Everything it writes stays in $STATE/podman:
#
#   containers.conf  storage.conf  registries.conf   its private configuration
#   podman.pid  podman.log  podman.mntns               the service; its mount namespace
#   root/  run/      container storage (graphroot, runroot)
#   tmp/             libpod's tmp_dir (container state, exit files, file locks, events.log)
#   networks/        network definitions (netavark)
#   varlib/          what podman writes below /var/lib (its blob-info cache)
#
# The service runs in its own network namespace (bridges, iptables rules, aardvark-dns live
# there) and its own mount namespace (scripts/engines/podman-ns.sh), in which:
#  - /run is a fresh tmpfs: podman 4.3 hard-codes /run/containers/networks (netavark's IPAM
#    database), /run/netns (one namespace per container), /run/runc (runc's state) for a
#    rootful user, and would share them with any other podman on the machine;
#  - /var/lib is an overlay whose writes land in varlib/ (the blob-info cache at
#    /var/lib/containers/cache is hard-coded too);
#  - the service runs in the engine's cgroup parent $(cgroup_parent podman), in a cgroup
#    namespace rooted there, with the cgroup filesystems mounted afresh: podman puts
#    containers below /libpod_parent and conmon in /libpod_parent/conmon (no setting moves
#    them), which then lie below the engine's cgroup parent, where down.sh finds and removes
#    them as it does a dockerd's.
# Container overlays, shm mounts and namespace files therefore never appear on the host,
# and all of them go when the last process of the namespace exits.

DSDK_PODMAN_ENGINE=podman

# podman_env DIR: the environment podman (service and CLI) runs with, one VAR=value a line.
podman_env() {
    local dir=$1
    printf '%s\n' \
        "PATH=$DSDK_SYSTEM_PATH" \
        "HOME=${HOME:-/root}" \
        "CONTAINERS_CONF=$dir/containers.conf" \
        "CONTAINERS_STORAGE_CONF=$dir/storage.conf" \
        "CONTAINERS_REGISTRIES_CONF=$dir/registries.conf"
}

# write_podman_config DIR: the private containers.conf, storage.conf and registries.conf.
write_podman_config() {
    local dir=$1
    mkdir -p "$dir/root" "$dir/run" "$dir/tmp" "$dir/networks" "$dir/varlib/upper" "$dir/varlib/work"
    # default_ulimits: without CAP_SYS_RESOURCE runc cannot raise podman's default
    # (1048576 open files): "error setting rlimit type 7". lock_type "file": the default
    # "shm" is one /dev/shm/libpod_lock segment for every rootful podman on the machine.
    cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
init_path = "/usr/bin/catatonit"

[network]
network_backend = "netavark"
network_config_dir = "$dir/networks"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$dir/tmp/events.log"
lock_type = "file"
runtime = "runc"
tmp_dir = "$dir/tmp"
static_dir = "$dir/root/libpod"
volume_path = "$dir/root/volumes"
CONF
    cat >"$dir/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$dir/root"
runroot = "$dir/run"
CONF
    # Short names resolve on Docker Hub, as on dockerd (the API normalizes them anyway).
    # dockerd takes plain HTTP from registries on 127.0.0.0/8; podman only from those listed:
    # the registry tests run docker-registry on 127.0.0.1:5000 in the engine's netns.
    cat >"$dir/registries.conf" <<CONF
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"

[[registry]]
location = "127.0.0.1:5000"
insecure = true
CONF
}

# podman_cgroups NAME: create the engine's cgroup parent at the root of every cgroup
# hierarchy (a cpuset child needs cpus and mems before anything can join it); prints one
# line per hierarchy: mount point, filesystem type (cgroup, cgroup2), superblock options.
podman_cgroups() {
    local slice mnt fstype opts f
    slice=$(cgroup_parent "$1")
    while IFS=$'\t' read -r mnt fstype opts; do
        mkdir -p "$mnt/$slice"
        for f in cpuset.cpus cpuset.mems; do
            if [ -f "$mnt/$f" ] && [ -z "$(cat "$mnt/$slice/$f")" ]; then
                cat "$mnt/$f" >"$mnt/$slice/$f"
            fi
        done
        printf '%s\t%s\t%s\n' "$mnt" "$fstype" "$opts"
    done < <(awk '{
            for (i = 7; $i != "-"; i++) {}
            if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $5 "\t" $(i + 1) "\t" $(i + 3)
        }' /proc/self/mountinfo | sort -u -t $'\t' -k1,1)
}

# start_podman NAME: the podman service of engine NAME, in its netns (the caller creates
# it) and a mount namespace of its own. Returns once it answers /_ping.
start_podman() {
    local name=$1 dir="$STATE/$1" pid env=()
    case "$STATE/" in
        /var/lib/*) die "STATE=$STATE: the podman engine overlays /var/lib, STATE cannot be below it" ;;
    esac
    have podman || die "podman not found: run scripts/engines/install.sh"
    write_podman_config "$dir"
    podman_cgroups "$name" >"$dir/cgroups"
    mapfile -t env < <(podman_env "$dir")
    env -i "${env[@]}" \
        setsid nsenter --net="/run/netns/$(netns_name "$name")" \
        unshare --mount --propagation slave \
        bash "$DSDK_LIB_DIR/podman-ns.sh" "$dir" "$STATE" "$(cgroup_parent "$name")" \
        podman system service --time=0 "unix://$dir/podman.sock" \
        </dev/null >>"$dir/podman.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$dir/podman.pid"
    if ! wait_for_ping "$dir/podman.sock" "${START_TIMEOUT:-60}" "$pid"; then
        tail -n 30 "$dir/podman.log" >&2 || true
        die "engine $name: podman did not answer /_ping (log: $dir/podman.log)"
    fi
    readlink "/proc/$pid/ns/mnt" >"$dir/podman.mntns"
}

# pman NAME ARGS...: the podman CLI on engine NAME's storage, inside its namespaces (the
# service must run). Killed after PMAN_TIMEOUT seconds (default 120).
pman() {
    local name=$1 dir="$STATE/$1" pid env=()
    shift
    pid=$(cat "$dir/podman.pid" 2>/dev/null) || return 1
    mapfile -t env < <(podman_env "$dir")
    timeout "${PMAN_TIMEOUT:-120}" nsenter --target "$pid" --net --mount \
        env -i "${env[@]}" podman "$@"
}
