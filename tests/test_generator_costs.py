"""The generator costs and f-divergences of chapter 07a against independent answers: closed forms for
Gaussians, scipy, brute-force maximisation, and torch's autograd through ganlib's own losses."""

import numpy as np
import pytest
import torch
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

import ganlib
from ganlib import losses as L

rng = np.random.default_rng(7)
X = np.linspace(-14.0, 14.0, 28001)
DX = X[1] - X[0]
NAMES = ["kl", "reverse-kl", "js", "gan", "pearson"]


def pmfs(k=9):
    return rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))


# --- f_divergence -----------------------------------------------------------------------------

def test_f_divergence_is_each_named_divergence():
    for _ in range(20):
        p, q = pmfs()
        assert ganlib.f_divergence(p, q, "kl") == pytest.approx(stats.entropy(p, q), rel=1e-12)
        assert ganlib.f_divergence(p, q, "reverse-kl") == pytest.approx(stats.entropy(q, p), rel=1e-12)
        assert ganlib.f_divergence(p, q, "js") == pytest.approx(jensenshannon(p, q) ** 2, rel=1e-10)
        assert ganlib.f_divergence(p, q, "gan") == pytest.approx(ganlib.generator_criterion(p, q), rel=1e-12)
        assert ganlib.f_divergence(p, q, "pearson") == pytest.approx(np.sum((p - q) ** 2 / q), rel=1e-12)


def test_f_divergence_on_a_grid_against_gaussian_closed_forms():
    p, q = stats.norm.pdf(X, 1.0, 1.0), stats.norm.pdf(X, -0.5, 1.5)
    kl = np.log(1.5) + (1.0 + 1.5**2) / (2 * 1.5**2) - 0.5  # KL(N(1, 1) || N(-0.5, 1.5^2))
    assert ganlib.f_divergence(p, q, "kl", dx=DX) == pytest.approx(kl, abs=1e-8)
    # Pearson chi^2 between N(m1, 1) and N(m2, 1) is exp((m1 - m2)^2) - 1
    p, q = stats.norm.pdf(X, 0.7, 1.0), stats.norm.pdf(X, 0.0, 1.0)
    assert ganlib.f_divergence(p, q, "pearson", dx=DX) == pytest.approx(np.expm1(0.49), abs=1e-8)


