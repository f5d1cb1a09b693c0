#!/usr/bin/env bash
# Install what the private test engines need (Debian 12 / bookworm).
#
#  1. apt-installs the missing packages (docker.io = engine A, dockerd 20.10,
#     API 1.41; podman 4.3 = the Podman engine; busybox-static for the offline
#     test image; iproute2 for network namespaces; ...). `apt-get update` runs only when needed, once.
#  2. Obtains a modern engine (engine B) WITHOUT installing it: downloads the
#     docker.io and containerd packages of Debian sid (falling back to trixie)
#     through a private apt sources list, unpacks them, and keeps dockerd,
#     docker-proxy, containerd and containerd-shim-runc-v2 in
#     $DSDK_CACHE/<suite>/bin. Bookworm's runc is kept (sid's needs a newer
#     glibc). Cached: a second run does no network access at all.
#
# The suite and versions used are recorded in $DSDK_CACHE/engine-b.env.
#
# Environment:
#   DSDK_ENGINES_CACHE     cache dir (default /var/cache/dockersdk-engines)
#   DSDK_ENGINE_B_SUITES   suites to try, in order (default "sid trixie")
#   DSDK_DEBIAN_MIRROR     Debian mirror URI (default: read from the
#                          machine's own apt sources)
#
# Note: on a machine whose apt is allowed to start services (no
# /usr/sbin/policy-rc.d), installing docker.io also starts the system's
# docker.service (and podman enables podman.socket). The private engines
# neither need nor disturb them.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root
export DEBIAN_FRONTEND=noninteractive

SUITES=${DSDK_ENGINE_B_SUITES:-sid trixie}

# ---------------------------------------------------------------------------
# 1. Packages from the machine's own suite
# ---------------------------------------------------------------------------

# docker.io (dockerd 20.10 + docker CLI) pulls containerd, runc, tini and
# iptables; we name them anyway so a half-removed setup is repaired.
PACKAGES=(
    docker.io containerd runc tini iptables   # engine A and its runtime
    podman conmon netavark aardvark-dns catatonit   # the Podman engine (init=True: catatonit)
    busybox-static                            # offline test image
    iproute2                                  # ip netns
    util-linux mount                          # nsenter, setsid, flock, umount
    kmod                                      # dockerd modprobes overlay, br_netfilter, ip_vs
    curl ca-certificates                      # readiness checks (GET /_ping)
    docker-registry apache2-utils             # registry tests: login/push/pull, htpasswd
    gcc libc6-dev                             # the plugin test builds a static listener
    python3-venv                              # make's virtualenv on a stock Debian python
    openssh-server openssh-client openssl     # ssh:// and TLS transport tests (sshd.sh, tls.sh)
    golang-docker-credential-helpers pass gnupg   # credential-helper tests (docker-credential-pass)
)
# docker.io recommends apparmor: where the kernel has AppArmor enabled,
# dockerd needs apparmor_parser to load its docker-default profile, or every
# container fails to start.
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null || true)" = Y ]; then
    PACKAGES+=(apparmor)
fi

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true)" = "ii " ]
}

has_candidate() {
    local policy
    policy=$(apt-cache policy "$1" 2>/dev/null || true)
    [[ "$policy" == *$'\n  Candidate: '[^\(]* ]]
}

APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        apt-get update -q
        APT_UPDATED=1
    fi
}

install_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        is_installed "$p" || missing+=("$p")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        log "packages: all present"
        return 0
    fi
    log "packages missing: ${missing[*]}"
    # Package lists never fetched (fresh machine) or not knowing a package.
    for p in "${missing[@]}"; do
        has_candidate "$p" || { apt_update_once; break; }
    done
    local install=(apt-get install -y -q --no-install-recommends
        -o DPkg::Lock::Timeout=300 "${missing[@]}")
    if ! "${install[@]}"; then
        # Stale package lists (404 on the mirror): refresh once and retry.
        [ "$APT_UPDATED" -eq 0 ] || die "apt-get install failed"
        apt_update_once
        "${install[@]}"
    fi
}

install_packages

# ---------------------------------------------------------------------------
# 2. Engine B: modern dockerd + containerd from Debian sid (or trixie)
# ---------------------------------------------------------------------------

