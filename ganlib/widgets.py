r"""An interactive panel for the optimal discriminator: move :math:`p_{data}` and :math:`p_g` with
sliders and watch :math:`D^*`, the Jensen-Shannon divergence and :math:`C(G)` follow.

Explained in *The optimal discriminator* (``06_optimal_discriminator``). Both distributions are
1-D two-component Gaussian mixtures

.. math::  p(x) = (1 - w)\,\mathcal{N}(x; \mu_1, \sigma^2) + w\,\mathcal{N}(x; \mu_2, \sigma^2),

each with its own means :math:`\mu_1, \mu_2`, one spread :math:`\sigma` for both components and the
mass :math:`w \in [0, 1]` of the second component. The panel shows

.. math::  D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)}, \qquad
           C(G) = \max_D V(D, G) = -\log 4 + 2\,JSD(p_{data} \| p_g).

The numbers come from :func:`panel_state`, a pure function built on :mod:`ganlib.optimal` and
:mod:`ganlib.divergences`; :class:`DStarPanel` only displays them. A slider move redraws the
figure in place: the lines get new data, and the picture is re-rendered by matplotlib's Agg
renderer into an ``ipywidgets.Image`` (no ipympl needed). Uses only ipywidgets API present in both
7.7 (Colab) and 8.

A page without a kernel (the static HTML book) cannot run Python, so the panel also carries a
JavaScript twin, :func:`static_panel_html`: the same sliders, figure and readout, computed in the
browser by ``dstar_panel.js`` exactly as :func:`panel_state` computes them. The panel's display
bundle holds both; Jupyter and Colab show the ipywidgets panel, and the book's HTML build (which
is told to skip widget views) shows the JavaScript one.

>>> state = panel_state({"g_mean1": -2.0, "g_mean2": 2.0, "g_std": 0.5, "g_weight": 0.5})
>>> round(state["jsd"], 9), round(state["criterion"], 6)  # p_g = p_data with the defaults
(0.0, -1.386294)
"""

from __future__ import annotations

import html
import io
import json
import math
import time
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ._checks import instance
from .data import GaussianMixture1D
from .divergences import js_divergence
from .optimal import generator_criterion, optimal_discriminator
from .plots import STYLE

__all__ = ["PARAMS", "panel_state", "DStarPanel", "dstar_panel", "static_panel_html"]

LOG4 = math.log(4.0)


@dataclass(frozen=True)
class Param:
    """One slider: its default value, range and step, and what it means."""

    default: float
    lo: float
    hi: float
    step: float
    label: str


#: every parameter the panel understands (``data_*`` for p_data, ``g_*`` for p_g)
PARAMS = {
    "data_mean1": Param(-2.0, -5.0, 5.0, 0.1, "mean 1"),
    "data_mean2": Param(2.0, -5.0, 5.0, 0.1, "mean 2"),
    "data_std": Param(0.5, 0.1, 3.0, 0.05, "std"),
    "data_weight": Param(0.5, 0.0, 1.0, 0.05, "weight 2"),
    "g_mean1": Param(0.0, -5.0, 5.0, 0.1, "mean 1"),
    "g_mean2": Param(0.0, -5.0, 5.0, 0.1, "mean 2"),
    "g_std": Param(1.5, 0.1, 3.0, 0.05, "std"),
    "g_weight": Param(0.5, 0.0, 1.0, 0.05, "weight 2"),
}

GRID_POINTS = 2001  # points of the evaluation grid
GRID_WIDTH = 8.0  # the grid spans every mean +- GRID_WIDTH standard deviations
VIEW = (-8.0, 8.0)  # the x-range the figure shows


def _check_params(params) -> dict:
    """The full parameter dict (defaults filled in), or an error that names the bad entry."""
    params = {} if params is None else instance(params, Mapping, "params", "a dict such as {'g_std': 1.0}")
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise ValueError(f"unknown panel parameter(s) {unknown}; expected some of {list(PARAMS)}")
    out = {}
    for name, spec in PARAMS.items():
        value = params.get(name, spec.default)
        try:
            if isinstance(value, (str, bytes, bool, np.bool_)):  # float() would take "0.5" and True
                raise TypeError
            value = float(value)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{name} must be a number, got {value!r}") from e
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        if name.endswith("_std") and value <= 0:
            raise ValueError(f"{name} must be a positive standard deviation, got {value!r}")
        if name.endswith("_weight") and not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} is the mass of the second component and must lie in [0, 1], got {value!r}")
        out[name] = value
    return out


