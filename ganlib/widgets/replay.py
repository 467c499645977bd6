r"""Replays of real training runs: the frames, one per snapshot, computed from a :class:`TrainedGAN`
when a chapter executes, and shown with a step slider and a play button.

* :func:`replay_1d`: for 1-D runs, :math:`p_{data}`, the generator's density estimate, the learned
  :math:`D` and :math:`D^*` for the current generator, the generator's map :math:`z \mapsto G(z)`
  against the increasing transport map :math:`F^{-1}(\Phi(z))` (1-D noise only), and the JSD
  (``ganlib.metrics.js_to_target``) at each snapshot;
* :func:`replay_2d`: for 2-D runs, samples over the discriminator's or critic's heat map, arrows
  for the force of the generator's loss on some of the samples (minus its gradient in :math:`x`),
  and the modes captured, the high-quality share (``ganlib.mode_coverage``) and the largest share of
  samples nearest to one mode.

Several copies of a many-seeds run are shown side by side. The frames travel as compact JSON: the
curves and heat maps quantised for drawing, the readout numbers at full precision. The returned
:class:`~ganlib.widgets.replay_view.Replay` shows itself in Jupyter or Colab (ipywidgets) and in the
static HTML book (``replay.js``, no kernel, nothing loaded from other sites). Used in the training
chapters (``08_training_1d``, ``09_mode_collapse``, ``11_wgan``).
"""

from __future__ import annotations

import base64

import numpy as np
import torch
from scipy import special

from .. import losses as L
from .. import remedies
from .._checks import whole
from ..metrics import density_estimate, js_to_target, mode_coverage, nearest_mode
from ..optimal import optimal_discriminator
from .replay_view import Replay

__all__ = ["replay_1d", "replay_2d"]


def _networks_step(run, step):
    """``step`` as ``sample``/``discriminate`` take it: a snapshot, or None for the end of training."""
    step = whole(step, "step", 0)
    if step in run.snapshots:
        return step
    if step == run.steps_done:
        return None
    raise ValueError(f"no snapshot at step {step}; the snapshots are at {run.snapshots} "
                     f"(and the trained networks at step {run.steps_done})")


def _copies(run, copies):
    copies = list(range(run.copies)) if copies is None else [whole(c, "copy", 0) for c in copies]
    if not copies or max(copies) >= run.copies:
        raise ValueError(f"copies must index the run's {run.copies} copies, got {copies}")
    return copies


def _per_copy(a, run):
    """(copies, ...) for a many-seeds run's output, also when the run has one copy."""
    a = np.asarray(a)
    return a[None] if run.copies == 1 else a


def _q(a, scale=1000):
    """Quantised for drawing: whole numbers, ``scale`` per unit."""
    return np.round(np.asarray(a, dtype=np.float64) * scale).astype(np.int64).tolist()


def _b64(a) -> str:
    return base64.b64encode(np.asarray(a, dtype=np.uint8).tobytes()).decode("ascii")


def replay_1d(run, target, steps, *, copies=None, n=5000, seed=0, points=161, z_points=121, title="") -> Replay:
    """Frames of a 1-D run at the snapshot ``steps`` (the last training step may be one). At each:
    ``n`` samples drawn with ``seed`` (the same noise at every step), their density estimate and
    JSD to ``target`` and the modes they capture (``ganlib.metrics``; within three of the target's
    largest standard deviation), exactly as a chapter computes them with ``seed``; D on the
    target's grid and D* for the estimate. ``copies``: which copies of a many-seeds run to show
    (default all). The curves are drawn on ``points`` points of the target's grid."""
    copies, steps = _copies(run, copies), [whole(s, "step", 0) for s in steps]
    x = target.grid()
    dx = x[1] - x[0]
    p_data = target.pdf(x)
    keep = np.unique(np.linspace(0, len(x) - 1, points).round().astype(int))
    z = np.linspace(-3.0, 3.0, z_points)
    has_map = run.config.latent_dim == 1
    frames = {"p_g": [], "d": [], "d_star": [], "g": []}
    values = {"jsd": [], "modes": []}
    modes, std = np.asarray(target.modes, dtype=np.float64).reshape(-1, 1), float(np.max(target.stds))
    for step in steps:
        st = _networks_step(run, step)
        samples = _per_copy(run.sample(n, step=st, seed=seed), run)[copies]  # (copies, n, 1)
        p_g = density_estimate(samples, x)  # (copies, grid)
        p_g = p_g / (p_g.sum(-1, keepdims=True) * dx)
        d = _per_copy(run.discriminate(x, step=st), run)[copies]
        values["jsd"].append(np.atleast_1d(js_to_target(samples, target)).tolist())
        values["modes"].append(np.asarray(mode_coverage(samples, modes, std=std)["modes_captured"]).tolist())
        frames["p_g"].append(_q(p_g[:, keep]))
        frames["d"].append(_q(d[:, keep]))
        frames["d_star"].append(_q(np.stack([optimal_discriminator(p_data, q) for q in p_g])[:, keep]))
        if has_map:
            g, _ = run.networks(st)
            zt = torch.tensor(z, dtype=torch.float32).reshape(1, -1, 1).expand(run.copies, -1, -1)
            with torch.no_grad():
                frames["g"].append(_q(g(zt.to(next(g.parameters()).device)).cpu().numpy()[copies, :, 0]))
    data = {"kind": "1d", "title": title, "steps": steps, "copies": [run.config.seeds[c] for c in copies],
            "x": np.round(x[keep], 4).tolist(), "p_data": _q(p_data[keep]), "frames": frames,
            "values": values, "readout": {"jsd": "JSD(p_data || p_g)", "modes": "modes captured"},
            "modes": modes.tolist()}
    if has_map:
        data["z"] = np.round(z, 4).tolist()
        data["t"] = _q(target.icdf(special.ndtr(z)))
    return Replay(data)


