"""The optimal-discriminator panel (ganlib.widgets): its numbers against ganlib and against
independent computations (scipy), in-place redraws, and clear errors for bad parameters."""

import math

import numpy as np
import pytest
from scipy import integrate, stats
from scipy.spatial.distance import jensenshannon

import ganlib
from ganlib import widgets
from ganlib.widgets import PARAMS, DStarPanel, dstar_panel, panel_state

SAME = {"g_mean1": -2.0, "g_mean2": 2.0, "g_std": 0.5, "g_weight": 0.5}  # p_g = the default p_data
OTHER = {"data_mean1": -1.0, "data_mean2": 2.5, "data_std": 0.7, "data_weight": 0.3,
         "g_mean1": 0.5, "g_mean2": 1.5, "g_std": 1.2, "g_weight": 0.8}
PNG = b"\x89PNG\r\n\x1a\n"


def mixture_pdf(x, m1, m2, s, w):
    return (1 - w) * stats.norm.pdf(x, m1, s) + w * stats.norm.pdf(x, m2, s)


@pytest.fixture(scope="module")
def panel():
    return dstar_panel()


def test_densities_are_the_two_mixtures():
    st = panel_state(OTHER)
    np.testing.assert_allclose(st["p_data"], mixture_pdf(st["x"], -1.0, 2.5, 0.7, 0.3), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(st["p_g"], mixture_pdf(st["x"], 0.5, 1.5, 1.2, 0.8), rtol=1e-12, atol=1e-300)
    assert st["p_data"].sum() * st["dx"] == pytest.approx(1.0, abs=1e-9)  # the grid holds all the mass


@pytest.mark.parametrize("params", [{}, OTHER, SAME], ids=["defaults", "other", "equal"])
def test_numbers_agree_with_ganlib_and_scipy(params):
    st = panel_state(params)
    pd, pg, dx = st["p_data"], st["p_g"], st["dx"]
    # against ganlib on the same densities
    np.testing.assert_array_equal(st["d_star"], ganlib.optimal_discriminator(pd, pg))
    assert st["jsd"] == pytest.approx(ganlib.js_divergence(pd, pg, dx=dx), abs=1e-12)
    assert st["criterion"] == pytest.approx(ganlib.generator_criterion(pd, pg, dx=dx), abs=1e-12)
    # independently: D* by its formula, JSD from scipy (which returns the square root), C(G) = -log 4 + 2 JSD
    with np.errstate(invalid="ignore"):
        direct = np.where(pd + pg > 0, pd / (pd + pg), 0.5)
    np.testing.assert_allclose(st["d_star"], direct, atol=1e-15)
    assert st["jsd"] == pytest.approx(jensenshannon(pd, pg) ** 2, abs=1e-9)
    assert st["criterion"] == pytest.approx(-math.log(4) + 2 * st["jsd"], abs=1e-9)
    assert st["jsd_fraction"] == pytest.approx(st["jsd"] / math.log(2), rel=1e-12)
    assert 0 <= st["jsd"] <= math.log(2) + 1e-12


def test_jsd_against_a_quadrature_off_the_grid():
    def integrand(x):
        p, q = mixture_pdf(x, -1.0, 2.5, 0.7, 0.3), mixture_pdf(x, 0.5, 1.5, 1.2, 0.8)
        m = 0.5 * (p + q)
        return 0.5 * (p * np.log(p / m) + q * np.log(q / m))

    exact, _ = integrate.quad(integrand, -12, 12, limit=200)
    assert panel_state(OTHER)["jsd"] == pytest.approx(exact, abs=1e-7)


def test_equal_distributions_give_half_zero_and_minus_log4():
    st = panel_state(SAME)
    np.testing.assert_allclose(st["d_star"], 0.5, atol=1e-12)
    assert st["jsd"] == pytest.approx(0.0, abs=1e-12)
    assert st["criterion"] == pytest.approx(-math.log(4), abs=1e-12)


def test_far_apart_distributions_give_log2_and_zero():
    far = {"data_mean1": -5.0, "data_mean2": -5.0, "data_std": 0.2,
           "g_mean1": 5.0, "g_mean2": 5.0, "g_std": 0.2}
    st = panel_state(far)
    assert st["jsd"] == pytest.approx(math.log(2), abs=1e-9)
    assert st["jsd_fraction"] == pytest.approx(1.0, abs=1e-9)
    assert st["criterion"] == pytest.approx(0.0, abs=1e-9)


def test_random_slider_settings_give_finite_consistent_numbers():
    """Anywhere on the sliders (including far-apart, very narrow mixtures): C(G) stays finite and
    equals -log 4 + 2 JSD, and 0 <= JSD <= log 2."""
    rng = np.random.default_rng(0)
    for _ in range(200):
        params = {n: float(rng.uniform(spec.lo, spec.hi)) for n, spec in PARAMS.items()}
        st = panel_state(params)
        assert np.isfinite(st["criterion"]), params
        assert st["criterion"] == pytest.approx(-math.log(4) + 2 * st["jsd"], abs=1e-9), params
        assert -1e-12 <= st["jsd"] <= math.log(2) + 1e-12
        assert np.all((st["d_star"] >= 0) & (st["d_star"] <= 1))


def test_panel_state_is_pure():
    params = dict(OTHER)
    a, b = panel_state(params), panel_state(params)
    assert params == OTHER
    for key in ("x", "p_data", "p_g", "d_star"):
        np.testing.assert_array_equal(a[key], b[key])
    assert a["jsd"] == b["jsd"] and a["criterion"] == b["criterion"]


def test_panel_shows_what_panel_state_computes(panel):
    st = panel_state(panel.values())
    assert panel.state["jsd"] == st["jsd"] and panel.state["criterion"] == st["criterion"]
    assert bytes(panel.image.value).startswith(PNG)
    assert f"{st['jsd']:.4f}" in panel.readout.value and f"{st['criterion']:.4f}" in panel.readout.value
    assert "log 4" in panel.readout.value


def test_moving_a_slider_updates_state_image_and_readout(panel):
    before_state, before_image, before_redraws = panel.state, panel.image.value, panel.redraws
    panel.sliders["g_mean1"].value = panel.sliders["g_mean1"].value + 1.0
    assert panel.redraws == before_redraws + 1
    assert panel.state is not before_state
    assert panel.state["params"]["g_mean1"] == panel.sliders["g_mean1"].value
    assert panel.state["jsd"] != before_state["jsd"]
    assert bytes(panel.image.value) != bytes(before_image) and bytes(panel.image.value).startswith(PNG)
    assert f"{panel.state['jsd']:.4f}" in panel.readout.value


def test_redraw_is_in_place(panel):
    figure, image, lines = panel.figure, panel.image, dict(panel._lines)
    panel.sliders["data_std"].value = 0.8
    panel.sliders["data_std"].value = 0.15  # taller peaks: the density axis gets new limits
    assert panel.figure is figure and panel.image is image and panel._lines == lines
    np.testing.assert_array_equal(panel._lines["p_data"].get_ydata(), panel.state["p_data"])
    assert panel.axes[0].get_ylim()[1] >= panel.state["p_data"].max()


def test_set_moves_several_sliders_with_one_redraw():
    p = dstar_panel()
    before = p.redraws
    st = p.set(**SAME)
    assert p.redraws == before + 1
    assert st is p.state and st["jsd"] == pytest.approx(0.0, abs=1e-12)
    assert all(p.sliders[k].value == v for k, v in SAME.items())


def test_initial_values_and_widget_tree():
    import ipywidgets

    p = dstar_panel(g_mean1=-1.0, g_std=0.8)
    assert p.sliders["g_mean1"].value == -1.0 and p.state["params"]["g_std"] == 0.8
    assert isinstance(p, DStarPanel) and isinstance(p.widget, ipywidgets.VBox)
    assert set(p.sliders) == set(PARAMS)
    assert callable(p._ipython_display_)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"data_std": 0.0}, "data_std must be a positive standard deviation"),
        ({"g_std": -1.0}, "g_std must be a positive standard deviation"),
        ({"g_weight": 1.5}, r"g_weight .* must lie in \[0, 1\]"),
        ({"data_weight": -0.1}, r"data_weight .* must lie in \[0, 1\]"),
        ({"data_mean1": float("nan")}, "data_mean1 must be finite"),
        ({"g_mean": 0.0}, "unknown panel parameter"),
        ({"g_std": "wide"}, "g_std must be a number"),
    ],
)
def test_bad_parameters_raise_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        panel_state(bad)
    with pytest.raises(ValueError, match=message):
        dstar_panel(**bad)


