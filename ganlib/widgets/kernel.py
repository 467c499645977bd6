"""The D* panel in a kernel (Jupyter, Colab): ipywidgets sliders, and a matplotlib figure redrawn
in place. A slider move sets the lines' data and re-renders the picture with matplotlib's Agg
renderer into an ``ipywidgets.Image`` (no ipympl needed). Uses only ipywidgets API present in both
7.7 (Colab) and 8. Explained in *The optimal discriminator* (``06_optimal_discriminator``).

The panel's display bundle also carries its static twin (:func:`ganlib.widgets.static_panel_html`):
Jupyter and Colab show the ipywidgets panel, and the book's HTML build (which skips widget views)
shows the JavaScript one.
"""

from __future__ import annotations

import io
import math
import time
from contextlib import contextmanager

import numpy as np

from ..plots import STYLE
from .maths import FORCE_FLOOR, FORCE_LOSSES, FORCE_STYLE, PARAMS, SHOWN_FORCE, VIEW, _check_in_range, _check_params, panel_state
from .static import static_panel_html

__all__ = ["DStarPanel", "dstar_panel"]

LOG4 = math.log(4.0)


def _readout_html(state: dict) -> str:
    """The numbers under the figure, with a gauge of C(G) from its minimum -log 4 up to 0."""
    c, jsd, frac = state["criterion"], state["jsd"], state["jsd_fraction"]
    c, jsd = round(c, 4) + 0.0, round(jsd, 4) + 0.0  # no "-0.0000" for values a hair below zero
    pct = min(max(frac, 0.0), 1.0) * 100
    return (
        '<div style="font-family:sans-serif;font-size:13px;line-height:1.5">'
        f"<b>JSD</b>(p<sub>data</sub> &#8214; p<sub>g</sub>) = {jsd:.4f} nats "
        f"= {frac:.1%} of log 2 &nbsp;&nbsp; "
        f"<b>C(G)</b> = &minus;log 4 + 2 JSD = {c:.4f}"
        '<div style="display:flex;align-items:center;gap:6px;margin-top:4px">'
        f'<span title="the minimum of C(G), reached only when p_g = p_data">C(G): &minus;log 4 = {-LOG4:.4f} '
        "(p<sub>g</sub> = p<sub>data</sub>)</span>"
        '<div style="position:relative;width:320px;height:12px;background:#eee;border:1px solid #888">'
        f'<div style="position:absolute;left:0;top:0;height:100%;width:{pct:.1f}%;background:{STYLE["d_star"]["color"]}"></div>'
        "</div><span>0 (disjoint supports)</span></div>"
        f"<div>Mean |force| on the generated samples: saturating {_push_text(state['push_minimax'])}, "
        f"non-saturating {_push_text(state['push_nonsaturating'])}</div></div>"
    )


def _push_text(v: float) -> str:
    return f"{round(v, 3) + 0.0:.3f}" if math.isfinite(v) else "undefined (a density is 0 there)"


def _shown_forces(state: dict) -> dict:
    """The forces where the panel draws them: in view and where p_g is at least SHOWN_FORCE of its
    peak in view; NaN (a gap in the line) elsewhere."""
    x, p_g = state["x"], state["p_g"]
    in_view = (x >= VIEW[0]) & (x <= VIEW[1])
    shown = in_view & (p_g >= SHOWN_FORCE * p_g[in_view].max(initial=0.0))
    return {loss: np.where(shown, state[f"force_{loss}"], np.nan) for loss in FORCE_LOSSES}


