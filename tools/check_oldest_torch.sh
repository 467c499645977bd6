#!/usr/bin/env bash
# Runs ganlib's unit tests under the oldest PyTorch that pyproject.toml allows (torch>=2.2), in a
# separate virtual environment (default /tmp/ganlib-oldest-torch). Not part of `make test`: PyPI's
# torch 2.2 for Linux is a CUDA build with its NVIDIA packages, a few GB to download once.
# Usage: bash tools/check_oldest_torch.sh [venv-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${1:-/tmp/ganlib-oldest-torch}"
shift || true
OLDEST="$(sed -n 's/.*"torch>=\([0-9.]*\)".*/\1/p' "$ROOT/pyproject.toml")"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "torch==$OLDEST.*" "numpy<2" scipy matplotlib tqdm \
    scikit-learn ipywidgets pytest
"$VENV/bin/python" -c "import torch; print('torch', torch.__version__)"
# the chapters and the book need the full environment; the library's own tests need only the above
cd "$ROOT"
PYTHONPATH="$ROOT" "$VENV/bin/python" -m pytest -q -p no:cacheprovider -o addopts="" \
    tests/test_training.py tests/test_losses.py tests/test_remedies.py tests/test_training_speed_and_files.py \
    tests/test_metrics.py tests/test_stored_runs.py "$@"
