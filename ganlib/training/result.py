"""``TrainedGAN``, what :func:`ganlib.train` returns, and saving and loading it as plain data.

A saved file holds only tensors, numbers, strings, lists and dicts, and :func:`load` reads it with
``torch.load(weights_only=True)``, which refuses anything else: loading a file can never run code
(a lecturer can open a student's saved model safely).
"""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import zipfile

import numpy as np
import torch
from torch import nn

from .. import losses as L
from .. import remedies
from ..conditional import AuxiliaryClassifier, LabelledGenerator, attach_labels, detach_labels
from ..networks import ConvDiscriminator, ConvGenerator, MLPDiscriminator, MLPGenerator
from .._checks import whole
from .config import GANConfig

FORMAT = "ganlib.TrainedGAN/1"  # written into every saved file; load() refuses files without it


def build_networks(c: GANConfig, data_shape, copies: int | None = None):
    """The generator and discriminator for resolved config ``c`` and data of shape ``data_shape``."""
    copies = len(c.seeds) if copies is None else copies
    with torch.random.fork_rng(devices=[]):  # their default initialisation must not advance torch's global RNG
        return _build(c, data_shape, copies)


def uses_conv(c: GANConfig, data_shape) -> bool:
    """Whether config ``c`` on data of shape ``data_shape`` gets the convolutional networks."""
    return c.network == "conv" or (c.network == "auto" and tuple(data_shape)[-2:] == (8, 8))


def _build(c, data_shape, copies):
    conv = uses_conv(c, data_shape)
    if conv and (tuple(data_shape)[-2:] != (8, 8) or len(data_shape) != 3):
        raise ValueError(f"the convolutional networks take 8x8 images (channels, 8, 8), got data of shape {data_shape}")
    if conv and (c.spectral_norm or c.minibatch_std):
        raise ValueError("spectral_norm and minibatch_std are options of the fully connected discriminator; "
                         "use network='mlp' for images, or leave them off")
    # a conditional GAN: G gets the label after the noise and passes it on; D sees examples with labels
    latent = c.latent_dim + c.classes
    ac = c.loss == "acgan"  # AC-GAN: D sees the example alone and answers real/fake and its class
    label_maps = 0 if ac else c.classes
    seen = (c.pack * (data_shape[0] + label_maps), *data_shape[1:])  # what D judges: packs of (labelled) examples
    outputs = 1 + c.classes if ac else 1
    if conv:
        g = ConvGenerator(latent, c.width, data_shape[0], copies=copies)
        d = ConvDiscriminator(c.width, seen[0], copies=copies, outputs=outputs)
    else:
        g = MLPGenerator(latent, data_shape, c.width, c.depth, tanh_output=len(data_shape) == 3, copies=copies)
        d = MLPDiscriminator(seen, c.width, c.depth, copies=copies, spectral_norm=c.spectral_norm,
                             minibatch_std=c.minibatch_std, outputs=outputs)
    if ac:
        d = AuxiliaryClassifier(d, c.classes, image=len(data_shape) == 3)
    return (LabelledGenerator(g, c.classes) if c.classes else g), d


