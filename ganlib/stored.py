"""Results of training runs too long to execute with the book, stored with ganlib.

``experiments/long_runs.py`` trains them (many seeds, tens of thousands of steps) and writes one
JSON file per run into ``ganlib/stored_runs/``; the training chapters (08-11) show them beside a
shorter live run, and ``tests/test_stored_runs.py`` re-runs the first steps of each to check that
ganlib still produces what was stored. They ship inside the package, so a chapter opened in Colab
finds them without a download.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np

__all__ = ["stored_run", "stored_runs"]

FOLDER = pathlib.Path(__file__).with_name("stored_runs")


def stored_runs() -> list[str]:
    """The names of the stored runs."""
    return sorted(p.stem for p in FOLDER.glob("*.json"))


def stored_run(name: str) -> dict:
    """The stored run ``name``: its settings (``train``, ``resolved``, ``target``), the per-seed
    measures at every snapshot (``measures[step]``: for 2-D targets ``modes_captured``,
    ``high_quality`` and ``reverse_kl``, lists over seeds; for 1-D ``mode_fractions``, seeds x modes),
    the share of fixed probes that changed their nearest mode since the previous snapshot
    (``switches[step]``), samples at a few steps (``samples[step]``, ``(seeds, 400, dim)``), the first
    steps of the loss history, and the wall-clock seconds it took.

    >>> "ring8_long" in stored_runs()
    True
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    path = FOLDER / f"{name}.json"
    if not path.exists():
        raise ValueError(f"no stored run named {name!r}; the stored runs are {', '.join(stored_runs())}")
    out = json.loads(path.read_text())
    out["measures"] = {int(k): {m: np.array(v) for m, v in d.items()} for k, d in out["measures"].items()}
    out["switches"] = {int(k): np.array(v) for k, v in out["switches"].items()}
    out["samples"] = {int(k): np.array(v) for k, v in out["samples"].items()}
    return out
