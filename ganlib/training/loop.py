r"""Algorithm 1 of Goodfellow et al. (2014), for every loss the book teaches and many seeds at once.

:func:`algorithm1_step` is one iteration of the paper's pseudo-code, for all copies together;
:func:`train` draws the noise and the data, keeps the history and the snapshots, and leaves the
speed rules to :mod:`ganlib.training.speed`.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import torch

from torch.func import functional_call

from .. import losses as L
from .. import remedies
from . import speed
from .config import GANConfig
from .feed import Feed
from .result import TrainedGAN, build_networks, merge, uses_conv

_CHUNK = 64  # generator steps whose noise and data are drawn in one go


class TrainingDiverged(FloatingPointError):
    """Raised when a loss becomes NaN or infinite; ``.result`` holds the run up to that step."""

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = result


def algorithm1_step(G, D, opt_d, opt_g, c: GANConfig, x, z, eps=None):
    """One iteration of Algorithm 1, for every copy at once (copies never interact).

    ``x``: ``k`` real minibatches, ``(k, copies, m, *data_shape)``; ``z``: ``k + 1`` noise
    minibatches, ``(k + 1, copies, m, latent_dim)``; ``eps``: WGAN-GP's mixing weights ``(k, copies, m)``.
    Returns the last D losses, the G losses (each ``(copies,)``), D's last outputs on real and fake
    (``(copies, m / pack, 1)`` each) and both gradient norms.
    """
    spec = L.LOSSES[c.loss]
    for j in range(c.k):
        # update the discriminator by descending d_loss(D(x), D(G(z)));
        # for the GAN losses: ascend (1/m) sum [log D(x_i) + log(1 - D(G(z_i)))]
        with torch.no_grad():
            fake = G(z[j])
        out_real, out_fake = _judge(D, c, x[j], fake)
        loss_d = spec.d_loss(out_real, out_fake)  # (copies,)
        if c.loss == "wgan-gp":
            real_in, fake_in = remedies.pack(x[j], c.pack), remedies.pack(fake, c.pack)
            loss_d = loss_d + c.gp_weight * L.gradient_penalty(D, real_in, fake_in, eps[j][:, :real_in.shape[1]])
        opt_d.zero_grad(set_to_none=True)
        loss_d.sum().backward()  # the sum's gradient is each copy's own gradient
        opt_d.step()
        if c.clip is not None:  # WGAN: clip the critic's weights to [-c, c]
            with torch.no_grad():
                for p in D.parameters():
                    p.clamp_(-c.clip, c.clip)
    d_norm = _grad_norms(D)
    # update the generator by descending g_loss(D(G(z)));
    # the paper's: descend (1/m) sum log(1 - D(G(z_i))); non-saturating: ascend log D(G(z_i))
    D.requires_grad_(False)  # D's weights need no gradient here
    judge = _unrolled(G, D, opt_d, c, x[c.k - 1], z[c.k - 1]) if c.unrolled_steps else D
    loss_g = spec.g_loss(_judge(judge, c, G(z[c.k])))
    opt_g.zero_grad(set_to_none=True)
    loss_g.sum().backward()
    opt_g.step()
    D.requires_grad_(True)
    return loss_d, loss_g, out_real, out_fake, d_norm, _grad_norms(G)


def _judge(D, c: GANConfig, real, fake=None):
    """D's outputs on a real and a fake minibatch (or on one minibatch): in packs of ``c.pack``
    samples (PacGAN), and in one pass unless the minibatch-std feature needs each batch alone."""
    batches = [remedies.pack(t, c.pack) for t in (real, fake) if t is not None]
    if len(batches) == 1:
        return D(batches[0])
    if c.minibatch_std:
        return D(batches[0]), D(batches[1])
    return D(torch.cat(batches, 1)).split(batches[0].shape[1], 1)


def _unrolled(G, D, opt_d, c: GANConfig, x, z):
    """D as it will be after ``c.unrolled_steps`` more Adam updates on the minibatch (x, G(z)), as a
    function whose gradient reaches G through those updates (unrolled GAN, ganlib.remedies)."""
    spec = L.LOSSES[c.loss]
    params = {n: p.detach().requires_grad_(True) for n, p in D.named_parameters()}

    def loss_d(ps):
        return spec.d_loss(*_judge(lambda t: functional_call(D, ps, (t,)), c, x, G(z)))

    ahead = remedies.unrolled_parameters(D, loss_d, params, opt_d, c.unrolled_steps)
    return lambda t: functional_call(D, ahead, (t,))


def train(data, config: GANConfig | None = None, *, labels=None, **options) -> TrainedGAN:
    """Trains a GAN on ``data`` (a ganlib target such as ``ganlib.bimodal()``, or a tensor of
    examples such as ``ganlib.digits()``) and returns a :class:`TrainedGAN`.

    Options are the fields of :class:`GANConfig` (``loss``, ``steps``, ``batch_size``, ``k``,
    ``lr_d``, ``lr_g``, ``seeds``, ``snapshot_steps``, ``width``, ``depth``, ``latent_dim``,
    ``progress``, ...), given as keywords or as a ``config``.

    **Conditional GANs.** With ``labels`` (one whole number per example) the GAN learns the pairs
    (example, label) and its generator takes the label it should produce (:mod:`ganlib.conditional`);
    ``gan.sample(n, labels=3)`` draws class 3.

    **Many seeds.** ``seeds=[0, 1, ..., 31]`` trains 32 independent GANs; copy ``i`` draws its
    initial weights, its noise and its data from its own seed, so it starts exactly where
    ``train(..., seeds=i)`` starts and follows the same trajectory up to floating-point summation
    order (after thousands of steps, a statistically equivalent run rather than the identical one:
    GAN training is chaotic). Results for several seeds carry the copies axis first (samples
    ``(copies, n, *data_shape)``) or last (history ``(steps, copies)``).

    Training never touches torch's global random-number generator.

    >>> import ganlib
    >>> gan = ganlib.train(ganlib.bimodal(), loss="nonsaturating", steps=20, progress=False)
    >>> gan.sample(5).shape
    (5, 1)
    """
    fields = {f.name for f in dataclasses.fields(GANConfig)}
    unknown = sorted(set(options) - fields)
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; the options are {sorted(fields)}")
    if config is not None and not isinstance(config, GANConfig):
        raise TypeError(f"config must be a ganlib.GANConfig (or pass the options as keywords), got {type(config).__name__}")
    c = dataclasses.replace(config or GANConfig(), **options).resolved()
    feed = Feed(data, labels)
    if feed.classes:
        c = dataclasses.replace(c, classes=feed.classes)
    elif c.classes:
        raise ValueError("classes is set by train(..., labels=...); give the labels instead")
    if c.loss == "acgan" and (not feed.classes or c.pack > 1):
        raise ValueError("loss='acgan' trains a conditional GAN: give labels=, and no packing (pack=1)")
    conv = uses_conv(c, feed.plain_shape)
    dev = speed.choose_device(c, conv)
    feed.to(dev)
    groups = speed.seed_groups(c, dev, conv)
    parts = []
    for i, seeds in enumerate(groups):
        label = f"{c.loss} x{len(c.seeds)} on {dev.type}" + (f" (group {i + 1}/{len(groups)})" if len(groups) > 1 else "")
        parts.append(_run(dataclasses.replace(c, seeds=seeds), feed, dev, label))
        if parts[-1].steps_done < c.steps:  # interrupted: keep what the groups so far have
            return merge(parts, dataclasses.replace(c, seeds=[s for p in parts for s in p.config.seeds]))
    return merge(parts, c)


def _run(c: GANConfig, feed: Feed, dev: torch.device, label: str) -> TrainedGAN:
    """Trains the copies of ``c.seeds`` together; the bookkeeping around :func:`algorithm1_step`."""
    copies, B, k, shape = len(c.seeds), c.batch_size * c.pack, c.k, feed.shape  # B samples: batch_size packs
    G, D = build_networks(c, feed.plain_shape)
    # independent streams per copy, all from the copy's seed: G's and D's initial weights, noise, data
    streams = [np.random.SeedSequence(s).generate_state(4) for s in c.seeds]
    G.reset_parameters([torch.Generator().manual_seed(int(s[0])) for s in streams])
    D.reset_parameters([torch.Generator().manual_seed(int(s[1])) for s in streams])
    G.to(dev)
    D.to(dev)
    noise_rngs = [torch.Generator(device=dev).manual_seed(int(s[2])) for s in streams]
    data_rngs = [torch.Generator(device=dev).manual_seed(int(s[3])) for s in streams]
    opt_d = speed.optimizer(c, D.parameters(), c.lr_d)
    opt_g = speed.optimizer(c, G.parameters(), c.lr_g)

    keys = ["d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm"]
    if c.loss in ("wgan", "wgan-gp"):
        keys.append("wasserstein")
    record = torch.full((c.steps, len(keys), copies), float("nan"), device=dev)  # (steps, keys, copies)
    to_prob = torch.sigmoid if L.LOSSES[c.loss].probability_output else (lambda t: t)
    snapshots = {}

    def keep_snapshot(step):
        snapshots[step] = ({n: t.detach().cpu().clone() for n, t in G.state_dict().items()},
                           {n: t.detach().cpu().clone() for n, t in D.state_dict().items()})

    def result(steps_done):
        h = {key: record[:steps_done, i].cpu().numpy() for i, key in enumerate(keys)}
        return TrainedGAN(c, G, D, h, snapshots, feed.plain_shape, steps_done)

    threads = speed.ThreadChooser(dev, copies * B * c.width**2)
    bar = None
    if c.progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=c.steps, desc=label, leave=False)
    step, checked = 0, 0
    if 0 in c.snapshot_steps:
        keep_snapshot(0)
    try:
        while step < c.steps:
            chunk = min(_CHUNK, c.steps - step)
            # a chunk of steps' noise and data for every copy, each from its own stream
            z = torch.stack([_noise(c, (chunk, k + 1, B), r) for r in noise_rngs], 2)
            x = torch.stack([feed.draw(chunk * k * B, r).reshape(chunk, k, B, *shape) for r in data_rngs], 2)
            eps = (torch.stack([torch.rand(chunk, k, B, generator=r, device=dev) for r in noise_rngs], 2)
                   if c.loss == "wgan-gp" else None)
            for t in range(chunk):
                loss_d, loss_g, out_real, out_fake, d_norm, g_norm = algorithm1_step(
                    G, D, opt_d, opt_g, c, x[t], z[t], None if eps is None else eps[t])
                with torch.no_grad():  # one write per step into the history buffer
                    out_real, out_fake = out_real[..., :1], out_fake[..., :1]  # the real/fake answer (AC-GAN: not the class)
                    row = [loss_d, loss_g, to_prob(out_real).mean((1, 2)), to_prob(out_fake).mean((1, 2)), d_norm, g_norm]
                    if len(keys) == 7:
                        row.append(out_real.mean((1, 2)) - out_fake.mean((1, 2)))  # the critic's W1 estimate
                    record[step] = torch.stack(row)
                step += 1
                threads.tick()
                if step in c.snapshot_steps:
                    keep_snapshot(step)
                if step - checked >= c.check_every or step == c.steps:
                    _check_finite(record, keys, checked, step, c, result)
                    checked = step
                    if bar is not None:
                        bar.update(step - bar.n)
                        bar.set_postfix(d_loss=f"{record[step - 1, 0].mean().item():.3f}",
                                        g_loss=f"{record[step - 1, 1].mean().item():.3f}", refresh=False)
    except KeyboardInterrupt:
        warnings.warn(f"training interrupted after {step} of {c.steps} generator steps; returning what it has",
                      stacklevel=3)
    finally:
        threads.restore()
        if bar is not None:
            bar.close()
    return result(step)


def _noise(c: GANConfig, shape, rng):
    """Noise z ~ N(0, I) of shape ``(*shape, latent_dim)``; for a conditional GAN followed by the one-hot
    code of a label drawn uniformly from the classes."""
    z = torch.randn(*shape, c.latent_dim, generator=rng, device=rng.device)
    if not c.classes:
        return z
    y = torch.randint(c.classes, shape, generator=rng, device=rng.device)
    return torch.cat([z, torch.nn.functional.one_hot(y, c.classes).to(z.dtype)], -1)


def _grad_norms(net):
    """The gradient's Euclidean norm for each copy: every parameter's dim 0 is copy-major."""
    with torch.no_grad():
        grads = [p.grad.reshape(net.copies, -1) for p in net.parameters() if p.grad is not None]
        return torch.linalg.vector_norm(torch.cat(grads, 1), dim=1)  # (copies,)


def _check_finite(record, keys, start, stop, c, result):
    for i, key in enumerate(keys[:2]):  # d_loss, g_loss
        window = record[start:stop, i]
        bad = ~torch.isfinite(window)
        if bad.any():
            row, col = (int(j) for j in bad.nonzero()[0])
            step = start + row + 1
            raise TrainingDiverged(
                f"training diverged at generator step {step} (seed {c.seeds[col]}): {key} became "
                f"{window[row, col].item()}. Try a smaller learning rate (lr_d={c.lr_d:g}, lr_g={c.lr_g:g}), "
                "fewer discriminator steps k, or a Wasserstein loss; check the data for extreme values.",
                result(step - 1),
            )
