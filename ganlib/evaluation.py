r"""Sample-based measures of a generator, explained in *Evaluating GANs* (``13_evaluation``).

* :func:`frechet_distance`: the Fréchet (2-Wasserstein) distance between two Gaussians in closed
  form (Dowson & Landau 1982), the idea behind the FID of Heusel et al. (2017);
  :func:`frechet_distance_samples` fits a Gaussian to each of two sample sets first.
* :func:`precision_recall`: the k-nearest-neighbour precision and recall of Kynkäänniemi et al.
  (2019): how much of the generator's output looks real, and how much of the data the generator
  reaches.
* :func:`parzen_log_likelihood`: the Gaussian Parzen-window estimate of a held-out
  log-likelihood used by Goodfellow et al. (2014), kept to show why it misleads (Theis et al. 2016).
* :func:`frechet_distance_infinity`: the Fréchet distance from samples at several sample sizes N,
  extrapolated linearly in 1/N to N -> infinity (Chong & Forsyth 2020), which removes its bias.

Samples are arrays of shape ``(n, dim)``; 1-D samples may also be given as ``(n,)``. Here the
measures act on the data themselves; the FID applies the Fréchet distance to features of an
image network instead.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from scipy import linalg, special
from scipy.spatial import cKDTree

from ._checks import as_array, whole
from .metrics import mean_se

__all__ = [
    "frechet_distance",
    "frechet_distance_samples",
    "PrecisionRecall",
    "precision_recall",
    "parzen_log_likelihood",
    "FrechetExtrapolation",
    "frechet_distance_infinity",
]

#: relative tolerance for the symmetry of a covariance matrix and its smallest eigenvalue
COV_TOL = 1e-8


def _samples(x, name: str) -> np.ndarray:
    """``x`` as a finite float64 array of shape ``(n, dim)``."""
    arr = as_array(x, name, finite=True)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape (n, dim) or (n,), got {arr.shape}")
    return arr


def _gaussian(mu, cov, which: str):
    """Checks one Gaussian's mean ``(d,)`` and covariance ``(d, d)``; numbers are accepted for 1-D."""
    mu = np.atleast_1d(as_array(mu, f"mu{which}", scalar_ok=True))
    cov = as_array(cov, f"cov{which}", scalar_ok=True)
    if cov.ndim == 0:
        cov = cov.reshape(1, 1)
    if mu.ndim != 1:
        raise ValueError(f"mu{which} must be a vector of shape (d,), got shape {mu.shape}")
    if cov.shape != (mu.size, mu.size):
        raise ValueError(f"cov{which} must have shape ({mu.size}, {mu.size}) to match mu{which}, got {cov.shape}")
    if not (np.isfinite(mu).all() and np.isfinite(cov).all()):
        raise ValueError(f"mu{which} and cov{which} must be finite")
    scale = max(np.abs(cov).max(), np.finfo(float).tiny)
    asym = np.abs(cov - cov.T).max()
    if asym > COV_TOL * scale:
        raise ValueError(f"cov{which} must be symmetric, got |cov - cov.T| up to {asym:.3g}")
    cov = 0.5 * (cov + cov.T)
    lowest = np.linalg.eigvalsh(cov).min()
    if lowest < -COV_TOL * scale * mu.size:
        raise ValueError(f"cov{which} must be positive semi-definite, got an eigenvalue {lowest:.3g}")
    return mu, cov


