#!/usr/bin/env bash
# Create (or refresh) the one virtualenv that holds the gate tools pinned in
# test/gates/requirements.txt, inside this checkout (.cache/gate-tools). It never
# touches the system Python (PEP 668 safe) and needs no uv: the stdlib venv brings
# pip, pip brings the pinned uv, uv brings the rest. Idempotent: when the pins are
# unchanged since the last successful run it only says so.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
venv=.cache/gate-tools
requirements=test/gates/requirements.txt
stamp=$venv/.requirements-installed

if [ -x "$venv/bin/uv" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
  echo "gate tools: up to date in $venv"
  exit 0
fi

echo "gate tools: installing the pins of $requirements into $venv (first run only)…"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || {
    echo "gate tools: 'python3 -m venv' failed; on Debian/Ubuntu install python3-venv" >&2
    exit 1
  }
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$(grep '^uv==' "$requirements")"
# --python: uv must install into this venv, not the interpreter that runs it.
# The tools ship their binaries in wheels: never build one from an sdist (that would download).
"$venv/bin/uv" pip install --quiet --python "$venv/bin/python" --only-binary :all: -r "$requirements"
cp "$requirements" "$stamp"
echo "gate tools: ready in $venv"
