#!/usr/bin/env bash
# make compat: docker-py 7.1.0's own integration suite, unmodified, against docker-py and
# against dockersdk (through install_as_docker()), each on a fresh private engine of its own,
# on both engine kinds (A: bookworm's dockerd 20.10, B: the modern dockerd of install.sh).
# Then tests/compat/report.py prints both tallies and the per-test differential, and fails
# when a test that passes with docker-py fails with dockersdk, unless tests/compat/
# deviations.toml (permanent, with reasons) or tests/compat/baseline.toml (TEMPORARY known
# failures) lists it.
#
# Per engine kind, the two runs go side by side on two extra engines (scripts/engines/
# extra.sh: own network namespace, data root, containerd), started empty with the offline
# busybox image tagged under the names the suite uses; the two kinds run one after the other.
# The suite is read in place (no bytecode, no cache, cwd elsewhere): it is never modified.
#
# Environment:
#   STATE                 the engines' state dir (default /tmp/dsdk); extra engines
#                         x<name> go below it and are always stopped at the end.
#   DOCKERSDK_COMPAT_SUITE  docker-py's suite (default: ../shared/compat/docker-py-7.1.0
#                         beside the checkout, or two levels up for a worktree).
#   DOCKERSDK_COMPAT_VENV the venv with the suite's pinned test deps (default .venv-compat).
#   DOCKERSDK_COMPAT_OUT  where results go (default $STATE/compat).
#   DOCKERSDK_COMPAT_ENGINES  which kinds to run (default "a b").
#   DOCKERSDK_COMPAT_ARGS extra pytest arguments for both runs (e.g. "-k swarm").
#   DOCKERSDK_COMPAT_TIMEOUT  seconds a single test may take (pytest-timeout; default 300).
#   COMPAT_REPORT_ARGS    extra report.py arguments (--write-baseline).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../../scripts/engines/lib.sh
. "$ROOT/scripts/engines/lib.sh"

require_root
check_state_dir

find_suite() {
    local candidate
    for candidate in "${DOCKERSDK_COMPAT_SUITE:-}" "$ROOT/../shared/compat/docker-py-7.1.0" \
        "$ROOT/../../shared/compat/docker-py-7.1.0"; do
        if [ -n "$candidate" ] && [ -f "$candidate/tests/integration/conftest.py" ]; then
            (cd "$candidate" && pwd)
            return 0
        fi
    done
    die "docker-py's suite not found: set DOCKERSDK_COMPAT_SUITE to the docker-py-7.1.0 dir (with tests/integration)"
}

