r"""Generators and discriminators, each holding ``copies`` independent networks at once.

Every network here is really ``copies`` networks with separate weights, evaluated together with
batched matrix products (``torch.baddbmm``) and grouped convolutions (``groups=copies``), so that
many seeds of a small GAN train in one run (*Mode collapse*, ``09_mode_collapse``). Copy ``i``
computes exactly what a single network with copy ``i``'s weights computes.

Shapes: inputs and outputs carry the copies first, ``(copies, batch, ...)``. With ``copies=1`` the
leading axis may be left out: ``G(z)`` with ``z`` of shape ``(batch, latent_dim)`` works as usual.
Discriminators return **logits** (critic values for the Wasserstein losses): losses apply the
sigmoid where the maths has one.

Initialisation is per copy from a ``torch.Generator`` each (:meth:`reset_parameters`), so copy ``i``
of a many-seeds run starts exactly where a single run with the same seed starts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from . import remedies
from ._checks import instance, positive_int, whole

__all__ = ["MLPGenerator", "MLPDiscriminator", "ConvGenerator", "ConvDiscriminator"]

_ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh}


def _shape(data_shape):
    """``data_shape`` as a tuple of positive ints, such as (2,) or (1, 8, 8)."""
    what = "a tuple of whole numbers such as (2,) or (1, 8, 8)"
    instance(data_shape, (tuple, list, torch.Size), "data_shape", what)
    return tuple(positive_int(n, "data_shape", what) for n in data_shape)


def _activation(name):
    if not (isinstance(name, str) and name in _ACTIVATIONS):
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(_ACTIVATIONS)}")
    return _ACTIVATIONS[name]()


class BatchedLinear(nn.Module):
    """``copies`` independent affine maps: ``(copies, batch, in) -> (copies, batch, out)``.
    Initialised like ``nn.Linear``: weights and biases uniform in +-1/sqrt(in). With ``spectral``,
    each copy's weight is divided by its largest singular value (:func:`ganlib.remedies.spectral_normalised`)."""

    def __init__(self, copies: int, in_features: int, out_features: int, spectral: bool = False):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(copies, in_features, out_features))
        self.bias = nn.Parameter(torch.empty(copies, 1, out_features))
        if spectral:
            self.register_buffer("u", torch.empty(copies, out_features))  # power-iteration vectors

    def init_copy(self, i: int, gen: torch.Generator) -> None:
        bound = 1 / math.sqrt(self.weight.shape[1])
        with torch.no_grad():
            self.weight[i].copy_(torch.rand(self.weight.shape[1:], generator=gen) * 2 * bound - bound)
            self.bias[i].copy_(torch.rand(self.bias.shape[1:], generator=gen) * 2 * bound - bound)
            if hasattr(self, "u"):
                self.u[i].copy_(nn.functional.normalize(torch.randn(self.u.shape[1], generator=gen), dim=0))

    def forward(self, x):  # (copies, batch, in)
        w = remedies.spectral_normalised(self.weight, self.u, self.training) if hasattr(self, "u") else self.weight
        return torch.baddbmm(self.bias, x, w)  # (copies, batch, out)


class _Copies(nn.Module):
    """Shared plumbing: the copies axis, per-copy initialisation, and the optional leading axis."""

    def __init__(self, copies: int):
        super().__init__()
        self.copies = positive_int(copies, "copies")

    def reset_parameters(self, generators: Sequence[torch.Generator] | None = None) -> None:
        """Initialises copy ``i`` from ``generators[i]`` (fresh default generators if ``None``)."""
        if generators is None:
            generators = [torch.Generator().manual_seed(int(torch.randint(2**62, ()))) for _ in range(self.copies)]
        what = f"a list of {self.copies} torch.Generator (one per copy) or None"
        if not all(isinstance(g, torch.Generator) for g in instance(generators, (list, tuple), "generators", what)):
            kinds = sorted({type(g).__name__ for g in generators})
            raise TypeError(f"generators must be {what}, got a list holding {kinds}")
        if len(generators) != self.copies:
            raise ValueError(f"need one generator per copy ({self.copies}), got {len(generators)}")
        for i, gen in enumerate(generators):  # copy by copy, so a copy's weights do not depend on the others
            for layer in self.modules():
                if hasattr(layer, "init_copy"):
                    layer.init_copy(i, gen)

    def _with_copies(self, x, event_shape):
        """Adds the copies axis when it was left out (``copies == 1`` only); checks the input's
        last dimensions, dtype and device against the network's."""
        if not torch.is_tensor(x):
            raise TypeError(f"expected a torch tensor, got {type(x).__name__}")
        event_dims, weight = len(event_shape), next(self.parameters())
        if tuple(x.shape[x.dim() - event_dims:]) != tuple(event_shape):
            raise ValueError(f"expected inputs of shape (batch, {', '.join(map(str, event_shape))}) or "
                             f"(copies, batch, ...) with those last dimensions, got {tuple(x.shape)}")
        if x.dtype != weight.dtype:
            raise TypeError(f"expected a {weight.dtype} tensor, as the network's weights are, got {x.dtype}; "
                            f"convert it with x.to({weight.dtype})")
        if x.device != weight.device:
            raise ValueError(f"the input is on {x.device} but the network is on {weight.device}; "
                             f"move it with x.to('{weight.device}')")
        if x.dim() == event_dims + 1:
            if self.copies != 1:
                raise ValueError(
                    f"this network holds {self.copies} copies: give inputs of shape (copies, batch, ...), got {tuple(x.shape)}"
                )
            return x.unsqueeze(0), True
        if x.dim() != event_dims + 2 or x.shape[0] != self.copies:
            raise ValueError(f"expected input of shape ({self.copies}, batch, ...) with {event_dims} event dims, got {tuple(x.shape)}")
        return x, False


