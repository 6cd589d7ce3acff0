#!/usr/bin/env bash
# Create (or refresh) the one virtualenv that holds the gate tools pinned in
# test/gates/requirements.txt. Idempotent: a second run only checks the pins.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
venv=.cache/gate-tools
python3 -m pip --version >/dev/null
# uv bootstraps the rest; `python3 -m uv` works wherever pip put it, on PATH or not.
if command -v uv >/dev/null 2>&1; then uv=(uv); else
  python3 -m uv --version >/dev/null 2>&1 ||
    python3 -m pip install --quiet --disable-pip-version-check "$(grep '^uv==' test/gates/requirements.txt)"
  uv=(python3 -m uv)
fi
[ -x "$venv/bin/python" ] || "${uv[@]}" venv --quiet "$venv"
# The tools ship their binaries in wheels: never build one from an sdist (that would download).
VIRTUAL_ENV="$PWD/$venv" "${uv[@]}" pip install --quiet --only-binary :all: -r test/gates/requirements.txt
echo "gate tools ready in $venv"