def _forces(run, step, xy, copies):
    """Minus the gradient of the generator's loss at the points ``xy`` (copies, n, 2): the direction
    in which a gradient step on G moves each sample. A packed discriminator judges each point as a
    pack of copies of it (as :meth:`TrainedGAN.discriminate` does)."""
    _, d = run.networks(step)
    dev = next(d.parameters()).device
    pts = torch.tensor(xy, dtype=torch.float32, device=dev)
    full = torch.zeros(run.copies, *pts.shape[1:], device=dev)
    full[copies] = pts
    full.requires_grad_(True)
    m = run.config.pack
    judged = remedies.pack(full.repeat_interleave(m, dim=1), m) if m > 1 else full  # a point's pack: m copies of it
    with remedies.judging(d):
        out = d(judged)  # (copies, n, 1)
    L.LOSSES[run.config.loss].g_loss(out).sum().backward()
    return -full.grad[copies].cpu().numpy()


def replay_2d(run, target, steps, *, copies=None, n=1000, seed=0, shown=200, arrows=24, lim=None, cells=32,
              title="") -> Replay:
    """Frames of a 2-D run at the snapshot ``steps``. At each: ``n`` samples drawn with ``seed``, their
    mode coverage (``ganlib.mode_coverage``) and the largest share nearest to one mode; the first
    ``shown`` samples over D (or the critic) on a ``cells`` x ``cells`` grid on [-lim, lim]^2, and the
    force of the generator's loss on the first ``arrows`` of them."""
    copies, steps = _copies(run, copies), [whole(s, "step", 0) for s in steps]
    modes = np.asarray(target.modes, dtype=np.float64)
    lim = float(1.25 * np.abs(modes).max() + 3 * target.std) if lim is None else float(lim)
    ticks = (np.arange(cells) + 0.5) / cells * 2 * lim - lim
    gx, gy = np.meshgrid(ticks, ticks[::-1])  # row 0 at the top
    cell_xy = np.stack([gx.ravel(), gy.ravel()], -1)
    probability = L.LOSSES[run.config.loss].probability_output
    frames = {"heat": [], "range": [], "pts": [], "arrows": []}
    values = {"modes": [], "quality": [], "largest": []}
    for step in steps:
        st = _networks_step(run, step)
        x = _per_copy(run.sample(n, step=st, seed=seed), run)[copies]  # (copies, n, 2)
        cover = mode_coverage(x, modes, std=target.std)
        nearest = nearest_mode(x, modes)[0]
        share = np.array([np.bincount(c, minlength=len(modes)).max() / len(c) for c in nearest])
        values["modes"].append(np.asarray(cover["modes_captured"]).tolist())
        values["quality"].append(np.asarray(cover["high_quality"]).tolist())
        values["largest"].append(share.tolist())
        heat = _per_copy(run.discriminate(cell_xy, step=st), run)[copies]  # (copies, cells^2)
        lo, hi = (np.zeros(len(copies)), np.ones(len(copies))) if probability else (heat.min(1), heat.max(1))
        span = np.where(hi > lo, hi - lo, 1.0)
        frames["heat"].append([_b64(np.round(255 * np.clip((h - a) / s, 0, 1))) for h, a, s in zip(heat, lo, span)])
        frames["range"].append([[round(float(a), 6), round(float(b), 6)] for a, b in zip(lo, hi)])
        frames["pts"].append([_b64(np.round(255 * np.clip((p[:shown] + lim) / (2 * lim), 0, 1))) for p in x])
        f = _forces(run, st, x[:, :arrows], copies)  # (copies, arrows, 2)
        size = np.linalg.norm(f, axis=-1, keepdims=True).max(axis=1, keepdims=True)
        frames["arrows"].append(_q(f / np.where(size > 0, size, 1.0), 100))
    data = {"kind": "2d", "title": title, "steps": steps, "copies": [run.config.seeds[c] for c in copies],
            "lim": lim, "cells": cells, "modes": np.round(modes, 4).tolist(), "probability": bool(probability),
            "frames": frames, "values": values,
            "readout": {"modes": "modes captured", "quality": "high quality", "largest": "largest share near one mode"}}
    return Replay(data)