class _MLP(_Copies):
    def __init__(self, in_dim, out_dim, width, depth, activation, copies, spectral=False, minibatch_std=False):
        super().__init__(copies)
        width = positive_int(width, "width")
        depth = whole(depth, "depth", 0, "a whole number >= 0 (the number of hidden layers)")
        dims = [in_dim] + [width] * depth + [out_dim]
        layers = []
        for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
            if minibatch_std and i == depth:  # the last layer also sees the minibatch's spread
                layers.append(remedies.MinibatchStd())
                a += 1
            layers.append(BatchedLinear(self.copies, a, b, spectral))
            if i < depth:
                layers.append(_activation(activation))
        self.net = nn.Sequential(*layers)
        self.reset_parameters()


class MLPGenerator(_MLP):
    r"""A fully connected generator :math:`G: \mathbb{R}^{latent} \to` data space.

    ``depth`` hidden layers of ``width`` units with ``activation``; the output is reshaped to
    ``data_shape`` (``(2,)`` for points in the plane, ``(1, 8, 8)`` for digits) and passed
    through ``tanh`` when ``tanh_output`` (for data scaled to [-1, 1]).

    >>> G = MLPGenerator(latent_dim=4, data_shape=(2,))
    >>> G(torch.randn(16, 4)).shape
    torch.Size([16, 2])
    """

    def __init__(self, latent_dim: int, data_shape=(1,), width: int = 64, depth: int = 2,
                 activation: str = "relu", tanh_output: bool = False, copies: int = 1):
        self.latent_dim = positive_int(latent_dim, "latent_dim")
        self.data_shape = _shape(data_shape)
        super().__init__(self.latent_dim, math.prod(self.data_shape), width, depth, activation, copies)
        self.tanh_output = instance(tanh_output, (bool, np.bool_), "tanh_output", "True or False")

    def forward(self, z):  # (copies, batch, latent_dim)
        z, squeeze = self._with_copies(z, (self.latent_dim,))
        x = self.net(z)  # (copies, batch, prod(data_shape))
        if self.tanh_output:
            x = torch.tanh(x)
        x = x.reshape(*x.shape[:2], *self.data_shape)
        return x[0] if squeeze else x


class MLPDiscriminator(_MLP):
    r"""A fully connected discriminator (or critic) returning one logit per sample. Two remedies
    for mode collapse are options (:mod:`ganlib.remedies`): ``spectral_norm`` and ``minibatch_std``.

    >>> D = MLPDiscriminator(data_shape=(2,))
    >>> D(torch.randn(16, 2)).shape
    torch.Size([16, 1])
    """

    def __init__(self, data_shape=(1,), width: int = 64, depth: int = 2,
                 activation: str = "relu", copies: int = 1, *, spectral_norm: bool = False, minibatch_std: bool = False,
                 outputs: int = 1):
        self.data_shape = _shape(data_shape)
        flags = [instance(v, (bool, np.bool_), n, "True or False")
                 for v, n in ((spectral_norm, "spectral_norm"), (minibatch_std, "minibatch_std"))]
        super().__init__(math.prod(self.data_shape), positive_int(outputs, "outputs"), width, depth, activation, copies,
                         *flags)

    def forward(self, x):  # (copies, batch, *data_shape)
        x, squeeze = self._with_copies(x, self.data_shape)
        out = self.net(x.flatten(2))  # (copies, batch, 1)
        return out[0] if squeeze else out


class _GroupedConv(nn.Module):
    """``copies`` independent (transposed) convolutions as one grouped convolution, channels laid out
    copy by copy. Initialised as in DCGAN: weights N(0, 0.02), biases 0."""

    def __init__(self, copies, c_in, c_out, kernel, stride, padding, transpose=False):
        super().__init__()
        cls = nn.ConvTranspose2d if transpose else nn.Conv2d
        self.conv = cls(copies * c_in, copies * c_out, kernel, stride, padding, groups=copies)
        self.copies = copies

    def init_copy(self, i, gen):
        w = self.conv.weight.view(self.copies, -1)  # dim 0 of a grouped weight is copy-major
        with torch.no_grad():
            w[i].copy_(torch.randn(w.shape[1:], generator=gen) * 0.02)
            self.conv.bias.view(self.copies, -1)[i].zero_()

    def forward(self, x):
        return self.conv(x)