def _nice_ceiling(v: float) -> float:
    """A round upper limit for the density axis, >= 1.15 v, from 1-2-2.5-4-5-8 x 10^k."""
    target = max(1.15 * v, 1e-6)
    k = math.floor(math.log10(target))
    for m in (1.0, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * 10**k >= target:
            return m * 10**k
    return 10.0 ** (k + 1)


_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class DStarPanel:
    """The sliders panel: ``.widget`` is the ipywidgets box to display (the panel displays itself
    too), ``.sliders`` maps parameter names to their sliders, ``.state`` holds the latest
    :func:`panel_state`, ``.image`` is the ``ipywidgets.Image`` with the figure. Explained in
    *The optimal discriminator* (``06_optimal_discriminator``).

    Setting a slider's ``value`` (by hand or in code) calls :meth:`update`, which recomputes the
    state and redraws in place. :meth:`set` moves several sliders with a single redraw.
    """

    def __init__(self, dpi: int = 72, figsize=(8.0, 5.0), **initial):
        import ipywidgets as W
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        values = _check_in_range(_check_params(initial))
        self._holding = False
        self.redraws = 0  # how many times the figure was re-rendered
        self.sliders = {}
        for name, spec in PARAMS.items():
            s = W.FloatSlider(
                value=values[name], min=spec.lo, max=spec.hi, step=spec.step, description=spec.label,
                continuous_update=True, readout_format=".2f", layout=W.Layout(width="300px"),
            )
            s.observe(self._on_change, names="value")
            self.sliders[name] = s

        # the figure: a bare matplotlib Figure (no pyplot, so nothing is shown twice inline)
        self.figure = Figure(figsize=figsize, dpi=dpi)
        self._canvas = FigureCanvasAgg(self.figure)
        ax, ax_f = self.figure.subplots(2, 1, sharex=True, gridspec_kw=dict(height_ratios=(2.6, 1.0)))
        ax_d = ax.twinx()
        self.axes = (ax, ax_d)
        self.force_axes = ax_f
        self._force_lines = {loss: ax_f.plot([], [], animated=True, **FORCE_STYLE[loss])[0] for loss in FORCE_LOSSES}
        ax_f.axhline(0.0, **STYLE["half"])
        ax_f.set_xlabel("$x$ (force drawn where $p_g$ is at least 0.1% of its peak)")
        ax_f.set_ylabel("force")
        ax_f.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False, fontsize=9)
        self._ftop = None
        self._lines = {
            "p_data": ax.plot([], [], animated=True, **STYLE["p_data"])[0],
            "p_g": ax.plot([], [], animated=True, **STYLE["p_g"])[0],
            "d_star": ax_d.plot([], [], animated=True, **dict(STYLE["d_star"], label=r"$D^*$ (right axis)"))[0],
        }
        ax_d.axhline(0.5, **STYLE["half"])
        ax.set_xlim(*VIEW)
        ax.set_ylabel("density")
        ax_d.set_ylim(0.0, 1.0)
        ax_d.set_ylabel(r"$D^*(x)$")
        lines = list(self._lines.values())
        ax.legend(lines, [ln.get_label() for ln in lines], loc="lower left", bbox_to_anchor=(0.0, 1.0),
                  ncol=3, frameon=False, fontsize=9)
        self.figure.subplots_adjust(left=0.08, right=0.92, bottom=0.1, top=0.92, hspace=0.35)
        self._ytop = None
        self._background = None

        self.image = W.Image(value=b"", format="png")
        self.readout = W.HTML(value="")
        head = "<b>{}</b>"
        columns = W.HBox([
            W.VBox([W.HTML(head.format("p<sub>data</sub> (the data)"))]
                   + [self.sliders[n] for n in PARAMS if n.startswith("data_")]),
            W.VBox([W.HTML(head.format("p<sub>g</sub> (the generator)"))]
                   + [self.sliders[n] for n in PARAMS if n.startswith("g_")]),
        ])
        self.widget = W.VBox([columns, self.image, self.readout])
        self.state = None
        self.update()

    # -- computing and drawing -------------------------------------------------------------
    def values(self) -> dict:
        """The sliders' current values, as a parameter dict for :func:`panel_state`."""
        return {name: s.value for name, s in self.sliders.items()}

    def update(self) -> dict:
        """Recompute :attr:`state` from the sliders and redraw the figure and readout in place."""
        self.state = panel_state(self.values())
        s = self.state
        self._lines["p_data"].set_data(s["x"], s["p_data"])
        self._lines["p_g"].set_data(s["x"], s["p_g"])
        self._lines["d_star"].set_data(s["x"], s["d_star"])
        in_view = (s["x"] >= VIEW[0]) & (s["x"] <= VIEW[1])
        peak = float(max(s["p_data"][in_view].max(initial=0.0), s["p_g"][in_view].max(initial=0.0)))
        shown = _shown_forces(s)
        for loss, line in self._force_lines.items():
            line.set_data(s["x"], shown[loss])
        big = max((float(np.nanmax(np.abs(f))) for f in shown.values() if np.isfinite(f).any()), default=0.0)
        self.image.value = self._render(peak, big)
        self.readout.value = _readout_html(s)
        self.redraws += 1
        return s

    def _render(self, peak: float, force: float) -> bytes:
        """PNG bytes of the figure. The axes, ticks and legend are drawn only when the density
        axis or the force axis needs a new limit; otherwise the saved background is restored and only the three
        lines are drawn on it (blitting), which is several times faster."""
        from PIL import Image as PILImage

        ax, ax_d = self.axes
        top = self._ytop
        ftop = self._ftop
        force = max(force, FORCE_FLOOR)
        if top is None or peak > top or peak < 0.35 * top or force > ftop or force < 0.1 * ftop:
            self._ytop = _nice_ceiling(peak)
            self._ftop = ftop = _nice_ceiling(force)
            ax.set_ylim(0.0, self._ytop)
            self.force_axes.set_ylim(-1.02 * ftop, 1.02 * ftop)
            self._canvas.draw()  # everything except the animated lines
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        else:
            self._canvas.restore_region(self._background)
        ax.draw_artist(self._lines["p_data"])
        ax.draw_artist(self._lines["p_g"])
        ax_d.draw_artist(self._lines["d_star"])
        for line in self._force_lines.values():
            self.force_axes.draw_artist(line)
        buf = io.BytesIO()
        PILImage.fromarray(np.asarray(self._canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _on_change(self, change):
        if not self._holding:
            self.update()

    @contextmanager
    def _hold(self):
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    def set(self, **values) -> dict:
        """Move several sliders at once (one redraw) and return the new :attr:`state`.

        Raises ``ValueError`` for unknown names or values outside a slider's range (a slider
        would silently clip them)."""
        unknown = sorted(set(values) - set(PARAMS))
        if unknown:
            raise ValueError(f"unknown panel parameter(s) {unknown}; expected some of {list(PARAMS)}")
        merged = _check_params({**self.values(), **values})
        _check_in_range({name: merged[name] for name in values}, shown=values)
        with self._hold():
            for name in values:
                self.sliders[name].value = merged[name]
        return self.update()

    def time_redraw(self, name: str, value: float) -> float:
        """Seconds from setting slider ``name`` to ``value`` until the figure is redrawn (the
        observer runs synchronously, so this is the whole kernel-side redraw)."""
        t0 = time.perf_counter()
        self.sliders[name].value = value
        return time.perf_counter() - t0

    # -- display -----------------------------------------------------------------------------
    def _ipython_display_(self):
        # One output holding both panels: Jupyter and Colab render the widget view (the
        # ipywidgets panel, driven by the kernel); the static HTML book, whose configuration
        # drops widget views, renders the text/html twin that runs in the browser.
        from IPython.display import display

        display({
            "text/plain": repr(self),
            "text/html": static_panel_html(**self.values()),
            _WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id},
        }, raw=True)

    def __repr__(self) -> str:
        s = self.state
        return f"DStarPanel(jsd={s['jsd']:.4f}, criterion={s['criterion']:.4f})"


def dstar_panel(**initial) -> DStarPanel:
    """Create (and, as the last line of a cell, display) the sliders panel; keyword arguments set
    the starting values, e.g. ``dstar_panel(g_mean1=-1.0, g_std=0.8)`` (names in :data:`PARAMS`).
    Explained in *The optimal discriminator* (``06_optimal_discriminator``)."""
    return DStarPanel(**initial)
