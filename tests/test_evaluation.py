"""ganlib.evaluation against independent answers: closed forms, quantile integrals, brute force, scipy."""

import doctest

import numpy as np
import pytest
from scipy import integrate, stats
from scipy.optimize import linear_sum_assignment

from ganlib import evaluation as ev

rng = np.random.default_rng(0)


def random_cov(d, rng):
    a = rng.normal(size=(d, d))
    return a @ a.T + 0.1 * np.eye(d)


def brute_precision_recall(real, fake, k):
    """Kynkäänniemi et al.'s definition with a full distance matrix and sorting, no trees."""
    def radii(x):
        d = np.linalg.norm(x[:, None] - x[None], axis=-1)
        return np.sort(d, axis=1)[:, k]  # column 0 is the point itself

    d_fr = np.linalg.norm(fake[:, None] - real[None], axis=-1)  # (m, n)
    precision = (d_fr <= radii(real)[None]).any(1).mean()
    recall = (d_fr.T <= radii(fake)[None]).any(1).mean()
    return precision, recall


# --- the Fréchet distance -----------------------------------------------------------------------

@pytest.mark.parametrize("mu1, s1, mu2, s2", [(0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 3.0, 2.0), (-1.5, 0.3, 2.0, 4.0)])
def test_frechet_1d_closed_form_and_quantile_integral(mu1, s1, mu2, s2):
    expected = (mu1 - mu2) ** 2 + (s1 - s2) ** 2
    got = ev.frechet_distance(mu1, s1**2, mu2, s2**2)
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-12)
    # W2^2 = int_0^1 (F1^-1(u) - F2^-1(u))^2 du, the coupling of quantiles
    w2, _ = integrate.quad(lambda u: (stats.norm.ppf(u, mu1, s1) - stats.norm.ppf(u, mu2, s2)) ** 2, 0, 1, limit=200)
    assert got == pytest.approx(w2, rel=1e-6, abs=1e-9)


def test_frechet_diagonal_covariances_add_up_per_axis():
    mu1, mu2 = rng.normal(size=4), rng.normal(size=4)
    s1, s2 = rng.uniform(0.1, 3, 4), rng.uniform(0.1, 3, 4)
    expected = np.sum((mu1 - mu2) ** 2 + (s1 - s2) ** 2)
    assert ev.frechet_distance(mu1, np.diag(s1**2), mu2, np.diag(s2**2)) == pytest.approx(expected, rel=1e-10)


def test_frechet_general_covariances_symmetric_form_and_symmetry():
    for d in (2, 3, 6):
        c1, c2 = random_cov(d, rng), random_cov(d, rng)
        mu1, mu2 = rng.normal(size=d), rng.normal(size=d)
        # Tr (S1 S2)^1/2 = sum of sqrt of the eigenvalues of S1^1/2 S2 S1^1/2
        w, v = np.linalg.eigh(c1)
        half = v @ np.diag(np.sqrt(w)) @ v.T
        tr = np.sum(np.sqrt(np.linalg.eigvalsh(half @ c2 @ half)))
        expected = np.sum((mu1 - mu2) ** 2) + np.trace(c1) + np.trace(c2) - 2 * tr
        got = ev.frechet_distance(mu1, c1, mu2, c2)
        assert got == pytest.approx(expected, rel=1e-8)
        assert ev.frechet_distance(mu2, c2, mu1, c1) == pytest.approx(got, rel=1e-8)
        assert ev.frechet_distance(mu1, c1, mu1, c1) == pytest.approx(0.0, abs=1e-9 * np.trace(c1))


