r"""Small plotting helpers for 1-D GAN pictures: densities on the left axis, discriminator outputs on
a right-hand axis fixed to [0, 1].

Introduced in *The optimal discriminator* (``06_optimal_discriminator``), which explains what the
curves mean: :math:`p_{data}`, :math:`p_g`, a discriminator :math:`D` and the optimal
:math:`D^*(x) = p_{data}(x) / (p_{data}(x) + p_g(x))`. Later chapters reuse them for their 1-D
experiments. The colours and labels live in :data:`STYLE`, so the chapter's figures and the
interactive panel of :mod:`ganlib.widgets` look alike.
"""

from __future__ import annotations

import numpy as np

__all__ = ["STYLE", "plot_densities", "plot_discriminators"]

#: line styles shared by every 1-D figure of the book (matplotlib keyword arguments)
STYLE = {
    "p_data": dict(color="#1f4e79", lw=2.0, label=r"$p_{data}$"),
    "p_g": dict(color="#d95f02", lw=2.0, label=r"$p_g$"),
    "d": dict(color="#7570b3", lw=1.8, label=r"$D$ (learned)"),
    "d_star": dict(color="#1b9e77", lw=2.0, ls="--", label=r"$D^*$"),
    "half": dict(color="0.55", lw=0.8, ls=":"),
}


def _curve(values, x, name):
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != x.shape:
        raise ValueError(f"{name} must have one value per grid point, shape {x.shape}, got {arr.shape}")
    return arr


def plot_densities(x, p_data, p_g, d=None, d_star=None, ax=None):
    r"""Plot :math:`p_{data}` and :math:`p_g` on ``ax`` and, when given, a discriminator's outputs
    ``d`` and the optimal ``d_star`` on a right-hand axis with limits [0, 1] (a dotted line marks
    1/2). Explained in *The optimal discriminator* (``06_optimal_discriminator``).

    Returns ``(ax, ax_d)``: the density axes and the discriminator axes (``None`` when neither
    ``d`` nor ``d_star`` is given). One legend lists every curve.

    >>> import numpy as np
    >>> x = np.linspace(-3, 3, 61)
    >>> p = np.exp(-x**2 / 2) / np.sqrt(2 * np.pi)
    >>> ax, ax_d = plot_densities(x, p, p, d_star=np.full_like(x, 0.5))
    >>> [float(v) for v in ax_d.get_ylim()]
    [0.0, 1.0]
    """
    import matplotlib.pyplot as plt

    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D grid, got shape {x.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    lines = [ax.plot(x, _curve(p_data, x, "p_data"), **STYLE["p_data"])[0],
             ax.plot(x, _curve(p_g, x, "p_g"), **STYLE["p_g"])[0]]
    ax.set_xlabel("$x$")
    ax.set_ylabel("density")
    ax.set_ylim(bottom=0)
    ax_d = None
    if d is not None or d_star is not None:
        ax_d = ax.twinx()
        ax_d.axhline(0.5, **STYLE["half"])
        if d_star is not None:
            lines.append(ax_d.plot(x, _curve(d_star, x, "d_star"), **STYLE["d_star"])[0])
        if d is not None:
            lines.append(ax_d.plot(x, _curve(d, x, "d"), **STYLE["d"])[0])
        ax_d.set_ylim(0.0, 1.0)
        ax_d.set_ylabel("discriminator output $D(x)$")
    ax.legend(lines, [ln.get_label() for ln in lines], loc="upper left", fontsize="small")
    return ax, ax_d


def plot_discriminators(x, ds, d_star=None, ax=None):
    r"""Plot several discriminators' outputs against ``x`` on one [0, 1] axis, e.g. snapshots of
    a discriminator during training (``ds`` maps a label such as ``"step 100"`` to its outputs),
    with the optimal ``d_star`` dashed. Later curves are drawn darker. Explained in
    *The optimal discriminator* (``06_optimal_discriminator``). Returns ``ax``.
    """
    import matplotlib.pyplot as plt

    x = np.asarray(x, dtype=np.float64)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    shades = plt.get_cmap("Purples")(np.linspace(0.35, 0.95, max(len(ds), 1)))
    for colour, (label, d) in zip(shades, ds.items()):
        ax.plot(x, _curve(d, x, f"ds[{label!r}]"), color=colour, lw=1.6, label=label)
    if d_star is not None:
        ax.plot(x, _curve(d_star, x, "d_star"), **STYLE["d_star"])
    ax.axhline(0.5, **STYLE["half"])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("$x$")
    ax.set_ylabel("discriminator output $D(x)$")
    ax.legend(fontsize="small")
    return ax
