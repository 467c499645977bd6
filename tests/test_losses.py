"""Each loss against its formula computed by hand on a tiny batch."""

import math

import pytest
import torch

import ganlib
from ganlib import losses as L

REAL = torch.tensor([[[2.0], [-1.0], [0.5]], [[0.0], [3.0], [-2.0]]])  # (copies=2, batch=3, 1) logits
FAKE = torch.tensor([[[-0.5], [1.0], [-3.0]], [[1.5], [0.2], [0.0]]])
sig = lambda a: 1 / (1 + math.exp(-a))


def by_hand(f, *tensors):
    """Applies the scalar formula f to each copy's batch and averages, in plain Python."""
    out = []
    for copy in zip(*[t[:, :, 0].tolist() for t in tensors]):
        vals = [f(*args) for args in zip(*copy)]
        out.append(sum(vals) / len(vals))
    return torch.tensor(out)


def close(a, b):
    torch.testing.assert_close(a, b, rtol=1e-6, atol=1e-6)


def test_discriminator_loss_is_minus_value_function():
    expected = by_hand(lambda r: -math.log(sig(r)), REAL) + by_hand(lambda f: -math.log(1 - sig(f)), FAKE)
    close(L.d_loss_gan(REAL, FAKE), expected)
    # it is the binary cross-entropy with labels 1 for real and 0 for fake
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    close(L.d_loss_gan(REAL[0], FAKE[0]), bce(REAL[0], torch.ones(3, 1)) + bce(FAKE[0], torch.zeros(3, 1)))


def test_generator_losses():
    close(L.g_loss_minimax(FAKE), by_hand(lambda f: math.log(1 - sig(f)), FAKE))
    close(L.g_loss_nonsaturating(FAKE), by_hand(lambda f: -math.log(sig(f)), FAKE))


def test_saturating_gradient_vanishes_where_nonsaturating_does_not():
    a = torch.tensor([[-8.0]], requires_grad=True)  # D(G(z)) = sigmoid(-8) ~ 3e-4: a confident D
    (g_sat,) = torch.autograd.grad(L.g_loss_minimax(a), a)
    (g_ns,) = torch.autograd.grad(L.g_loss_nonsaturating(a), a)
    d = sig(-8.0)
    assert g_sat.item() == pytest.approx(-d, rel=1e-5)  # d/da log(1 - sigmoid(a)) = -D
    assert g_ns.item() == pytest.approx(-(1 - d), rel=1e-5)  # d/da -log sigmoid(a) = -(1 - D)
    assert abs(g_ns.item()) > 1000 * abs(g_sat.item())


def test_losses_are_stable_for_extreme_logits():
    big = torch.tensor([[[80.0]], [[-80.0]]])
    for value in (L.d_loss_gan(big, -big), L.g_loss_minimax(big), L.g_loss_nonsaturating(big)):
        assert torch.isfinite(value).all()


def test_lsgan_losses():
    expected = by_hand(lambda r: 0.5 * (r - 1) ** 2, REAL) + by_hand(lambda f: 0.5 * f**2, FAKE)
    close(L.d_loss_lsgan(REAL, FAKE), expected)
    close(L.g_loss_lsgan(FAKE), by_hand(lambda f: 0.5 * (f - 1) ** 2, FAKE))


def test_wgan_losses():
    close(L.critic_loss_wgan(REAL, FAKE), by_hand(lambda f: f, FAKE) - by_hand(lambda r: r, REAL))
    close(L.g_loss_wgan(FAKE), -by_hand(lambda f: f, FAKE))


def test_gradient_penalty_by_hand():
    # a linear critic f(x) = w . x has gradient w everywhere: penalty = (|w| - 1)^2 exactly
    w = torch.tensor([3.0, 4.0])
    critic = lambda x: (x * w).sum(-1, keepdim=True)
    real, fake = torch.randn(2, 5, 2), torch.randn(2, 5, 2)
    close(L.gradient_penalty(critic, real, fake), torch.tensor([16.0, 16.0]))
    # a quadratic critic f(x) = |x|^2 / 2 has gradient x_hat: check the interpolates and the norms
    critic = lambda x: 0.5 * (x**2).sum(-1, keepdim=True)
    eps = torch.tensor([[0.25, 0.5, 1.0, 0.0, 0.75]] * 2)
    x_hat = eps[..., None] * real + (1 - eps[..., None]) * fake
    expected = ((x_hat.norm(dim=-1) - 1) ** 2).mean(1)
    close(L.gradient_penalty(critic, real, fake, eps), expected)


def test_loss_without_copies_axis_is_a_scalar():
    assert L.d_loss_gan(REAL[0], FAKE[0]).shape == ()
    assert L.g_loss_wgan(FAKE[0]).shape == ()


def test_registry_names_the_paper_settings():
    assert set(ganlib.LOSSES) == {"minimax", "nonsaturating", "maximum-likelihood", "lsgan", "wgan", "wgan-gp", "acgan"}
    assert ganlib.LOSSES["wgan"].clip == 0.01 and ganlib.LOSSES["wgan"].k == 5
    assert ganlib.LOSSES["wgan-gp"].gp_weight == 10.0 and ganlib.LOSSES["wgan-gp"].betas == (0.0, 0.9)
