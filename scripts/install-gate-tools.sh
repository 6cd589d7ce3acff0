#!/usr/bin/env bash
# Create (or refresh) the virtualenvs that hold the gate tools, inside this checkout:
# .cache/gate-tools for the pins of test/gates/requirements.txt, and .cache/checkov
# for checkov (test/gates/requirements-checkov.txt), whose pins clash with the others.
# It never touches the system Python (PEP 668 safe) and needs no uv: the stdlib venv
# brings pip, pip brings the pinned uv, uv brings the rest. Idempotent: a virtualenv
# whose pins are unchanged since its last successful run is only reported.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
tools=.cache/gate-tools
uv=$tools/bin/uv

# install_pins <venv> <requirements file>
install_pins() {
  local venv=$1 requirements=$2
  local stamp=$venv/.requirements-installed
  if [ -x "$venv/bin/python" ] && [ -x "$uv" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
    echo "gate tools: up to date in $venv"
    return 0
  fi
  echo "gate tools: installing the pins of $requirements into $venv (first run only)…"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || {
      echo "gate tools: 'python3 -m venv' failed; on Debian/Ubuntu install python3-venv" >&2
      exit 1
    }
  fi
  if [ "$venv" = "$tools" ] || [ ! -x "$uv" ]; then
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "$(grep '^uv==' test/gates/requirements.txt)"
  fi
  # --python: uv must install into this venv, not the interpreter that runs it.
  # The tools ship their binaries in wheels: never build one from an sdist (that would download).
  "$uv" pip install --quiet --python "$venv/bin/python" --only-binary :all: -r "$requirements"
  cp "$requirements" "$stamp"
  echo "gate tools: ready in $venv"
}

install_pins "$tools" test/gates/requirements.txt
install_pins .cache/checkov test/gates/requirements-checkov.txt
