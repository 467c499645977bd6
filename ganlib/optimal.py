r"""The optimal discriminator and the GAN value function, on a grid or for discrete distributions.

Explained in the chapters *The minimax game* (``05_minimax``), *The optimal discriminator*
(``06_optimal_discriminator``), *The global optimum* (``07_global_optimum``) and *Which divergence
does a GAN minimise?* (``07a_generator_costs``, the forces on generated samples).

With :math:`p_{data}` and :math:`p_g` given as probability vectors (``dx=None``) or as densities on
a uniform grid (``dx=<spacing>``, as in :mod:`ganlib.divergences`):

.. math::

    V(D, G) = \mathbb{E}_{x \sim p_{data}}[\log D(x)] + \mathbb{E}_{x \sim p_g}[\log(1 - D(x))]

    D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)}, \qquad
    C(G) = \max_D V(D, G) = V(D^*, G) = -\log 4 + 2\,JSD(p_{data} \| p_g).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._checks import as_array, as_distribution, check_dx, grid, instance, probabilities, same_shape

__all__ = ["optimal_discriminator", "value_function", "generator_criterion", "generator_force"]


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
    :math:`-\log 4 + 2\,JSD(p_{data} \| p_g)` (an identity in the proof of Goodfellow et al. 2014,
    Theorem 1), so it is at least :math:`-\log 4 \approx -1.386`, with equality exactly when
    :math:`p_g = p_{data}` (the theorem itself).

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


def generator_force(x, p_data, p_g, loss) -> np.ndarray:
    r"""The force on a generated sample at each grid point ``x`` when the discriminator is
    :math:`D^*`: minus the derivative of the generator's per-sample loss, so a gradient step moves a
    sample at :math:`x` by ``lr * force``. With the logit :math:`a(x) = \log(p_{data}(x) / p_g(x))`,
    :math:`D^* = \sigma(a)` and :math:`a' = da/dx` (by finite differences on the grid):

    .. math::

        \text{minimax } \log(1 - D):\; D^* a', \qquad
        \text{nonsaturating } -\log D:\; (1 - D^*)\, a', \qquad
        \text{maximum-likelihood } -\tfrac12 e^{a}:\; \tfrac12 e^{a} a'.

    ``p_data`` and ``p_g`` are positive density values at the increasing points ``x`` (need not be
    normalised). Chapter *Which divergence does a GAN minimise?* (``07a_generator_costs``).

    >>> x = np.linspace(-1.0, 1.0, 5)  # p_data / p_g = e^x: a = x, a' = 1, D* = sigmoid(x)
    >>> generator_force(x, np.exp(x), np.ones(5), "nonsaturating").round(3).tolist()
    [0.731, 0.622, 0.5, 0.378, 0.269]
    """
    x = grid(x, "x")
    a = _values(p_data, "p_data")
    b = _values(p_g, "p_g")
    same_shape(a, b, "p_data", "p_g")
    same_shape(a, x, "p_data", "x")
    if not ((a > 0).all() and (b > 0).all()):
        raise ValueError("p_data and p_g must be positive at every point of x (the logit log(p_data / p_g) must be finite)")
    logit = np.log(a) - np.log(b)
    slope = np.gradient(logit, x)
    forces = {"minimax": lambda: special.expit(logit) * slope,  # D* a'
              "nonsaturating": lambda: special.expit(-logit) * slope,  # (1 - D*) a', without rounding 1 - D*
              "maximum-likelihood": lambda: 0.5 * np.exp(logit) * slope}
    if instance(loss, str, "loss", f"one of {', '.join(map(repr, forces))}") not in forces:
        raise ValueError(f"loss must be one of {', '.join(map(repr, forces))}, got {loss!r}")
    return forces[loss]()