def test_f_divergence_where_a_support_ends():
    left, right = np.array([0.5, 0.5, 0.0, 0.0]), np.array([0.0, 0.0, 0.5, 0.5])
    assert ganlib.f_divergence(left, right, "js") == pytest.approx(np.log(2), rel=1e-12)
    assert ganlib.f_divergence(left, right, "gan") == 0.0
    assert ganlib.f_divergence(left, right, "kl") == np.inf
    assert ganlib.f_divergence(left, [0.25] * 4, "reverse-kl") == np.inf  # KL(q || p), q > 0 = p
    assert ganlib.f_divergence([0.25] * 4, left, "reverse-kl") == pytest.approx(np.log(2), rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_conjugates_by_brute_force(name):
    g = ganlib.F_GENERATORS[name]
    u = np.linspace(0.0, 60.0, 600001)
    with np.errstate(divide="ignore", invalid="ignore"):
        fu = g.f(u)
    for t in (-3.0, -1.0, -0.2, 0.2, 0.3, 1.0):
        finite = np.isfinite(g.conjugate(t))
        brute = np.nanmax(t * u - fu)
        if finite:
            assert g.conjugate(t) == pytest.approx(brute, abs=1e-6), t
        else:  # outside the domain the supremum grows without bound as u does
            assert brute > 5.0, t


@pytest.mark.parametrize("name", NAMES)
def test_variational_bound_is_tight_at_the_optimal_critic(name):
    g = ganlib.F_GENERATORS[name]
    p, q = pmfs()
    exact = ganlib.f_divergence(p, q, name)

    def bound(t):
        return np.sum(p * t) - np.sum(q * g.conjugate(t))

    t_star = g.critic(p / q)
    assert bound(t_star) == pytest.approx(exact, rel=1e-10)
    for _ in range(20):  # any other critic gives less
        t = t_star + 0.05 * rng.standard_normal(p.size)
        assert bound(t) < exact


def test_the_gan_critic_is_log_d_star():
    p, q = pmfs()
    g = ganlib.F_GENERATORS["gan"]
    assert np.allclose(g.critic(p / q), np.log(ganlib.optimal_discriminator(p, q)), atol=1e-12)


def test_f_divergence_bad_input():
    p, q = pmfs()
    with pytest.raises(ValueError, match="f must be one of"):
        ganlib.f_divergence(p, q, "hellinger")
    with pytest.raises(TypeError, match="f must be"):
        ganlib.f_divergence(p, q, np.log)
    with pytest.raises(ValueError, match="q must"):
        ganlib.f_divergence(p, q * 2, "kl")


# --- the forces on generated samples at D* -------------------------------------------------------

@pytest.mark.parametrize("loss, g_loss", [("minimax", L.g_loss_minimax), ("nonsaturating", L.g_loss_nonsaturating),
                                          ("maximum-likelihood", L.g_loss_maximum_likelihood)])
def test_generator_force_against_autograd_through_ganlib_losses(loss, g_loss):
    # two Gaussians of one variance: the logit of D* is linear, a(x) = (m1 - m0) x - (m1^2 - m0^2) / 2
    m1, m0 = 2.0, -1.0
    x = np.linspace(-4.0, 4.0, 81)
    force = ganlib.generator_force(x, stats.norm.pdf(x, m1), stats.norm.pdf(x, m0), loss)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    logits = ((m1 - m0) * xt - (m1**2 - m0**2) / 2).reshape(-1, 1, 1)  # one sample per "copy"
    (grad,) = torch.autograd.grad(g_loss(logits).sum(), xt)
    assert np.allclose(force, -grad.numpy(), rtol=1e-9, atol=1e-12)


def test_generator_force_bad_input():
    x = np.linspace(-1, 1, 5)
    with pytest.raises(ValueError, match="loss must be one of"):
        ganlib.generator_force(x, np.ones(5), np.ones(5), "lsgan")
    with pytest.raises(TypeError, match="loss must be"):
        ganlib.generator_force(x, np.ones(5), np.ones(5), None)
    with pytest.raises(ValueError, match="positive"):
        ganlib.generator_force(x, np.r_[0.0, np.ones(4)], np.ones(5), "minimax")
    with pytest.raises(ValueError, match="x must be strictly increasing"):
        ganlib.generator_force(x[::-1], np.ones(5), np.ones(5), "minimax")


# --- what each generator cost minimises at D*: gradients in a location family ------------------

def _expected_cost_gradient(g_loss, theta, mu, nodes=80):
    """d/dtheta E_z[g_loss(a(theta + z))] with D* held fixed at theta (p_g = N(theta, 1), p_data = N(mu, 1)),
    the expectation over z ~ N(0, 1) by Gauss-Hermite quadrature, the derivative by torch's autograd."""
    z, w = np.polynomial.hermite_e.hermegauss(nodes)
    z, w = torch.tensor(z), torch.tensor(w / w.sum())
    th = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    x = th + z
    logits = ((mu - theta) * x - (mu**2 - theta**2) / 2).reshape(nodes, 1, 1)  # log p_data / p_g at theta, frozen
    (grad,) = torch.autograd.grad((w * g_loss(logits)).sum(), th)  # one node per "copy", weighted
    return grad.item()


def _divergence_gradient(div, theta, mu, h=1e-4):
    """Central finite difference of div(p_data, N(theta, 1)) on the grid."""
    pd = stats.norm.pdf(X, mu)
    return (div(pd, stats.norm.pdf(X, theta + h)) - div(pd, stats.norm.pdf(X, theta - h))) / (2 * h)


@pytest.mark.parametrize("theta", [-1.0, 0.5, 2.5])
def test_each_cost_follows_its_divergence(theta):
    mu = 1.0

    def js(a, b):
        return ganlib.js_divergence(a, b, dx=DX)

    def kl_g(a, b):
        return ganlib.kl_divergence(b, a, dx=DX)

    # minimax: the gradient of C = -log 4 + 2 JSD
    assert _expected_cost_gradient(L.g_loss_minimax, theta, mu) == pytest.approx(
        2 * _divergence_gradient(js, theta, mu), abs=2e-5)
    # non-saturating: the gradient of KL(p_g || p_data) - 2 JSD (Arjovsky and Bottou 2017, Theorem 2.5)
    assert _expected_cost_gradient(L.g_loss_nonsaturating, theta, mu) == pytest.approx(
        _divergence_gradient(kl_g, theta, mu) - 2 * _divergence_gradient(js, theta, mu), abs=2e-5)
    # maximum likelihood: half the gradient of KL(p_data || p_g) = (theta - mu)^2 / 2
    assert _expected_cost_gradient(L.g_loss_maximum_likelihood, theta, mu) == pytest.approx(
        0.5 * (theta - mu), abs=1e-9)


def test_maximum_likelihood_cost_by_hand():
    a = torch.tensor([[-2.0], [0.0], [1.5]], dtype=torch.float64)
    assert L.g_loss_maximum_likelihood(a).item() == pytest.approx(-0.5 * np.mean(np.exp([-2.0, 0.0, 1.5])), rel=1e-12)
    d = special.expit(a.numpy())  # the same through D: exp(logit(D)) = D / (1 - D)
    assert L.g_loss_maximum_likelihood(a).item() == pytest.approx(-0.5 * np.mean(d / (1 - d)), rel=1e-12)
    per_copy = L.g_loss_maximum_likelihood(torch.zeros(3, 5, 1))
    assert per_copy.shape == (3,) and torch.allclose(per_copy, torch.full((3,), -0.5))
    with pytest.raises(TypeError, match="fake_logits"):
        L.g_loss_maximum_likelihood([0.0, 1.0])
