#!/usr/bin/env bash
# sshd.sh start|stop — a private sshd for the ssh:// transport tests.
#
#   start  sshd on 127.0.0.1:$DSDK_SSH_PORT (default 2222) with a throwaway host key
#          and a throwaway client key, root login by key only. The key's
#          authorized_keys line sets DOCKER_HOST to private engine A's socket
#          (PermitUserEnvironment), so `ssh ... docker system dial-stdio` reaches it.
#          Writes $STATE/ssh/ssh_config (for `ssh -F`, or DOCKERSDK_SSH_CONFIG) and
#          $STATE/ssh/ssh.env (DOCKERSDK_SSH_URL, DOCKERSDK_SSH_CONFIG, DOCKERSDK_SSH_ENGINE).
#          With DSDK_SSH_ENGINE_B, a second client key whose line points DOCKER_HOST at
#          that engine instead, and its own $STATE/ssh/ssh_config_b: the same ssh:// URL
#          reaches the second engine through that config (ssh.env: DOCKERSDK_SSH_CONFIG_B,
#          DOCKERSDK_SSH_ENGINE_B).
#   stop   Stop that sshd and remove $STATE/ssh.
#
# Nothing outside $STATE/ssh is changed: not /etc/ssh, not ~/.ssh, not the machine's own
# sshd (if any). The only shared thing is /run/sshd, the privilege-separation directory
# OpenSSH requires; it is created (empty, as the system's sshd would) when missing.
#
# Environment:
#   STATE             state dir of the private engines (default /tmp/dsdk)
#   DSDK_SSH_PORT     port on 127.0.0.1 (default 2222)
#   DSDK_SSH_ENGINE   the engine socket the remote `docker` uses (default $STATE/a/docker.sock)
#   DSDK_SSH_ENGINE_B a second engine socket, reached with ssh_config_b (default: none)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "$HERE/lib.sh"

require_root
check_state_dir

DIR="$STATE/ssh"
PORT=${DSDK_SSH_PORT:-2222}
ENGINE_SOCK=${DSDK_SSH_ENGINE:-$STATE/a/docker.sock}
ENGINE_B_SOCK=${DSDK_SSH_ENGINE_B:-}
SSHD=/usr/sbin/sshd

