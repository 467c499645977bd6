"""ganlib.metrics on hand-made samples, and ganlib.data against closed forms."""
import math

import numpy as np
import pytest
import torch
from scipy import integrate, stats

import ganlib
from ganlib import metrics

RING = ganlib.ring(n_modes=8, radius=2.0, std=0.02)


def on_modes(counts, jitter=0.01, seed=0):
    """counts[i] samples placed within `jitter` of mode i."""
    rng = np.random.default_rng(seed)
    pts = [RING.means[i] + jitter * rng.standard_normal((c, 2)) for i, c in enumerate(counts) if c]
    return np.concatenate(pts)


def test_all_modes_covered_evenly():
    m = ganlib.mode_coverage(on_modes([50] * 8), RING.means, RING.std)
    assert m["modes_captured"] == 8
    assert m["high_quality"] == 1.0
    assert m["reverse_kl"] == pytest.approx(0.0, abs=1e-12)


def test_one_mode():
    m = ganlib.mode_coverage(on_modes([100, 0, 0, 0, 0, 0, 0, 0]), RING.means, RING.std)
    assert m["modes_captured"] == 1
    assert m["reverse_kl"] == pytest.approx(np.log(8))  # KL(point mass || uniform over 8) = log 8


def test_off_mode_samples_are_low_quality_and_capture_nothing():
    far = np.full((40, 2), 0.0)  # the ring's centre: 2 away from every mode, 100 standard deviations
    m = ganlib.mode_coverage(far, RING.means, RING.std)
    assert m["modes_captured"] == 0 and m["high_quality"] == 0.0 and m["reverse_kl"] == np.inf
    mixed = np.concatenate([on_modes([10, 10, 0, 0, 0, 0, 0, 0]), far[:20]])
    m = ganlib.mode_coverage(mixed, RING.means, RING.std)
    assert m["modes_captured"] == 2
    assert m["high_quality"] == pytest.approx(20 / 40)
    assert m["reverse_kl"] == pytest.approx(np.log(4))  # two equally used modes of 8: log(8/2)


def test_three_standard_deviation_threshold():
    just_in = RING.means[:1] + [[2.99 * RING.std, 0.0]]
    just_out = RING.means[:1] + [[3.01 * RING.std, 0.0]]
    assert ganlib.mode_coverage(just_in, RING.means, RING.std)["high_quality"] == 1.0
    assert ganlib.mode_coverage(just_out, RING.means, RING.std)["high_quality"] == 0.0


def test_per_copy_results_and_1d_modes():
    batch = np.stack([on_modes([5] * 8), on_modes([40, 0, 0, 0, 0, 0, 0, 0])])
    m = ganlib.mode_coverage(batch, RING.means, RING.std)
    np.testing.assert_array_equal(m["modes_captured"], [8, 1])
    one_d = np.array([[-2.01], [-1.98], [2.0]])
    assert ganlib.mode_coverage(one_d, [[-2.0], [2.0]], 0.5)["modes_captured"] == 2


def test_mode_coverage_bad_input():
    with pytest.raises(ValueError, match="dimension 3 but the modes have dimension 2"):
        ganlib.mode_coverage(np.zeros((4, 3)), RING.means, RING.std)
    with pytest.raises(ValueError, match="std must be a positive"):
        ganlib.mode_coverage(np.zeros((4, 2)), RING.means, 0.0)


def test_w1_to_target_against_scipy():
    target = ganlib.bimodal()
    samples = target.sample(3000, generator=torch.Generator().manual_seed(1)).numpy()
    big = target.sample(400000, generator=torch.Generator().manual_seed(2)).numpy()
    assert metrics.w1_to_target(samples, target) == pytest.approx(stats.wasserstein_distance(samples[:, 0], big[:, 0]), abs=0.01)
    # all samples at 2: E|X - 2| = 0.5 * E|N(0, 0.5^2)| + 0.5 * 4 (half the mass moves across)
    assert metrics.w1_to_target(np.full((100, 1), 2.0), target) == pytest.approx(0.5 * 0.5 * np.sqrt(2 / np.pi) + 2.0, abs=1e-3)


def test_js_to_target_small_for_target_samples_and_log2_for_a_far_spike():
    target = ganlib.bimodal()
    good = target.sample(5000, generator=torch.Generator().manual_seed(0)).numpy()
    assert metrics.js_to_target(good, target) < 0.01
    x = np.linspace(-10, 10, 2001)
    assert metrics.js_to_target(np.full((50, 1), 9.0), target, x) == pytest.approx(np.log(2), abs=1e-6)


def test_density_estimate_integrates_to_one():
    s = np.random.default_rng(0).normal(size=(2, 500, 1))
    x = np.linspace(-8, 8, 1601)
    est = metrics.density_estimate(s, x)
    assert est.shape == (2, 1601)
    np.testing.assert_allclose(est.sum(1) * (x[1] - x[0]), 1.0, atol=1e-4)


def test_discriminator_gap():
    x = np.linspace(-5, 5, 1001)
    p, q = stats.norm.pdf(x, -1, 1), stats.norm.pdf(x, 1, 1)
    d_star = p / (p + q)
    assert metrics.discriminator_gap(d_star, p, q) == 0.0
    assert metrics.discriminator_gap(np.clip(d_star + 0.1, 0, 1), p, q) == pytest.approx(0.1, abs=1e-9)


# --- the targets --------------------------------------------------------------------------------

