"""``GANConfig``: everything that defines a training run, and its checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import losses as L
from .._checks import instance, number, positive_int, whole


def _seed_list(seeds) -> list[int]:
    if isinstance(seeds, np.ndarray) and seeds.ndim == 0:
        seeds = seeds.item()
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        seeds = [seeds]
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, (Sequence, np.ndarray, range)):
        raise TypeError(f"seeds must be a whole number or a list of whole numbers, got {seeds!r}")
    out = []
    for s in seeds:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 0:
            raise ValueError(f"seeds must be whole numbers >= 0, got {s!r} in {list(seeds)!r}")
        out.append(int(s))
    return out


@dataclass
class GANConfig:
    """Everything that defines a run. ``None`` means "the default of the chosen loss's paper"."""

    loss: str = "nonsaturating"  # one of ganlib.LOSSES
    steps: int = 2000  # generator updates
    batch_size: int = 128  # samples (packs, with pack > 1) per minibatch, real and fake alike
    k: int | None = None  # discriminator (critic) updates per generator update: 1, or 5 for the WGANs
    lr_d: float | None = None  # discriminator learning rate
    lr_g: float | None = None  # generator learning rate
    betas: tuple | None = None  # Adam's (beta1, beta2)
    optimizer: str | None = None  # "adam", "rmsprop" or "sgd"
    clip: float | None = None  # WGAN weight clipping bound c (WGAN only)
    gp_weight: float | None = None  # WGAN-GP penalty weight lambda (WGAN-GP only)
    network: str = "auto"  # "mlp", "conv", or "auto" (conv for 8x8 images)
    latent_dim: int = 8  # dimension of the noise z ~ N(0, I)
    width: int = 64  # hidden units (MLP) or feature maps (conv)
    depth: int = 2  # hidden layers (MLP)
    seeds: int | Sequence[int] = 0  # one seed, or a list: one independent GAN per seed
    snapshot_steps: Sequence[int] = ()  # generator steps after which to keep copies of G and D
    device: str = "auto"  # "auto", "cpu", "cuda", ...
    progress: bool = True  # show a progress bar (notebook or terminal)
    check_every: int = 25  # generator steps between checks for NaN or inf
    # remedies for mode collapse (ganlib.remedies)
    pack: int = 1  # PacGAN: the discriminator judges packs of this many samples
    minibatch_std: bool = False  # the discriminator also sees the minibatch's spread (MLP only)
    spectral_norm: bool = False  # spectral normalisation of the discriminator's layers (MLP only)
    unrolled_steps: int = 0  # unrolled GAN: G's loss is taken this many D updates ahead (Adam only)
    classes: int = 0  # > 0: a conditional GAN on (example, label) pairs; train(..., labels=y) sets it

    def resolved(self) -> GANConfig:
        """A copy with every ``None`` replaced by the loss's default, after checking all fields."""
        if self.loss not in L.LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; the known losses are {', '.join(L.LOSSES)}")
        spec = L.LOSSES[self.loss]
        if isinstance(self.snapshot_steps, (int, np.integer, str)):
            raise TypeError(f"snapshot_steps must be a list of steps, got {self.snapshot_steps!r}")
        bad = [s for s in self.snapshot_steps if isinstance(s, bool) or not isinstance(s, (int, np.integer))]
        if bad:
            raise ValueError(f"snapshot_steps must be whole numbers, got {bad[0]!r}")
        if self.betas is not None and (np.ndim(self.betas) != 1 or len(self.betas) != 2):
            raise ValueError(f"betas must be two numbers in [0, 1), got {self.betas!r}")
        c = dataclasses.replace(
            self,
            k=spec.k if self.k is None else self.k,
            lr_d=spec.lr if self.lr_d is None else self.lr_d,
            lr_g=spec.lr if self.lr_g is None else self.lr_g,
            betas=spec.betas if self.betas is None else tuple(float(b) for b in self.betas),
            optimizer=spec.optimizer if self.optimizer is None else self.optimizer,
            clip=spec.clip if self.clip is None else self.clip,
            gp_weight=spec.gp_weight if self.gp_weight is None else self.gp_weight,
            seeds=_seed_list(self.seeds),
            snapshot_steps=sorted(set(int(s) for s in self.snapshot_steps)),
        )
        for name in ("steps", "batch_size", "k", "latent_dim", "width", "check_every"):
            setattr(c, name, positive_int(getattr(c, name), name, "a whole number >= 1"))
        c.depth = whole(c.depth, "depth", 0)
        for name in ("lr_d", "lr_g"):
            setattr(c, name, number(getattr(c, name), name, above=0, what="a positive learning rate"))
        if c.optimizer not in ("adam", "rmsprop", "sgd"):
            raise ValueError(f"optimizer must be 'adam', 'rmsprop' or 'sgd', got {c.optimizer!r}")
        if not all(0 <= b < 1 for b in c.betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {c.betas!r}")
        if c.gp_weight is not None and c.loss != "wgan-gp":
            raise ValueError(f"gp_weight applies to loss='wgan-gp' only, not to {c.loss!r}")
        if c.gp_weight is not None and not c.gp_weight > 0:
            raise ValueError(f"gp_weight must be positive, got {c.gp_weight!r}")
        if c.clip is not None and c.loss != "wgan":
            raise ValueError(f"clip (weight clipping) applies to loss='wgan' only, not to {c.loss!r}")
        if c.clip is not None and not c.clip > 0:
            raise ValueError(f"clip must be positive, got {c.clip!r}")
        if not c.seeds:
            raise ValueError("seeds must name at least one seed")
        if len(set(c.seeds)) != len(c.seeds):
            raise ValueError(f"seeds must be distinct, got {c.seeds}")
        if c.network not in ("auto", "mlp", "conv"):
            raise ValueError(f"network must be 'mlp', 'conv' or 'auto', got {c.network!r}")
        c.pack, c.unrolled_steps = positive_int(c.pack, "pack"), whole(c.unrolled_steps, "unrolled_steps", 0)
        c.classes = whole(c.classes, "classes", 0)
        for name in ("minibatch_std", "spectral_norm"):
            instance(getattr(c, name), (bool, np.bool_), name, "True or False")
        if c.unrolled_steps and (c.optimizer != "adam" or c.loss.startswith("wgan")):
            raise ValueError("unrolled_steps unrolls Adam updates of a GAN or LSGAN discriminator; it needs "
                             f"optimizer='adam' and no Wasserstein loss, got optimizer={c.optimizer!r}, loss={c.loss!r}")
        if any(s < 0 or s > c.steps for s in c.snapshot_steps):
            raise ValueError(f"snapshot_steps must lie between 0 and steps={c.steps}, got {c.snapshot_steps}")
        return c