class TrainedGAN:
    """What :func:`train` returns.

    * ``sample(n)``: ``n`` samples from the generator(s): ``(n, *data_shape)`` for one seed,
      ``(copies, n, *data_shape)`` for several; numpy arrays.
    * ``discriminate(x)``: D's output at points ``x``: a probability for the GAN losses, the raw
      output (LSGAN) or the critic value (WGAN); shape ``(n,)`` or ``(copies, n)``.
    * ``history``: a dict of numpy arrays of shape ``(steps,)`` (or ``(steps, copies)``) for
      ``d_loss``, ``g_loss``, ``d_real``, ``d_fake`` (mean D output on real and fake), ``d_grad_norm``,
      ``g_grad_norm`` and, for the Wasserstein losses, ``wasserstein`` (the critic's estimate).
    * ``snapshots``: the generator steps at which copies of G and D were kept; pass ``step=`` to
      ``sample``/``discriminate``/``networks`` to use one.
    * ``save(path)`` and :func:`ganlib.load`.
    """

    def __init__(self, config, generator, discriminator, history, snapshots, data_shape, steps_done):
        self.config = config
        self.generator = generator
        self.discriminator = discriminator
        self._history = history
        self._snapshots = snapshots
        self.data_shape = tuple(data_shape)
        self.steps_done = steps_done
        self._fresh_draws = 0  # how many times sample() was called without a seed

    @property
    def copies(self) -> int:
        return len(self.config.seeds)

    @property
    def history(self) -> dict:
        single = self.copies == 1
        return {k: (v[:, 0] if single else v) for k, v in self._history.items()}

    @property
    def snapshots(self) -> list:
        return sorted(self._snapshots)

    def networks(self, step: int | None = None):
        """The generator and discriminator (torch modules), at snapshot ``step`` if given (copies,
        so changing them leaves the run untouched), else the trained ones themselves."""
        if step is None:
            return self.generator, self.discriminator
        if step not in self._snapshots:
            raise ValueError(f"no snapshot at step {step}; the snapshots are at {self.snapshots}")
        g_state, d_state = self._snapshots[step]
        g, d = copy.deepcopy(self.generator), copy.deepcopy(self.discriminator)
        g.load_state_dict(g_state)
        d.load_state_dict(d_state)
        return g, d

    @torch.no_grad()
    def sample(self, n: int, *, step: int | None = None, seed: int | None = None, labels=None) -> np.ndarray:
        """``n`` samples from each generator copy, at snapshot ``step`` if given: shape ``(n, *data_shape)``
        for one copy (``(n, 1)`` for 1-D data), ``(copies, n, *data_shape)`` for a many-seeds run.

        With ``seed`` the samples are the same every time (the same noise at every ``step``: use it
        to follow fixed points through training). Without it each call draws fresh samples; the
        k-th call without a seed draws the same as the k-th call in a rerun of the program.
        Each copy's noise depends on the seed and the copy's own seed, so a copy samples as it
        would if it had been trained alone. A conditional GAN (trained with ``labels=``) draws samples
        of the class ``labels`` (one class for all, or one per sample), or of uniformly drawn classes.

        >>> gan = ganlib.train(ganlib.gaussian(), steps=2, progress=False)
        >>> bool((gan.sample(3, seed=1) == gan.sample(3, seed=1)).all()), bool((gan.sample(3) == gan.sample(3)).all())
        (True, False)
        """
        n = whole(n, "n", 1)
        if seed is None:
            entropy, key = self._fresh_draws, (1,)  # a stream apart from every explicit seed
            self._fresh_draws += 1
        else:
            entropy, key = whole(seed, "seed", 0), ()
        g, _ = self.networks(step)
        dev = next(g.parameters()).device
        rngs = [torch.Generator(device=dev).manual_seed(
                    int(np.random.SeedSequence([entropy, s], spawn_key=key).generate_state(1)[0]))
                for s in self.config.seeds]
        z = torch.stack([torch.randn(n, g.latent_dim, generator=rng, device=dev) for rng in rngs])
        if self.config.classes:  # the labels follow the noise
            y = (torch.stack([torch.randint(self.config.classes, (n,), generator=r, device=dev) for r in rngs])
                 if labels is None else self._labels(labels, n, dev).expand(self.copies, n))
            z = torch.cat([z, nn.functional.one_hot(y, self.config.classes).float()], -1)
        elif labels is not None:
            raise ValueError("labels= is for conditional GANs (trained with labels); this one was not")
        was_training = g.training
        g.eval()
        x = g(z)
        g.train(was_training)
        if self.config.classes:
            x = detach_labels(x, self.config.classes, image=len(self.data_shape) == 3)[0]
        x = x.cpu().numpy()
        return x[0] if self.copies == 1 else x

    def _labels(self, labels, n, dev):
        y = torch.as_tensor(np.asarray(labels), device=dev)
        if y.dtype.is_floating_point or y.dtype == torch.bool or y.dim() > 1 or (y.dim() == 1 and len(y) != n):
            raise ValueError(f"labels must be one class or {n} classes (whole numbers), got {labels!r}")
        if ((y < 0) | (y >= self.config.classes)).any():
            raise ValueError(f"labels must lie in 0..{self.config.classes - 1}, got {labels!r}")
        return y.long().expand(n)

    @torch.no_grad()
    def discriminate(self, x, *, step: int | None = None, labels=None) -> np.ndarray:
        """The discriminator's output at ``x`` (shape ``(n, *data_shape)``, or ``(n,)`` for 1-D data).
        A packed discriminator (``pack=m``) is shown packs of ``m`` copies of each point; one with
        ``minibatch_std`` computes its minibatch feature over the points given; a conditional one
        judges the pairs ``(x, labels)`` (one class, or one per point)."""
        _, d = self.networks(step)
        dev = next(d.parameters()).device
        x = torch.as_tensor(np.asarray(x), dtype=torch.float32, device=dev)
        if x.dim() == len(self.data_shape) and self.data_shape == (1,):
            x = x.unsqueeze(-1)
        if tuple(x.shape[1:]) != self.data_shape:
            raise ValueError(f"x must have shape (n, {', '.join(map(str, self.data_shape))}), got {tuple(x.shape)}")
        if not torch.isfinite(x).all():
            raise ValueError("x contains NaN or inf; the discriminator is defined on finite points only")
        if self.config.classes:
            if labels is None and self.config.loss == "acgan":
                labels = 0  # AC-GAN's D does not look at the label
            if labels is None:
                raise ValueError("a conditional GAN's discriminator judges (x, label) pairs: pass labels=")
            x = attach_labels(x, self._labels(labels, len(x), dev), self.config.classes)
        x = x.unsqueeze(0).expand(self.copies, *x.shape)  # (copies, n, *data_shape)
        if self.config.pack > 1:  # a packed D judges packs: each point is judged as a pack of its copies
            x = remedies.pack(x.repeat_interleave(self.config.pack, dim=1), self.config.pack)
        with remedies.judging(d), torch.no_grad():
            out = d(x)[..., 0]  # (copies, n)
        if L.LOSSES[self.config.loss].probability_output:
            out = torch.sigmoid(out)
        out = out.cpu().numpy()
        return out[0] if self.copies == 1 else out

    def save(self, path) -> None:
        """Saves the configuration, the trained networks, the history and the snapshots, as plain
        data that :func:`ganlib.load` reads without running any code."""
        torch.save(
            {
                "format": FORMAT,
                "config": _plain(dataclasses.asdict(self.config)),
                "generator": _cpu(self.generator.state_dict()),
                "discriminator": _cpu(self.discriminator.state_dict()),
                "history": {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in self._history.items()},
                "snapshots": {int(s): [_cpu(g), _cpu(d)] for s, (g, d) in self._snapshots.items()},
                "data_shape": list(self.data_shape),
                "steps_done": int(self.steps_done),
            },
            path,
        )

    def __repr__(self):
        return (f"TrainedGAN(loss={self.config.loss!r}, steps={self.steps_done}/{self.config.steps}, "
                f"copies={self.copies}, data_shape={self.data_shape}, device={next(self.generator.parameters()).device})")


