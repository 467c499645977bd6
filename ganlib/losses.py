r"""Every loss the book teaches, each a short function that reads like its formula.

Inputs are discriminator **logits** (critic values for the Wasserstein losses) of shape
``(copies, batch, 1)`` or ``(batch, 1)``; every loss returns one value per copy, shape ``(copies,)``
(or a scalar without the copies axis), averaged over the batch. With :math:`a` a logit and
:math:`D = \sigma(a)`, the stable forms used below are
:math:`\log D = -\mathrm{softplus}(-a)` and :math:`\log(1 - D) = -\mathrm{softplus}(a)`.

=================  =================================================  ==========================================
name               discriminator / critic minimises                   generator minimises
=================  =================================================  ==========================================
``minimax``        :math:`-\log D(x) - \log(1 - D(G(z)))`              :math:`\log(1 - D(G(z)))` (saturating)
``nonsaturating``  same                                               :math:`-\log D(G(z))`
``maximum-likelihood`` same                                           :math:`-\tfrac12 e^{\sigma^{-1}(D(G(z)))}`
``lsgan``          :math:`\tfrac12 (D(x) - 1)^2 + \tfrac12 D(G(z))^2`  :math:`\tfrac12 (D(G(z)) - 1)^2`
``wgan``           :math:`f(G(z)) - f(x)`, weights clipped             :math:`-f(G(z))`
``wgan-gp``        :math:`f(G(z)) - f(x) + \lambda (\|\nabla f(\hat x)\| - 1)^2`  :math:`-f(G(z))`
``acgan``          GAN's, plus :math:`-\log D_C(y \mid x) - \log D_C(y \mid G(z, y))`  :math:`-\log D_S(G(z, y)) - \log D_C(y \mid G(z, y))`
=================  =================================================  ==========================================

Chapters: *The minimax game* (``05_minimax``), *LSGAN* (``10_lsgan``), *WGAN and WGAN-GP* (``11_wgan``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from .conditional import d_loss_acgan, g_loss_acgan

__all__ = [
    "d_loss_gan",
    "g_loss_minimax",
    "g_loss_nonsaturating",
    "g_loss_maximum_likelihood",
    "d_loss_lsgan",
    "g_loss_lsgan",
    "critic_loss_wgan",
    "g_loss_wgan",
    "gradient_penalty",
    "LOSSES",
    "LossSpec",
]


def _mean(t: torch.Tensor) -> torch.Tensor:
    """Batch mean, keeping the copies axis: (copies, batch, 1) -> (copies,); (batch, 1) -> ()."""
    return t.mean(dim=-2).squeeze(-1) if t.dim() >= 2 else t.mean()


def d_loss_gan(real_logits, fake_logits):
    r"""The discriminator's loss of the original GAN, :math:`-[\log D(x) + \log(1 - D(G(z)))]`,
    i.e. :math:`-V(D, G)` on a batch: the binary cross-entropy with labels 1 (real) and 0 (fake)."""
    return _mean(F.softplus(-real_logits)) + _mean(F.softplus(fake_logits))


def g_loss_minimax(fake_logits):
    r"""The generator's loss in the minimax game, :math:`\log(1 - D(G(z)))`. It saturates: its
    gradient vanishes when the discriminator confidently rejects the fakes (:math:`D(G(z)) \to 0`)."""
    return -_mean(F.softplus(fake_logits))


def g_loss_nonsaturating(fake_logits):
    r"""The non-saturating generator loss :math:`-\log D(G(z))` (Goodfellow et al. 2014, Section 3)."""
    return _mean(F.softplus(-fake_logits))


def g_loss_maximum_likelihood(fake_logits):
    r"""The maximum-likelihood generator cost of Goodfellow's 2016 tutorial,
    :math:`-\tfrac12 \mathbb{E}_z \exp(\sigma^{-1}(D(G(z))))`; the logit :math:`a = \sigma^{-1}(D)` is the
    input, so the body is :math:`-\tfrac12 e^{a}`. At :math:`D^*`, :math:`e^{a} = p_{data} / p_g` and the
    expected gradient is half that of :math:`KL(p_{data} \| p_g)`. Chapter *Which divergence does a GAN
    minimise?* (``07a_generator_costs``).

    >>> round(float(g_loss_maximum_likelihood(torch.zeros(4, 1))), 4)  # D = 1/2 everywhere
    -0.5
    """
    return -0.5 * _mean(torch.exp(_logits(fake_logits)))


def _logits(t):
    """``t`` itself if it is a floating-point tensor, else a TypeError naming ``fake_logits``."""
    if not (isinstance(t, torch.Tensor) and t.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point torch tensor, got {type(t).__name__}")
    return t


def d_loss_lsgan(real_out, fake_out):
    r"""LSGAN's discriminator loss with targets b = 1 (real) and a = 0 (fake) (Mao et al. 2017):
    :math:`\tfrac12 (D(x) - 1)^2 + \tfrac12 D(G(z))^2`, on the raw output (no sigmoid)."""
    return 0.5 * _mean((real_out - 1) ** 2) + 0.5 * _mean(fake_out**2)


def g_loss_lsgan(fake_out):
    r"""LSGAN's generator loss with target c = 1: :math:`\tfrac12 (D(G(z)) - 1)^2`."""
    return 0.5 * _mean((fake_out - 1) ** 2)