def frechet_distance(mu1, cov1, mu2, cov2) -> float:
    r"""The Fréchet distance between :math:`\mathcal N(\mu_1, \Sigma_1)` and :math:`\mathcal N(\mu_2, \Sigma_2)`:

    .. math::

        d^2 = \|\mu_1 - \mu_2\|^2 + \operatorname{Tr}\left(\Sigma_1 + \Sigma_2 - 2\,(\Sigma_1 \Sigma_2)^{1/2}\right),

    the squared 2-Wasserstein distance between the two Gaussians (Dowson & Landau 1982); the FID
    (Heusel et al. 2017) is this number for Gaussians fitted to network features. In 1-D it is
    :math:`(\mu_1 - \mu_2)^2 + (\sigma_1 - \sigma_2)^2`. Chapter *Evaluating GANs* (``13_evaluation``).

    ``mu``: shape ``(d,)``, ``cov``: shape ``(d, d)``, symmetric positive semi-definite (numbers
    are accepted for ``d = 1``: a mean and a variance). The matrix square root is scipy's
    ``sqrtm`` of :math:`\Sigma_1 \Sigma_2`, whose eigenvalues are real and non-negative; a rounding
    imaginary part is discarded. When the product is singular (sqrtm warns) or the square root
    comes out clearly complex, the trace is taken
    from the eigenvalues of the symmetric matrix
    :math:`\Sigma_1^{1/2} \Sigma_2 \Sigma_1^{1/2}` instead.

    >>> frechet_distance(0.0, 1.0, 3.0, 4.0)  # (0 - 3)^2 + (1 - 2)^2
    10.0
    """
    mu1, cov1 = _gaussian(mu1, cov1, "1")
    mu2, cov2 = _gaussian(mu2, cov2, "2")
    if mu1.size != mu2.size:
        raise ValueError(f"the two Gaussians must have the same dimension, got {mu1.size} and {mu2.size}")
    s = 1.0  # where float64 overflows (cov1 @ cov2 at 1e200), work in units of s: d^2 scales by s^2
    with np.errstate(over="ignore", invalid="ignore"):
        sums = np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2)
        if not (np.isfinite(sums) and np.isfinite(cov1 @ cov2).all()):
            s = max(np.abs(mu1).max(), np.abs(mu2).max(), np.sqrt(np.abs(cov1).max()), np.sqrt(np.abs(cov2).max()))
            mu1, mu2, cov1, cov2 = mu1 / s, mu2 / s, cov1 / s / s, cov2 / s / s
    scale = max(np.trace(cov1), np.trace(cov2), np.finfo(float).tiny)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", linalg.LinAlgWarning)
        root = np.asarray(linalg.sqrtm(cov1 @ cov2))
    # the eigenvalues of cov1 @ cov2 are real and >= 0, so a larger imaginary part is rounding gone wrong
    trouble = caught or not np.isfinite(root).all() or np.abs(np.imag(root)).max() > 1e-6 * scale
    if trouble:
        # a singular or ill-conditioned product: take the trace from the eigenvalues of the symmetric
        # matrix cov1^(1/2) cov2 cov1^(1/2), which shares the eigenvalues of cov1 @ cov2
        w, v = np.linalg.eigh(cov1)
        half = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
        trace_root = np.sum(np.sqrt(np.clip(np.linalg.eigvalsh(half @ cov2 @ half), 0.0, None)))
    else:
        trace_root = np.trace(np.real(root))  # discard the rounding imaginary part
    d2 = np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2.0 * trace_root
    return float(max(d2, 0.0)) * s * s  # a tiny negative value can only be rounding


def frechet_distance_samples(a, b) -> float:
    r"""The Fréchet distance between Gaussians fitted to two sample sets ``a`` ``(n, d)`` and
    ``b`` ``(m, d)``: their sample means and (unbiased) sample covariances put into
    :func:`frechet_distance`. Only the first two moments enter, so two different distributions
    with equal mean and covariance are at distance 0; and the estimate is biased upwards (it is
    positive for two samples of one distribution). Chapter *Evaluating GANs* (``13_evaluation``).
    """
    a, b = _samples(a, "a"), _samples(b, "b")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"a and b must have the same dimension, got {a.shape[1]} and {b.shape[1]}")
    if len(a) < 2 or len(b) < 2:
        raise ValueError(f"each sample set needs at least 2 points for a covariance, got {len(a)} and {len(b)}")
    cov = lambda x: np.atleast_2d(np.cov(x, rowvar=False))
    return frechet_distance(a.mean(0), cov(a), b.mean(0), cov(b))


class PrecisionRecall(NamedTuple):
    """What :func:`precision_recall` returns: two fractions in [0, 1]."""

    precision: float
    recall: float


def _knn_radii(points: np.ndarray, k: int) -> np.ndarray:
    """The distance from each point to its k-th nearest neighbour among the others."""
    dist, _ = cKDTree(points).query(points, k=k + 1)  # column 0 is the point itself
    return dist[:, k]


