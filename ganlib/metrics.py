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

from ._checks import as_array, grid, number, probabilities, whole
from .divergences import js_divergence
from .optimal import optimal_discriminator

__all__ = ["mode_coverage", "nearest_mode", "mean_se", "wilson_interval", "density_estimate", "js_to_target",
           "w1_to_target", "discriminator_gap"]


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


def _modes(modes, dim=None):
    modes = as_array(modes, "modes", finite=True)
    if modes.ndim != 2:
        raise ValueError(f"modes must have shape (k, dim), got {modes.shape}; a target's .modes has that shape")
    return modes


def nearest_mode(samples, modes):
    """For each sample, the index of its nearest mode and the distance to it: two arrays of shape
    ``(n,)``, or ``(copies, n)`` for samples with a copies axis. ``modes``: shape ``(k, dim)``, e.g.
    ``target.modes``.

    >>> nearest_mode([[0.1], [3.0]], ganlib.bimodal().modes)[0]
    array([1, 1])
    """
    modes = _modes(modes)
    x, single = _per_copy(samples, 1)
    if x.shape[-1] != modes.shape[1]:
        raise ValueError(f"samples have dimension {x.shape[-1]} but the modes have dimension {modes.shape[1]}")
    dist = np.linalg.norm(x[:, :, None, :] - modes[None, None], axis=-1)  # (copies, n, k)
    index, near = dist.argmin(-1), dist.min(-1)  # (copies, n) each
    return (index[0], near[0]) if single else (index, near)


def mode_coverage(samples, modes, std, *, threshold: float = 3.0) -> dict:
    r"""Modes captured, the fraction of high-quality samples, and the reverse KL to uniform mode use.

    ``modes``: the mixture means, shape ``(k, dim)`` (``target.modes``); ``std``: the mixture's standard
    deviation, one number or one per mode (``target.stds``). A sample is high quality when it lies
    within ``threshold`` standard deviations of its nearest mode. Returns a dict with

    * ``modes_captured`` (int): modes that are the nearest mode of at least one high-quality sample;
    * ``high_quality`` (fraction in [0, 1]);
    * ``reverse_kl`` (nats; ``inf`` when no sample is high quality);
    * ``mode_shares`` (shape ``(k,)``): the fraction of all samples that are high quality at each mode;

    each with a leading copies axis when ``samples`` has one (shape ``(copies, n, dim)``).

    >>> target = ganlib.ring(n_modes=4)
    >>> mode_coverage([[2.0, 0.0], [0.0, 2.01], [0.0, 0.0]], target.modes, target.stds)["modes_captured"]
    2
    """
    modes = _modes(modes)
    if np.ndim(std) == 0:
        std = np.full(len(modes), number(std, "std", above=0))
    else:
        std = as_array(std, "std", finite=True)
        if std.shape != (len(modes),) or not (std > 0).all():
            raise ValueError(f"std must be a positive number or one per mode ({len(modes)}), got {std}")
    threshold = number(threshold, "threshold", at_least=0)
    nearest, dist = nearest_mode(samples, modes)
    single = nearest.ndim == 1
    nearest, dist = np.atleast_2d(nearest), np.atleast_2d(dist)
    k = len(modes)
    good = dist <= threshold * std[nearest]  # (copies, n)
    counts = np.stack([np.bincount(near[ok], minlength=k) for near, ok in zip(nearest, good)])  # (copies, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = counts / counts.sum(1, keepdims=True)
        terms = np.where(q > 0, q * np.log(q * k), 0.0)
    out = {
        "modes_captured": (counts > 0).sum(1),
        "high_quality": good.mean(1),
        "reverse_kl": np.where(counts.sum(1) > 0, terms.sum(1), np.inf),
        "mode_shares": counts / nearest.shape[1],
    }
    if single:
        out = {key: (v[0] if key == "mode_shares" else v[0].item()) for key, v in out.items()}
    return out


def mean_se(values, axis: int = 0):
    """The mean and its standard error, the book's error bar: sample standard deviation (``ddof=1``)
    over the square root of the number of values (seeds), along ``axis``.

    >>> mean_se([1.0, 2.0, 3.0])
    (2.0, 0.5773502691896258)
    """
    v = as_array(values, "values", nan_ok=True)
    n = v.shape[axis]
    if n < 2:
        raise ValueError(f"a standard error needs at least two values, got {n}")
    m, se = v.mean(axis), v.std(axis=axis, ddof=1) / np.sqrt(n)
    return (m.item(), se.item()) if m.ndim == 0 else (m, se)


def wilson_interval(k, n, confidence: float = 0.95) -> tuple:
    r"""The Wilson score interval for a rate of ``k`` successes in ``n`` trials (runs), the book's
    interval for fractions of runs:
    :math:`\frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}`.

    >>> [round(v, 3) for v in wilson_interval(0, 10)]
    [0.0, 0.278]
    """
    n = whole(n, "n", 1)
    k = whole(k, "k", 0)
    if k > n:
        raise ValueError(f"k must be at most n={n}, got {k}")
    confidence = number(confidence, "confidence", above=0, below=1)
    z, p = stats.norm.ppf(0.5 + confidence / 2), k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return float(max(centre - half, 0.0)), float(min(centre + half, 1.0))


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
