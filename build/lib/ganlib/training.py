r"""Training: the paper's Algorithm 1 for every loss the book teaches, for one seed or many at once.

``ganlib.train(data, loss=..., steps=..., seeds=...)`` returns a :class:`TrainedGAN` that can
draw samples, evaluate the discriminator, show its history and snapshots, and be saved.

Algorithm 1 (Goodfellow et al. 2014), with the loss pair chosen by ``loss`` (see
:mod:`ganlib.losses`)::

    for each generator step:
        repeat k times:                                       # discriminator (critic) steps
            update D: minimise d_loss(D(x), D(G(z)))          # = maximise log D(x) + log(1 - D(G(z)))
            (WGAN: clip D's weights; WGAN-GP: add the gradient penalty)
        update G: minimise g_loss(D(G(z)))

**Many seeds at once.** ``seeds=[0, 1, ..., 31]`` trains 32 independent GANs in one batched run
(see :mod:`ganlib.networks`); copy ``i`` draws its initial weights, its noise and its data from
its own seed, so it starts exactly where ``train(..., seeds=i)`` alone starts and follows the
same trajectory up to floating-point summation order. Those last-digit differences can grow over a
long run (GAN training is chaotic), so after thousands of steps copy ``i`` is a statistically
equivalent run, not the identical one. Chapters: *Training a GAN in one dimension* (``08_training_1d``)
and *Mode collapse* (``09_mode_collapse``).

**Threads.** On the CPU, runs whose work per step is below ``CPU_THREADS_MIN_WORK`` use one
thread (restored afterwards): their tensors are too small to split, and on a busy machine
extra threads make such a run many times slower.

**Device.** ``device="auto"`` (the default) trains on :func:`ganlib.device` (a GPU when there is
one) only when the work per step is large enough to profit: convolutional networks, or
``copies * batch * width**2`` of at least ``GPU_MIN_WORK``. A tiny GAN's step is dominated by
per-operation launch overhead, which is larger on a GPU than on a CPU, so small runs stay on the
CPU and a chapter never runs slower because a GPU is present. ``device="cuda"`` or ``"cpu"``
forces the choice.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from . import losses as L
from ._checks import positive_int
from .devices import device as default_device
from .networks import ConvDiscriminator, ConvGenerator, MLPDiscriminator, MLPGenerator

__all__ = ["GANConfig", "TrainedGAN", "TrainingDiverged", "train", "load", "GPU_MIN_WORK"]

#: copies * batch * width**2 from which "auto" moves an MLP run to the GPU (see the module docstring)
GPU_MIN_WORK = 2**23
#: below this copies * batch * width**2, a CPU run uses one thread: the tensors are too small to
#: split, and idle worker threads only add synchronisation (badly so on a busy machine)
CPU_THREADS_MIN_WORK = 2**19
_CHUNK = 64  # generator steps whose noise and data are drawn in one go


class TrainingDiverged(FloatingPointError):
    """Raised when a loss becomes NaN or infinite; ``.result`` holds the run up to that step."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