def _inside_balls(queries: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """For each query point: does it lie in at least one ball ``|x - centre_j| <= radius_j``?"""
    inside = np.zeros(len(queries), dtype=bool)
    # the nearest centre settles most queries at once; the rest are checked against every ball
    dist, idx = cKDTree(centres).query(queries, k=1)
    inside[dist <= radii[idx]] = True
    rest = np.flatnonzero(~inside)
    r2 = radii**2
    chunk = max(1, 2**22 // centres.size)  # about 32 MB of differences at a time
    for start in range(0, rest.size, chunk):
        rows = rest[start:start + chunk]
        q = queries[rows]
        d2 = ((q[:, None, :] - centres[None]) ** 2).sum(-1)  # (chunk, n_centres)
        inside[rows] = (d2 <= r2[None]).any(1)
    return inside


def precision_recall(real, fake, k: int = 3) -> PrecisionRecall:
    r"""The k-nearest-neighbour precision and recall of Kynkäänniemi et al. (2019).

    Around every real sample :math:`r_i` put the ball of radius :math:`\rho_k(r_i)`, the distance to
    its k-th nearest neighbour among the other real samples; their union estimates the support
    of the data. Likewise for the fake samples :math:`f_j`. Then

    .. math::

        \text{precision} = \frac{1}{m} \sum_{j=1}^{m} \mathbb 1\left[\exists i: \|f_j - r_i\| \le \rho_k(r_i)\right],
        \qquad
        \text{recall} = \frac{1}{n} \sum_{i=1}^{n} \mathbb 1\left[\exists j: \|r_i - f_j\| \le \rho_k(f_j)\right]:

    precision is the fraction of generated samples that land on the estimated data support
    (quality), recall the fraction of real samples that land on the estimated support of the
    generator (coverage). Swapping ``real`` and ``fake`` swaps the two numbers. Chapter
    *Evaluating GANs* (``13_evaluation``).

    ``real`` ``(n, d)`` and ``fake`` ``(m, d)``, each with more than ``k`` points; returns a
    :class:`PrecisionRecall` ``(precision, recall)``.

    >>> x = np.arange(10.0)
    >>> precision_recall(x, x)
    PrecisionRecall(precision=1.0, recall=1.0)
    """
    real, fake = _samples(real, "real"), _samples(fake, "fake")
    k = whole(k, "k")
    if real.shape[1] != fake.shape[1]:
        raise ValueError(f"real and fake must have the same dimension, got {real.shape[1]} and {fake.shape[1]}")
    for name, x in (("real", real), ("fake", fake)):
        if len(x) <= k:
            raise ValueError(f"{name} needs more than k={k} samples for k-nearest-neighbour balls, got {len(x)}")
    precision = _inside_balls(fake, real, _knn_radii(real, k)).mean()
    recall = _inside_balls(real, fake, _knn_radii(fake, k)).mean()
    return PrecisionRecall(float(precision), float(recall))


def parzen_log_likelihood(train_samples, test_samples, bandwidth, chunk: int = 512):
    r"""The Parzen-window (Gaussian kernel density) estimate of the mean log-likelihood of
    ``test_samples`` under the distribution that produced ``train_samples``:

    .. math::

        \hat L(h) = \frac{1}{m} \sum_{j=1}^{m} \log \frac{1}{n} \sum_{i=1}^{n}
        \mathcal N\left(y_j;\, x_i,\, h^2 I_d\right),

    with :math:`x_1, \dots, x_n` the ``train_samples`` (for a GAN: its generated samples),
    :math:`y_1, \dots, y_m` the ``test_samples`` (held-out data) and :math:`h` the ``bandwidth``.
    Goodfellow et al. (2014) reported this number with :math:`h` chosen on a validation set; Theis
    et al. (2016) showed that it can rank models wrongly and needs very many samples.
    Chapter *Evaluating GANs* (``13_evaluation``).

    ``bandwidth``: a positive number, or a 1-D array of them (one result per bandwidth, the
    distances computed once). Returns nats per test sample: a float, or an array.
    """
    x, y = _samples(train_samples, "train_samples"), _samples(test_samples, "test_samples")
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"train_samples and test_samples must have the same dimension, got {x.shape[1]} and {y.shape[1]}"
        )
    h = as_array(bandwidth, "bandwidth", scalar_ok=True)
    scalar, h, chunk = h.ndim == 0, np.atleast_1d(h), whole(chunk, "chunk")
    # h**2 must be a positive normal float: 1e-200 would divide by 0, 1e200 overflow to inf
    if h.ndim != 1 or not ((h >= 1e-150) & (h <= 1e150)).all():
        raise ValueError(
            f"bandwidth must be a positive number (from 1e-150 to 1e150) or a 1-D array of them, got {bandwidth!r}"
        )
    n, d = x.shape
    centre = x.mean(0)  # distances do not change; centring keeps |x|^2 - 2 x.y + |y|^2 accurate
    x, y = x - centre, y - centre
    total = np.zeros(h.size)
    x_sq = (x**2).sum(1)
    for start in range(0, len(y), chunk):
        yc = y[start:start + chunk]
        d2 = np.maximum((yc**2).sum(1)[:, None] - 2.0 * yc @ x.T + x_sq[None], 0.0)  # (chunk, n)
        for i, hi in enumerate(h):
            log_k = special.logsumexp(-0.5 * d2 / hi**2, axis=1)  # (chunk,)
            total[i] += np.sum(log_k - np.log(n) - 0.5 * d * np.log(2.0 * np.pi * hi**2))
    out = total / len(y)
    return float(out[0]) if scalar else out


class FrechetExtrapolation(NamedTuple):
    r"""What :func:`frechet_distance_infinity` returns: the fitted line :math:`\mathrm{FD}_N \approx
    \mathrm{FD}_\infty + k / N` (intercept and slope, each with its standard error over the
    repetitions), and the measured distances ``fd`` of shape ``(repeats, len(sizes))``."""

    fd_infinity: float
    fd_infinity_se: float
    slope: float
    slope_se: float
    sizes: np.ndarray
    fd: np.ndarray


def frechet_distance_infinity(real, fake, sizes, repeats: int = 10, seed: int = 0) -> FrechetExtrapolation:
    r"""The Fréchet distance extrapolated to infinitely many generated samples (Chong & Forsyth 2020).

    :math:`\mathrm{FD}_N`, the :func:`frechet_distance_samples` between all of ``real`` ``(n, d)``
    (fixed reference statistics) and ``N`` points of ``fake`` ``(m, d)`` drawn without replacement,
    is biased upwards, and its expectation is close to linear in :math:`1/N`:
    :math:`\mathbb E\,\mathrm{FD}_N \approx \mathrm{FD}_\infty + k/N`, with a slope :math:`k` that
    depends on the generator. For each of ``repeats`` repetitions this draws one subset per size in
    ``sizes`` (each at most ``m``), fits a line in :math:`1/N` by least squares and reads off its
    intercept at :math:`1/N = 0`; the result is the mean intercept and slope over the repetitions,
    with standard errors (sample std with ddof=1 over sqrt(repeats)). The intercept still contains
    the reference's own finite-sample error, which shrinks with ``n``. Chapter *Evaluating GANs*
    (``13_evaluation``).
    """
    real, fake = _samples(real, "real"), _samples(fake, "fake")
    sizes = np.asarray(sizes)
    if sizes.ndim != 1 or sizes.size < 2 or len(np.unique(sizes)) != sizes.size:
        raise ValueError(f"sizes must list at least 2 different sample sizes, got {sizes!r}")
    sizes = np.array([whole(s, "sizes", 2) for s in sizes])
    if sizes.max() > len(fake):
        raise ValueError(f"fake has {len(fake)} points, fewer than the largest size {sizes.max()}")
    repeats, rng = whole(repeats, "repeats", 2), np.random.default_rng(whole(seed, "seed", 0))
    fd = np.array([[frechet_distance_samples(real, fake[rng.choice(len(fake), n, replace=False)]) for n in sizes]
                   for _ in range(repeats)])  # (repeats, len(sizes))
    slope, intercept = np.polyfit(1.0 / sizes, fd.T, 1)  # one line per repetition
    return FrechetExtrapolation(*mean_se(intercept), *mean_se(slope), sizes, fd)
