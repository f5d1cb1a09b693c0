#!/usr/bin/env bash
# After a failed test run: show what the private engines said, before down.sh deletes it.
set -uo pipefail
STATE=${STATE:-/tmp/dsdk}
for engine in a b; do
    log="$STATE/$engine/dockerd.log"
    [ -f "$log" ] || continue
    echo "=== engine $engine: warnings, errors and panics in $log (last 40)"
    grep -nE 'level=(warning|error|fatal)|panic|goroutine [0-9]+ \[' "$log" | tail -n 40
    echo "=== engine $engine: last 15 lines"
    tail -n 15 "$log"
done
log="$STATE/podman/podman.log"
if [ -f "$log" ]; then
    echo "=== engine podman: warnings, errors and panics in $log (last 40)"
    grep -nE 'level=(warning|error|fatal)|panic|goroutine [0-9]+ \[' "$log" | tail -n 40
    echo "=== engine podman: last 15 lines"
    tail -n 15 "$log"
fi