def critic_loss_wgan(real_out, fake_out):
    r"""The WGAN critic's loss :math:`\mathbb{E}[f(G(z))] - \mathbb{E}[f(x)]`: minus the estimate of
    the Wasserstein-1 distance that a 1-Lipschitz critic :math:`f` gives (Arjovsky et al. 2017)."""
    return _mean(fake_out) - _mean(real_out)


def g_loss_wgan(fake_out):
    r"""The WGAN generator's loss :math:`-\mathbb{E}[f(G(z))]`."""
    return -_mean(fake_out)


def gradient_penalty(critic, real, fake, eps=None):
    r"""WGAN-GP's penalty :math:`\mathbb{E}_{\hat x}[(\|\nabla_{\hat x} f(\hat x)\|_2 - 1)^2]` on random
    interpolates :math:`\hat x = \epsilon x + (1 - \epsilon) G(z)`, :math:`\epsilon \sim U[0, 1]` per
    sample (Gulrajani et al. 2017). ``eps`` (shape ``real.shape[:-len(event)]``) may be given for
    reproducibility; ``real`` and ``fake`` have shape ``(copies, batch, *event)``. Returns ``(copies,)``."""
    if eps is None:
        eps = torch.rand(real.shape[:2], device=real.device)
    eps = eps.reshape(*eps.shape, *([1] * (real.dim() - eps.dim())))
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    norms = grad.flatten(2).norm(dim=2)  # (copies, batch)
    return ((norms - 1) ** 2).mean(dim=1)


@dataclass(frozen=True)
class LossSpec:
    """A loss pair with the optimiser settings its paper uses."""

    d_loss: callable  # (real_out, fake_out) -> (copies,)
    g_loss: callable  # (fake_out) -> (copies,)
    optimizer: str  # "adam" or "rmsprop"
    lr: float  # for both networks
    betas: tuple = (0.5, 0.999)  # Adam only
    k: int = 1  # discriminator (critic) steps per generator step
    clip: float | None = None  # weight clipping (WGAN)
    gp_weight: float | None = None  # gradient penalty lambda (WGAN-GP)
    probability_output: bool = True  # D(x) = sigmoid(output) is a probability
    paper: str = ""
    extras: dict = field(default_factory=dict)


LOSSES = {
    # DCGAN's Adam settings (Radford et al. 2016), the usual choice for the original losses
    "minimax": LossSpec(d_loss_gan, g_loss_minimax, "adam", 2e-4, paper="Goodfellow et al. 2014"),
    "nonsaturating": LossSpec(d_loss_gan, g_loss_nonsaturating, "adam", 2e-4, paper="Goodfellow et al. 2014"),
    "maximum-likelihood": LossSpec(d_loss_gan, g_loss_maximum_likelihood, "adam", 2e-4, paper="Goodfellow 2016"),
    "lsgan": LossSpec(d_loss_lsgan, g_loss_lsgan, "adam", 2e-4, probability_output=False, paper="Mao et al. 2017"),
    "wgan": LossSpec(critic_loss_wgan, g_loss_wgan, "rmsprop", 5e-5, k=5, clip=0.01,
                     probability_output=False, paper="Arjovsky et al. 2017"),
    "wgan-gp": LossSpec(critic_loss_wgan, g_loss_wgan, "adam", 1e-4, betas=(0.0, 0.9), k=5, gp_weight=10.0,
                        probability_output=False, paper="Gulrajani et al. 2017"),
    # conditional only (train(..., labels=y)): D also names the class (ganlib.conditional)
    "acgan": LossSpec(d_loss_acgan, g_loss_acgan, "adam", 2e-4, paper="Odena et al. 2017"),
}