@dataclass
class GANConfig:
    """Everything that defines a run. ``None`` means "the default of the chosen loss's paper"."""

    loss: str = "nonsaturating"  # one of ganlib.LOSSES
    steps: int = 2000  # generator updates
    batch_size: int = 128  # samples per minibatch (real and fake alike)
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

    def resolved(self) -> GANConfig:
        """A copy with every ``None`` replaced by the loss's default, after checking all fields."""
        if self.loss not in L.LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; the known losses are {', '.join(L.LOSSES)}")
        spec = L.LOSSES[self.loss]
        c = dataclasses.replace(
            self,
            k=spec.k if self.k is None else self.k,
            lr_d=spec.lr if self.lr_d is None else self.lr_d,
            lr_g=spec.lr if self.lr_g is None else self.lr_g,
            betas=spec.betas if self.betas is None else tuple(self.betas),
            optimizer=spec.optimizer if self.optimizer is None else self.optimizer,
            clip=spec.clip if self.clip is None else self.clip,
            gp_weight=spec.gp_weight if self.gp_weight is None else self.gp_weight,
            seeds=[self.seeds] if isinstance(self.seeds, (int, np.integer)) else list(self.seeds),
            snapshot_steps=sorted(set(int(s) for s in self.snapshot_steps)),
        )
        for name in ("steps", "batch_size", "k", "latent_dim", "width", "check_every"):
            positive_int(getattr(c, name), name, "a whole number >= 1")
        if isinstance(c.depth, bool) or not isinstance(c.depth, int) or c.depth < 0:
            raise ValueError(f"depth must be a whole number >= 0, got {c.depth!r}")
        for name in ("lr_d", "lr_g"):
            v = getattr(c, name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
                raise ValueError(f"{name} must be a positive learning rate, got {v!r}")
        if c.optimizer not in ("adam", "rmsprop", "sgd"):
            raise ValueError(f"optimizer must be 'adam', 'rmsprop' or 'sgd', got {c.optimizer!r}")
        if len(c.betas) != 2 or not all(0 <= b < 1 for b in c.betas):
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
        if any(s < 0 or s > c.steps for s in c.snapshot_steps):
            raise ValueError(f"snapshot_steps must lie between 0 and steps={c.steps}, got {c.snapshot_steps}")
        return c


# --- data ---------------------------------------------------------------------------------------

class _Data:
    """Draws minibatches for each copy from its own generator: from a target's ``sample`` method,
    or with replacement from a tensor of examples."""

    def __init__(self, data):
        if hasattr(data, "sample"):
            self.target, self.examples = data, None
            probe = data.sample(2, generator=torch.Generator().manual_seed(0))
            self.shape = tuple(probe.shape[1:])
            return
        if isinstance(data, np.ndarray):
            data = torch.from_numpy(data)
        if not torch.is_tensor(data):
            raise TypeError(f"data must be a ganlib target (with .sample) or a tensor of examples, got {type(data).__name__}")
        if data.dim() == 1:
            data = data.unsqueeze(1)
        if data.shape[0] < 2:
            raise ValueError(f"data must hold at least 2 examples, got {data.shape[0]}")
        data = data.float()
        bad = ~torch.isfinite(data)
        if bad.any():
            raise ValueError(f"data contains NaN or inf (first at example {int(bad.flatten(1).any(1).nonzero()[0])})")
        self.target, self.examples = None, data
        self.shape = tuple(data.shape[1:])

    def to(self, dev):
        if self.examples is not None:
            self.examples = self.examples.to(dev)
        return self

    def draw(self, n, gen):
        if self.target is not None:
            x = self.target.sample(n, generator=gen)
            return x.to(gen.device) if x.device != gen.device else x
        idx = torch.randint(len(self.examples), (n,), generator=gen, device=gen.device)
        return self.examples[idx]


# --- the result ---------------------------------------------------------------------------------

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
        self.data_shape = data_shape
        self.steps_done = steps_done

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
    def sample(self, n: int, *, step: int | None = None, seed: int = 0) -> np.ndarray:
        """``n`` samples from each generator copy (at snapshot ``step`` if given), reproducible from ``seed``."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"n must be a positive whole number, got {n!r}")
        g, _ = self.networks(step)
        dev = next(g.parameters()).device
        # each copy's noise comes from (seed, the copy's own seed): a copy samples as it would alone
        gens = [torch.Generator(device=dev).manual_seed(int(np.random.SeedSequence([seed, s]).generate_state(1)[0]))
                for s in self.config.seeds]
        z = torch.stack([torch.randn(n, g.latent_dim, generator=gen, device=dev) for gen in gens])
        was_training = g.training
        g.eval()
        x = g(z).cpu().numpy()
        g.train(was_training)
        return x[0] if self.copies == 1 else x

    @torch.no_grad()
    def discriminate(self, x, *, step: int | None = None) -> np.ndarray:
        """The discriminator's output at ``x`` (shape ``(n, *data_shape)``, or ``(n,)`` for 1-D data)."""
        _, d = self.networks(step)
        dev = next(d.parameters()).device
        x = torch.as_tensor(np.asarray(x), dtype=torch.float32, device=dev)
        if x.dim() == len(self.data_shape) and self.data_shape == (1,):
            x = x.unsqueeze(-1)
        if tuple(x.shape[1:]) != self.data_shape:
            raise ValueError(f"x must have shape (n, {', '.join(map(str, self.data_shape))}), got {tuple(x.shape)}")
        out = d(x.unsqueeze(0).expand(self.copies, *x.shape))[..., 0]  # (copies, n)
        if L.LOSSES[self.config.loss].probability_output:
            out = torch.sigmoid(out)
        out = out.cpu().numpy()
        return out[0] if self.copies == 1 else out

    def save(self, path) -> None:
        """Saves the configuration, the trained networks, the history and the snapshots."""
        torch.save(
            {
                "config": dataclasses.asdict(self.config),
                "generator": self.generator.state_dict(),
                "discriminator": self.discriminator.state_dict(),
                "history": self._history,
                "snapshots": self._snapshots,
                "data_shape": self.data_shape,
                "steps_done": self.steps_done,
            },
            path,
        )

    def __repr__(self):
        return (f"TrainedGAN(loss={self.config.loss!r}, steps={self.steps_done}/{self.config.steps}, "
                f"copies={self.copies}, data_shape={self.data_shape}, device={next(self.generator.parameters()).device})")


def load(path, map_location="cpu") -> TrainedGAN:
    """Loads a :class:`TrainedGAN` saved with :meth:`TrainedGAN.save`."""
    state = torch.load(path, map_location=map_location, weights_only=False)
    config = GANConfig(**state["config"])
    g, d = _networks(config, state["data_shape"])
    g.load_state_dict(state["generator"])
    d.load_state_dict(state["discriminator"])
    return TrainedGAN(config, g, d, state["history"], state["snapshots"], state["data_shape"], state["steps_done"])


# --- training -----------------------------------------------------------------------------------

def _networks(c: GANConfig, data_shape):
    copies = len(c.seeds)
    conv = c.network == "conv" or (c.network == "auto" and tuple(data_shape)[-2:] == (8, 8))
    if conv:
        if tuple(data_shape)[-2:] != (8, 8) or len(data_shape) != 3:
            raise ValueError(f"the convolutional networks take 8x8 images (channels, 8, 8), got data of shape {data_shape}")
        return (ConvGenerator(c.latent_dim, c.width, data_shape[0], copies=copies),
                ConvDiscriminator(c.width, data_shape[0], copies=copies))
    images = len(data_shape) == 3
    return (MLPGenerator(c.latent_dim, data_shape, c.width, c.depth, tanh_output=images, copies=copies),
            MLPDiscriminator(data_shape, c.width, c.depth, copies=copies))


def _choose_device(c: GANConfig, conv: bool) -> torch.device:
    if c.device != "auto":
        try:
            return torch.device(c.device)
        except (RuntimeError, TypeError) as e:
            raise ValueError(f"device must be 'auto' or a torch device such as 'cpu' or 'cuda', got {c.device!r}") from e
    best = default_device()
    work = len(c.seeds) * c.batch_size * c.width**2
    return best if best.type != "cpu" and (conv or work >= GPU_MIN_WORK) else torch.device("cpu")


def _optimizer(c: GANConfig, params, lr):
    # one fused kernel per optimiser step instead of several small ops per parameter tensor
    if c.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, betas=c.betas, fused=True)
    if c.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, foreach=True)
    return torch.optim.SGD(params, lr=lr, momentum=0.9, fused=True)


