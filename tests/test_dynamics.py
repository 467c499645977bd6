"""ganlib.dynamics (the Dirac-GAN) against independent answers: closed-form Jacobians and eigenvalues,
the closed-form growth of simultaneous steps, scipy's quadrature for instance noise and scipy's ODE
solver for the continuous flow."""

import numpy as np
import pytest
from scipy import integrate, special

import ganlib
from ganlib import dynamics

C = 0.5  # f'(0) for f(t) = -log(1 + e^{-t})
F2 = -0.25  # f''(0)


def closed_form_eigenvalues(gamma=0.0, sigma=0.0, c=C):
    """Eigenvalues of [[0, -c], [c, 2 sigma^2 f''(0) - gamma]]: a/2 +- sqrt(a^2/4 - c^2)."""
    a = 2 * sigma**2 * F2 - gamma
    root = np.sqrt(complex(a**2 / 4 - c**2))
    return np.sort_complex(np.array([a / 2 + root, a / 2 - root]))


def test_f_prime_is_the_derivative_of_f():
    t = np.linspace(-6, 6, 13)
    f = lambda s: -np.logaddexp(0.0, -s)  # -log(1 + e^{-s})
    numeric = (f(t + 1e-6) - f(t - 1e-6)) / 2e-6
    np.testing.assert_allclose(dynamics.f_prime(t), numeric, atol=1e-8)
    assert dynamics.f_prime(0.0) == 0.5 and dynamics.f_prime(3.0, "wgan") == 1.0


def test_field_is_minus_grad_theta_and_grad_psi_of_the_objective():
    rng = np.random.default_rng(0)
    th, ps = rng.normal(size=2)
    L = lambda t, p: -np.logaddexp(0.0, -p * t) - np.log(2)  # f(psi theta) + f(0)
    h = 1e-6
    d_theta = (L(th + h, ps) - L(th - h, ps)) / (2 * h)
    d_psi = (L(th, ps + h) - L(th, ps - h)) / (2 * h)
    v = ganlib.dirac_field(th, ps)
    np.testing.assert_allclose(v, [-d_theta, d_psi], atol=1e-8)
    # R1 subtracts gamma psi from the discriminator's component only
    v_r1 = ganlib.dirac_field(th, ps, gamma=0.7)
    np.testing.assert_allclose(v_r1, [-d_theta, d_psi - 0.7 * ps], atol=1e-8)


def test_unregularised_jacobian_is_a_rotation_with_imaginary_eigenvalues():
    J = ganlib.dirac_jacobian()
    np.testing.assert_allclose(J, [[0, -C], [C, 0]], atol=1e-9)
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(J)), [-0.5j, 0.5j], atol=1e-9)
    np.testing.assert_allclose(ganlib.dirac_jacobian(loss="wgan"), [[0, -1], [1, 0]], atol=1e-9)


@pytest.mark.parametrize("gamma", [0.1, 0.5, 0.99, 1.5, 4.0])
def test_r1_eigenvalues_match_the_closed_form(gamma):
    J = ganlib.dirac_jacobian(gamma=gamma)
    np.testing.assert_allclose(J, [[0, -C], [C, -gamma]], atol=1e-9)
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(J)), closed_form_eigenvalues(gamma=gamma), atol=1e-7)
    assert np.all(np.linalg.eigvals(J).real < 0)


@pytest.mark.parametrize("sigma", [0.3, 1.0, np.sqrt(2.0), 2.0])
def test_instance_noise_eigenvalues_match_the_closed_form(sigma):
    J = ganlib.dirac_jacobian(noise=sigma)
    np.testing.assert_allclose(J, [[0, -C], [C, 2 * sigma**2 * F2]], atol=1e-7)
    if sigma != np.sqrt(2.0):  # a double eigenvalue is too sensitive to compare
        np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(J)), closed_form_eigenvalues(sigma=sigma), atol=1e-6)


