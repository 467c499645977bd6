r"""The optimal discriminator and the GAN value function, on a grid or for discrete distributions.

Explained in the chapters *The minimax game* (``05_minimax``), *The optimal discriminator*
(``06_optimal_discriminator``) and *The global optimum* (``07_global_optimum``).

With :math:`p_{data}` and :math:`p_g` given as probability vectors (``dx=None``) or as densities on
a uniform grid (``dx=<spacing>``, as in :mod:`ganlib.divergences`):

.. math::

    V(D, G) = \mathbb{E}_{x \sim p_{data}}[\log D(x)] + \mathbb{E}_{x \sim p_g}[\log(1 - D(x))]

    D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)}, \qquad
    C(G) = \max_D V(D, G) = V(D^*, G) = -\log 4 + 2\,JSD(p_{data} \| p_g).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_distribution, check_dx, probabilities, same_shape

__all__ = ["optimal_discriminator", "value_function", "generator_criterion"]


def _values(p, name):
    arr = as_array(p, name, finite=True)
    if (arr < 0).any():
        raise ValueError(f"{name} must hold finite, non-negative density values")
    return arr


def optimal_discriminator(p_data, p_g) -> np.ndarray:
    r"""The discriminator that maximises :math:`V(D, G)` for a fixed generator, pointwise:
    :math:`D^*(x) = p_{data}(x) / (p_{data}(x) + p_g(x))`.

    Takes density (or probability) values at the same points; they need not be normalised. Where
    both are 0 the value of :math:`D` does not change :math:`V`, and this function returns 1/2
    (no evidence either way). Where :math:`p_{data} = p_g` it is exactly 1/2.

    >>> optimal_discriminator([1.5, 0.1, 0.0], [0.5, 0.1, 0.0]).tolist()
    [0.75, 0.5, 0.5]
    """
    a = _values(p_data, "p_data")
    b = _values(p_g, "p_g")
    same_shape(a, b, "p_data", "p_g")
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        total = a + b
        d = np.where(total > 0, a / np.where(total > 0, total, 1.0), 0.5)
    big = np.isinf(total)  # p_data + p_g overflows: halve both (exact), so that the sum fits
    d[big] = 0.5 * a[big] / (0.5 * a[big] + 0.5 * b[big])
    return d


def _xlogy(x, y):
    """x * log(y) with 0 * log(anything) = 0 (also for y = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, y, 1.0)), 0.0)


def value_function(d, p_data, p_g, *, dx=None) -> float:
    r"""The GAN value function for a discriminator given by its outputs ``d`` (probabilities in
    [0, 1]) at the grid points:

    .. math::  V(D, G) = \sum_x p_{data}(x) \log D(x) + p_g(x) \log(1 - D(x))  \quad (\times dx)

    Terms with zero weight count as 0, so ``d = 0`` is allowed where ``p_data = 0``; elsewhere it
    gives ``-inf``. The maximum over ``d`` is :func:`generator_criterion`.

    >>> round(value_function([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]), 4)  # = -log 4
    -1.3863
    """
    dx = check_dx(dx)
    pd = as_distribution(p_data, "p_data", dx)
    pg = as_distribution(p_g, "p_g", dx)
    same_shape(pd, pg, "p_data", "p_g")
    d = probabilities(d, "d")
    same_shape(d, pd, "d", "p_data")
    w = 1.0 if dx is None else dx
    return float((_xlogy(pd, d) + _xlogy(pg, 1.0 - d)).sum() * w)


def generator_criterion(p_data, p_g, *, dx=None) -> float:
    r"""The generator's criterion :math:`C(G) = \max_D V(D, G) = V(D^*, G)`, which equals
    :math:`-\log 4 + 2\,JSD(p_{data} \| p_g)` (Goodfellow et al. 2014, Theorem 1): at least
    :math:`-\log 4 \approx -1.386`, with equality exactly when :math:`p_g = p_{data}`.

    Computed from :math:`V(D^*, G)` directly, not from the JSD, so the two can be checked against
    each other.

    >>> round(generator_criterion([0.2, 0.8], [0.2, 0.8]), 4)
    -1.3863
    """
    dx = check_dx(dx)
    pd = as_distribution(p_data, "p_data", dx)
    pg = as_distribution(p_g, "p_g", dx)
    same_shape(pd, pg, "p_data", "p_g")
    # V(D*, G) with log D* = log(p_data / (p_data + p_g)) and log(1 - D*) = log(p_g / (p_data + p_g))
    # taken from the densities, not from the rounded D* (which is exactly 1 where p_g << p_data)
    total = np.where(pd + pg > 0, pd + pg, 1.0)
    w = 1.0 if dx is None else dx
    return float((_xlogy(pd, pd / total) + _xlogy(pg, pg / total)).sum() * w)