SUITE=$(find_suite)
VENV=${DOCKERSDK_COMPAT_VENV:-$ROOT/.venv-compat}
OUT=${DOCKERSDK_COMPAT_OUT:-$STATE/compat}
ENGINES=${DOCKERSDK_COMPAT_ENGINES:-a b}
case "$VENV" in /*) ;; *) VENV=$PWD/$VENV ;; esac
[ -x "$VENV/bin/python" ] || die "$VENV missing: run 'make compat' (it builds the venv)"

# Extra engines of this run: x<name> under $STATE; stopped whatever happens.
STARTED=()
cleanup() {
    local name
    for name in "${STARTED[@]}"; do
        bash "$ROOT/scripts/engines/extra.sh" stop "$name" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT INT TERM

# kind_of a|b: the extra.sh kind of engine A or B.
kind_of() { case "$1" in a) echo bookworm ;; b) echo modern ;; *) die "engine '$1': a or b" ;; esac; }

# start_engine NAME KIND: an empty engine with the busybox image under the suite's names.
start_engine() {
    local name=$1 kind=$2 host image
    STARTED+=("$name")
    DSDK_EXTRA_SOMAXCONN=128 bash "$ROOT/scripts/engines/extra.sh" start "$name" "$kind" >&2
    host="unix://$STATE/x$name/docker.sock"
    for image in alpine:3.10 alpine:latest busybox:latest hello-world:latest; do
        dcli "$host" tag "$DSDK_TEST_IMAGE" "$image"
    done
    dcli "$host" rmi "$DSDK_TEST_IMAGE" >/dev/null   # the suite's engine holds only its images
}

# run_suite NAME CLIENT DIR: the suite against engine NAME with CLIENT (docker-py or
# dockersdk), results in DIR.
run_suite() {
    local name=$1 client=$2 dir=$3 host api test_api plugins=(-p compat_record) started=$SECONDS rc
    host="unix://$STATE/x$name/docker.sock"
    api=$(dcli "$host" version --format '{{.Server.APIVersion}}')
    # docker-py 7.1 speaks at most 1.44.
    test_api=$(printf '%s\n1.44\n' "$api" | sort -V | head -n1)
    [ "$client" = dockersdk ] && plugins=(-p dockersdk_as_docker -p compat_record)
    rm -rf "$dir"
    mkdir -p "$dir/home" "$dir/config" "$dir/cwd"
    echo '{}' >"$dir/config/config.json"
    {
        echo "engine=$name"
        echo "server=$(dcli "$host" version --format '{{.Server.Version}}')"
        echo "api=$api"
        echo "test_api=$test_api"
        echo "client=$client"
    } >"$dir/meta.env"
    set +e
    # shellcheck disable=SC2086  # DOCKERSDK_COMPAT_ARGS is a list of arguments
    (cd "$dir/cwd" && env -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH -u DOCKER_CONTEXT \
        -u DOCKER_API_VERSION -u PYTHONPATH \
        DOCKER_HOST="$host" DOCKER_TEST_API_VERSION="$test_api" \
        DOCKER_CONFIG="$dir/config" HOME="$dir/home" \
        PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$HERE/plugins" \
        DOCKERSDK_COMPAT_CLIENT="$client" DOCKERSDK_COMPAT_RESULTS="$dir/results.json" \
        "$VENV/bin/python" -m pytest -c "$SUITE/pytest.ini" --rootdir "$SUITE" \
        -p no:cacheprovider "${plugins[@]}" --continue-on-collection-errors \
        --timeout "${DOCKERSDK_COMPAT_TIMEOUT:-300}" -q -o console_output_style=classic \
        ${DOCKERSDK_COMPAT_ARGS:-} "$SUITE/tests/integration" \
        </dev/null >"$dir/pytest.log" 2>&1)
    rc=$?
    set -e
    echo "seconds=$((SECONDS - started))" >>"$dir/meta.env"
    echo "pytest_rc=$rc" >>"$dir/meta.env"
    log "compat: engine $name, $client: $(tail -n 1 "$dir/pytest.log") ($((SECONDS - started)) s)"
    # pytest: 0 all passed, 1 some failed; anything else means the run itself broke.
    if [ "$rc" -gt 1 ] || [ ! -s "$dir/results.json" ]; then
        tail -n 30 "$dir/pytest.log" >&2
        die "compat: the $client run on engine $name did not complete (log: $dir/pytest.log)"
    fi
}

mkdir -p "$OUT"
report_args=()
for engine in $ENGINES; do
    kind=$(kind_of "$engine")
    # Two fresh engines per kind: one per client (c<engine>p: docker-py, c<engine>s: dockersdk).
    start_engine "c${engine}p" "$kind"
    start_engine "c${engine}s" "$kind"
    run_suite "c${engine}p" docker-py "$OUT/$engine/docker-py" &
    pid_py=$!
    run_suite "c${engine}s" dockersdk "$OUT/$engine/dockersdk" &
    pid_sdk=$!
    failed=0
    wait "$pid_py" || failed=1
    wait "$pid_sdk" || failed=1
    [ "$failed" -eq 0 ] || die "compat: a run on engine $engine broke (see above)"
    bash "$ROOT/scripts/engines/extra.sh" stop "c${engine}p" >&2
    bash "$ROOT/scripts/engines/extra.sh" stop "c${engine}s" >&2
    report_args+=(--engine "$engine=$OUT/$engine")
done

log "compat: both clients ran in $SECONDS s; results in $OUT"
# shellcheck disable=SC2086
"$VENV/bin/python" "$HERE/report.py" "${report_args[@]}" \
    --deviations "$HERE/deviations.toml" --baseline "$HERE/baseline.toml" ${COMPAT_REPORT_ARGS:-}
