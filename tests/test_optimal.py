"""The optimal discriminator, V(D, G) and C(G) against independent computations."""

import numpy as np
import pytest
from scipy import optimize, stats
from scipy.spatial.distance import jensenshannon

import ganlib

X = np.linspace(-15, 15, 6001)
DX = X[1] - X[0]
P_DATA = 0.5 * stats.norm.pdf(X, -2, 0.5) + 0.5 * stats.norm.pdf(X, 2, 0.5)
P_G = stats.norm.pdf(X, 0.5, 1.5)


def test_optimal_discriminator_formula_and_edge_cases():
    d = ganlib.optimal_discriminator([0.3, 0.1, 0.0, 0.0], [0.1, 0.1, 0.2, 0.0])
    np.testing.assert_allclose(d, [0.75, 0.5, 0.0, 0.5])
    np.testing.assert_array_equal(ganlib.optimal_discriminator(P_DATA, P_DATA), 0.5)


def test_optimal_discriminator_maximises_each_point():
    # brute force: maximise a log y + b log(1 - y) over y for a few (a, b)
    for a, b in [(0.3, 0.1), (1.0, 2.0), (0.05, 0.9)]:
        res = optimize.minimize_scalar(lambda y: -(a * np.log(y) + b * np.log(1 - y)), bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-10})
        assert ganlib.optimal_discriminator([a], [b])[0] == pytest.approx(res.x, abs=1e-6)


def test_value_function_against_numpy_sum():
    d = 1 / (1 + np.exp(-np.sin(X)))  # some discriminator
    expected = np.sum(P_DATA * np.log(d) + P_G * np.log(1 - d)) * DX
    assert ganlib.value_function(d, P_DATA, P_G, dx=DX) == pytest.approx(expected, rel=1e-6)


def test_half_everywhere_gives_minus_log_4():
    d = np.full_like(X, 0.5)
    assert ganlib.value_function(d, P_DATA, P_G, dx=DX) == pytest.approx(-np.log(4), rel=1e-9)


def test_criterion_is_minus_log4_plus_two_jsd():
    jsd = jensenshannon(P_DATA, P_G) ** 2  # scipy normalises the weights itself
    c = ganlib.generator_criterion(P_DATA, P_G, dx=DX)
    assert c == pytest.approx(-np.log(4) + 2 * jsd, abs=1e-8)
    assert c == pytest.approx(-np.log(4) + 2 * ganlib.js_divergence(P_DATA, P_G, dx=DX), abs=1e-10)


def test_criterion_bounds_and_equality_case():
    assert ganlib.generator_criterion(P_DATA, P_DATA, dx=DX) == pytest.approx(-np.log(4), abs=1e-12)
    rng = np.random.default_rng(1)
    for _ in range(100):
        p, q = rng.random(7), rng.random(7)
        p, q = p / p.sum(), q / q.sum()
        c = ganlib.generator_criterion(p, q)
        assert -np.log(4) - 1e-12 <= c <= 1e-12
        assert c > -np.log(4)  # strictly, since p != q
    # disjoint supports: C(G) = -log 4 + 2 log 2 = 0
    assert ganlib.generator_criterion([0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]) == pytest.approx(0.0, abs=1e-15)


def test_criterion_is_the_max_over_discriminators():
    c = ganlib.generator_criterion(P_DATA, P_G, dx=DX)
    rng = np.random.default_rng(2)
    d_star = ganlib.optimal_discriminator(P_DATA, P_G)
    for _ in range(20):
        d = np.clip(d_star + 0.1 * rng.standard_normal(X.shape), 1e-6, 1 - 1e-6)
        assert ganlib.value_function(d, P_DATA, P_G, dx=DX) < c


def test_value_function_rejects_logits():
    with pytest.raises(ValueError, match=r"in \[0, 1\].*sigmoid"):
        ganlib.value_function([2.0, -1.0], [0.5, 0.5], [0.5, 0.5])


def test_optimal_discriminator_rejects_negative_and_mismatched():
    with pytest.raises(ValueError, match="non-negative"):
        ganlib.optimal_discriminator([-0.1, 1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="same shape"):
        ganlib.optimal_discriminator([0.1, 1.0], [0.5, 0.5, 0.1])


def test_device_is_cpu_or_cuda(monkeypatch):
    import torch

    assert ganlib.device().type == ("cuda" if torch.cuda.is_available() else "cpu")
    monkeypatch.setenv("GANLIB_DEVICE", "cpu")
    assert ganlib.device() == torch.device("cpu")
    monkeypatch.setenv("GANLIB_DEVICE", "not-a-device")
    with pytest.raises(ValueError, match="GANLIB_DEVICE"):
        ganlib.device()


def test_criterion_where_one_density_is_tiny_against_the_other():
    # D* rounds to exactly 1 there; the criterion must stay finite and exact
    p, q = np.array([0.5, 0.5]), np.array([1e-17, 1 - 1e-17])
    expected = sum(a * np.log(a / (a + b)) + b * np.log(b / (a + b)) for a, b in zip(p, q))
    assert ganlib.generator_criterion(p, q) == pytest.approx(expected, rel=1e-12)
    assert ganlib.generator_criterion(p, q) == pytest.approx(-np.log(4) + 2 * jensenshannon(p, q) ** 2, rel=1e-9)
