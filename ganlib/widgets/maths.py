r"""The D* panel's numbers, with no widgets and no figures: which sliders exist, and
:func:`panel_state`, everything the panel shows for one setting of them.

Both distributions are 1-D two-component Gaussian mixtures

.. math::  p(x) = (1 - w)\,\mathcal{N}(x; \mu_1, \sigma^2) + w\,\mathcal{N}(x; \mu_2, \sigma^2),

each with its own means :math:`\mu_1, \mu_2`, one spread :math:`\sigma` for both components and the
mass :math:`w \in [0, 1]` of the second component. The panel shows

.. math::  D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)}, \qquad
           C(G) = \max_D V(D, G) = -\log 4 + 2\,JSD(p_{data} \| p_g),

and the force each generator loss puts on a generated sample at :math:`x` when the discriminator
is :math:`D^*` (:func:`ganlib.generator_force`): :math:`D^* a'` for the saturating (minimax) loss
and :math:`(1 - D^*) a'` for the non-saturating one, with :math:`a = \log(p_{data} / p_g)`.

Explained in *The optimal discriminator* (``06_optimal_discriminator``).

>>> state = panel_state({"g_mean1": -2.0, "g_mean2": 2.0, "g_std": 0.5, "g_weight": 0.5})
>>> round(state["jsd"], 9), round(state["criterion"], 6)  # p_g = p_data with the defaults
(0.0, -1.386294)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .._checks import instance
from ..data import GaussianMixture1D
from ..divergences import js_divergence
from ..optimal import generator_criterion, generator_force, optimal_discriminator

__all__ = ["PARAMS", "panel_state", "FORCE_LOSSES"]

#: the generator losses whose force on the samples the panel shows (names as in ganlib.LOSSES)
FORCE_LOSSES = ("minimax", "nonsaturating")
#: how the panel draws each force (matplotlib keyword arguments; the static twin uses the colours)
FORCE_STYLE = {
    "minimax": dict(color="#a6761d", lw=2.0, label=r"saturating $\log(1 - D^*)$"),
    "nonsaturating": dict(color="#e7298a", lw=2.0, ls="--", label=r"non-saturating $-\log D^*$"),
}
SHOWN_FORCE = 1e-3  # a force is drawn where p_g is at least this share of its peak in view
FORCE_FLOOR = 0.5  # the force axis shows at least -0.5 to 0.5, so that tiny forces do not fill it


@dataclass(frozen=True)
class Param:
    """One slider: its default value, range and step, and what it means."""

    default: float
    lo: float
    hi: float
    step: float
    label: str


#: every parameter the panel understands (``data_*`` for p_data, ``g_*`` for p_g)
PARAMS = {
    "data_mean1": Param(-2.0, -5.0, 5.0, 0.1, "mean 1"),
    "data_mean2": Param(2.0, -5.0, 5.0, 0.1, "mean 2"),
    "data_std": Param(0.5, 0.1, 3.0, 0.05, "std"),
    "data_weight": Param(0.5, 0.0, 1.0, 0.05, "weight 2"),
    "g_mean1": Param(0.0, -5.0, 5.0, 0.1, "mean 1"),
    "g_mean2": Param(0.0, -5.0, 5.0, 0.1, "mean 2"),
    "g_std": Param(1.5, 0.1, 3.0, 0.05, "std"),
    "g_weight": Param(0.5, 0.0, 1.0, 0.05, "weight 2"),
}

GRID_POINTS = 2001  # points of the evaluation grid
GRID_WIDTH = 8.0  # the grid spans every mean +- GRID_WIDTH standard deviations
VIEW = (-8.0, 8.0)  # the x-range the figure shows


def _check_params(params) -> dict:
    """The full parameter dict (defaults filled in), or an error that names the bad entry."""
    params = {} if params is None else instance(params, Mapping, "params", "a dict such as {'g_std': 1.0}")
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise ValueError(f"unknown panel parameter(s) {unknown}; expected some of {list(PARAMS)}")
    out = {}
    for name, spec in PARAMS.items():
        value = params.get(name, spec.default)
        try:
            if isinstance(value, (str, bytes, bool, np.bool_)):  # float() would take "0.5" and True
                raise TypeError
            value = float(value)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{name} must be a number, got {value!r}") from e
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        if name.endswith("_std") and value <= 0:
            raise ValueError(f"{name} must be a positive standard deviation, got {value!r}")
        if name.endswith("_weight") and not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} is the mass of the second component and must lie in [0, 1], got {value!r}")
        out[name] = value
    return out


def _check_in_range(values: dict, shown: dict | None = None) -> dict:
    """``values`` (checked numbers), or a ValueError naming the first one outside its slider's range
    (a slider would silently clip it); the message shows ``shown[name]`` when given, the value as
    the caller wrote it."""
    for name, v in values.items():
        spec = PARAMS[name]
        if not spec.lo <= v <= spec.hi:
            raise ValueError(f"{name}={(shown or values)[name]!r} is outside its slider's range [{spec.lo}, {spec.hi}]")
    return values


def _mixture(p: dict, who: str) -> GaussianMixture1D:
    w, s = p[f"{who}_weight"], p[f"{who}_std"]
    return GaussianMixture1D(means=(p[f"{who}_mean1"], p[f"{who}_mean2"]), stds=(s, s), weights=(1.0 - w, w))


def panel_state(params=None) -> dict:
    r"""Everything the panel shows, for the parameters ``params`` (a dict with keys from
    :data:`PARAMS`; missing keys take their defaults). Pure: no widgets, no figures.

    Returns a dict with

    * ``x`` (grid covering every component's mean +- 8 standard deviations), ``dx``;
    * ``p_data``, ``p_g``: the two mixture densities on the grid;
    * ``d_star``: :math:`D^* = p_{data} / (p_{data} + p_g)` (:func:`ganlib.optimal_discriminator`);
    * ``jsd``: :math:`JSD(p_{data} \| p_g)` in nats (:func:`ganlib.js_divergence`), and
      ``jsd_fraction`` = ``jsd / log 2`` (0 for equal distributions, 1 for disjoint ones);
    * ``criterion``: :math:`C(G) = V(D^*, G)` (:func:`ganlib.generator_criterion`), which the
      theory says equals ``-log 4 + 2 * jsd`` (the two are computed independently);
    * ``force_minimax``, ``force_nonsaturating``: the force on a generated sample at each grid point
      under the saturating and the non-saturating loss (:func:`ganlib.generator_force`, applied to
      each stretch of the grid where both densities are positive; NaN where one is 0);
    * ``push_minimax``, ``push_nonsaturating``: :math:`E_{p_g}|\text{force}|`, the mean size of the
      force over the generated samples (the grid sum over the points where it is defined);
    * ``params``: the full parameter dict used.

    Raises ``ValueError`` for unknown names, text, a std <= 0 or a weight outside [0, 1]; ``TypeError`` for a non-dict.
    """
    p = _check_params(params)
    data, gen = _mixture(p, "data"), _mixture(p, "g")
    means = [p["data_mean1"], p["data_mean2"], p["g_mean1"], p["g_mean2"]]
    stds = [p["data_std"]] * 2 + [p["g_std"]] * 2
    lo = min(m - GRID_WIDTH * s for m, s in zip(means, stds))
    hi = max(m + GRID_WIDTH * s for m, s in zip(means, stds))
    x = np.linspace(lo, hi, GRID_POINTS)
    dx = float(x[1] - x[0])
    p_data, p_g = data.pdf(x), gen.pdf(x)
    # values below the smallest normal float (far tails, < 1e-307) are set to 0: a subnormal density
    # divided by p_data + p_g can round to 0 and turn a term p log(p / (p_data + p_g)) into -inf
    tiny = np.finfo(np.float64).tiny
    p_data[p_data < tiny] = 0.0
    p_g[p_g < tiny] = 0.0
    jsd = js_divergence(p_data, p_g, dx=dx)
    forces = _forces(x, p_data, p_g)
    return {
        "x": x,
        "dx": dx,
        "p_data": p_data,
        "p_g": p_g,
        "d_star": optimal_discriminator(p_data, p_g),
        "jsd": jsd,
        "jsd_fraction": jsd / math.log(2.0),
        "criterion": generator_criterion(p_data, p_g, dx=dx),
        **{f"force_{loss}": f for loss, f in forces.items()},
        **{f"push_{loss}": _push(f, p_g, dx) for loss, f in forces.items()},
        "params": p,
    }


def _forces(x, p_data, p_g) -> dict:
    """generator_force for each loss in FORCE_LOSSES on every stretch (of at least 2 points) of the
    grid where p_data and p_g are both positive; NaN elsewhere."""
    ok = (p_data > 0) & (p_g > 0)
    out = {loss: np.full_like(x, np.nan) for loss in FORCE_LOSSES}
    edges = np.flatnonzero(np.diff(np.concatenate([[0], ok.astype(np.int8), [0]])))
    for start, stop in zip(edges[::2], edges[1::2]):
        if stop - start >= 2:
            for loss in FORCE_LOSSES:
                out[loss][start:stop] = generator_force(x[start:stop], p_data[start:stop], p_g[start:stop], loss)
    return out


def _push(force, p_g, dx) -> float:
    """E_{p_g}|force| on the grid, over the points where the force is defined."""
    ok = np.isfinite(force)
    mass = float(p_g[ok].sum() * dx)
    return float(np.sum(p_g[ok] * np.abs(force[ok])) * dx / mass) if mass > 0 else float("nan")