def test_instance_noise_field_against_scipy_quad():
    th, ps, sigma = 0.7, -1.3, 0.8
    fp = lambda t: special.expit(-t)
    pdf = lambda e: np.exp(-0.5 * (e / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    v_theta = -integrate.quad(lambda e: ps * fp(ps * (th + e)) * pdf(e), -np.inf, np.inf)[0]
    v_psi = integrate.quad(lambda e: ((th + e) * fp(ps * (th + e)) - e * fp(-ps * e)) * pdf(e), -np.inf, np.inf)[0]
    np.testing.assert_allclose(ganlib.dirac_field(th, ps, noise=sigma), [v_theta, v_psi], atol=1e-10)


def test_field_broadcasts_over_a_grid():
    th, ps = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 1, 3))
    for kw in ({}, {"noise": 0.5}, {"loss": "wgan-gp", "gp_weight": 2.0}):
        v_theta, v_psi = ganlib.dirac_field(th, ps, **kw)
        assert v_theta.shape == v_psi.shape == (3, 5)
        one = ganlib.dirac_field(th[1, 2], ps[1, 2], **kw)
        np.testing.assert_allclose([v_theta[1, 2], v_psi[1, 2]], one, atol=1e-12)


def test_wgan_gp_penalty_gradient():
    # critic objective psi theta - lam (|psi| - 1)^2, differentiated by hand away from psi = 0
    for psi in (-1.7, -0.2, 0.4, 2.5):
        _, v_psi = ganlib.dirac_field(0.3, psi, loss="wgan-gp", gp_weight=3.0)
        assert v_psi == pytest.approx(0.3 - 6.0 * (abs(psi) - 1) * np.sign(psi), abs=1e-12)


def test_simultaneous_steps_grow_the_radius_by_the_closed_form_factor():
    h = 0.1
    path = ganlib.dirac_steps([1.0, 0.0], steps=500, lr=h)
    r = np.hypot(*path.T)
    th, ps = path[:-1].T
    factor = np.sqrt(1 + h**2 * special.expit(-th * ps) ** 2)
    np.testing.assert_allclose(r[1:] / r[:-1], factor, rtol=1e-12)
    assert np.all(np.diff(r) > 0)
    # near the equilibrium the factor is |1 + h lambda| for lambda = +- i/2, the eigenvalues of I + hJ
    eig = np.linalg.eigvals(np.eye(2) + h * ganlib.dirac_jacobian())
    small = ganlib.dirac_steps([1e-4, 0.0], steps=1, lr=h)
    assert np.hypot(*small[1]) / 1e-4 == pytest.approx(abs(eig[0]), rel=1e-8)
    # linear objective (WGAN, no clipping): the factor is exactly sqrt(1 + h^2) at every step
    r_w = np.hypot(*ganlib.dirac_steps([1.0, 0.0], steps=50, lr=h, loss="wgan").T)
    np.testing.assert_allclose(r_w, (1 + h**2) ** (np.arange(51) / 2), rtol=1e-12)


@pytest.mark.parametrize("h, k", [(0.1, 1), (0.5, 1), (0.3, 4), (1.5, 1)])
def test_alternating_step_eigenvalues_match_the_closed_form(h, k):
    # Jacobian of one alternating step at the equilibrium, by central differences of dirac_steps
    eps = 1e-6

    def step(p):
        return ganlib.dirac_steps(p, steps=1, lr=h, method="alternating", d_steps=k)[1]

    M = np.array([(step(e) - step(-e)) / (2 * eps) for e in np.eye(2) * eps]).T
    alpha = np.sqrt(k) * h * C
    b = 1 - alpha**2 / 2
    closed = np.sort_complex(np.array([b + np.sqrt(complex(b**2 - 1)), b - np.sqrt(complex(b**2 - 1))]))
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(M)), closed, atol=1e-6)
    assert np.linalg.det(M) == pytest.approx(1.0, abs=1e-8)
    np.testing.assert_allclose(np.abs(closed), 1.0, atol=1e-12)  # alpha <= 2: on the unit circle