def _grad_norms(net, copies):
    """The gradient's Euclidean norm for each copy: every parameter's dim 0 is copy-major."""
    grads = [p.grad.reshape(copies, -1) for p in net.parameters() if p.grad is not None]
    return torch.linalg.vector_norm(torch.cat(grads, 1), dim=1)  # (copies,)


def _progress(total, enabled, desc):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, leave=False)


def train(data, config: GANConfig | None = None, **options) -> TrainedGAN:
    """Trains a GAN on ``data`` (a ganlib target such as ``ganlib.bimodal()``, or a tensor of
    examples such as ``ganlib.digits()``) and returns a :class:`TrainedGAN`.

    Options are the fields of :class:`GANConfig` (``loss``, ``steps``, ``batch_size``, ``k``,
    ``lr_d``, ``lr_g``, ``seeds``, ``snapshot_steps``, ``width``, ``depth``, ``latent_dim``,
    ``progress``, ...), given as keywords or as a ``config``.

    >>> import ganlib
    >>> gan = ganlib.train(ganlib.bimodal(), loss="nonsaturating", steps=20, progress=False)
    >>> gan.sample(5).shape
    (5, 1)
    """
    fields = {f.name for f in dataclasses.fields(GANConfig)}
    unknown = sorted(set(options) - fields)
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; the options are {sorted(fields)}")
    config = dataclasses.replace(config or GANConfig(), **options)
    c = config.resolved()
    spec = L.LOSSES[c.loss]
    copies = len(c.seeds)

    feed = _Data(data)
    shape = feed.shape
    G, D = _networks(c, shape)
    dev = _choose_device(c, isinstance(G, ConvGenerator))
    feed.to(dev)

    # independent streams per copy, all from the copy's seed: G's and D's initial weights, noise, data
    streams = [np.random.SeedSequence(s).generate_state(4) for s in c.seeds]
    G.reset_parameters([torch.Generator().manual_seed(int(s[0])) for s in streams])
    D.reset_parameters([torch.Generator().manual_seed(int(s[1])) for s in streams])
    G.to(dev)
    D.to(dev)
    noise_gens = [torch.Generator(device=dev).manual_seed(int(s[2])) for s in streams]
    data_gens = [torch.Generator(device=dev).manual_seed(int(s[3])) for s in streams]

    opt_d = _optimizer(c, D.parameters(), c.lr_d)
    opt_g = _optimizer(c, G.parameters(), c.lr_g)
    keys = ["d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm"]
    if c.loss in ("wgan", "wgan-gp"):
        keys.append("wasserstein")
    record = torch.full((c.steps, len(keys), copies), float("nan"), device=dev)  # (steps, keys, copies)
    hist = {key: record[:, i] for i, key in enumerate(keys)}
    snapshots = {}

    def keep_snapshot(step):
        snapshots[step] = ({n: t.detach().cpu().clone() for n, t in G.state_dict().items()},
                           {n: t.detach().cpu().clone() for n, t in D.state_dict().items()})

    def result(steps_done):
        h = {key: v[:steps_done].cpu().numpy() for key, v in hist.items()}
        return TrainedGAN(c, G, D, h, snapshots, shape, steps_done)

    threads = torch.get_num_threads()
    if dev.type == "cpu" and copies * c.batch_size * c.width**2 < CPU_THREADS_MIN_WORK:
        torch.set_num_threads(1)
    try:
        return _loop(c, spec, G, D, feed, shape, dev, noise_gens, data_gens, opt_d, opt_g, hist, record, keep_snapshot, result)
    finally:
        torch.set_num_threads(threads)


