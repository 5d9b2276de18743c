#!/usr/bin/env bash
# Builds the portal's Bootstrap subset (CSS and JS) from the vendored sources in
# static/vendor/bootstrap/ with the pinned tools of assets/package-lock.json (README,
# "Front-end assets"). Needs Node.js 20.19+ and npm, and the project's .venv (the packages'
# templates are read, below). The built files are committed:
# running the portal, its tests and CI never need this. Same inputs, same bytes.
#
#   make assets           (or: bash scripts/build-assets.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
if [ ! -x "$PY" ]; then
    echo "no $PY: run 'make install' first" >&2
    exit 1
fi
# The templates of the installed packages that render parts of the pages (crispy-forms'
# Bootstrap 5 pack, Django's form widgets, allauth), read for the classes and elements they use.
mapfile -t package_templates < <("$PY" -c '
import os, allauth, crispy_bootstrap5, django.forms
for package in (crispy_bootstrap5, django.forms, allauth):
    print(os.path.join(os.path.dirname(package.__file__), "templates"))
')

# Exactly the versions of the lock file; no install scripts (the tools need none).
(cd assets && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
node assets/build.mjs "${package_templates[@]}"
