"""Interactive views: the D* panel, whose sliders move :math:`p_{data}` and :math:`p_g` and show
:math:`D^*`, the Jensen-Shannon divergence and :math:`C(G)`.

* :mod:`~ganlib.widgets.maths`: the numbers (:func:`panel_state`, :data:`PARAMS`); no widgets;
* :mod:`~ganlib.widgets.kernel`: the ipywidgets panel for Jupyter and Colab (:func:`dstar_panel`);
* :mod:`~ganlib.widgets.static`: its JavaScript twin for the static HTML book (:func:`static_panel_html`);
* :mod:`~ganlib.widgets.replay`: replays of training runs from their snapshots (:func:`replay_1d`,
  :func:`replay_2d`), shown by :class:`~ganlib.widgets.replay_view.Replay` in a kernel and, through
  ``replay.js``, in the static book.

Explained in *The optimal discriminator* (``06_optimal_discriminator``); the replays appear in the
training chapters (``08_training_1d``, ``09_mode_collapse``, ``11_wgan``).
"""

from .kernel import DStarPanel, dstar_panel
from .maths import FORCE_LOSSES, PARAMS, panel_state
from .replay import replay_1d, replay_2d
from .replay_view import Replay
from .static import static_panel_html

__all__ = ["PARAMS", "FORCE_LOSSES", "panel_state", "DStarPanel", "dstar_panel", "static_panel_html",
           "Replay", "replay_1d", "replay_2d"]
