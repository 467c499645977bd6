"""Replays of training runs (ganlib.widgets.replay): the frames against the run they come from and
against independent computations (finite differences, scipy), the chapter check, the static twin's
payload and the kernel view. The browser side is in tests/test_browser.py."""

import html
import json
import re

import numpy as np
import pytest
import torch
from scipy import special, stats

import ganlib
from ganlib.metrics import js_to_target, mode_coverage
from ganlib.widgets import Replay, replay_1d, replay_2d
from ganlib.widgets.replay_view import decode, readout_text

BIMODAL = ganlib.bimodal()
RING = ganlib.ring(8, radius=1.0, std=0.02)


@pytest.fixture(scope="module")
def run_1d():
    return ganlib.train(BIMODAL, steps=60, seeds=[0, 3], latent_dim=1, width=16, snapshot_steps=[0, 30],
                        progress=False)


@pytest.fixture(scope="module")
def run_2d():
    return ganlib.train(RING, steps=40, seeds=[0, 1, 2], width=16, snapshot_steps=[0, 20], progress=False)


@pytest.fixture(scope="module")
def run_critic():
    return ganlib.train(RING, loss="wgan-gp", steps=10, seeds=[5], width=16, snapshot_steps=[5], progress=False)


@pytest.fixture(scope="module")
def rep_1d(run_1d):
    return replay_1d(run_1d, BIMODAL, [0, 30, 60], n=800, seed=2)


@pytest.fixture(scope="module")
def rep_2d(run_2d):
    return replay_2d(run_2d, RING, [0, 20, 40], n=500, seed=1, shown=100, arrows=12, cells=16)


def test_1d_readout_is_what_a_chapter_computes(run_1d, rep_1d):
    for step in (0, 30, 60):
        x = run_1d.sample(800, step=step if step < 60 else None, seed=2)  # (copies, n, 1)
        np.testing.assert_array_equal(rep_1d.value("jsd", step), js_to_target(x, BIMODAL))
        np.testing.assert_array_equal(rep_1d.value("modes", step),
                                      mode_coverage(x, BIMODAL.modes, std=0.5)["modes_captured"])
    assert rep_1d.data["copies"] == [0, 3]


def test_1d_curves_against_the_run_and_by_hand(run_1d, rep_1d):
    d = rep_1d.data
    x = np.array(d["x"])
    f = 1  # frame at step 30
    want_d = run_1d.discriminate(x, step=30)  # (copies, points)
    np.testing.assert_allclose(np.array(d["frames"]["d"][f]) / 1000, want_d, atol=6e-4)
    p_data = np.array(d["p_data"]) / 1000
    np.testing.assert_allclose(p_data, stats.norm.pdf(x, -2, 0.5) / 2 + stats.norm.pdf(x, 2, 0.5) / 2, atol=6e-4)
    p_g = np.array(d["frames"]["p_g"][f]) / 1000
    d_star = np.array(d["frames"]["d_star"][f]) / 1000
    ok = p_g + p_data > 0.05
    p_data_2 = np.broadcast_to(p_data, p_g.shape)
    np.testing.assert_allclose(d_star[ok], p_data_2[ok] / (p_data_2 + p_g)[ok], atol=0.02)  # D* by its formula
    # the map: the network on the z grid, and T(z) = F^-1(Phi(z)) solved by the target's CDF
    z = np.array(d["z"])
    g, _ = run_1d.networks(30)
    with torch.no_grad():
        gz = g(torch.tensor(z, dtype=torch.float32).reshape(1, -1, 1).expand(2, -1, -1)).numpy()[..., 0]
    np.testing.assert_allclose(np.array(d["frames"]["g"][f]) / 1000, gz, atol=6e-4)
    t = np.array(d["t"]) / 1000
    np.testing.assert_allclose(BIMODAL.cdf(t), special.ndtr(z), atol=2e-3)


def test_2d_readout_heat_and_points(run_2d, rep_2d):
    d = rep_2d.data
    for j, step in enumerate((0, 20, 40)):
        x = run_2d.sample(500, step=step if step < 40 else None, seed=1)
        cover = mode_coverage(x, RING.modes, std=RING.std)
        np.testing.assert_array_equal(rep_2d.value("modes", step), cover["modes_captured"])
        np.testing.assert_array_equal(rep_2d.value("quality", step), cover["high_quality"])
        nearest = np.linalg.norm(x[:, :, None] - RING.modes, axis=-1).argmin(-1)
        largest = [np.bincount(c, minlength=8).max() / 500 for c in nearest]
        np.testing.assert_allclose(rep_2d.value("largest", step), largest, rtol=0, atol=1e-12)
        lim = d["lim"]
        pts = decode(d["frames"]["pts"][j][1]).reshape(-1, 2) / 255 * 2 * lim - lim
        assert pts.shape == (100, 2)
        np.testing.assert_allclose(pts, np.clip(x[1, :100], -lim, lim), atol=lim / 255 + 1e-9)
    # the heat map: D at the cells' centres, row 0 at the top
    n, lim = d["cells"], d["lim"]
    c = (np.arange(n) + 0.5) / n * 2 * lim - lim
    gx, gy = np.meshgrid(c, c[::-1])
    want = run_2d.discriminate(np.stack([gx.ravel(), gy.ravel()], -1), step=20)[2]
    np.testing.assert_allclose(decode(d["frames"]["heat"][1][2]) / 255, want, atol=0.5 / 255 + 1e-6)
    assert d["probability"] and d["frames"]["range"][1][2] == [0.0, 1.0]


