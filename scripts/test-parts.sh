#!/usr/bin/env bash
# `make test`: the suite in its parts (README, "Tests"), each with the arguments given here.
#   1. pytest --part=parallel -n $TEST_PROCESSES: the tests that may run side by side.
#   2. pytest --part=browser and pytest --part=processes at the same time: the serial part's
#      Chromium tests and its other tests (workers, beat, races, servers). Each has its own
#      COP_VAR_DIR and COP_TEST_LANE (tests/settings.py), so they share no file, database,
#      cache key or queue; what each prints is shown once it has finished.
# TEST_PROCESSES=0 runs everything one process at a time, in the foreground (e.g. for --pdb).
# Exit status: a part's failure fails the whole; a part that the arguments leave empty is
# skipped (pytest's exit code 5); every part empty is exit code 5.
set -u
cd "$(dirname "$0")/.."
PY=${TEST_PYTHON:-.venv/bin/python}
VAR=${COP_VAR_DIR:-var/test}
PROCESSES=${TEST_PROCESSES:-auto}
LANES=(browser processes)
# Running the two halves at once needs bash 5.1 (wait -n -p); an older bash (macOS's 3.2)
# runs them one after the other.
together=yes
if [ "$PROCESSES" = 0 ] || [ "${BASH_VERSINFO[0]}" -lt 5 ] || { [ "${BASH_VERSINFO[0]}" -eq 5 ] && [ "${BASH_VERSINFO[1]}" -lt 1 ]; }; then
    together=no
fi

failed=0
empty=0
record() { # the exit status of one part
    if [ "$1" -eq 5 ]; then
        empty=$((empty + 1))
    elif [ "$1" -ne 0 ]; then
        failed=$1
    fi
}

lane() { # pytest of one half of the serial part, with its own files and names
    COP_VAR_DIR="$VAR/$1" COP_TEST_LANE="$1" "$PY" -m pytest --part="$@"
}

echo "== pytest --part=parallel -n $PROCESSES $*"
"$PY" -m pytest --part=parallel -n "$PROCESSES" "$@"
record $?

if [ "$together" = no ]; then
    for name in "${LANES[@]}"; do
        echo "== pytest --part=$name $*"
        lane "$name" "$@"
        record $?
    done
else
    logs=$(mktemp -d)
    trap 'rm -rf "$logs"' EXIT
    color=no
    [ -t 1 ] && color=yes
    echo "== pytest --part=${LANES[0]} and --part=${LANES[1]} at the same time $* (each one's output when it ends)"
    declare -A lane_of # pid: lane
    for name in "${LANES[@]}"; do
        lane "$name" --color="$color" "$@" >"$logs/$name" 2>&1 &
        lane_of[$!]=$name
    done
    while [ ${#lane_of[@]} -gt 0 ]; do # the first to end is printed first
        ended=""
        wait -n -p ended "${!lane_of[@]}"
        status=$?
        if [ -z "$ended" ]; then # interrupted
            kill "${!lane_of[@]}" 2>/dev/null
            exit 130
        fi
        name=${lane_of[$ended]}
        unset "lane_of[$ended]"
        echo "== pytest --part=$name $* (exit code $status)"
        cat "$logs/$name"
        record $status
    done
fi

if [ $empty -eq $((1 + ${#LANES[@]})) ]; then
    echo "no test matches: $*"
    exit 5
fi
exit $failed