def _loop(c, spec, G, D, feed, shape, dev, noise_gens, data_gens, opt_d, opt_g, hist, record, keep_snapshot, result):
    """Algorithm 1, with every copy's noise and data drawn ahead in chunks."""
    copies, B, k, zdim = len(c.seeds), c.batch_size, c.k, c.latent_dim
    to_prob = torch.sigmoid if spec.probability_output else (lambda t: t)
    d_params = list(D.parameters())
    bar = _progress(c.steps, c.progress, f"{c.loss} x{copies} on {dev.type}")
    step, checked = 0, 0
    if 0 in c.snapshot_steps:
        keep_snapshot(0)
    try:
        while step < c.steps:
            # draw a chunk of steps' noise and data for every copy, each from its own stream
            chunk = min(_CHUNK, c.steps - step)
            z_all = torch.stack([torch.randn(chunk, k + 1, B, zdim, generator=g, device=dev) for g in noise_gens], 2)
            x_all = torch.stack([feed.draw(chunk * k * B, g).reshape(chunk, k, B, *shape) for g in data_gens], 2)
            eps_all = (torch.stack([torch.rand(chunk, k, B, generator=g, device=dev) for g in noise_gens], 2)
                       if c.loss == "wgan-gp" else None)
            for t in range(chunk):
                # update D (k times): minimise d_loss (for the GAN losses: maximise log D(x) + log(1 - D(G(z))))
                for j in range(k):
                    real = x_all[t, j]  # (copies, B, *shape)
                    with torch.no_grad():
                        fake = G(z_all[t, j])
                    out_real, out_fake = D(torch.cat([real, fake], 1)).split(B, 1)  # one pass: (copies, B, 1) each
                    loss_d = spec.d_loss(out_real, out_fake)  # (copies,)
                    if c.loss == "wgan-gp":
                        loss_d = loss_d + c.gp_weight * L.gradient_penalty(D, real, fake, eps_all[t, j])
                    opt_d.zero_grad(set_to_none=True)
                    loss_d.sum().backward()  # copies do not interact: the sum's gradient is each copy's own
                    opt_d.step()
                    if c.clip is not None:
                        with torch.no_grad():
                            for p in d_params:
                                p.clamp_(-c.clip, c.clip)
                with torch.no_grad():
                    d_norm = _grad_norms(D, copies)
                # update G: minimise g_loss(D(G(z))); D's weights need no gradient here
                for p in d_params:
                    p.requires_grad_(False)
                loss_g = spec.g_loss(D(G(z_all[t, k])))
                opt_g.zero_grad(set_to_none=True)
                loss_g.sum().backward()
                opt_g.step()
                for p in d_params:
                    p.requires_grad_(True)
                with torch.no_grad():  # one write per step into the history buffer
                    row = [loss_d, loss_g, to_prob(out_real).mean((1, 2)), to_prob(out_fake).mean((1, 2)),
                           d_norm, _grad_norms(G, copies)]
                    if "wasserstein" in hist:
                        row.append(out_real.mean((1, 2)) - out_fake.mean((1, 2)))  # the critic's W1 estimate
                    record[step] = torch.stack(row)
                step += 1
                if step in c.snapshot_steps:
                    keep_snapshot(step)
                if step - checked >= c.check_every or step == c.steps:
                    _check_finite(hist, checked, step, c, result)
                    checked = step
                    if bar is not None:
                        bar.update(step - bar.n)
                        bar.set_postfix(d_loss=f"{hist['d_loss'][step - 1].mean().item():.3f}",
                                        g_loss=f"{hist['g_loss'][step - 1].mean().item():.3f}", refresh=False)
    except KeyboardInterrupt:
        warnings.warn(f"training interrupted after {step} of {c.steps} generator steps; returning what it has",
                      stacklevel=2)
    finally:
        if bar is not None:
            bar.close()
    return result(step)


def _check_finite(hist, start, stop, c, result):
    for key in ("d_loss", "g_loss"):
        window = hist[key][start:stop]
        bad = ~torch.isfinite(window)
        if bad.any():
            row, col = (int(i) for i in bad.nonzero()[0])
            step = start + row + 1
            raise TrainingDiverged(
                f"training diverged at generator step {step} (seed {c.seeds[col]}): {key} became "
                f"{window[row, col].item()}. Try a smaller learning rate (lr_d={c.lr_d:g}, lr_g={c.lr_g:g}), "
                "fewer discriminator steps k, or a Wasserstein loss; check the data for extreme values.",
                result(step - 1),
            )
