r"""The book's targets: distributions with exact densities that a GAN learns from samples.

* :class:`GaussianMixture1D` (and :func:`gaussian`, :func:`bimodal`): 1-D targets with ``pdf``,
  ``cdf`` and inverse CDF ``icdf``, used from *Sampling from a distribution you know*
  (``01_sampling``) onwards.
* :class:`GaussianMixture2D` (and :func:`ring`, :func:`grid`): the 2-D mode-collapse benchmarks
  of *Mode collapse* (``09_mode_collapse``).
* :func:`digits`: the 8x8 handwritten digits that scikit-learn ships, scaled to [-1, 1], for
  *GANs on images* (``12_images``). No download is ever needed.

Every ``sample(n, generator=None)`` returns a float32 torch tensor of shape ``(n, dim)``, drawn
with ``generator`` (a ``torch.Generator``) when one is given, so runs are reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from scipy import special, stats

from ._checks import as_array, instance, number, positive_int, whole

__all__ = [
    "GaussianMixture1D",
    "GaussianMixture2D",
    "gaussian",
    "bimodal",
    "ring",
    "grid",
    "digits",
]


def _mixture_params(means, stds, weights, dim):
    means = np.atleast_1d(as_array(means, "means" if dim == 1 else "modes", scalar_ok=True, finite=True))
    if dim == 2:
        means = np.atleast_2d(means)
        if means.ndim != 2 or means.shape[-1] != 2:
            raise ValueError(f"modes must have shape (k, 2), got {means.shape}")
    elif means.ndim != 1:
        raise ValueError(f"1-D means must be a list of numbers, got shape {means.shape}")
    k = len(means)
    stds = as_array(stds, "stds" if dim == 1 else "std", scalar_ok=True)
    if stds.shape not in ((), (k,)) or (dim == 2 and stds.ndim):
        raise ValueError(f"stds must be one number or one per component ({k}), got shape {stds.shape}"
                         if dim == 1 else f"std must be one number (the spread of every mode), got shape {stds.shape}")
    stds = np.broadcast_to(stds, (k,)).copy()
    if np.any(~np.isfinite(stds)) or np.any(stds <= 0):
        raise ValueError(f"stds must be positive, got {stds.tolist()}")
    weights = np.full(k, 1.0 / k) if weights is None else as_array(weights, "weights", scalar_ok=True)
    if weights.shape != (k,):
        raise ValueError(f"weights must have one entry per component ({k}), got shape {weights.shape}")
    if (weights < 0).any() or abs(weights.sum() - 1) > 1e-6:
        raise ValueError(f"weights must be non-negative and sum to 1, got {weights.tolist()} (sum {weights.sum():.6g})")
    return means, stds, weights


def _sample_mixture(means, stds, weights, n, generator):
    n = positive_int(n, "n", "a positive whole number of samples")
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got {type(generator).__name__}")
    dev = generator.device if generator is not None else torch.device("cpu")
    w = torch.as_tensor(weights, dtype=torch.float32, device=dev)
    comp = torch.multinomial(w, n, replacement=True, generator=generator)  # (n,)
    mu = torch.as_tensor(means, dtype=torch.float32, device=dev).reshape(len(weights), -1)[comp]  # (n, dim)
    sd = torch.as_tensor(stds, dtype=torch.float32, device=dev)[comp].unsqueeze(1)  # (n, 1)
    return mu + sd * torch.randn(mu.shape, generator=generator, device=dev, dtype=torch.float32)


@dataclass(frozen=True)
class GaussianMixture1D:
    r"""A 1-D mixture of Gaussians :math:`p(x) = \sum_i w_i \, \mathcal{N}(x; \mu_i, \sigma_i^2)`.

    >>> target = GaussianMixture1D(means=[-2.0, 2.0], stds=[0.5, 0.5])
    >>> float(target.cdf(0.0))
    0.5
    """

    means: tuple
    stds: tuple
    weights: tuple | None = None

    dim = 1

    def __post_init__(self):
        m, s, w = _mixture_params(self.means, self.stds, self.weights, 1)
        object.__setattr__(self, "means", tuple(m.tolist()))
        object.__setattr__(self, "stds", tuple(s.tolist()))
        object.__setattr__(self, "weights", tuple(w.tolist()))

    @property
    def modes(self) -> np.ndarray:
        """The component means as points, shape ``(k, 1)``, as 2-D targets give them (for ``mode_coverage``)."""
        return np.array(self.means)[:, None]

    def pdf(self, x) -> np.ndarray:
        """The density at ``x`` (any shape)."""
        x = as_array(x, "x", scalar_ok=True)[..., None]
        return np.sum(np.array(self.weights) * stats.norm.pdf(x, self.means, self.stds), axis=-1)

    def cdf(self, x) -> np.ndarray:
        """The cumulative distribution function :math:`F(x) = P(X \\le x)`."""
        x = as_array(x, "x", scalar_ok=True)[..., None]
        return np.sum(np.array(self.weights) * special.ndtr((x - np.array(self.means)) / np.array(self.stds)), axis=-1)

    def icdf(self, u) -> np.ndarray:
        r"""The inverse CDF :math:`F^{-1}(u)` for ``u`` in (0, 1), found by bisection (a mixture's CDF
        has no closed-form inverse; for one Gaussian it is ``mean + std * ndtri(u)``)."""
        u = as_array(u, "u", scalar_ok=True)
        if (u <= 0).any() or (u >= 1).any():
            raise ValueError(f"u must lie strictly between 0 and 1, got values in [{u.min():.4g}, {u.max():.4g}]")
        if len(self.means) == 1:
            return self.means[0] + self.stds[0] * special.ndtri(u)
        lo = np.full(u.shape, min(m - 40 * s for m, s in zip(self.means, self.stds)))
        hi = np.full(u.shape, max(m + 40 * s for m, s in zip(self.means, self.stds)))
        for _ in range(80):  # 80 halvings: far below float64 resolution
            mid = 0.5 * (lo + hi)
            below = self.cdf(mid) < u
            lo = np.where(below, mid, lo)
            hi = np.where(below, hi, mid)
        return 0.5 * (lo + hi)

    def sample(self, n, generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` samples, shape ``(n, 1)``, drawn by picking a component then adding Gaussian noise."""
        return _sample_mixture(self.means, self.stds, self.weights, n, generator)

    def grid(self, num: int = 801, width: float = 6.0) -> np.ndarray:
        """An evenly spaced grid covering the mixture: every mean +- ``width`` standard deviations."""
        num, width = whole(num, "num", 2), number(width, "width", above=0)
        lo = min(m - width * s for m, s in zip(self.means, self.stds))
        hi = max(m + width * s for m, s in zip(self.means, self.stds))
        return np.linspace(lo, hi, num)


