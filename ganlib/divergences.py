r"""Entropy, cross-entropy and the divergences the book compares.

Every function takes either **probability vectors** (``dx=None``: entries are probabilities that
sum to 1) or **densities sampled on a uniform grid** (``dx=<grid spacing>``: entries are density
values whose Riemann sum ``sum(p) * dx`` is 1 within 1e-3; they are renormalised exactly).
Results are in nats, or in the unit of ``base`` (``base=2`` gives bits).

Conventions, as in Cover & Thomas: :math:`0 \log 0 = 0` and :math:`0 \log (0/q) = 0`;
:math:`p \log (p/0) = +\infty` for :math:`p > 0`, so KL and cross-entropy are ``inf`` where
``q = 0 < p``. The JS divergence is always finite.

Explained in the chapters *Information, entropy, cross-entropy and KL* (``03_information``) and
*KL and JS divergence* (``04_kl_js``); f-divergences in *Which divergence does a GAN
minimise?* (``07a_generator_costs``); the Wasserstein distance in *WGAN and WGAN-GP*.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
from scipy import special
from scipy.special import rel_entr as _rel_entr  # elementwise p log(p/q) with the conventions above

from ._checks import as_array, as_distribution, check_dx, instance, log_base, same_shape

__all__ = ["entropy", "cross_entropy", "kl_divergence", "js_divergence", "wasserstein1", "f_divergence",
           "F_GENERATORS", "FGenerator"]


def _pair(p, q, dx):
    dx = check_dx(dx)
    p = as_distribution(p, "p", dx)
    q = as_distribution(q, "q", dx)
    same_shape(p, q, "p", "q")
    return p, q, (1.0 if dx is None else dx)


def entropy(p, *, dx=None, base=None) -> float:
    r"""Entropy :math:`H(p) = -\sum_x p(x) \log p(x)` (differential entropy
    :math:`-\int p \log p \, dx` when ``dx`` is given).

    >>> round(entropy([0.5, 0.5], base=2), 6)
    1.0
    """
    dx = check_dx(dx)
    p = as_distribution(p, "p", dx)
    w = 1.0 if dx is None else dx
    plogp = -_rel_entr(p, np.ones_like(p))  # -p log p, with 0 log 0 = 0
    return float(plogp.sum() * w / log_base(base))


def cross_entropy(p, q, *, dx=None, base=None) -> float:
    r"""Cross-entropy :math:`H(p, q) = -\sum_x p(x) \log q(x) = H(p) + KL(p \| q)`.

    ``inf`` where some ``q(x) = 0 < p(x)``.

    >>> round(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2), 4)
    1.2075
    """
    p, q, w = _pair(p, q, dx)
    with np.errstate(divide="ignore"):
        terms = np.where(p > 0, -p * np.log(np.where(p > 0, q, 1.0)), 0.0)
    return float(terms.sum() * w / log_base(base))


def kl_divergence(p, q, *, dx=None, base=None) -> float:
    r"""Kullback-Leibler divergence :math:`KL(p \| q) = \sum_x p(x) \log \frac{p(x)}{q(x)}`.

    Non-negative, zero only when ``p == q``, not symmetric, ``inf`` where ``q = 0 < p``.

    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
    0.5108
    """
    p, q, w = _pair(p, q, dx)
    return float(_rel_entr(p, q).sum() * w / log_base(base))


def js_divergence(p, q, *, dx=None, base=None) -> float:
    r"""Jensen-Shannon divergence
    :math:`JSD(p \| q) = \tfrac12 KL(p \| m) + \tfrac12 KL(q \| m)` with :math:`m = \tfrac12 (p + q)`.

    Symmetric, finite, :math:`0 \le JSD \le \log 2`, with ``log 2`` exactly when the supports are
    disjoint. (``scipy.spatial.distance.jensenshannon`` returns its square root.)

    >>> import numpy as np
    >>> bool(np.isclose(js_divergence([1.0, 0.0], [0.0, 1.0]), np.log(2)))
    True
    """
    p, q, w = _pair(p, q, dx)
    m = 0.5 * (p + q)
    return float(0.5 * (_rel_entr(p, m).sum() + _rel_entr(q, m).sum()) * w / log_base(base))


def wasserstein1(p, q, x=None) -> float:
    r"""Earth mover's (Wasserstein-1) distance between two 1-D distributions,
    :math:`W_1(p, q) = \int |F_p(t) - F_q(t)| \, dt`.

    Two forms:

    * ``wasserstein1(p, q, x)``: ``p`` and ``q`` are non-negative weights (probabilities, or
      density values) at the sorted points ``x``; each is normalised to total mass 1.
    * ``wasserstein1(a, b)``: ``a`` and ``b`` are samples (1-D arrays, any lengths); the result is
      the distance between their empirical distributions.

    >>> wasserstein1([0.0, 1.0], [0.0, 1.0], x=[0.0, 1.0])  # p = point mass at 1, q the same
    0.0
    >>> wasserstein1([0.0, 0.0], [3.0, 3.0])                # samples: every point moves 3
    3.0
    """
    p, q = as_array(p, "p", finite=True), as_array(q, "q", finite=True)
    for arr, name in ((p, "p"), (q, "q")):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if x is None:  # samples: integrate |F_a - F_b| over the merged sample points
        a, b = np.sort(p), np.sort(q)
        t = np.concatenate([a, b])
        t.sort()
        fa = np.searchsorted(a, t[:-1], side="right") / a.size
        fb = np.searchsorted(b, t[:-1], side="right") / b.size
        return float(np.sum(np.abs(fa - fb) * np.diff(t)))
    x = as_array(x, "x", finite=True)
    same_shape(p, q, "p", "q")
    same_shape(p, x, "p", "x")
    if np.any(np.diff(x) <= 0):
        raise ValueError("x must be strictly increasing")
    for arr, name in ((p, "p"), (q, "q")):
        if (arr < 0).any():
            raise ValueError(f"{name} must be non-negative weights, got a minimum of {arr.min():.4g}")
        if not (arr > 0).any():
            raise ValueError(f"{name} has no mass: its weights sum to 0")
    cdf_gap = np.cumsum(_unit_mass(p) - _unit_mass(q))[:-1]
    return float(np.sum(np.abs(cdf_gap) * np.diff(x)))


def _unit_mass(w):
    """Weights ``w`` divided by their sum; scaled by their maximum first where the sum overflows."""
    with np.errstate(over="ignore"):
        total = w.sum()
    return w / total if np.isfinite(total) else (w / w.max()) / (w / w.max()).sum()


# --- f-divergences (chapter *Which divergence does a GAN minimise?*, ``07a_generator_costs``) ----

class FGenerator(NamedTuple):
    r"""One row of the f-divergence table: the convex generator :math:`f` (with :math:`f(1) = 0`), its
    Fenchel conjugate :math:`f^*(t) = \sup_u \, [t u - f(u)]` (``inf`` outside its domain), the optimal
    critic :math:`T^*(u) = f'(u)` at the density ratio :math:`u = p/q`, and
    :math:`\lim_{u \to \infty} f(u)/u`, the cost per unit of :math:`p`-mass where :math:`q = 0`."""

    f: Callable
    conjugate: Callable
    critic: Callable
    slope: float


def _conjugate(formula, edge=np.inf):
    """f*(t) = formula(t) for t < edge, +inf from edge on (outside the conjugate's domain)."""
    def conjugate(t):
        t = np.asarray(t, dtype=float)
        inside = t < edge
        return np.where(inside, formula(np.where(inside, t, edge - 1.0)), np.inf)  # no warnings outside
    return conjugate


def _xlogx(u):
    return special.xlogy(u, u)


F_GENERATORS = {
    # KL(p || q) = E_q[(p/q) log(p/q)]
    "kl": FGenerator(_xlogx, _conjugate(lambda t: np.exp(t - 1.0)), lambda u: 1.0 + np.log(u), np.inf),
    # KL(q || p) = E_q[-log(p/q)]
    "reverse-kl": FGenerator(lambda u: -np.log(u), _conjugate(lambda t: -1.0 - np.log(-t), 0.0),
                             lambda u: -1.0 / u, 0.0),
    # JSD(p || q), halved so that it is ganlib's js_divergence
    "js": FGenerator(lambda u: 0.5 * (_xlogx(u) - (u + 1.0) * np.log((u + 1.0) / 2.0)),
                     _conjugate(lambda t: -0.5 * np.log(2.0 - np.exp(2.0 * t)), 0.5 * np.log(2.0)),
                     lambda u: 0.5 * np.log(2.0 * u / (u + 1.0)), 0.5 * np.log(2.0)),
    # the GAN's own: 2 JSD - log 4 = C(G); the optimal critic is log D*
    "gan": FGenerator(lambda u: _xlogx(u) - special.xlogy(u + 1.0, u + 1.0),
                      _conjugate(lambda t: -np.log1p(-np.exp(t)), 0.0), lambda u: np.log(u / (u + 1.0)), 0.0),
    # Pearson chi^2(p || q) = E_q[(p/q - 1)^2]; over u >= 0 the conjugate is -1 below t = -2
    "pearson": FGenerator(lambda u: (u - 1.0) ** 2, lambda t: np.where(np.asarray(t) >= -2.0, np.square(t) / 4.0 + np.asarray(t), -1.0),
                          lambda u: 2.0 * (u - 1.0), np.inf),
}
"""The named generators :func:`f_divergence` accepts (Nowozin et al. 2016, Tables 1 and 2)."""


def f_divergence(p, q, f, *, dx=None) -> float:
    r"""The f-divergence :math:`D_f(p \| q) = \sum_x q(x)\, f\!\left(\frac{p(x)}{q(x)}\right)` (an
    integral when ``dx`` is given), for ``f`` a name in :data:`F_GENERATORS` (``"kl"``,
    ``"reverse-kl"``, ``"js"``, ``"gan"``, ``"pearson"``) or an :class:`FGenerator`.

    Where :math:`q = 0 < p` the term is :math:`p \lim_{u \to \infty} f(u)/u` (``f.slope``); where
    :math:`p = 0 < q` it is :math:`q f(0)`; where both are 0 it is 0.
    Chapter *Which divergence does a GAN minimise?* (``07a_generator_costs``).

    >>> round(f_divergence([0.5, 0.5], [0.9, 0.1], "kl"), 4)   # = kl_divergence
    0.5108
    >>> round(f_divergence([1.0, 0.0], [0.0, 1.0], "gan"), 4)  # disjoint supports: C(G) = 0
    0.0
    """
    if isinstance(f, str):
        if f not in F_GENERATORS:
            raise ValueError(f"f must be one of {', '.join(map(repr, F_GENERATORS))} or an FGenerator, got {f!r}")
        f = F_GENERATORS[f]
    instance(f, FGenerator, "f", "a name in ganlib.F_GENERATORS or an FGenerator")
    p, q, w = _pair(p, q, dx)
    both = (p > 0) & (q > 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(both, p, 1.0) / np.where(both, q, 1.0)
        terms = np.where(both, q * f.f(ratio), 0.0)
        only_p = (p > 0) & (q == 0)
        only_q = (q > 0) & (p == 0)
        terms = terms + np.where(only_p, p * f.slope, 0.0) + np.where(only_q, q * f.f(np.zeros_like(q)), 0.0)
    return float(terms.sum() * w)
