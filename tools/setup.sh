#!/usr/bin/env bash
# Creates (or refreshes) the project's virtual environment in .venv with ganlib, the book
# tool chain and the test tools. Idempotent: it reinstalls only when pyproject.toml changed.
#
# PyTorch: when pip can find torch==2.13.0 without asking an index (a wheel in pip's
# find-links, as on the project's CPU build machines), that local CPU wheel is installed first,
# so the `torch>=2.2` dependency is already met and no CUDA packages are downloaded.
# Elsewhere torch is an ordinary dependency; to avoid CUDA packages on your own machine, run
#   .venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu
# before this script, or set GANBOOK_TORCH to the requirement you want.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
stamp="$VENV/.ganbook-installed"
log="$VENV/setup.log"

if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt tools/setup.sh ]; then
  exit 0
fi
echo "setting up $VENV (log: $log) ..." >&2
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
: >"$log"
pip() { "$VENV/bin/python" -m pip --disable-pip-version-check "$@" >>"$log" 2>&1 || { cat "$log" >&2; return 1; }; }

if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  if [ -n "${GANBOOK_TORCH:-}" ]; then
    pip install $GANBOOK_TORCH  # unquoted: it may carry pip options
  elif "$VENV/bin/python" -m pip install --disable-pip-version-check --no-index --no-deps "torch==2.13.0" >>"$log" 2>&1; then
    pip install "torch==2.13.0"  # the local wheel is installed: this only adds its dependencies
    echo "installed the local torch==2.13.0 wheel" >&2
  else
    echo "no local torch wheel: torch will come from the package index" >&2
  fi
fi
pip install -e ".[book,test,lecturer]"
touch "$stamp"
echo "environment ready: $VENV" >&2