def test_values_outside_a_slider_range_are_refused_not_clipped(panel):
    with pytest.raises(ValueError, match=r"outside its slider's range"):
        dstar_panel(g_mean1=7.0)
    with pytest.raises(ValueError, match=r"outside its slider's range"):
        panel.set(g_std=10.0)
    with pytest.raises(ValueError, match="unknown panel parameter"):
        panel.set(std=1.0)


def test_module_uses_only_widgets_that_ipywidgets_7_has():
    """Colab runs ipywidgets 7.7: the panel may use only classes both 7.7 and 8 have."""
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(widgets.kernel.__file__).read_text())
    used = {n.attr for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "W"}
    assert used <= {"FloatSlider", "IntSlider", "HBox", "VBox", "HTML", "Image", "Layout"}, used


# -- ganlib.plots, whose styles the panel shares ------------------------------------------------


def test_plot_densities_puts_d_on_a_unit_right_axis():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ganlib.plots import plot_densities, plot_discriminators

    st = panel_state(OTHER)
    ax, ax_d = plot_densities(st["x"], st["p_data"], st["p_g"], d=0.9 * st["d_star"], d_star=st["d_star"])
    assert ax_d.get_ylim() == (0.0, 1.0)
    assert ax.get_xlabel() and ax.get_ylabel() and ax_d.get_ylabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["$p_{data}$", "$p_g$", "$D^*$", "$D$ (learned)"]
    ax2, none = plot_densities(st["x"], st["p_data"], st["p_g"])
    assert none is None and len(ax2.get_lines()) == 2
    with pytest.raises(ValueError, match="one value per grid point"):
        plot_densities(st["x"], st["p_data"][:-1], st["p_g"])
    ax3 = plot_discriminators(st["x"], {"step 0": 0 * st["x"] + 0.5, "step 100": st["d_star"]}, st["d_star"])
    assert [t.get_text() for t in ax3.get_legend().get_texts()] == ["step 0", "step 100", "$D^*$"]
    plt.close("all")