def _finite_difference_force(log_of, pts, h=1e-3):
    out = []
    for e in np.eye(2) * h:
        out.append((log_of(pts + e) - log_of(pts - e)) / (2 * h))
    return np.stack(out, -1)


def test_2d_arrows_are_the_generators_force(run_2d, rep_2d):
    """Non-saturating loss -log D: the force is +grad log D, by central differences."""
    x = run_2d.sample(500, step=20, seed=1)[:, :12]  # (copies, 12, 2)
    for c in range(3):
        want = _finite_difference_force(lambda p: np.log(run_2d.discriminate(p, step=20)[c]), x[c].astype(np.float64))
        want /= np.linalg.norm(want, axis=-1).max()
        got = np.array(rep_2d.data["frames"]["arrows"][1][c]) / 100
        np.testing.assert_allclose(got, want, atol=0.02)


def test_critic_arrows_and_heat_range(run_critic):
    rep = replay_2d(run_critic, RING, [5, 10], n=300, seed=0, shown=50, arrows=10, cells=12)
    x = run_critic.sample(300, step=5, seed=0)[:10].astype(np.float64)
    want = _finite_difference_force(lambda p: run_critic.discriminate(p, step=5), x)  # + grad f
    want /= np.linalg.norm(want, axis=-1).max()
    np.testing.assert_allclose(np.array(rep.data["frames"]["arrows"][0][0]) / 100, want, atol=0.02)
    lo, hi = rep.data["frames"]["range"][0][0]
    heat = decode(rep.data["frames"]["heat"][0][0])
    assert not rep.data["probability"] and lo < hi and heat.min() == 0 and heat.max() == 255


def test_check_embeds_the_chapters_numbers_and_refuses_others(rep_1d):
    r = Replay(json.loads(json.dumps(rep_1d.data)))
    jsd = {s: r.value("jsd", s) for s in (0, 60)}
    r.check(jsd=jsd)
    assert r.data["check"]["jsd"][0] == jsd[0].tolist() and r.data["check"]["jsd"][1] is None
    with pytest.raises(AssertionError, match="the replay's jsd at step 30"):
        r.check(jsd={30: r.value("jsd", 30) + 1e-3})
    with pytest.raises(ValueError, match="no frame at step 45"):
        r.value("jsd", 45)
    with pytest.raises(ValueError, match="no readout"):
        r.value("w1", 0)


def test_steps_without_a_snapshot_are_refused(run_1d):
    with pytest.raises(ValueError, match="no snapshot at step 45"):
        replay_1d(run_1d, BIMODAL, [0, 45])
    with pytest.raises(ValueError, match="copies must index"):
        replay_1d(run_1d, BIMODAL, [0], copies=[2])


def test_static_html_is_self_contained_and_compact(rep_1d, rep_2d):
    for rep in (rep_1d, rep_2d):
        page = rep.static_html()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
        assert page.count("</script>") == 2  # the JSON and the script; nothing inside closes them early
        payload = re.search(r'<script type="application/json" class="ganlib-replay-data">(.*?)</script>', page, re.S).group(1)
        assert json.loads(payload.replace("<\\/", "</")) == json.loads(json.dumps(rep.data))
        colors = json.loads(html.unescape(re.search(r'data-colors="([^"]*)"', page).group(1)))
        assert set(colors) == {"p_data", "p_g", "d", "d_star"}
    assert len(rep_2d.static_html()) < 60_000  # 3 copies x 3 frames, with the script


def test_readout_text():
    assert readout_text("jsd", 0.12349) == "0.123" and readout_text("jsd", -1e-9) == "0.000"
    assert readout_text("modes", 7.0, 8) == "7 of 8"
    assert readout_text("quality", 0.4567) == "45.7%" and readout_text("largest", 0.125) == "0.125"


def test_kernel_view_moves_with_the_slider(rep_1d, rep_2d):
    import ipywidgets

    for rep in (rep_1d, rep_2d):
        w = rep.widget
        assert isinstance(w, ipywidgets.VBox) and isinstance(rep.play, ipywidgets.Play)
        first = bytes(rep.image.value)
        assert first.startswith(b"\x89PNG")
        rep.slider.value = 2
        assert bytes(rep.image.value) != first and "step" in rep.label.value
        assert f"step {rep.steps[2]}" in rep.label.value
        rep.slider.value = 0
        assert bytes(rep.image.value) == first


def test_display_bundle_carries_the_widget_and_its_static_twin(rep_2d, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    rep_2d._ipython_display_()
    (args, kwargs), = shown
    bundle = args[0]
    assert kwargs.get("raw") is True
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == rep_2d.widget.model_id
    assert "window.ganlibReplay" in bundle["text/html"] and "Replay(2d" in bundle["text/plain"]


def test_view_modules_use_only_widgets_that_ipywidgets_7_has():
    import ast
    import pathlib

    from ganlib.widgets import replay_view

    tree = ast.parse(pathlib.Path(replay_view.__file__).read_text())
    used = {n.attr for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "W"}
    assert used <= {"IntSlider", "Play", "jslink", "HBox", "VBox", "HTML", "Image", "Layout"}, used