@dataclass(frozen=True)
class GaussianMixture2D:
    r"""A 2-D mixture of isotropic Gaussians with means ``modes`` (shape ``(k, 2)``) and common
    standard deviation ``std``; the benchmarks for mode collapse."""

    modes: tuple
    std: float
    weights: tuple | None = None

    dim = 2

    def __post_init__(self):
        m, s, w = _mixture_params(self.modes, self.std, self.weights, 2)
        object.__setattr__(self, "modes", tuple(map(tuple, m.tolist())))
        object.__setattr__(self, "std", float(s[0]))
        object.__setattr__(self, "weights", tuple(w.tolist()))

    @property
    def means(self) -> np.ndarray:
        """The component means, shape ``(k, 2)`` (the same points as ``modes``)."""
        return np.array(self.modes)

    @property
    def stds(self) -> tuple:
        """One standard deviation per component, as 1-D targets give them (for ``mode_coverage``)."""
        return (self.std,) * len(self.modes)

    def pdf(self, xy) -> np.ndarray:
        """The density at points ``xy`` of shape ``(..., 2)``."""
        xy = as_array(xy, "xy")
        if xy.shape[-1] != 2:
            raise ValueError(f"xy must have shape (..., 2), got {xy.shape}")
        d2 = ((xy[..., None, :] - self.means) ** 2).sum(-1)  # (..., k)
        comp = np.exp(-0.5 * d2 / self.std**2) / (2 * math.pi * self.std**2)
        return comp @ np.array(self.weights)

    def sample(self, n, generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` samples, shape ``(n, 2)``."""
        return _sample_mixture(self.means, np.full(len(self.modes), self.std), self.weights, n, generator)


def gaussian(mean: float = 0.0, std: float = 1.0) -> GaussianMixture1D:
    """A single 1-D Gaussian, as a one-component mixture."""
    return GaussianMixture1D(means=(number(mean, "mean"),), stds=(number(std, "std", what="a positive number"),))


def bimodal(separation: float = 4.0, std: float = 0.5, weight: float = 0.5) -> GaussianMixture1D:
    """The book's bimodal target: two Gaussians at ``-separation/2`` and ``+separation/2`` with
    spread ``std``; ``weight`` is the mass of the right-hand mode."""
    separation, weight = number(separation, "separation", at_least=0), number(weight, "weight", above=0, below=1)
    std = number(std, "std", what="a positive number")  # a number; the mixture checks that it is positive
    return GaussianMixture1D(
        means=(-separation / 2, separation / 2), stds=(std, std), weights=(1 - weight, weight)
    )


def ring(n_modes: int = 8, radius: float = 2.0, std: float = 0.02) -> GaussianMixture2D:
    """``n_modes`` Gaussians evenly spaced on a circle of ``radius`` (the "ring of 8")."""
    n_modes, radius = positive_int(n_modes, "n_modes"), number(radius, "radius", above=0)
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    return GaussianMixture2D(modes=np.stack([radius * np.cos(angles), radius * np.sin(angles)], 1), std=std)


def grid(side: int = 5, spacing: float = 2.0, std: float = 0.02) -> GaussianMixture2D:
    """``side x side`` Gaussians on a square lattice centred at the origin (the "grid of 25")."""
    side, spacing = positive_int(side, "side"), number(spacing, "spacing", above=0)
    ticks = (np.arange(side) - (side - 1) / 2) * spacing
    xs, ys = np.meshgrid(ticks, ticks, indexing="ij")
    return GaussianMixture2D(modes=np.stack([xs.ravel(), ys.ravel()], 1), std=std)


def digits(return_labels: bool = False):
    """The 1,797 8x8 handwritten digits that scikit-learn ships (no download), as a float32 tensor of
    shape ``(1797, 1, 8, 8)`` scaled from the original 0..16 to [-1, 1]; with ``return_labels``, also
    the digit each image shows (an int64 tensor of shape ``(1797,)``), for conditional GANs."""
    from sklearn.datasets import load_digits

    d = load_digits()
    images = torch.from_numpy(d.images.astype(np.float32) / 8.0 - 1.0).unsqueeze(1)  # values 0..16 -> [-1, 1]
    if instance(return_labels, (bool, np.bool_), "return_labels", "True or False"):
        return images, torch.from_numpy(d.target.astype(np.int64))
    return images