class _GroupedBatchNorm(nn.BatchNorm2d):
    def __init__(self, copies, channels):
        super().__init__(copies * channels)
        self.copies = copies

    def init_copy(self, i, gen):
        with torch.no_grad():
            self.weight.view(self.copies, -1)[i].copy_(1 + 0.02 * torch.randn(self.weight.numel() // self.copies, generator=gen))
            self.bias.view(self.copies, -1)[i].zero_()


def _to_grouped(x):  # (copies, batch, C, H, W) -> (batch, copies * C, H, W)
    n, b, c, h, w = x.shape
    return x.permute(1, 0, 2, 3, 4).reshape(b, n * c, h, w)


def _from_grouped(x, copies):  # (batch, copies * C, H, W) -> (copies, batch, C, H, W)
    b, nc, h, w = x.shape
    return x.reshape(b, copies, nc // copies, h, w).permute(1, 0, 2, 3, 4)


class ConvGenerator(_Copies):
    r"""A small DCGAN-style generator for 8x8 images :cite:`radford2016unsupervised`:
    a linear layer to ``2*width`` maps of 4x4, a transposed convolution to ``width`` maps of
    8x8 (batch norm, ReLU), and a 3x3 convolution to the image, through ``tanh``.

    Batch norm couples the samples of a batch in training mode (one code's image depends on the
    others'); call ``eval()`` before sampling or inverting the generator, as
    :meth:`ganlib.TrainedGAN.sample` does.

    >>> ConvGenerator(latent_dim=16)(torch.randn(5, 16)).shape
    torch.Size([5, 1, 8, 8])
    """

    def __init__(self, latent_dim: int = 16, width: int = 32, channels: int = 1, copies: int = 1):
        super().__init__(copies)
        copies, width, channels = self.copies, positive_int(width, "width"), positive_int(channels, "channels")
        self.latent_dim, self.width, self.data_shape = positive_int(latent_dim, "latent_dim"), width, (channels, 8, 8)
        self.project = BatchedLinear(copies, self.latent_dim, 2 * width * 16)
        self.up = _GroupedConv(copies, 2 * width, width, 4, 2, 1, transpose=True)  # 4x4 -> 8x8
        self.norm = _GroupedBatchNorm(copies, width)
        self.out = _GroupedConv(copies, width, channels, 3, 1, 1)
        self.reset_parameters()

    def forward(self, z):  # (copies, batch, latent_dim)
        z, squeeze = self._with_copies(z, (self.latent_dim,))
        n, b = z.shape[:2]
        h = torch.relu(self.project(z)).reshape(n, b, 2 * self.width, 4, 4)
        h = torch.relu(self.norm(self.up(_to_grouped(h))))  # (batch, copies * width, 8, 8)
        x = _from_grouped(torch.tanh(self.out(h)), n)  # (copies, batch, channels, 8, 8)
        return x[0] if squeeze else x


class ConvDiscriminator(_Copies):
    r"""A small DCGAN-style discriminator (or critic) for 8x8 images: two strided 4x4
    convolutions with LeakyReLU(0.2) (8x8 -> 4x4 -> 2x2), then a linear layer to one logit.
    No batch norm, so it also serves as a WGAN-GP critic :cite:`gulrajani2017improved`.

    >>> ConvDiscriminator()(torch.randn(5, 1, 8, 8)).shape
    torch.Size([5, 1])
    """

    def __init__(self, width: int = 32, channels: int = 1, copies: int = 1, outputs: int = 1):
        super().__init__(copies)
        copies, width, channels = self.copies, positive_int(width, "width"), positive_int(channels, "channels")
        self.width, self.data_shape = width, (channels, 8, 8)
        self.c1 = _GroupedConv(copies, channels, width, 4, 2, 1)
        self.c2 = _GroupedConv(copies, width, 2 * width, 4, 2, 1)
        self.head = BatchedLinear(copies, 2 * width * 4, positive_int(outputs, "outputs"))
        self.reset_parameters()

    def forward(self, x):  # (copies, batch, channels, 8, 8)
        x, squeeze = self._with_copies(x, self.data_shape)
        n, b = x.shape[:2]
        h = nn.functional.leaky_relu(self.c1(_to_grouped(x)), 0.2)
        h = nn.functional.leaky_relu(self.c2(h), 0.2)  # (batch, copies * 2 width, 2, 2)
        out = self.head(_from_grouped(h, n).reshape(n, b, -1))  # (copies, batch, 1)
        return out[0] if squeeze else out