def test_display_bundle_carries_the_widget_and_its_static_twin(monkeypatch):
    """Jupyter and Colab render the widget view; the HTML book (which drops widget views) renders
    the text/html twin, a self-contained panel at the sliders' current values."""
    import html
    import json
    import re

    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    panel = dstar_panel(g_mean1=-1.0, g_std=0.8)
    panel._ipython_display_()
    (args, kwargs), = shown
    bundle = args[0]
    assert kwargs.get("raw") is True
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.widget.model_id
    page = bundle["text/html"]
    params = json.loads(html.unescape(re.search(r'data-params="([^"]*)"', page).group(1)))
    assert params == panel.values() and params["g_mean1"] == -1.0 and params["g_std"] == 0.8
    assert "window.ganlibDStar" in page and "<script" in page
    assert "jsd=" in bundle["text/plain"]


# -- the forces on generated samples ---------------------------------------------------------------


def mixture_slope(x, m1, m2, s, w):
    """d/dx of the two-component mixture density, by hand."""
    return (1 - w) * stats.norm.pdf(x, m1, s) * (m1 - x) / s**2 + w * stats.norm.pdf(x, m2, s) * (m2 - x) / s**2


def test_forces_against_the_logit_derivative_by_hand():
    """force = D* a' (saturating) and (1 - D*) a' (non-saturating), a = log(p_data / p_g), with a'
    from the mixtures' derivatives by hand instead of finite differences."""
    st = panel_state(OTHER)
    x = st["x"]
    pd, pg = mixture_pdf(x, -1.0, 2.5, 0.7, 0.3), mixture_pdf(x, 0.5, 1.5, 1.2, 0.8)
    slope = mixture_slope(x, -1.0, 2.5, 0.7, 0.3) / pd - mixture_slope(x, 0.5, 1.5, 1.2, 0.8) / pg
    d_star = pd / (pd + pg)
    inner = (x > -6) & (x < 6)
    scale = np.abs(slope[inner]).max()
    np.testing.assert_allclose(st["force_minimax"][inner], (d_star * slope)[inner], rtol=0, atol=1e-4 * scale)
    np.testing.assert_allclose(st["force_nonsaturating"][inner], ((1 - d_star) * slope)[inner], rtol=0,
                               atol=1e-4 * scale)
    # the two forces add up to the slope of the logit, and equal ganlib.generator_force
    np.testing.assert_allclose(st["force_minimax"] + st["force_nonsaturating"], np.gradient(np.log(st["p_data"] / st["p_g"]), x),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(st["force_minimax"], ganlib.generator_force(x, st["p_data"], st["p_g"], "minimax"))
    # E_{p_g} |force| by its definition
    want = np.sum(pg * np.abs(d_star * slope)) / np.sum(pg)
    assert st["push_minimax"] == pytest.approx(want, rel=1e-3)


def test_the_saturating_force_vanishes_where_p_g_is_far_from_p_data():
    far = {"g_mean1": 4.0, "g_mean2": 4.5, "g_std": 0.3}
    st = panel_state(far)
    assert st["push_minimax"] < 0.01 * st["push_nonsaturating"]
    bulk = st["p_g"] > 0.5 * st["p_g"].max()
    assert np.all(st["force_nonsaturating"][bulk] < -1.0)  # pushed left, towards the data
    assert np.all(np.abs(st["force_minimax"][bulk]) < 0.01 * np.abs(st["force_nonsaturating"][bulk]))
    # with p_g = p_data both vanish
    same = panel_state(SAME)
    assert same["push_minimax"] == pytest.approx(0.0, abs=1e-9)
    assert same["push_nonsaturating"] == pytest.approx(0.0, abs=1e-9)


def test_forces_are_undefined_only_where_a_density_is_zero():
    far = {"data_mean1": -5.0, "data_mean2": -5.0, "data_std": 0.1, "g_mean1": 5.0, "g_mean2": 5.0, "g_std": 0.1}
    st = panel_state(far)
    defined = np.isfinite(st["force_minimax"])
    np.testing.assert_array_equal(defined, (st["p_data"] > 0) & (st["p_g"] > 0))
    assert math.isnan(st["push_minimax"]) and "undefined" in dstar_panel(**far).readout.value
    assert np.isfinite(panel_state(OTHER)["force_minimax"]).all()


def test_panel_draws_the_forces(panel):
    panel.set(g_mean1=3.0, g_mean2=4.0, g_std=0.5)
    lines = panel._force_lines
    y = lines["nonsaturating"].get_ydata()
    assert np.isfinite(y).any() and np.isnan(y).any()  # drawn only where p_g is not negligible
    assert "Mean |force|" in panel.readout.value
    assert f"{panel.state['push_nonsaturating']:.3f}" in panel.readout.value
