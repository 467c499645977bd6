r"""Small plotting helpers. For 1-D GAN pictures: densities on the left axis, discriminator outputs
on a right-hand axis fixed to [0, 1]. For the training chapters: 2-D samples over a mixture's modes
(:func:`plot_samples_2d`), a grid of images (:func:`image_grid`) and a training history
(:func:`plot_history`).

Introduced in *The optimal discriminator* (``06_optimal_discriminator``), which explains what the
curves mean: :math:`p_{data}`, :math:`p_g`, a discriminator :math:`D` and the optimal
:math:`D^*(x) = p_{data}(x) / (p_{data}(x) + p_g(x))`. Later chapters reuse them for their 1-D
experiments. The colours and labels live in :data:`STYLE`, so the chapter's figures and the
interactive panel of :mod:`ganlib.widgets` look alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._checks import as_array, instance, number, probabilities, whole

__all__ = ["STYLE", "plot_densities", "plot_discriminators", "plot_samples_2d", "plot_discriminator_2d",
           "image_grid", "plot_history"]

#: line styles shared by every 1-D figure of the book (matplotlib keyword arguments)
STYLE = {
    "p_data": dict(color="#1f4e79", lw=2.0, label=r"$p_{data}$"),
    "p_g": dict(color="#d95f02", lw=2.0, label=r"$p_g$"),
    "d": dict(color="#7570b3", lw=1.8, label=r"$D$ (learned)"),
    "d_star": dict(color="#1b9e77", lw=2.0, ls="--", label=r"$D^*$"),
    "half": dict(color="0.55", lw=0.8, ls=":"),
}


def _axes(ax, figsize):
    """``ax``, or new axes of size ``figsize`` when it is None."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    return plt.subplots(figsize=figsize)[1] if ax is None else instance(ax, Axes, "ax", "matplotlib axes or None")


def _line_x(x):
    x = as_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D grid, got shape {x.shape}")
    return x


def _points(a, name):
    a = as_array(a, name, finite=True)
    if a.ndim != 2 or a.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got {a.shape}")
    return a


def _curve(values, x, name, probability=False):
    arr = probabilities(values, name) if probability else as_array(values, name)
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
    x, ax = _line_x(x), _axes(ax, (7, 3.5))
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
            lines.append(ax_d.plot(x, _curve(d_star, x, "d_star", True), **STYLE["d_star"])[0])
        if d is not None:
            lines.append(ax_d.plot(x, _curve(d, x, "d", True), **STYLE["d"])[0])
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

    x, ax = _line_x(x), _axes(ax, (7, 3.5))
    instance(ds, Mapping, "ds", "a dict mapping labels to discriminator outputs")
    shades = plt.get_cmap("Purples")(np.linspace(0.35, 0.95, max(len(ds), 1)))
    for colour, (label, d) in zip(shades, ds.items()):
        ax.plot(x, _curve(d, x, f"ds[{label!r}]", True), color=colour, lw=1.6, label=label)
    if d_star is not None:
        ax.plot(x, _curve(d_star, x, "d_star", True), **STYLE["d_star"])
    ax.axhline(0.5, **STYLE["half"])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("$x$")
    ax.set_ylabel("discriminator output $D(x)$")
    ax.legend(fontsize="small")
    return ax


def _plane(ax, title):
    """Equal axes labelled x_1, x_2, and the title: the frame of every 2-D figure."""
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_samples_2d(samples, modes=None, ax=None, title=None, s=2, alpha=0.4):
    """Scatter 2-D ``samples`` (shape ``(n, 2)``) with the mixture's ``modes`` marked as crosses, on
    equal axes. Used in *Mode collapse* (``09_mode_collapse``). Returns the axes."""
    pts, s, alpha = _points(samples, "samples"), number(s, "s", above=0), number(alpha, "alpha", at_least=0, at_most=1)
    ax = _axes(ax, (3.2, 3.2))
    ax.scatter(pts[:, 0], pts[:, 1], s=s, alpha=alpha, color=STYLE["p_g"]["color"], label="samples")
    if modes is not None:
        m = _points(modes, "modes")
        ax.scatter(m[:, 0], m[:, 1], marker="x", s=40, color=STYLE["p_data"]["color"], label="modes")
    return _plane(ax, title)


