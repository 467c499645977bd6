"""Interactive views: the D* panel, whose sliders move :math:`p_{data}` and :math:`p_g` and show
:math:`D^*`, the Jensen-Shannon divergence and :math:`C(G)`.

* :mod:`~ganlib.widgets.maths`: the numbers (:func:`panel_state`, :data:`PARAMS`); no widgets;
* :mod:`~ganlib.widgets.kernel`: the ipywidgets panel for Jupyter and Colab (:func:`dstar_panel`);
* :mod:`~ganlib.widgets.static`: its JavaScript twin for the static HTML book (:func:`static_panel_html`).

Explained in *The optimal discriminator* (``06_optimal_discriminator``).
"""

from .kernel import DStarPanel, dstar_panel
from .maths import PARAMS, panel_state
from .static import static_panel_html

__all__ = ["PARAMS", "panel_state", "DStarPanel", "dstar_panel", "static_panel_html"]
