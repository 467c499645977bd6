"""How a replay (:mod:`ganlib.widgets.replay`) shows itself: :class:`Replay` holds the frames and
displays, in one output, an ipywidgets view (a step slider, a play button and a matplotlib picture,
for Jupyter and Colab; only widgets that ipywidgets 7.7 and 8 both have) and its static twin
(:meth:`Replay.static_html`, drawn in the browser by ``replay.js``) for the HTML book, whose
configuration drops widget views.
"""

from __future__ import annotations

import base64
import io
import json
import math

import numpy as np

from ..plots import STYLE

__all__ = ["Replay", "readout_text"]

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def readout_text(key: str, value: float, n_modes: int | None = None) -> str:
    """A readout number as both views print it (``replay.js`` formats the same way)."""
    if key == "jsd":
        return f"{round(value, 3) + 0.0:.3f}"
    if key == "modes":
        return f"{int(round(value))} of {n_modes}"
    if key == "quality":
        return f"{100 * value:.1f}%"
    return f"{value:.3f}"


class Replay:
    """A replay's frames (``.data``, what the static page embeds) and its views. ``value(key, step)``
    gives a readout number at a step (an array over the copies shown), :meth:`check` compares the
    readout with a chapter's own numbers and embeds them for the browser test, and ``widget`` is
    the ipywidgets view (built on first use)."""

    def __init__(self, data: dict):
        self.data = data
        self._widget = None
        self._pngs = {}

    @property
    def steps(self) -> list:
        return list(self.data["steps"])

    def value(self, key: str, step: int) -> np.ndarray:
        if key not in self.data["values"]:
            raise ValueError(f"no readout {key!r}; this replay has {list(self.data['values'])}")
        if step not in self.data["steps"]:
            raise ValueError(f"no frame at step {step}; the frames are at {self.data['steps']}")
        return np.array(self.data["values"][key][self.data["steps"].index(step)])

    def check(self, **expected) -> Replay:
        """``check(jsd={step: value, ...})``: raises AssertionError unless the replay's readout equals
        the given numbers (a number per copy shown, or one number for one copy) to 1e-9, and embeds
        them in the static page, where the browser test compares them with what the page shows."""
        checks = self.data.setdefault("check", {})
        for key, by_step in expected.items():
            rows = [None] * len(self.data["steps"])
            for step, want in by_step.items():
                got, want = self.value(key, step), np.atleast_1d(np.asarray(want, dtype=np.float64))
                if not (got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12)):
                    raise AssertionError(f"the replay's {key} at step {step} is {got}, the chapter's {want}")
                rows[self.data["steps"].index(step)] = want.tolist()
            checks[key] = rows
        return self

    # -- the static twin ------------------------------------------------------------------------
    def static_html(self) -> str:
        """A self-contained HTML fragment: the frames as JSON and the script that draws them."""
        from importlib.resources import files

        script = files("ganlib.widgets").joinpath("replay.js").read_text(encoding="utf-8").replace("</", "<\\/")
        payload = json.dumps(self.data, separators=(",", ":")).replace("</", "<\\/")
        colors = {k: STYLE[k]["color"] for k in ("p_data", "p_g", "d", "d_star")}
        return (f'<div class="ganlib-replay" data-colors="{json.dumps(colors).replace(chr(34), "&quot;")}">'
                f'<script type="application/json" class="ganlib-replay-data">{payload}</script>'
                "<noscript>This replay needs JavaScript.</noscript></div>\n"
                f"<script>\n{script}</script>\n")

    # -- the kernel view ------------------------------------------------------------------------
    @property
    def widget(self):
        if self._widget is None:
            import ipywidgets as W

            n = len(self.data["steps"]) - 1
            self.slider = W.IntSlider(value=0, min=0, max=n, description="frame", readout=False,
                                      continuous_update=True, layout=W.Layout(width="360px"))
            self.play = W.Play(value=0, min=0, max=n, interval=700, description="play")
            W.jslink((self.play, "value"), (self.slider, "value"))
            self.label = W.HTML()
            self.image = W.Image(format="png")
            self.slider.observe(lambda change: self.show(change["new"]), names="value")
            self._widget = W.VBox([W.HBox([self.play, self.slider, self.label]), self.image])
            self.show(0)
        return self._widget

    def show(self, frame: int) -> None:
        """Draw frame number ``frame`` in the kernel view."""
        self.widget  # noqa: B018  (builds the view on first use)
        step = self.data["steps"][frame]
        self.label.value = f"<b>step {step}</b> ({frame + 1} of {len(self.data['steps'])})"
        if frame not in self._pngs:
            self._pngs[frame] = self.png(frame)
        self.image.value = self._pngs[frame]

    def png(self, frame: int, dpi: int = 72) -> bytes:
        """The picture of frame number ``frame`` (matplotlib, no pyplot), as PNG bytes."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from .replay_figure import draw_frame

        fig = draw_frame(self.data, frame, dpi=dpi)
        buf = io.BytesIO()
        FigureCanvasAgg(fig).print_png(buf)
        return buf.getvalue()

    def _ipython_display_(self):
        from IPython.display import display

        display({"text/plain": repr(self), "text/html": self.static_html(),
                 _WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}}, raw=True)

    def __repr__(self) -> str:
        return (f"Replay({self.data['kind']}, steps={self.data['steps']}, copies={self.data['copies']}, "
                f"{len(self.static_html()) / 1000:.0f} kB)")


def decode(b64: str) -> np.ndarray:
    """The bytes of a quantised array (heat maps, sample positions)."""
    return np.frombuffer(base64.b64decode(b64), dtype=np.uint8)


def nice(v: float) -> float:
    target = max(v, 1e-9)
    k = math.floor(math.log10(target))
    return next(m * 10**k for m in (1, 1.2, 1.6, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * 10**k >= target)