def plot_discriminator_2d(discriminate, samples=None, modes=None, *, lim=None, ax=None, title=None,
                          probability=None, res=161, colorbar=True):
    r"""The discriminator (or critic) over the plane as a heat map, with generated ``samples``
    (shape ``(n, 2)``) on top and the mixture's ``modes`` as crosses. Used in *Mode collapse*
    (``09_mode_collapse``) and *Wasserstein GANs* (``11_wgan``).

    ``discriminate``: a function from points of shape ``(m, 2)`` to ``m`` values, e.g.
    ``lambda xy: gan.discriminate(xy, step=1000)`` (for a many-seeds run, pick one copy:
    ``lambda xy: gan.discriminate(xy)[i]``). ``probability``: whether the values are probabilities
    D(x) in [0, 1] (colour scale fixed to [0, 1], 1/2 marked by a contour) or critic values
    (a diverging scale centred on the median); ``None`` guesses from the values. ``lim``: the
    half-width of the square shown, by default 1.25 times the farthest mode or sample. Returns the axes.
    """
    if not callable(discriminate):
        raise TypeError(f"discriminate must be a function of points (m, 2), got {type(discriminate).__name__}")
    pts = [_points(a, name) for a, name in ((samples, "samples"), (modes, "modes")) if a is not None]
    if lim is None:
        lim = 1.25 * max([np.abs(a).max() for a in pts] + [1.0])
    lim, res = number(lim, "lim", above=0), whole(res, "res", 2)
    instance(probability, (type(None), bool, np.bool_), "probability", "True, False or None")
    instance(colorbar, (bool, np.bool_), "colorbar", "True or False")
    ticks = np.linspace(-lim, lim, res)
    gx, gy = np.meshgrid(ticks, ticks)
    values = as_array(discriminate(np.stack([gx.ravel(), gy.ravel()], 1)), "discriminate's output", scalar_ok=True)
    if values.shape != (res * res,):
        raise ValueError(f"discriminate must return one value per point, shape ({res * res},), got {values.shape}")
    values = values.reshape(res, res)
    if probability is None:
        probability = bool(values.min() >= 0 and values.max() <= 1)
    ax = _axes(ax, (4.2, 3.6))
    if probability:
        image = ax.pcolormesh(gx, gy, values, cmap="RdBu_r", vmin=0, vmax=1, shading="auto")
        ax.contour(gx, gy, values, levels=[0.5], colors="0.3", linewidths=0.8)
        label = "$D(x)$"
    else:
        centre = np.median(values)
        span = np.max(np.abs(values - centre)) or 1.0
        image = ax.pcolormesh(gx, gy, values, cmap="RdBu_r", vmin=centre - span, vmax=centre + span, shading="auto")
        ax.contour(gx, gy, values, levels=9, colors="0.3", linewidths=0.5)
        label = "critic $f(x)$"
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=label, fraction=0.046, pad=0.04)
    if samples is not None:
        ax.scatter(pts[0][:, 0], pts[0][:, 1], s=2, alpha=0.5, color="k", label="samples")
    if modes is not None:
        m = pts[-1]
        ax.scatter(m[:, 0], m[:, 1], marker="x", s=40, color="#ffd92f", linewidths=1.5, label="modes")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    return _plane(ax, title)


def image_grid(images, nrow=8, ax=None, title=None):
    """Show images of shape ``(n, 1, h, w)`` or ``(n, h, w)`` with values in [-1, 1] as one grid
    with ``nrow`` images per row (gray scale, 1 = white). Used in *GANs on images* (``12_images``).
    Returns the axes."""
    imgs, nrow = as_array(images, "images"), whole(nrow, "nrow")
    if imgs.ndim == 4:
        if imgs.shape[1] != 1:
            raise ValueError(f"image_grid shows one-channel images, got {imgs.shape[1]} channels")
        imgs = imgs[:, 0]
    if imgs.ndim != 3:
        raise ValueError(f"images must have shape (n, 1, h, w) or (n, h, w), got {imgs.shape}")
    n, h, w = imgs.shape
    rows = -(-n // nrow)
    canvas = np.full((rows * (h + 1) + 1, nrow * (w + 1) + 1), -1.0)
    for i, im in enumerate(imgs):
        r, c = divmod(i, nrow)
        canvas[1 + r * (h + 1): 1 + r * (h + 1) + h, 1 + c * (w + 1): 1 + c * (w + 1) + w] = im
    ax = _axes(ax, (nrow * 0.6, rows * 0.6))
    ax.imshow(canvas, cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def plot_history(history, keys=("d_loss", "g_loss"), ax=None, smooth=25):
    """Plot entries of a training history (``TrainedGAN.history``) against the generator step,
    smoothed by a running mean over ``smooth`` steps; with several copies, one thin line per copy.
    Returns the axes."""
    instance(history, Mapping, "history", "a dict of arrays such as TrainedGAN.history")
    if isinstance(keys, str):
        raise TypeError(f"keys must be a list of names such as ('d_loss', 'g_loss'), got {keys!r}; write ({keys!r},)")
    ax, smooth = _axes(ax, (7, 3)), whole(smooth, "smooth")
    for key in keys:
        if key not in history:
            raise ValueError(f"history has no {key!r}; it has {sorted(history)}")
        v = as_array(history[key], f"history[{key!r}]", nan_ok=True)  # a diverged run's history may hold NaN
        if v.ndim > 2:
            raise ValueError(f"history[{key!r}] must have shape (steps,) or (steps, copies), got {v.shape}")
        v = v[:, None] if v.ndim == 1 else v
        k = max(1, min(smooth, len(v)))
        kernel = np.ones(k) / k
        sm = np.stack([np.convolve(col, kernel, mode="valid") for col in v.T], 1)
        steps = np.arange(k, len(v) + 1)
        lines = ax.plot(steps, sm, lw=1.5 if v.shape[1] == 1 else 0.6, alpha=1 if v.shape[1] == 1 else 0.5)
        for line in lines[1:]:
            line.set_label("_nolegend_")
        lines[0].set_label(key)
        for line in lines[1:]:
            line.set_color(lines[0].get_color())
    ax.set_xlabel("generator step")
    ax.legend()
    return ax
