"""ganlib.divergences against independent answers: scipy, closed forms, brute-force integrals."""

import numpy as np
import pytest
from scipy import integrate, special, stats
from scipy.spatial.distance import jensenshannon

import ganlib

rng = np.random.default_rng(0)


def random_pmf(k, zeros=0):
    p = rng.random(k)
    p[:zeros] = 0
    rng.shuffle(p)
    return p / p.sum()


def gauss(x, mu, sd):
    return stats.norm.pdf(x, mu, sd)


X = np.linspace(-30, 30, 60001)
DX = X[1] - X[0]


# --- discrete distributions against scipy -------------------------------------------------------

@pytest.mark.parametrize("k", [2, 3, 10, 50])
def test_entropy_matches_scipy(k):
    p = random_pmf(k)
    assert ganlib.entropy(p) == pytest.approx(stats.entropy(p), rel=1e-12)
    assert ganlib.entropy(p, base=2) == pytest.approx(stats.entropy(p, base=2), rel=1e-12)


def test_entropy_worked_examples_in_bits():
    # the football matches of chapter 3
    assert ganlib.entropy([0.81, 0.05, 0.14], base=2) == pytest.approx(0.8595, abs=5e-5)
    assert ganlib.entropy([0.36, 0.34, 0.30], base=2) == pytest.approx(1.5809, abs=5e-5)


def test_zero_log_zero_is_zero():
    assert ganlib.entropy([1.0, 0.0]) == 0.0
    assert ganlib.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2))


@pytest.mark.parametrize("k", [2, 5, 40])
def test_kl_and_cross_entropy_match_scipy(k):
    p, q = random_pmf(k), random_pmf(k)
    assert ganlib.kl_divergence(p, q) == pytest.approx(special.rel_entr(p, q).sum(), rel=1e-12)
    assert ganlib.kl_divergence(p, q) == pytest.approx(stats.entropy(p, q), rel=1e-12)
    # cross-entropy = entropy + KL, computed independently
    assert ganlib.cross_entropy(p, q) == pytest.approx(-(p * np.log(q)).sum(), rel=1e-12)
    assert ganlib.cross_entropy(p, q) == pytest.approx(ganlib.entropy(p) + ganlib.kl_divergence(p, q), rel=1e-12)


def test_kl_infinite_where_q_is_zero_and_p_is_not():
    assert ganlib.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert ganlib.cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert ganlib.kl_divergence([1.0, 0.0], [0.5, 0.5]) < np.inf


def test_kl_is_not_symmetric_and_is_non_negative():
    for _ in range(200):
        p, q = random_pmf(6, zeros=1), random_pmf(6)
        assert ganlib.kl_divergence(p, q) >= 0
    p, q = [0.9, 0.1], [0.5, 0.5]
    assert ganlib.kl_divergence(p, q) != pytest.approx(ganlib.kl_divergence(q, p))
    assert ganlib.kl_divergence(p, p) == 0.0


@pytest.mark.parametrize("k", [2, 7, 30])
def test_jsd_matches_scipy_square(k):
    p, q = random_pmf(k, zeros=1), random_pmf(k, zeros=1)
    # scipy's jensenshannon is the square root of the divergence
    assert ganlib.js_divergence(p, q) == pytest.approx(jensenshannon(p, q) ** 2, rel=1e-9)
    assert ganlib.js_divergence(p, q, base=2) == pytest.approx(jensenshannon(p, q, base=2) ** 2, rel=1e-9)


def test_jsd_properties():
    for _ in range(200):
        p, q = random_pmf(8, zeros=2), random_pmf(8, zeros=2)
        jsd = ganlib.js_divergence(p, q)
        assert 0 <= jsd <= np.log(2) + 1e-15
        assert jsd == pytest.approx(ganlib.js_divergence(q, p), rel=1e-12, abs=1e-15)
    assert ganlib.js_divergence([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7]) == pytest.approx(np.log(2), rel=1e-15)
    assert ganlib.js_divergence([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7], base=2) == pytest.approx(1.0, rel=1e-15)
    p = random_pmf(5)
    assert ganlib.js_divergence(p, p) == 0.0


# --- densities on a grid against closed forms and brute-force integrals --------------------------