def _check_in_range(values: dict, shown: dict | None = None) -> dict:
    """``values`` (checked numbers), or a ValueError naming the first one outside its slider's range
    (a slider would silently clip it); the message shows ``shown[name]`` when given, the value as
    the caller wrote it."""
    for name, v in values.items():
        spec = PARAMS[name]
        if not spec.lo <= v <= spec.hi:
            raise ValueError(f"{name}={(shown or values)[name]!r} is outside its slider's range [{spec.lo}, {spec.hi}]")
    return values


def _mixture(p: dict, who: str) -> GaussianMixture1D:
    w, s = p[f"{who}_weight"], p[f"{who}_std"]
    return GaussianMixture1D(means=(p[f"{who}_mean1"], p[f"{who}_mean2"]), stds=(s, s), weights=(1.0 - w, w))


def panel_state(params=None) -> dict:
    r"""Everything the panel shows, for the parameters ``params`` (a dict with keys from
    :data:`PARAMS`; missing keys take their defaults). Pure: no widgets, no figures.

    Returns a dict with

    * ``x`` (grid covering every component's mean +- 8 standard deviations), ``dx``;
    * ``p_data``, ``p_g``: the two mixture densities on the grid;
    * ``d_star``: :math:`D^* = p_{data} / (p_{data} + p_g)` (:func:`ganlib.optimal_discriminator`);
    * ``jsd``: :math:`JSD(p_{data} \| p_g)` in nats (:func:`ganlib.js_divergence`), and
      ``jsd_fraction`` = ``jsd / log 2`` (0 for equal distributions, 1 for disjoint ones);
    * ``criterion``: :math:`C(G) = V(D^*, G)` (:func:`ganlib.generator_criterion`), which the
      theory says equals ``-log 4 + 2 * jsd`` (the two are computed independently);
    * ``params``: the full parameter dict used.

    Raises ``ValueError`` for unknown names, text, a std <= 0 or a weight outside [0, 1]; ``TypeError`` for a non-dict.
    """
    p = _check_params(params)
    data, gen = _mixture(p, "data"), _mixture(p, "g")
    means = [p["data_mean1"], p["data_mean2"], p["g_mean1"], p["g_mean2"]]
    stds = [p["data_std"]] * 2 + [p["g_std"]] * 2
    lo = min(m - GRID_WIDTH * s for m, s in zip(means, stds))
    hi = max(m + GRID_WIDTH * s for m, s in zip(means, stds))
    x = np.linspace(lo, hi, GRID_POINTS)
    dx = float(x[1] - x[0])
    p_data, p_g = data.pdf(x), gen.pdf(x)
    # values below the smallest normal float (far tails, < 1e-307) are set to 0: a subnormal density
    # divided by p_data + p_g can round to 0 and turn a term p log(p / (p_data + p_g)) into -inf
    tiny = np.finfo(np.float64).tiny
    p_data[p_data < tiny] = 0.0
    p_g[p_g < tiny] = 0.0
    jsd = js_divergence(p_data, p_g, dx=dx)
    return {
        "x": x,
        "dx": dx,
        "p_data": p_data,
        "p_g": p_g,
        "d_star": optimal_discriminator(p_data, p_g),
        "jsd": jsd,
        "jsd_fraction": jsd / math.log(2.0),
        "criterion": generator_criterion(p_data, p_g, dx=dx),
        "params": p,
    }


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
        "</div><span>0 (disjoint supports)</span></div></div>"
    )


