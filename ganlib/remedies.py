r"""Remedies for mode collapse, each a small option of :func:`ganlib.train`.

* ``pack=m``, PacGAN (Lin et al. 2018): the discriminator judges ``m`` samples at once, all real
  or all fake (:func:`pack`). A generator that puts its mass on few modes gives packs whose samples
  repeat each other, which a packed discriminator can see and a one-sample discriminator cannot.
* ``minibatch_std=True`` (Karras et al. 2018): the discriminator's last layer also sees the
  spread of the minibatch (:class:`MinibatchStd`): a collapsed generator's batch has almost none.
* ``spectral_norm=True`` (Miyato et al. 2018): each discriminator layer's weight is divided by
  its largest singular value (:func:`spectral_normalised`), so D is 1-Lipschitz in each layer and its
  slope at the samples cannot grow without bound.
* ``unrolled_steps=k`` (Metz et al. 2017): the generator's loss is taken against the
  discriminator as it will be after ``k`` more of its own updates (:func:`unrolled_parameters`),
  differentiating through those updates, so the generator feels how D would answer a move onto one mode.

Every function works on all copies of a many-seeds run at once (each copy its own network).
Explained in *Remedies for mode collapse*.
"""

from __future__ import annotations

import contextlib

import torch
from torch import nn

__all__ = ["pack", "MinibatchStd", "spectral_normalised", "unrolled_parameters", "judging"]


def pack(x: torch.Tensor, m: int) -> torch.Tensor:
    """Groups samples into packs of ``m`` for a packed discriminator: ``(copies, m * B, C, ...)`` ->
    ``(copies, B, m * C, ...)``; consecutive samples form a pack, and a pack's samples are stacked
    along the first data axis (coordinates of points, channels of images).

    >>> pack(torch.arange(8.0).reshape(1, 4, 2), 2)
    tensor([[[0., 1., 2., 3.],
             [4., 5., 6., 7.]]])
    """
    copies, n, *shape = x.shape
    if n % m:
        raise ValueError(f"{n} samples do not split into packs of {m}")
    return x.reshape(copies, n // m, m * shape[0], *shape[1:])


class MinibatchStd(nn.Module):
    r"""Appends one feature to every sample: the standard deviation of each feature over the
    minibatch, averaged over the features (Karras et al. 2018, section 3),
    :math:`s = \frac{1}{F}\sum_f \sqrt{\mathrm{Var}_{batch}(h_f) + 10^{-8}}`, for each copy.
    ``(copies, batch, F)`` -> ``(copies, batch, F + 1)``.

    The feature depends on the whole minibatch, so the discriminator must see real and fake samples
    in separate batches (the trainer does), and its value at a point depends on the points beside it.
    """

    def forward(self, h):  # (copies, batch, F)
        s = torch.sqrt(h.var(dim=1, unbiased=False, keepdim=True) + 1e-8).mean(dim=2, keepdim=True)  # (copies, 1, 1)
        return torch.cat([h, s.expand(*h.shape[:2], 1)], dim=2)


def spectral_normalised(weight: torch.Tensor, u: torch.Tensor, update: bool) -> torch.Tensor:
    r""":math:`W / \sigma(W)` for each copy's weight (``weight``: ``(copies, in, out)``), with the largest
    singular value :math:`\sigma` estimated by power iteration from the vectors ``u`` (``(copies, out)``),
    which one iteration refines in place when ``update`` (Miyato et al. 2018, Algorithm 1: one
    iteration per update, the vectors carried over; no gradient flows through them).

    >>> w, u = torch.randn(1, 3, 5), torch.randn(1, 5)
    >>> for _ in range(50):
    ...     _ = spectral_normalised(w, u, update=True)
    >>> bool(torch.isclose(torch.linalg.matrix_norm(spectral_normalised(w, u, False), ord=2), torch.tensor(1.0)))
    True
    """
    with torch.no_grad():
        v = nn.functional.normalize(torch.bmm(weight, u.unsqueeze(2)).squeeze(2), dim=1)  # (copies, in)
        u_new = nn.functional.normalize(torch.bmm(v.unsqueeze(1), weight).squeeze(1), dim=1)  # (copies, out)
        if update:
            u.copy_(u_new)
    sigma = torch.einsum("ci,cio,co->c", v, weight, u_new)  # (copies,)
    return weight / sigma[:, None, None]


def unrolled_parameters(D, loss_d, params: dict, optimizer, steps: int) -> dict:
    """The discriminator's parameters after ``steps`` more Adam updates that descend ``loss_d(params)``
    (a function of a parameter dict returning one loss per copy), built so that gradients flow
    back through every update (Metz et al. 2017, equations 6-8). The updates continue from
    ``optimizer``'s moment estimates and step count, as the real updates would; nothing is changed in
    place. Use the result with ``torch.func.functional_call(D, result, inputs)``.
    """
    group = optimizer.param_groups[0]
    lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
    names = [n for n, p in D.named_parameters()]
    state = [optimizer.state.get(p, {}) for p in D.parameters()]
    m = [s["exp_avg"] if "exp_avg" in s else torch.zeros_like(params[n]) for s, n in zip(state, names)]
    v = [s["exp_avg_sq"] if "exp_avg_sq" in s else torch.zeros_like(params[n]) for s, n in zip(state, names)]
    t = int(state[0]["step"]) if "step" in state[0] else 0
    for _ in range(steps):
        t += 1
        grads = torch.autograd.grad(loss_d(params).sum(), [params[n] for n in names], create_graph=True)
        new = {}
        for i, (n, g) in enumerate(zip(names, grads)):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            m_hat, v_hat = m[i] / (1 - b1**t), v[i] / (1 - b2**t)
            new[n] = params[n] - lr * m_hat / (torch.sqrt(v_hat + 1e-16) + eps)  # +1e-16: sqrt's slope at 0
        params = {**params, **new}
    return params


@contextlib.contextmanager
def judging(d: torch.nn.Module):
    """``d`` in evaluation mode for the duration (then as it was): a spectrally normalised layer
    refines its power-iteration vectors only in training mode, so looking at a trained discriminator
    must not be done in training mode, or every look would change it."""
    was = d.training
    d.eval()
    try:
        yield d
    finally:
        d.train(was)