# Print the URI of the Debian archive the machine's apt uses for its own
# release (an entry whose suite is exactly the codename, e.g. "bookworm"; that
# excludes the -security and -updates archives), followed by a tab and its
# signed-by keyring if it names a file. Reads the one-line format
# (sources.list, *.list) and the deb822 format (*.sources).
find_debian_mirror() {
    local codename=$1 f
    {
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -f "$f" ] || continue
            awk -v cn="$codename" '
                $1 != "deb" { next }
                {
                    i = 2; opts = ""
                    if ($2 ~ /^\[/) {          # [ option=value ... ]
                        for (; i <= NF; i++) {
                            opts = opts " " $i
                            if ($i ~ /\]$/) { i++; break }
                        }
                    }
                    if ($(i + 1) != cn) next
                    sb = ""
                    if (match(opts, /signed-by=[^] ]+/))
                        sb = substr(opts, RSTART + 10, RLENGTH - 10)
                    print $i "\t" sb
                }' "$f"
        done
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] || continue
            awk -v cn="$codename" '
                BEGIN { RS = ""; FS = "\n" }   # one paragraph = one entry
                {
                    delete v
                    for (i = 1; i <= NF; i++) {
                        line = $i
                        if (line ~ /^#/ || line !~ /^[A-Za-z-]+:/) continue
                        k = tolower(substr(line, 1, index(line, ":") - 1))
                        val = substr(line, index(line, ":") + 1)
                        gsub(/^[ \t]+|[ \t]+$/, "", val)
                        v[k] = val
                    }
                    if (tolower(v["enabled"]) == "no") next
                    if ((" " v["types"] " ") !~ / deb /) next
                    n = split(v["suites"], s, /[ \t]+/); ok = 0
                    for (j = 1; j <= n; j++) if (s[j] == cn) ok = 1
                    if (!ok) next
                    split(v["uris"], u, /[ \t]+/)
                    sb = (v["signed-by"] ~ /^\//) ? v["signed-by"] : ""
                    print u[1] "\t" sb
                }' "$f"
        done
    } | awk -F'\t' '$1 ~ /^(https?|file|mirror\+[a-z]+):/ && !seen++'
}

# Extract the plain version from "Docker version 28.5.2+dfsg3, build abc".
dockerd_version() {
    "$1" --version 2>/dev/null | sed -n 's/^Docker version \([^,]*\),.*/\1/p'
}

# All four binaries must run on this machine's glibc.
bin_dir_works() {
    local bin=$1
    [ -x "$bin/dockerd" ] && [ -x "$bin/docker-proxy" ] &&
        [ -x "$bin/containerd" ] && [ -x "$bin/containerd-shim-runc-v2" ] || return 1
    [ -n "$(dockerd_version "$bin/dockerd")" ] &&
        "$bin/containerd" --version >/dev/null 2>&1 &&
        "$bin/containerd-shim-runc-v2" -v >/dev/null 2>&1
}

