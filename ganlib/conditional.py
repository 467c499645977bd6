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
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["attach_labels", "detach_labels", "LabelledGenerator"]


def attach_labels(x: torch.Tensor, y: torch.Tensor, classes: int) -> torch.Tensor:
    """Appends each example's label as a one-hot code: ``(..., d)`` -> ``(..., d + classes)`` for
    vectors, ``(..., C, H, W)`` -> ``(..., C + classes, H, W)`` for images (constant maps).
    ``y``: integer labels of shape ``x.shape[:-1]`` (vectors) or ``x.shape[:-3]`` (images).

    >>> attach_labels(torch.zeros(2, 3), torch.tensor([0, 2]), classes=3)
    tensor([[0., 0., 0., 1., 0., 0.],
            [0., 0., 0., 0., 0., 1.]])
    """
    code = nn.functional.one_hot(y, classes).to(x.dtype)  # (..., classes)
    if x.dim() == code.dim():  # vectors
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
        x = self.inner(z)
        image = len(self.data_shape) == 3
        code = z[..., -self.classes:]
        if image:
            return torch.cat([x, code[..., None, None].expand(*code.shape, *x.shape[-2:])], dim=-3)
        return torch.cat([x, code], dim=-1)