def test_gaussian_differential_entropy_closed_form():
    for sd in [0.1, 1.0, 3.0]:
        closed = 0.5 * np.log(2 * np.pi * np.e * sd**2)
        assert ganlib.entropy(gauss(X, 0.3, sd), dx=DX) == pytest.approx(closed, abs=1e-6)
    assert ganlib.entropy(gauss(X, 0, 0.1), dx=DX) < 0  # differential entropy can be negative


@pytest.mark.parametrize("m1,s1,m2,s2", [(0, 1, 1, 1), (0, 1, 0, 2), (-1, 0.5, 2, 1.5)])
def test_gaussian_kl_closed_form(m1, s1, m2, s2):
    closed = np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5
    assert ganlib.kl_divergence(gauss(X, m1, s1), gauss(X, m2, s2), dx=DX) == pytest.approx(closed, abs=1e-6)
    ce = 0.5 * np.log(2 * np.pi * s2**2) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2)
    assert ganlib.cross_entropy(gauss(X, m1, s1), gauss(X, m2, s2), dx=DX) == pytest.approx(ce, abs=1e-6)


def test_jsd_of_densities_against_quad():
    p = lambda x: gauss(x, 0, 1)
    q = lambda x: 0.5 * gauss(x, -2, 0.5) + 0.5 * gauss(x, 2, 0.5)
    m = lambda x: 0.5 * (p(x) + q(x))
    f = lambda x: 0.5 * special.rel_entr(p(x), m(x)) + 0.5 * special.rel_entr(q(x), m(x))
    brute, _ = integrate.quad(f, -20, 20, limit=400)
    assert ganlib.js_divergence(p(X), q(X), dx=DX) == pytest.approx(brute, abs=1e-7)


def test_density_that_does_not_integrate_to_one_is_rejected():
    x = np.linspace(-2, 2, 101)  # too narrow for N(0, 1): the grid loses 4.6 % of the mass
    with pytest.raises(ValueError, match="integrate to 1"):
        ganlib.entropy(gauss(x, 0, 1), dx=x[1] - x[0])


# --- Wasserstein-1 -----------------------------------------------------------------------------

def test_wasserstein_samples_match_scipy():
    a, b = rng.normal(size=300), rng.normal(1.0, 2.0, size=517)
    assert ganlib.wasserstein1(a, b) == pytest.approx(stats.wasserstein_distance(a, b), rel=1e-10)


def test_wasserstein_grid_matches_scipy_weights():
    x = np.linspace(-5, 5, 401)
    p, q = gauss(x, -1, 0.7), gauss(x, 1.5, 1.2)
    expected = stats.wasserstein_distance(x, x, p, q)
    assert ganlib.wasserstein1(p, q, x=x) == pytest.approx(expected, rel=1e-10)


def test_wasserstein_shift_of_a_gaussian_is_the_shift():
    # W1 between N(0, 1) and N(theta, 1) is |theta|, while JSD saturates at log 2
    for theta in [0.5, 2.0, 7.0]:
        assert ganlib.wasserstein1(gauss(X, 0, 1), gauss(X, theta, 1), x=X) == pytest.approx(theta, abs=1e-6)
    assert ganlib.wasserstein1([0.0, 0.0], [3.0, 3.0]) == 3.0


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: ganlib.kl_divergence([0.5, 0.6], [0.5, 0.5]), "p must sum to 1, got 1.1"),
        (lambda: ganlib.kl_divergence([1.2, -0.2], [0.5, 0.5]), "p must be non-negative"),
        (lambda: ganlib.js_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), "same shape"),
        (lambda: ganlib.entropy([0.5, np.nan]), "NaN"),
        (lambda: ganlib.entropy([0.5, 0.5], base=1), "base"),
        (lambda: ganlib.entropy([0.5, 0.5], dx=-1), "dx must be a positive"),
        (lambda: ganlib.entropy(0.5), "scalar"),
        (lambda: ganlib.entropy([]), "empty"),
        (lambda: ganlib.wasserstein1([1, 2], [1, 2], x=[0, 0]), "strictly increasing"),
        (lambda: ganlib.wasserstein1([0, 0], [1, 1], x=[0, 1]), "no mass"),
    ],
)
def test_bad_input_raises_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_torch_tensors_are_accepted():
    torch = pytest.importorskip("torch")
    p = torch.tensor([0.25, 0.75])
    assert ganlib.entropy(p) == pytest.approx(stats.entropy([0.25, 0.75]))