sshd_pid() {
    local pid
    pid=$(cat "$DIR/sshd.pid" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    # A stale pidfile may name a reused pid: it must be our sshd (its config path).
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/sshd_config" || return 1
    echo "$pid"
}

stop() {
    local pid i
    if pid=$(sshd_pid); then
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    # Sessions left by clients (sshd children of our config) end with their listener.
    rm -rf "$DIR"
}

start() {
    have "$SSHD" || die "$SSHD not found: apt-get install openssh-server (scripts/engines/install.sh)"
    have ssh-keygen || die "ssh-keygen not found: apt-get install openssh-client"
    have ssh-keyscan || die "ssh-keyscan not found: apt-get install openssh-client"
    [ -S "$ENGINE_SOCK" ] || die "engine socket $ENGINE_SOCK missing: run scripts/engines/up.sh first"
    [ -z "$ENGINE_B_SOCK" ] || [ -S "$ENGINE_B_SOCK" ] ||
        die "engine socket $ENGINE_B_SOCK missing: run scripts/engines/up.sh first"
    [[ "$PORT" =~ ^[0-9]+$ ]] || die "DSDK_SSH_PORT must be a number (got '$PORT')"
    stop
    mkdir -p "$DIR" "$DIR/docker-config"
    chmod 700 "$DIR"
    touch "$STATE/.dockersdk-engines" 2>/dev/null || true   # down.sh may remove STATE
    # OpenSSH's compiled-in privilege-separation directory.
    [ -d /run/sshd ] || install -d -m 0755 /run/sshd

    ssh-keygen -q -t ed25519 -N '' -C dockersdk-test-host -f "$DIR/host_ed25519"
    ssh-keygen -q -t ed25519 -N '' -C dockersdk-test-client -f "$DIR/client_ed25519"
    printf 'environment="DOCKER_HOST=unix://%s",environment="DOCKER_CONFIG=%s" %s\n' \
        "$ENGINE_SOCK" "$DIR/docker-config" "$(cat "$DIR/client_ed25519.pub")" >"$DIR/authorized_keys"
    if [ -n "$ENGINE_B_SOCK" ]; then
        ssh-keygen -q -t ed25519 -N '' -C dockersdk-test-client-b -f "$DIR/client_b_ed25519"
        printf 'environment="DOCKER_HOST=unix://%s",environment="DOCKER_CONFIG=%s" %s\n' \
            "$ENGINE_B_SOCK" "$DIR/docker-config" "$(cat "$DIR/client_b_ed25519.pub")" >>"$DIR/authorized_keys"
    fi
    chmod 600 "$DIR/authorized_keys"

    cat >"$DIR/sshd_config" <<EOF
# Private sshd for dockersdk's tests (scripts/engines/sshd.sh).
ListenAddress 127.0.0.1:$PORT
HostKey $DIR/host_ed25519
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
AllowUsers root
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitUserEnvironment yes
# $DIR lies below /tmp (world-writable): StrictModes would refuse the key file.
StrictModes no
UsePAM no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTunnel no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
MaxSessions 64
MaxStartups 64:30:128
EOF
    "$SSHD" -t -f "$DIR/sshd_config" || die "sshd rejected $DIR/sshd_config"

    # Its own session, a clean environment, and not the caller's stdio: it outlives us.
    env -i PATH="$DSDK_SYSTEM_PATH" setsid "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log" \
        </dev/null >/dev/null 2>&1 &
    local i pid
    for ((i = 0; i < 100; i++)); do
        if pid=$(sshd_pid) && ssh-keyscan -T 2 -p "$PORT" -t ed25519 127.0.0.1 >"$DIR/known_hosts.tmp" 2>/dev/null &&
            [ -s "$DIR/known_hosts.tmp" ]; then
            break
        fi
        sleep 0.1
    done
    [ -s "$DIR/known_hosts.tmp" ] || { tail -n 20 "$DIR/sshd.log" >&2 || true; die "sshd did not start on 127.0.0.1:$PORT (log: $DIR/sshd.log)"; }
    # Trust exactly the host key we generated (not whatever answered the scan).
    printf '[127.0.0.1]:%s %s\n[localhost]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$DIR/host_ed25519.pub")" \
        "$PORT" "$(cut -d' ' -f1,2 "$DIR/host_ed25519.pub")" >"$DIR/known_hosts"
    rm -f "$DIR/known_hosts.tmp"

    # Client configs for `ssh -F` (the ssh:// transport reads DOCKERSDK_SSH_CONFIG).
    client_config client_ed25519 >"$DIR/ssh_config"
    [ -z "$ENGINE_B_SOCK" ] || client_config client_b_ed25519 >"$DIR/ssh_config_b"
    # Prove the whole path: ssh -> sshd -> docker CLI -> engine A (and B).
    probe ssh_config "$DIR/probe.out"
    [ -z "$ENGINE_B_SOCK" ] || probe ssh_config_b "$DIR/probe_b.out"
    {
        echo "DOCKERSDK_SSH_URL=ssh://root@127.0.0.1:$PORT"
        echo "DOCKERSDK_SSH_CONFIG=$DIR/ssh_config"
        echo "DOCKERSDK_SSH_ENGINE=unix://$ENGINE_SOCK"
        if [ -n "$ENGINE_B_SOCK" ]; then
            echo "DOCKERSDK_SSH_CONFIG_B=$DIR/ssh_config_b"
            echo "DOCKERSDK_SSH_ENGINE_B=unix://$ENGINE_B_SOCK"
        fi
    } >"$DIR/ssh.env"
    log "sshd up on 127.0.0.1:$PORT (engine API $(cat "$DIR/probe.out")): $DIR/ssh.env"
}

# client_config KEY: an ssh client config for the private sshd, with the client key KEY.
client_config() {
    cat <<EOF
# ssh client settings for the private sshd (scripts/engines/sshd.sh).
Host *
  IdentityFile $DIR/$1
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  UpdateHostKeys no
  ControlMaster no
  ForwardAgent no
  LogLevel ERROR
EOF
}

# probe CONFIG OUT: `docker version` through ssh with CONFIG; the server's API version in OUT.
probe() {
    timeout 20 env -i PATH="$DSDK_SYSTEM_PATH" ssh -F "$DIR/$1" -o BatchMode=yes -p "$PORT" \
        root@127.0.0.1 docker version --format '{{.Server.APIVersion}}' >"$2" 2>&1 ||
        { cat "$2" >&2; tail -n 20 "$DIR/sshd.log" >&2 || true; die "ssh to 127.0.0.1:$PORT ($1) does not reach the engine"; }
}

case "${1:-}" in
    start) start ;;
    stop) stop; log "sshd down" ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