def test_frechet_matches_optimal_transport_between_samples():
    # the empirical W2^2 between two large samples (an exact assignment) approaches the closed form
    c1 = np.array([[1.0, 0.6], [0.6, 0.8]])
    c2 = np.array([[0.3, -0.2], [-0.2, 1.5]])
    mu1, mu2 = np.zeros(2), np.array([1.0, -0.5])
    n = 800
    a = rng.multivariate_normal(mu1, c1, n)
    b = rng.multivariate_normal(mu2, c2, n)
    cost = ((a[:, None] - b[None]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost)
    w2_emp = cost[rows, cols].mean()
    assert w2_emp == pytest.approx(ev.frechet_distance(mu1, c1, mu2, c2), rel=0.1)


def test_frechet_singular_covariances():
    # point masses: the distance is the squared distance between the points
    assert ev.frechet_distance([0.0, 0.0], np.zeros((2, 2)), [3.0, 4.0], np.zeros((2, 2))) == pytest.approx(25.0)
    # a point mass against N(0, I): Tr(I) = 2
    assert ev.frechet_distance(np.zeros(2), np.zeros((2, 2)), np.zeros(2), np.eye(2)) == pytest.approx(2.0)
    # two lines at right angles: each variance counts fully
    assert ev.frechet_distance(np.zeros(2), np.diag([1.0, 0.0]), np.zeros(2), np.diag([0.0, 4.0])) == pytest.approx(5.0)


def test_frechet_samples_uses_sample_moments():
    a = rng.normal(size=(500, 3)) @ rng.normal(size=(3, 3))
    b = rng.normal(size=(400, 3)) + 1.0
    expected = ev.frechet_distance(a.mean(0), np.cov(a.T), b.mean(0), np.cov(b.T))
    assert ev.frechet_distance_samples(a, b) == pytest.approx(expected, rel=1e-12)
    x = rng.normal(2.0, 3.0, 1000)
    assert ev.frechet_distance_samples(x, x) == pytest.approx(0.0, abs=1e-9)
    assert ev.frechet_distance_samples(x, x + 1.0) == pytest.approx(1.0, rel=1e-9)


def test_frechet_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        ev.frechet_distance(np.zeros(2), np.array([[1.0, 0.5], [0.0, 1.0]]), np.zeros(2), np.eye(2))
    with pytest.raises(ValueError, match="positive semi-definite"):
        ev.frechet_distance(np.zeros(2), np.diag([1.0, -1.0]), np.zeros(2), np.eye(2))
    with pytest.raises(ValueError, match=r"cov2 must have shape \(2, 2\)"):
        ev.frechet_distance(np.zeros(2), np.eye(2), np.zeros(2), np.eye(3))
    with pytest.raises(ValueError, match="same dimension"):
        ev.frechet_distance(np.zeros(2), np.eye(2), np.zeros(3), np.eye(3))
    with pytest.raises(ValueError, match="NaN"):
        ev.frechet_distance(np.zeros(2), np.eye(2), np.array([0.0, np.nan]), np.eye(2))
    with pytest.raises(ValueError, match="same dimension"):
        ev.frechet_distance_samples(np.zeros((5, 2)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="at least 2 points"):
        ev.frechet_distance_samples(np.zeros((1, 2)), np.zeros((5, 2)))


# --- precision and recall -------------------------------------------------------------------------

def ring_modes(k=8, radius=2.0):
    t = 2 * np.pi * np.arange(k) / k
    return radius * np.stack([np.cos(t), np.sin(t)], 1)


def test_precision_recall_identical_and_disjoint():
    x = rng.normal(size=(300, 2))
    assert ev.precision_recall(x, x) == (1.0, 1.0)
    assert ev.precision_recall(x, x + 100.0) == (0.0, 0.0)


@pytest.mark.parametrize("k", [1, 3, 7])
def test_precision_recall_against_brute_force(k):
    real = rng.normal(size=(250, 2))
    fake = 1.5 * rng.normal(size=(200, 2)) + 0.5
    got = ev.precision_recall(real, fake, k=k)
    want = brute_precision_recall(real, fake, k)
    assert got.precision == pytest.approx(want[0], abs=1e-12)
    assert got.recall == pytest.approx(want[1], abs=1e-12)


def test_precision_recall_half_the_modes_and_swap():
    modes = ring_modes()
    real = modes[rng.integers(0, 8, 2000)] + 0.05 * rng.normal(size=(2000, 2))
    fake = modes[2 * rng.integers(0, 4, 2000)] + 0.05 * rng.normal(size=(2000, 2))  # modes 0, 2, 4, 6
    p, r = ev.precision_recall(real, fake)
    assert p > 0.95
    assert r == pytest.approx(0.5, abs=0.05)
    # swapping the roles swaps the numbers
    assert ev.precision_recall(fake, real) == (r, p)


def test_precision_recall_blurred_generator():
    modes = ring_modes()
    real = modes[rng.integers(0, 8, 1000)] + 0.05 * rng.normal(size=(1000, 2))
    fake = 1.5 * rng.normal(size=(1000, 2))  # one wide blob over the whole ring
    p, r = ev.precision_recall(real, fake)
    assert r > 0.9 and p < 0.2


def test_precision_recall_bad_input():
    with pytest.raises(ValueError, match="same dimension"):
        ev.precision_recall(np.zeros((10, 2)), np.zeros((10, 3)))
    with pytest.raises(ValueError, match="more than k=3"):
        ev.precision_recall(np.zeros((3, 2)), np.zeros((10, 2)))
    with pytest.raises(ValueError, match="k must be"):
        ev.precision_recall(np.zeros((10, 2)), np.zeros((10, 2)), k=0)
    with pytest.raises(ValueError, match="inf"):
        ev.precision_recall(np.full((10, 2), np.inf), np.zeros((10, 2)))


# --- the Parzen window ----------------------------------------------------------------------------

def test_parzen_matches_scipy_kde_in_1d():
    x = rng.normal(size=400)
    y = rng.normal(0.5, 1.2, 300)
    for h in (0.05, 0.3, 1.0):
        # gaussian_kde's kernel variance is factor^2 * the sample variance
        kde = stats.gaussian_kde(x, bw_method=h / x.std(ddof=1))
        assert ev.parzen_log_likelihood(x, y, h) == pytest.approx(kde.logpdf(y).mean(), rel=1e-10)


def test_parzen_matches_brute_force_in_2d_and_vector_bandwidths():
    x = rng.normal(size=(150, 2))
    y = rng.normal(size=(120, 2))
    hs = np.array([0.1, 0.4, 2.0])
    got = ev.parzen_log_likelihood(x, y, hs)
    assert got.shape == (3,)
    for h, g in zip(hs, got):
        dens = np.mean([stats.multivariate_normal(xi, h**2 * np.eye(2)).pdf(y) for xi in x], axis=0)
        assert g == pytest.approx(np.log(dens).mean(), rel=1e-10)
        assert ev.parzen_log_likelihood(x, y, h) == pytest.approx(g, rel=1e-12)


def test_parzen_far_points_stay_finite():
    # logsumexp keeps the estimate finite where every kernel underflows
    value = ev.parzen_log_likelihood(np.zeros((5, 1)), np.array([[50.0]]), 0.1)
    assert value == pytest.approx(-0.5 * 50.0**2 / 0.01 - 0.5 * np.log(2 * np.pi * 0.01), rel=1e-12)


def test_parzen_bad_input():
    with pytest.raises(ValueError, match="bandwidth must be a positive"):
        ev.parzen_log_likelihood(np.zeros((5, 1)), np.zeros((5, 1)), 0.0)
    with pytest.raises(ValueError, match="same dimension"):
        ev.parzen_log_likelihood(np.zeros((5, 1)), np.zeros((5, 2)), 1.0)


def test_docstring_examples():
    failures, _ = doctest.testmod(ev, extraglobs={"np": np})
    assert failures == 0


def test_parzen_far_from_the_origin_and_small_bandwidth():
    # a test point on a training point, a million away from the origin: the kernel is at its peak
    x = np.array([[1e6, 1e6], [1e6 + 1.0, 1e6]])
    y = np.array([[1e6, 1e6]])
    h = 1e-3
    expected = np.log(0.5 / (2 * np.pi * h**2))  # the far point contributes exp(-5e5) = 0
    assert ev.parzen_log_likelihood(x, y, h) == pytest.approx(expected, rel=1e-9)
    with pytest.raises(TypeError, match="bandwidth must be a number"):
        ev.parzen_log_likelihood(x, y, "wide")