def test_alternating_steps_neither_converge_nor_diverge():
    r = np.hypot(*ganlib.dirac_steps([1.0, 0.0], steps=20000, lr=0.1, method="alternating").T)
    assert 0.99 < r.min() and r.max() < 1.03


def test_flow_matches_scipy_and_keeps_the_radius():
    for kw in ({}, {"gamma": 0.3}, {"noise": 0.7}):
        ours = ganlib.dirac_flow([1.0, 0.5], t_end=10.0, n_steps=2000, **kw)

        def rhs(t, y):
            return np.array(ganlib.dirac_field(y[0], y[1], **kw), dtype=float)

        ref = integrate.solve_ivp(rhs, (0.0, 10.0), [1.0, 0.5], rtol=1e-11, atol=1e-12,
                                  t_eval=np.linspace(0.0, 10.0, 2001))
        np.testing.assert_allclose(ours, ref.y.T, atol=1e-8)
    r = np.hypot(*ganlib.dirac_flow([1.0, 0.5], t_end=50.0, n_steps=5000).T)
    np.testing.assert_allclose(r, np.hypot(1.0, 0.5), atol=1e-9)


def test_r1_flow_converges_and_clipping_bounds_psi():
    end = ganlib.dirac_flow([1.0, 0.0], t_end=60.0, n_steps=3000, gamma=1.0)[-1]
    assert np.hypot(*end) < 1e-6  # decays like t e^{-t/2}
    path = ganlib.dirac_steps([1.0, 0.0], steps=3000, lr=0.1, loss="wgan", clip=0.3)
    assert np.abs(path[:, 1]).max() <= 0.3


@pytest.mark.parametrize("call, error, message", [
    (lambda: ganlib.dirac_field(1.0, "a"), TypeError, r"psi must be a number or an array of numbers"),
    (lambda: ganlib.dirac_field(np.nan, 0.0), ValueError, r"theta is NaN"),
    (lambda: ganlib.dirac_field(np.ones(3), np.ones(2)), ValueError, r"theta and psi must have shapes that broadcast"),
    (lambda: ganlib.dirac_field(0.0, 0.0, loss="lsgan"), ValueError, r"loss must be one of 'minimax', 'wgan', 'wgan-gp', got 'lsgan'"),
    (lambda: ganlib.dirac_field(0.0, 0.0, loss=1), TypeError, r"loss must be one of"),
    (lambda: ganlib.dirac_field(0.0, 0.0, gamma=-1.0), ValueError, r"gamma must be a finite number >= 0, got -1.0"),
    (lambda: ganlib.dirac_field(0.0, 0.0, noise="1"), TypeError, r"noise must be a finite number >= 0"),
    (lambda: ganlib.dirac_jacobian(at=[0.0]), ValueError, r"at must be a point \(theta, psi\) of shape \(2,\)"),
    (lambda: ganlib.dirac_steps([1.0, 0.0], steps=1.5, lr=0.1), ValueError, r"steps must be a whole number >= 0, got 1.5"),
    (lambda: ganlib.dirac_steps([1.0, 0.0], steps=5, lr=0.0), ValueError, r"lr must be a positive finite number, got 0.0"),
    (lambda: ganlib.dirac_steps([1.0, 0.0], steps=5, lr=0.1, method="leapfrog"), ValueError, r"method must be one of 'simultaneous', 'alternating'"),
    (lambda: ganlib.dirac_steps([1.0, 0.0], steps=5, lr=0.1, d_steps=3), ValueError, r"d_steps applies to method='alternating' only"),
    (lambda: ganlib.dirac_steps([1.0, 0.0], steps=5, lr=0.1, clip=-1), ValueError, r"clip must be None or a positive number, got -1"),
    (lambda: ganlib.dirac_flow([1.0, 0.0], t_end=-1.0), ValueError, r"t_end must be a positive finite number"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()