# fetch_suite SUITE: download and unpack sid's/trixie's packages into
# $DSDK_CACHE/SUITE/bin (built in a temp dir, moved into place at the end).
fetch_suite() {
    local suite=$1 dest="$DSDK_CACHE/$1" tmp mirror signed_by src_opts=""
    local codename
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

    if [ -n "${DSDK_DEBIAN_MIRROR:-}" ]; then
        mirror=$DSDK_DEBIAN_MIRROR
        signed_by=""
    else
        local line
        line=$(find_debian_mirror "$codename")
        [ -n "$line" ] || die "no Debian mirror for '$codename' found in /etc/apt/sources.list{,.d/} (set DSDK_DEBIAN_MIRROR)"
        mirror=${line%%$'\t'*}
        signed_by=${line#*$'\t'}
    fi
    [ -z "$signed_by" ] || src_opts="[signed-by=$signed_by] "
    tmp=$(mktemp -d "$DSDK_CACHE/.fetch-$suite.XXXXXX")
    FETCH_TMP=$tmp   # removed by the caller / the EXIT trap
    chmod 755 "$tmp"  # apt downloads as user _apt
    mkdir -p "$tmp/sources.list.d" "$tmp/preferences.d" "$tmp/lists/partial" \
        "$tmp/cache/archives/partial" "$tmp/debs" "$tmp/x"
    echo "deb ${src_opts}${mirror} $suite main" >"$tmp/sources.list"
    # apt drops privileges to _apt for downloads: let it write there.
    if id _apt >/dev/null 2>&1; then
        chown -R _apt "$tmp/lists" "$tmp/debs"
    fi

    # Everything apt reads or writes is private: the machine's own sources,
    # preferences, package lists and caches are left untouched.
    local apt_opts=(
        -o "Dir::Etc::SourceList=$tmp/sources.list"
        -o "Dir::Etc::SourceParts=$tmp/sources.list.d"
        -o "Dir::Etc::Preferences=$tmp/preferences"
        -o "Dir::Etc::PreferencesParts=$tmp/preferences.d"
        -o "Dir::State::Lists=$tmp/lists"
        -o "Dir::Cache=$tmp/cache"
        -o Acquire::Languages=none
        # Signatures are still checked, but not the Release files' dates:
        # a snapshot mirror, a mirror lagging behind or a skewed clock would
        # otherwise make sid's Release "expired" or "not valid yet".
        -o Acquire::Check-Valid-Until=false
        -o Acquire::Check-Date=false
    )
    log "$suite: apt-get update ($mirror)"
    apt-get "${apt_opts[@]}" update -q >"$tmp/update.log" 2>&1 ||
        { cat "$tmp/update.log" >&2; log "$suite: apt-get update failed"; return 1; }
    log "$suite: apt-get download docker.io containerd"
    (cd "$tmp/debs" && apt-get "${apt_opts[@]}" download -q docker.io containerd) ||
        { log "$suite: apt-get download failed"; return 1; }

    local deb
    for deb in "$tmp"/debs/*.deb; do
        dpkg-deb -x "$deb" "$tmp/x" || return 1
    done
    mkdir -p "$tmp/bin"
    local name path
    for name in dockerd docker-proxy containerd containerd-shim-runc-v2; do
        path=$(find "$tmp/x" -type f -name "$name" -perm -u+x -print -quit)
        [ -n "$path" ] || { log "$suite: $name not found in the packages"; return 1; }
        cp "$path" "$tmp/bin/$name" || return 1
    done
    if ! bin_dir_works "$tmp/bin"; then
        log "$suite: binaries do not run on this machine:"
        "$tmp/bin/dockerd" --version >&2 || true
        "$tmp/bin/containerd" --version >&2 || true
        return 1
    fi

    # Record the package versions next to the binaries.
    {
        echo "SUITE=$suite"
        echo "MIRROR=$mirror"
        for deb in "$tmp"/debs/*.deb; do
            printf '%s_DEB=%s\n' \
                "$(dpkg-deb -f "$deb" Package | tr 'a-z.-' 'A-Z__')" \
                "$(dpkg-deb -f "$deb" Version)"
        done
        echo "FETCHED=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$tmp/VERSION"

    rm -rf "$dest" && mkdir -p "$dest" &&
        mv "$tmp/bin" "$dest/bin" && mv "$tmp/VERSION" "$dest/VERSION"
}

# use_suite SUITE: record SUITE (already in the cache) as engine B.
use_suite() {
    local suite=$1 bin="$DSDK_CACHE/$1/bin"
    {
        echo "SUITE=$suite"
        echo "BIN=$bin"
        echo "DOCKERD_VERSION=$(dockerd_version "$bin/dockerd")"
        echo "CONTAINERD_VERSION=$("$bin/containerd" --version | awk '{print $3}')"
        grep -E '^[A-Z_]+_DEB=|^FETCHED=' "$DSDK_CACHE/$suite/VERSION" || true
    } >"$DSDK_ENGINE_B_RECORD.tmp"
    mv "$DSDK_ENGINE_B_RECORD.tmp" "$DSDK_ENGINE_B_RECORD"
    log "engine B: $suite, dockerd $(dockerd_version "$bin/dockerd") ($DSDK_ENGINE_B_RECORD)"
}

mkdir -p "$DSDK_CACHE"
# One install at a time (CI may run jobs in parallel on one machine).
exec 9>"$DSDK_CACHE/.lock"
flock 9

# Already recorded and still working: nothing to do (no network).
if [ -f "$DSDK_ENGINE_B_RECORD" ]; then
    recorded_bin=$(sed -n 's/^BIN=//p' "$DSDK_ENGINE_B_RECORD")
    recorded_suite=$(sed -n 's/^SUITE=//p' "$DSDK_ENGINE_B_RECORD")
    if [[ " $SUITES " == *" $recorded_suite "* ]] && [ -n "$recorded_bin" ] &&
        bin_dir_works "$recorded_bin"; then
        log "engine B: cached $recorded_suite, dockerd $(dockerd_version "$recorded_bin/dockerd") ($recorded_bin)"
        exit 0
    fi
fi

FETCH_TMP=""
trap 'rm -rf "${FETCH_TMP:-/nonexistent}"' EXIT
for suite in $SUITES; do
    if bin_dir_works "$DSDK_CACHE/$suite/bin"; then
        use_suite "$suite"
        exit 0
    fi
    ok=0
    fetch_suite "$suite" && bin_dir_works "$DSDK_CACHE/$suite/bin" && ok=1
    rm -rf "$FETCH_TMP"
    FETCH_TMP=""
    if [ "$ok" -eq 1 ]; then
        use_suite "$suite"
        exit 0
    fi
    log "$suite: unusable, trying the next suite"
done
die "could not obtain a modern engine from any of: $SUITES"
