#!/usr/bin/env bash
# Serve the portal with a Celery worker and Celery beat beside it; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p var/mail var/log

pids=()
cleanup() {
    local status=$?
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    echo "Stopped web, worker and beat."
    exit "$status"
}
trap cleanup EXIT
# Ctrl-C (or a TERM) is the normal way to stop: exit 0, so make reports no "Error 130".
trap 'exit 0' INT TERM

$PY -m celery -A cop_portal worker --loglevel=INFO --concurrency=2 --hostname=worker@%h &
pids+=($!)
$PY -m celery -A cop_portal beat --loglevel=INFO &
pids+=($!)

cat <<TXT

  Gender CoP portal: http://127.0.0.1:8000   (admin: http://127.0.0.1:8000/admin/)
  Demo logins (password demo-pass-2026):
    coordinator@example.mn   coordinator (back office)
    member@example.mn        member
    dornod.1@example.mn      organisation contact (Dornod)
    igg.1@example.mn         branch focal person (Institute of Geography and Geoecology)
  E-mails are written to var/mail/ and echoed here. Ctrl-C stops everything.

TXT
$PY manage.py runserver 127.0.0.1:8000 --noreload &
pids+=($!)
wait -n "${pids[@]}"
