r"""Measuring a trained GAN against a target whose density is known.

* :func:`mode_coverage`: the standard measures on 2-D mixtures (Srivastava et al. 2017; Lin et al.
  2018): a sample is *high quality* when it lies within 3 standard deviations of its nearest mode;
  a mode is *captured* when at least one high-quality sample has it as nearest mode; the *reverse
  KL* is :math:`KL(\hat q \| u)` between the histogram :math:`\hat q` of the high-quality samples over
  the modes and the uniform distribution :math:`u` over the modes. Chapter *Mode collapse*
  (``09_mode_collapse``).
* :func:`density_estimate`, :func:`js_to_target`, :func:`w1_to_target`: for 1-D targets, the JSD
  between a kernel density estimate of the samples and the target density, and the Wasserstein-1
  distance :math:`\int |F_n - F|`. Chapter *Training a GAN in one dimension* (``08_training_1d``).
* :func:`discriminator_gap`: the largest :math:`|D - D^*|` where the densities are not negligible.

Functions that take samples accept one set ``(n, dim)`` or one per copy ``(copies, n, dim)``, and
return a number or one number per copy.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ._checks import as_array, grid, number, probabilities
from .divergences import js_divergence
from .optimal import optimal_discriminator

__all__ = ["mode_coverage", "density_estimate", "js_to_target", "w1_to_target", "discriminator_gap"]


def _per_copy(samples, event_dims):
    x = as_array(samples, "samples", finite=True)
    if x.ndim == event_dims:  # 1-D samples given as (n,)
        x = x[..., None]
    if x.ndim == event_dims + 1:
        return x[None], True
    if x.ndim == event_dims + 2:
        return x, False
    raise ValueError(f"samples must have shape (n, dim) or (copies, n, dim), got {x.shape}")


def _samples_1d(samples, func):
    s, single = _per_copy(samples, 1)
    if s.shape[-1] != 1:
        raise ValueError(f"{func} takes 1-D samples, shape (n,), (n, 1) or (copies, n, 1), got {np.shape(samples)}")
    return s, single


def _target_1d(target, func):
    """Checks that ``target`` is a 1-D target such as ``ganlib.bimodal()``."""
    if getattr(target, "dim", None) == 2:
        raise ValueError(f"{func} takes a 1-D target such as ganlib.bimodal(), got a 2-D {type(target).__name__}; "
                         "for 2-D targets use mode_coverage")
    if getattr(target, "dim", None) != 1 or not all(hasattr(target, a) for a in ("pdf", "cdf", "icdf", "grid")):
        raise TypeError(f"target must be a 1-D ganlib target such as ganlib.bimodal(), got {type(target).__name__}")


def mode_coverage(samples, modes, std, *, threshold: float = 3.0) -> dict:
    r"""Modes captured, the fraction of high-quality samples, and the reverse KL to uniform mode use.

    ``modes``: the mixture means, shape ``(k, dim)``; ``std``: the mixture's standard deviation.
    Returns a dict with ``modes_captured`` (int), ``high_quality`` (fraction in [0, 1]) and
    ``reverse_kl`` (nats; ``inf`` when no sample is high quality), each an array over copies when
    ``samples`` has a copies axis.

    >>> modes = np.array([[0.0, 0.0], [10.0, 0.0]])
    >>> mode_coverage([[0.01, 0.0], [9.99, 0.0]], modes, std=0.1)["modes_captured"]
    2
    """
    modes = as_array(modes, "modes", finite=True)
    if modes.ndim != 2:
        raise ValueError(f"modes must have shape (k, dim), got {modes.shape}")
    std, threshold = number(std, "std", above=0), number(threshold, "threshold", at_least=0)
    x, single = _per_copy(samples, 1)
    if x.shape[-1] != modes.shape[1]:
        raise ValueError(f"samples have dimension {x.shape[-1]} but the modes have dimension {modes.shape[1]}")
    k = len(modes)
    dist = np.linalg.norm(x[:, :, None, :] - modes[None, None], axis=-1)  # (copies, n, k)
    nearest = dist.argmin(-1)  # (copies, n)
    good = dist.min(-1) <= threshold * std  # (copies, n)
    captured, quality, rkl = [], [], []
    for near, ok in zip(nearest, good):
        counts = np.bincount(near[ok], minlength=k)
        captured.append(int((counts > 0).sum()))
        quality.append(float(ok.mean()))
        if counts.sum() == 0:
            rkl.append(np.inf)
        else:
            q = counts / counts.sum()
            nz = q > 0
            rkl.append(float(np.sum(q[nz] * np.log(q[nz] * k))))
    out = {"modes_captured": np.array(captured), "high_quality": np.array(quality), "reverse_kl": np.array(rkl)}
    return {key: v[0].item() for key, v in out.items()} if single else out


def density_estimate(samples, x, *, bandwidth=None) -> np.ndarray:
    """A Gaussian kernel density estimate of 1-D ``samples`` evaluated on the grid ``x`` (1-D,
    increasing, at least 2 points), with scipy's ``gaussian_kde`` (``bandwidth`` as its
    ``bw_method``: 'scott', 'silverman', a function or a positive number). The default is a quarter of
    Scott's rule: Scott's rule assumes one Gaussian bump and oversmooths the book's multimodal
    targets (for 2,000 exact samples of ``bimodal()`` the JSD to the target is 0.021 with Scott's
    rule and 0.001 with a quarter of it). Shape ``(len(x),)`` or ``(copies, len(x))``."""
    s, single = _samples_1d(samples, "density_estimate")
    x = grid(x)
    if not (bandwidth is None or callable(bandwidth) or isinstance(bandwidth, str) and bandwidth in ("scott", "silverman")):
        bandwidth = number(bandwidth, "bandwidth", above=0, what="'scott', 'silverman', a function or a positive number")
    out = []
    for one in s[..., 0]:
        if np.ptp(one) == 0:  # every sample at one point: a spike narrower than any grid
            dens = np.zeros_like(x)
            dens[np.abs(x - one[0]).argmin()] = 1.0 / (x[1] - x[0])
            out.append(dens)
        else:
            kde = stats.gaussian_kde(one, bw_method=bandwidth)
            if bandwidth is None:
                kde.set_bandwidth(kde.factor / 4)
            out.append(kde(x))
    out = np.array(out)
    return out[0] if single else out


def js_to_target(samples, target, x=None) -> float | np.ndarray:
    """The JSD (nats) between the target's density and a kernel density estimate of 1-D
    ``samples``, on the uniform grid ``x`` (default ``target.grid()``)."""
    _target_1d(target, "js_to_target")
    s, single = _samples_1d(samples, "js_to_target")
    x = target.grid() if x is None else grid(x, uniform=True)
    dx = x[1] - x[0]
    p = target.pdf(x)
    if not p.sum() > 0:
        raise ValueError(f"the target has no mass on x (from {x[0]:.4g} to {x[-1]:.4g}); the grid must cover it")
    qs = density_estimate(s, x)
    if not (qs.sum(-1) > 0).all():
        raise ValueError("the samples' density estimate has no mass on x; the grid must cover the samples")
    vals = np.array([js_divergence(p / (p.sum() * dx), q / (q.sum() * dx), dx=dx) for q in qs])
    return vals[0].item() if single else vals


def w1_to_target(samples, target) -> float | np.ndarray:
    r"""The Wasserstein-1 distance :math:`\int |F_n(t) - F(t)| \, dt` between the empirical
    distribution of 1-D ``samples`` and a 1-D target with a ``cdf``, integrated exactly between
    sample points with a fine quadrature of the target's CDF."""
    _target_1d(target, "w1_to_target")
    s, single = _samples_1d(samples, "w1_to_target")
    out = []
    for one in s[..., 0]:
        lo = min(one.min(), target.icdf(1e-9).item())
        hi = max(one.max(), target.icdf(1 - 1e-9).item())
        t = np.linspace(lo, hi, 20001)
        f_n = np.searchsorted(np.sort(one), t, side="right") / one.size
        gap = np.abs(f_n - target.cdf(t))
        out.append(float(np.sum(0.5 * (gap[1:] + gap[:-1]) * np.diff(t))))
    return out[0] if single else np.array(out)


def discriminator_gap(d, p_data, p_g, *, relative_floor: float = 1e-2) -> float:
    r"""The largest :math:`|D(x) - D^*(x)|` over the grid points where
    :math:`p_{data}(x) + p_g(x)` exceeds ``relative_floor`` times its maximum (elsewhere D is
    unconstrained by the data and its value does not matter)."""
    d = probabilities(d, "d")
    relative_floor = number(relative_floor, "relative_floor", at_least=0, below=1)
    d_star = optimal_discriminator(p_data, p_g)
    if d.shape != d_star.shape:
        raise ValueError(f"d and the densities must have the same shape, got {d.shape} and {d_star.shape}")
    mass = as_array(p_data, "p_data") + as_array(p_g, "p_g")
    region = mass > relative_floor * mass.max()
    if not region.any():
        raise ValueError("p_data + p_g is 0 everywhere: there is no region where D is constrained")
    return float(np.max(np.abs(d - d_star)[region]))