def test_mixture_density_cdf_and_inverse():
    t = ganlib.GaussianMixture1D(means=(-1.0, 3.0), stds=(0.5, 1.5), weights=(0.3, 0.7))
    total, _ = integrate.quad(lambda v: t.pdf(v), -20, 20, limit=200)
    assert total == pytest.approx(1.0, abs=1e-9)
    for v in [-2.0, 0.0, 1.7, 5.0]:
        assert t.cdf(v) == pytest.approx(integrate.quad(lambda u: t.pdf(u), -30, v, limit=200)[0], abs=1e-9)
    u = np.array([1e-6, 0.1, 0.5, 0.93, 1 - 1e-6])
    np.testing.assert_allclose(t.cdf(t.icdf(u)), u, atol=1e-12)
    g = ganlib.gaussian(1.0, 2.0)
    np.testing.assert_allclose(g.icdf(u), stats.norm.ppf(u, 1.0, 2.0), rtol=1e-10)


def test_samplers_match_their_densities():
    gen = torch.Generator().manual_seed(0)
    t = ganlib.bimodal(separation=4.0, std=0.5, weight=0.3)
    s = t.sample(20000, generator=gen).numpy()[:, 0]
    assert stats.kstest(s, t.cdf).pvalue > 0.001
    assert (s > 0).mean() == pytest.approx(0.3, abs=0.02)
    pts = RING.sample(8000, generator=gen).numpy()
    nearest = np.linalg.norm(pts[:, None] - RING.means[None], axis=-1).argmin(1)
    assert np.bincount(nearest, minlength=8).min() > 800
    assert (pts - RING.means[nearest]).std() == pytest.approx(RING.std, rel=0.05)


def test_ring_grid_and_digits():
    np.testing.assert_allclose(np.linalg.norm(ganlib.ring(8, 2.0).means, axis=1), 2.0)
    g = ganlib.grid(5, 2.0)
    assert g.means.shape == (25, 2) and set(np.unique(g.means)) == {-4.0, -2.0, 0.0, 2.0, 4.0}
    d = ganlib.digits()
    assert d.shape == (1797, 1, 8, 8) and d.dtype == torch.float32
    assert d.min().item() == -1.0 and d.max().item() == 1.0


def test_target_bad_input():
    with pytest.raises(ValueError, match="weights must be non-negative and sum to 1"):
        ganlib.GaussianMixture1D(means=(0.0, 1.0), stds=(1.0, 1.0), weights=(0.5, 0.6))
    with pytest.raises(ValueError, match="stds must be positive"):
        ganlib.gaussian(0.0, -1.0)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        ganlib.bimodal().icdf([0.0, 0.5])
    with pytest.raises(ValueError, match="positive whole number of samples"):
        ganlib.bimodal().sample(0)


# -- one vocabulary for 1-D and 2-D targets; the book's error bars ------------------------------


def test_targets_give_modes_and_stds_the_same_way():
    one, two = ganlib.bimodal(separation=4.0, std=0.5), ganlib.ring(n_modes=8, std=0.02)
    assert np.shape(one.modes) == (2, 1) and np.shape(two.modes) == (8, 2)
    np.testing.assert_array_equal(np.asarray(one.modes)[:, 0], [-2.0, 2.0])
    assert one.stds == (0.5, 0.5) and two.stds == (0.02,) * 8
    x = one.sample(4000, generator=torch.Generator().manual_seed(0))
    cov = ganlib.mode_coverage(x, one.modes, one.stds)
    # brute force: the share of samples within 3 std of each mode (the modes are 8 std apart)
    by_hand = (np.abs(x.numpy() - np.array([-2.0, 2.0])) <= 1.5).mean(0)
    np.testing.assert_allclose(cov["mode_shares"], by_hand)
    assert cov["modes_captured"] == 2 and cov["high_quality"] == pytest.approx(by_hand.sum())


def test_nearest_mode_and_shares_per_copy_against_a_loop():
    rng = np.random.default_rng(1)
    target = ganlib.grid(side=3, spacing=1.0, std=0.1)
    x = rng.normal(0, 1.2, size=(3, 200, 2))
    index, dist = ganlib.nearest_mode(x, target.modes)
    cov = ganlib.mode_coverage(x, target.modes, target.stds)
    modes = np.asarray(target.modes)
    for c in range(3):
        for i in range(200):
            d = [math.dist(x[c, i], m) for m in modes]
            assert index[c, i] == int(np.argmin(d)) and dist[c, i] == pytest.approx(min(d))
        good = dist[c] <= 0.3
        np.testing.assert_allclose(cov["mode_shares"][c], [np.mean(good & (index[c] == j)) for j in range(9)])


def test_per_mode_stds():
    modes = np.array([[0.0], [10.0]])
    x = np.array([[0.5], [10.5]])  # 0.5 away from each mode
    assert ganlib.mode_coverage(x, modes, [0.1, 1.0])["modes_captured"] == 1  # only the wide mode
    assert ganlib.mode_coverage(x, modes, [1.0, 1.0])["modes_captured"] == 2


def test_mean_se_and_wilson_against_scipy():
    v = np.random.default_rng(2).normal(size=(7, 3))
    m, se = ganlib.mean_se(v)
    np.testing.assert_allclose(m, v.mean(0))
    np.testing.assert_allclose(se, stats.sem(v, axis=0))
    for k, n in [(0, 10), (3, 10), (10, 10), (26, 32), (1, 1)]:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        np.testing.assert_allclose(ganlib.wilson_interval(k, n), (ci.low, ci.high), atol=1e-12)
    ci = stats.binomtest(5, 20).proportion_ci(confidence_level=0.9, method="wilson")
    np.testing.assert_allclose(ganlib.wilson_interval(5, 20, confidence=0.9), (ci.low, ci.high), atol=1e-12)
