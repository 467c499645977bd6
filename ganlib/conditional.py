r"""Conditional GANs (Mirza & Osindero 2014): a GAN on pairs :math:`(x, y)` of an example and its label.

A conditional GAN is an ordinary GAN whose data are the pairs :math:`(x, y) \sim p_{data}(x, y)` and
whose generator copies the label it is given: :math:`(z, y) \mapsto (G(z, y), y)` with :math:`y` drawn
from the labels' distribution. Everything the book proves about GANs then holds for the pairs:
:math:`D^*(x, y) = p_{data}(x, y) / (p_{data}(x, y) + p_g(x, y))`, and at the optimum
:math:`p_g(x, y) = p_{data}(x, y)`, so :math:`p_g(x \mid y) = p_{data}(x \mid y)` for every class.

That is how ganlib trains one (``ganlib.train(images, labels=y)``): the label travels with the
example as a one-hot code (:func:`attach_labels`; for images, one constant 8x8 map per class, stacked
as extra channels), the generator is an ordinary generator wrapped by :class:`LabelledGenerator`,
and Algorithm 1 runs unchanged. Explained in *GANs on images* (``12_images``).

The auxiliary-classifier GAN (AC-GAN, Odena et al. 2017; ``loss="acgan"``) conditions the generator
the same way but shows the discriminator the example alone: :class:`AuxiliaryClassifier` answers with
a logit for "real" and logits for the ten classes, and both players are also scored on whether the
class is recognised (:func:`d_loss_acgan`, :func:`g_loss_acgan`).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["attach_labels", "detach_labels", "LabelledGenerator", "AuxiliaryClassifier", "d_loss_acgan",
           "g_loss_acgan"]


def attach_labels(x: torch.Tensor, y: torch.Tensor, classes: int) -> torch.Tensor:
    """Appends each example's label as a one-hot code: ``(..., d)`` -> ``(..., d + classes)`` for
    vectors, ``(..., C, H, W)`` -> ``(..., C + classes, H, W)`` for images (constant maps).
    ``y``: integer labels of shape ``x.shape[:-1]`` (vectors) or ``x.shape[:-3]`` (images).

    >>> attach_labels(torch.zeros(2, 3), torch.tensor([0, 2]), classes=3)
    tensor([[0., 0., 0., 1., 0., 0.],
            [0., 0., 0., 0., 0., 1.]])
    """
    code = nn.functional.one_hot(y, classes).to(x.dtype)  # (..., classes)
    return _append_code(x, code, image=x.dim() != code.dim())


def _append_code(x, code, image: bool):
    """``x`` with the one-hot ``code`` appended: as coordinates, or for images as constant maps."""
    if not image:
        return torch.cat([x, code], dim=-1)
    maps = code[..., None, None].expand(*code.shape, *x.shape[-2:])  # (..., classes, H, W)
    return torch.cat([x, maps], dim=-3)


def detach_labels(x: torch.Tensor, classes: int, image: bool):
    """The inverse of :func:`attach_labels`: ``(examples, labels)``."""
    axis = -3 if image else -1
    x, code = x.split([x.shape[axis] - classes, classes], dim=axis)
    if image:
        code = code[..., 0, 0]
    return x, code.argmax(-1)


class LabelledGenerator(nn.Module):
    """The conditional generator :math:`(z, y) \\mapsto (G(z, y), y)`: ``inner`` is an ordinary ganlib
    generator whose input is the noise followed by the one-hot label; the output carries the label
    on (:func:`attach_labels`), as the real pairs do. Input ``(copies, batch, latent_dim + classes)``."""

    def __init__(self, inner: nn.Module, classes: int):
        super().__init__()
        self.inner, self.classes = inner, classes
        self.copies, self.latent_dim = inner.copies, inner.latent_dim - classes  # the noise alone
        self.data_shape = inner.data_shape

    def reset_parameters(self, generators=None) -> None:
        self.inner.reset_parameters(generators)

    def forward(self, z):  # (copies, batch, latent_dim + classes)
        return _append_code(self.inner(z), z[..., -self.classes:], image=len(self.data_shape) == 3)


class AuxiliaryClassifier(nn.Module):
    """AC-GAN's discriminator around ``inner`` (an ordinary ganlib discriminator with ``1 + classes``
    outputs): it judges the example without its label and returns ``(copies, batch, 1 + 2 classes)``:
    the source logit (real or fake), the class logits, and the one-hot label the example came with,
    which only the losses read. Input: examples with labels attached (:func:`attach_labels`)."""

    def __init__(self, inner: nn.Module, classes: int, image: bool):
        super().__init__()
        self.inner, self.classes, self.image, self.copies = inner, classes, image, inner.copies

    def reset_parameters(self, generators=None) -> None:
        self.inner.reset_parameters(generators)

    def forward(self, x):
        x, y = detach_labels(x, self.classes, self.image)
        return torch.cat([self.inner(x), F.one_hot(y, self.classes).to(x.dtype)], -1)

    def classify(self, x):
        """The class probabilities D gives examples ``x`` without labels, ``(copies, batch, classes)``."""
        return torch.softmax(self.inner(x)[..., 1:], -1)


def _class_nll(out, classes):
    """- log D_C(y | x), the batch mean per copy: class logits ``out[..., 1:1+classes]``, labels after them."""
    logits, code = out[..., 1:1 + classes], out[..., 1 + classes:]
    return -(F.log_softmax(logits, -1) * code).sum(-1).mean(-1)  # (copies,)


def d_loss_acgan(real_out, fake_out):
    r"""AC-GAN's discriminator loss: the GAN's, :math:`-[\log D_S(x) + \log(1 - D_S(G(z, y)))]`, plus the
    classification loss on both, :math:`-[\log D_C(y \mid x) + \log D_C(y \mid G(z, y))]` (Odena et al.
    2017: D maximises :math:`L_S + L_C`)."""
    classes = (real_out.shape[-1] - 1) // 2
    source = F.softplus(-real_out[..., 0]).mean(-1) + F.softplus(fake_out[..., 0]).mean(-1)
    return source + _class_nll(real_out, classes) + _class_nll(fake_out, classes)


def g_loss_acgan(fake_out):
    r"""AC-GAN's generator loss, non-saturating: :math:`-\log D_S(G(z, y)) - \log D_C(y \mid G(z, y))`
    (the generator wants its samples taken for real and for the class it was asked for)."""
    classes = (fake_out.shape[-1] - 1) // 2
    return F.softplus(-fake_out[..., 0]).mean(-1) + _class_nll(fake_out, classes)