def _nice_ceiling(v: float) -> float:
    """A round upper limit for the density axis, >= 1.15 v, from 1-2-2.5-4-5-8 x 10^k."""
    target = max(1.15 * v, 1e-6)
    k = math.floor(math.log10(target))
    for m in (1.0, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * 10**k >= target:
            return m * 10**k
    return 10.0 ** (k + 1)


_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def static_panel_html(**initial) -> str:
    """A self-contained HTML fragment (a ``<div>`` and an inline ``<script>``) with the sliders
    panel running in the browser, for pages without a kernel. Loads nothing from other sites.
    Keyword arguments set the starting values, as for :func:`dstar_panel`.

    ``window.ganlibDStar.state(params, grid)`` in the page (``grid`` from the panel's ``data-grid``)
    returns the same numbers as :func:`panel_state` (checked in ``tests/test_browser.py``).
    """
    values = _check_in_range(_check_params(initial))
    spec = {n: {"lo": s.lo, "hi": s.hi, "step": s.step, "label": s.label} for n, s in PARAMS.items()}
    colors = {k: {"color": STYLE[k]["color"], "dash": "6 4" if STYLE[k].get("ls") == "--" else None}
              for k in ("p_data", "p_g", "d_star")}
    grid = {"points": GRID_POINTS, "width": GRID_WIDTH, "view": list(VIEW)}
    script = _script_source().replace("</", "<\\/")  # nothing in it may close the <script> early

    def attr(obj):
        return html.escape(json.dumps(obj), quote=True)

    return (
        f'<div class="ganlib-dstar-panel" data-params="{attr(values)}" data-spec="{attr(spec)}" '
        f'data-grid="{attr(grid)}" data-colors="{attr(colors)}"><noscript>This panel needs JavaScript; the figures below '
        "show three of its settings.</noscript></div>\n"
        f"<script>\n{script}</script>\n"
    )


def _script_source() -> str:
    from importlib.resources import files

    return files("ganlib").joinpath("dstar_panel.js").read_text(encoding="utf-8")


class DStarPanel:
    """The sliders panel: ``.widget`` is the ipywidgets box to display (the panel displays itself
    too), ``.sliders`` maps parameter names to their sliders, ``.state`` holds the latest
    :func:`panel_state`, ``.image`` is the ``ipywidgets.Image`` with the figure. Explained in
    *The optimal discriminator* (``06_optimal_discriminator``).

    Setting a slider's ``value`` (by hand or in code) calls :meth:`update`, which recomputes the
    state and redraws in place. :meth:`set` moves several sliders with a single redraw.
    """

    def __init__(self, dpi: int = 72, figsize=(8.0, 3.4), **initial):
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
        ax = self.figure.add_subplot()
        ax_d = ax.twinx()
        self.axes = (ax, ax_d)
        self._lines = {
            "p_data": ax.plot([], [], animated=True, **STYLE["p_data"])[0],
            "p_g": ax.plot([], [], animated=True, **STYLE["p_g"])[0],
            "d_star": ax_d.plot([], [], animated=True, **dict(STYLE["d_star"], label=r"$D^*$ (right axis)"))[0],
        }
        ax_d.axhline(0.5, **STYLE["half"])
        ax.set_xlim(*VIEW)
        ax.set_xlabel("$x$")
        ax.set_ylabel("density")
        ax_d.set_ylim(0.0, 1.0)
        ax_d.set_ylabel(r"$D^*(x)$")
        lines = list(self._lines.values())
        ax.legend(lines, [ln.get_label() for ln in lines], loc="lower left", bbox_to_anchor=(0.0, 1.0),
                  ncol=3, frameon=False, fontsize=9)
        self.figure.subplots_adjust(left=0.08, right=0.92, bottom=0.15, top=0.88)
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
        self.image.value = self._render(peak)
        self.readout.value = _readout_html(s)
        self.redraws += 1
        return s

    def _render(self, peak: float) -> bytes:
        """PNG bytes of the figure. The axes, ticks and legend are drawn only when the density
        axis needs a new limit; otherwise the saved background is restored and only the three
        lines are drawn on it (blitting), which is several times faster."""
        from PIL import Image as PILImage

        ax, ax_d = self.axes
        top = self._ytop
        if top is None or peak > top or peak < 0.35 * top:
            self._ytop = _nice_ceiling(peak)
            ax.set_ylim(0.0, self._ytop)
            self._canvas.draw()  # everything except the animated lines
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        else:
            self._canvas.restore_region(self._background)
        ax.draw_artist(self._lines["p_data"])
        ax.draw_artist(self._lines["p_g"])
        ax_d.draw_artist(self._lines["d_star"])
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

