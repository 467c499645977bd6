"""How long the optimal-discriminator panel (ganlib.widgets, chapter 06_optimal_discriminator) takes
to redraw after a slider moves.

    .venv/bin/python benchmarks/slider_redraw.py [--n 400] [--seed 0]

Each measurement sets one slider's ``value`` in the kernel, as a reader's drag does, and times
until the observer has recomputed the state and re-rendered the figure and readout (the observer
runs synchronously, so the assignment returns only then). Two kinds of moves:

* drag: every slider swept a step at a time, as ``continuous_update`` sends values while
  dragging (mostly redraws that reuse the saved axes, "blitting");
* jump: random values for random sliders (the density axis often needs new limits, so the whole
  figure is redrawn).

Prints the median and 95th percentile redraw time in milliseconds for each kind and for all
together. The target is under 50 ms.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # run from a checkout

from ganlib.widgets import PARAMS, dstar_panel  # noqa: E402

TARGET_MS = 50.0


def drag_moves(n: int):
    """(name, value) pairs: each slider dragged over 20 steps of its range and back to the start."""
    moves = []
    while len(moves) < n:
        for name, spec in PARAMS.items():
            start = spec.default
            path = np.clip(start + spec.step * np.r_[np.arange(1, 11), np.arange(9, -11, -1), np.arange(-9, 1)],
                           spec.lo, spec.hi)
            moves += [(name, float(v)) for v in path]
    return moves[:n]


def jump_moves(n: int, rng: np.random.Generator):
    names = list(PARAMS)
    moves = []
    for _ in range(n):
        name = names[rng.integers(len(names))]
        spec = PARAMS[name]
        moves.append((name, float(np.round(rng.uniform(spec.lo, spec.hi) / spec.step) * spec.step)))
    return moves


def measure(panel, moves):
    times = []
    for name, value in moves:
        spec = PARAMS[name]
        value = min(max(value, spec.lo), spec.hi)
        if panel.sliders[name].value == value:  # no change, no redraw: nudge it
            value = value - spec.step if value - spec.step >= spec.lo else value + spec.step
        before = panel.redraws
        times.append(panel.time_redraw(name, value))
        if panel.redraws != before + 1:
            raise RuntimeError(f"setting {name}={value} did not redraw the panel")
    return 1e3 * np.array(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400, help="slider moves of each kind (default 400)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    panel = dstar_panel()
    measure(panel, drag_moves(10))  # warm-up: first draws, caches
    panel = dstar_panel()
    results = {
        "drag": measure(panel, drag_moves(args.n)),
        "jump": measure(panel, jump_moves(args.n, np.random.default_rng(args.seed))),
    }
    results["all"] = np.concatenate(list(results.values()))
    print(f"slider redraw time, ms (setting slider.value until figure and readout are redrawn), {args.n} moves per kind")
    print(f"{'moves':<6} {'n':>5} {'median':>8} {'p95':>8} {'max':>8}")
    for kind, t in results.items():
        print(f"{kind:<6} {t.size:>5} {np.median(t):>8.1f} {np.percentile(t, 95):>8.1f} {t.max():>8.1f}")
    p95 = np.percentile(results["all"], 95)
    print(f"95th percentile over all moves: {p95:.1f} ms ({'under' if p95 < TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target)")
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
