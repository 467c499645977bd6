#!/usr/bin/env bash
# Runs the chapters under the versions Google Colab uses (as of 2026-11: Python 3.13, torch 2.11,
# ipywidgets 7.7), as far as this machine's package registries allow. Not part of `make test`:
# torch 2.11 from PyPI brings several GB of CUDA packages.
#
#   bash tools/colab_check.sh [pytest arguments]     (default: every chapter and the widget tests)
#
# Environment: COLAB_PYTHON (default python3.13), COLAB_TORCH (torch==2.11.0),
# COLAB_IPYWIDGETS (ipywidgets==7.7.1), COLAB_VENV (.venv-colab).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${COLAB_PYTHON:-python3.13}
VENV=${COLAB_VENV:-.venv-colab}
if ! command -v "$PY" >/dev/null; then
  echo "no $PY here; set COLAB_PYTHON to the interpreter to use" >&2
  exit 1
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
pip() { "$VENV/bin/python" -m pip --disable-pip-version-check -q "$@"; }
pip install "${COLAB_TORCH:-torch==2.11.0}" "${COLAB_IPYWIDGETS:-ipywidgets==7.7.1}"
pip install -e ".[test]" ipykernel sympy "${COLAB_IPYWIDGETS:-ipywidgets==7.7.1}"
"$VENV/bin/python" - <<'PY'
import sys, torch, ipywidgets, numpy, matplotlib
print(f"python {sys.version.split()[0]}, torch {torch.__version__}, ipywidgets {ipywidgets.__version__}, "
      f"numpy {numpy.__version__}, matplotlib {matplotlib.__version__}")
PY
if [ $# -eq 0 ]; then set -- book tests/test_widgets.py tests/test_colab.py; fi
"$VENV/bin/python" -m pytest -q "$@"
