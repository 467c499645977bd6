"""The D* panel for pages without a kernel (the static HTML book): the same sliders, figure and
readout, computed in the browser by ``dstar_panel.js`` exactly as :func:`~ganlib.widgets.maths.panel_state`
computes them. Loads nothing from other sites. Explained in *The optimal discriminator*
(``06_optimal_discriminator``).
"""

from __future__ import annotations

import html
import json

from ..plots import STYLE
from .maths import FORCE_FLOOR, FORCE_STYLE, GRID_POINTS, SHOWN_FORCE, GRID_WIDTH, PARAMS, VIEW, _check_in_range, _check_params

__all__ = ["static_panel_html"]


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
    colors.update({f"force_{k}": {"color": st["color"], "dash": "6 4" if st.get("ls") == "--" else None}
                   for k, st in FORCE_STYLE.items()})
    grid = {"points": GRID_POINTS, "width": GRID_WIDTH, "view": list(VIEW), "force_floor": FORCE_FLOOR,
            "shown_force": SHOWN_FORCE}
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

    return files("ganlib.widgets").joinpath("dstar_panel.js").read_text(encoding="utf-8")