def _cpu(state):
    return {n: t.detach().cpu().clone() for n, t in state.items()}


def _plain(value):
    """Tuples as lists, NumPy numbers as Python numbers: what weights_only loading accepts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def merge(parts: list[TrainedGAN], config: GANConfig) -> TrainedGAN:
    """One result from runs over disjoint groups of seeds (see ``speed.seed_groups``): every
    parameter, history column and snapshot is stacked along the copies axis in seed order."""
    if len(parts) == 1:
        return parts[0]
    G, D = build_networks(config, parts[0].data_shape)
    dev = next(parts[0].generator.parameters()).device
    cat = lambda states: {n: torch.cat([s[n] for s in states]) for n in states[0]}
    G.load_state_dict(cat([p.generator.state_dict() for p in parts]))
    D.load_state_dict(cat([p.discriminator.state_dict() for p in parts]))
    steps_done = min(p.steps_done for p in parts)
    history = {k: np.concatenate([p._history[k][:steps_done] for p in parts], 1) for k in parts[0]._history}
    snapshots = {s: (cat([p._snapshots[s][0] for p in parts]), cat([p._snapshots[s][1] for p in parts]))
                 for s in parts[0]._snapshots if all(s in p._snapshots for p in parts)}
    return TrainedGAN(config, G.to(dev), D.to(dev), history, snapshots, parts[0].data_shape, steps_done)


def load(path, map_location="cpu") -> TrainedGAN:
    """Loads a :class:`TrainedGAN` saved with :meth:`TrainedGAN.save`.

    The file is read as plain data only (``torch.load(weights_only=True)``): a file that carries
    code, or anything that is not a saved ganlib run, is refused with a ``ValueError``.
    """
    name = os.fspath(path) if isinstance(path, (str, os.PathLike)) else repr(path)
    if isinstance(path, (str, os.PathLike)):
        if not os.path.exists(path):
            raise FileNotFoundError(f"no such file: {name}")
        if os.path.getsize(path) == 0:
            raise ValueError(f"{name} is empty: it is not a saved ganlib run")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as e:
        if isinstance(path, (str, os.PathLike)) and not zipfile.is_zipfile(path):  # not torch.save's format
            raise ValueError(f"{name} is not a readable PyTorch file (another format, or random bytes): {e}") from e
        raise ValueError(f"{name} was refused: it holds objects other than plain data (tensors, numbers, "
                         "strings), which could run code when loaded; ganlib's save() never writes such files") from e
    except (RuntimeError, EOFError, zipfile.BadZipFile, OSError, ValueError) as e:
        raise ValueError(f"{name} is not a readable PyTorch file (truncated, corrupted or another format): {e}") from e
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError(f"{name} is a PyTorch file but not a run saved by ganlib's TrainedGAN.save "
                         f"(expected format {FORMAT!r})")
    try:
        fields = {f.name for f in dataclasses.fields(GANConfig)}
        unknown = sorted(set(state["config"]) - fields)
        if unknown:
            raise ValueError(f"unknown config fields {unknown}")
        config = GANConfig(**state["config"]).resolved()
        data_shape = tuple(state["data_shape"])
        g, d = build_networks(config, data_shape)
        g.load_state_dict(state["generator"])
        d.load_state_dict(state["discriminator"])
        history = {k: v.numpy() for k, v in state["history"].items()}
        snapshots = {int(s): (gs, ds) for s, (gs, ds) in state["snapshots"].items()}
        steps_done = int(state["steps_done"])
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        raise ValueError(f"{name} is a ganlib file whose contents do not fit together "
                         f"(was it edited, or saved by another version?): {e}") from e
    return TrainedGAN(config, g, d, history, snapshots, data_shape, steps_done)
