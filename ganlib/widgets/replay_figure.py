"""A replay's frame as a matplotlib figure (the kernel view of :mod:`ganlib.widgets.replay`): the
same pictures that ``replay.js`` draws in the static book, from the same quantised frames."""

from __future__ import annotations

import numpy as np

from ..plots import STYLE
from .replay_view import decode, readout_text

__all__ = ["draw_frame"]


def _title(data, frame, c) -> str:
    parts = []
    for key, label in data["readout"].items():
        v = data["values"][key][frame][c]
        parts.append(f"{label} {readout_text(key, v, len(data.get('modes', [])))}")
    sep = ",\n" if data["kind"] == "2d" else ", "
    return f"seed {data['copies'][c]}: " + sep.join(parts)


def draw_frame(data: dict, frame: int, dpi: int = 72):
    from matplotlib.figure import Figure

    copies = len(data["copies"])
    f = data["frames"]
    if data["kind"] == "1d":
        has_map = "g" in f and f["g"]
        per = 2 if has_map else 1
        cols = per * min(copies, 2 if has_map else 4)
        rows = -(-copies * per // cols)
        fig = Figure(figsize=(3.6 * cols, 2.7 * rows), dpi=dpi)
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        x, p_data = np.array(data["x"]), np.array(data["p_data"]) / 1000
        top = 2.5 * p_data.max()
        for c in range(copies):
            ax = axes[per * c]
            ax.plot(x, p_data, **STYLE["p_data"])
            ax.plot(x, np.minimum(np.array(f["p_g"][frame][c]) / 1000, top), **STYLE["p_g"])
            ax.set_ylim(0, top)
            ax.set_xlabel("$x$")
            ax.set_ylabel("density")
            ax_d = ax.twinx()
            ax_d.plot(x, np.array(f["d"][frame][c]) / 1000, **STYLE["d"])
            ax_d.plot(x, np.array(f["d_star"][frame][c]) / 1000, **STYLE["d_star"])
            ax_d.set_ylim(0, 1)
            ax.set_title(_title(data, frame, c), fontsize=9)
            if c == 0:
                lines = ax.get_lines() + ax_d.get_lines()
                ax.legend(lines, [ln.get_label() for ln in lines], fontsize=7, loc="upper left")
            if has_map:
                axm = axes[per * c + 1]
                z = np.array(data["z"])
                axm.plot(z, np.array(data["t"]) / 1000, "--", color="k", lw=1, label=r"$F^{-1}(\Phi(z))$")
                axm.plot(z, np.array(f["g"][frame][c]) / 1000, color=STYLE["p_g"]["color"], lw=2, label="$G(z)$")
                axm.set_ylim(x[0], x[-1])
                axm.set_xlabel("noise $z$")
                axm.set_ylabel("sample $x$")
                if c == 0:
                    axm.legend(fontsize=7, loc="upper left")
    else:
        cols = min(copies, 5)
        rows = -(-copies // cols)
        fig = Figure(figsize=(2.9 * cols, 3.1 * rows), dpi=dpi)
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        lim, cells, modes = data["lim"], data["cells"], np.array(data["modes"])
        for c in range(copies):
            ax = axes[c]
            heat = decode(f["heat"][frame][c]).reshape(cells, cells) / 255
            ax.imshow(heat, extent=(-lim, lim, -lim, lim), cmap="RdBu_r", vmin=0, vmax=1, interpolation="nearest")
            pts = decode(f["pts"][frame][c]).reshape(-1, 2) / 255 * 2 * lim - lim
            ax.plot(pts[:, 0], pts[:, 1], ".", ms=2.5, color="k")
            ax.plot(modes[:, 0], modes[:, 1], "+", ms=7, mew=1.6, color="#006d2c")
            arrows = np.array(f["arrows"][frame][c]) / 100
            n = len(arrows)
            ax.quiver(pts[:n, 0], pts[:n, 1], arrows[:, 0], arrows[:, 1], color="#ffbf00", angles="xy",
                      scale_units="xy", scale=1 / (0.25 * lim), width=0.012)
            ax.set_xlim(-lim, lim)
            ax.set_ylim(-lim, lim)
            ax.set_aspect("equal")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(_title(data, frame, c), fontsize=7)
    for ax in axes[copies * (per if data["kind"] == "1d" else 1):]:
        ax.axis("off")
    fig.suptitle(f"{data['title']} step {data['steps'][frame]}".strip(), fontsize=10)
    fig.tight_layout()
    return fig
