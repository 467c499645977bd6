"""Every bad input gets a clear error from ganlib (issue 11), and NumPy numbers are numbers.

``BAD``: one row per kind of bad input, ``(call, exception type, message regex)``. The message
must come from ganlib: it names the argument, says what was expected and shows what arrived (no
numpy, torch, scipy or matplotlib error from deep inside, no ``assert``, nothing accepted silently).
``SAME``: valid calls with NumPy scalars or 0-d arrays where Python numbers are usual; each must
give exactly what the Python-number call gives.
"""

import functools
import traceback

import matplotlib
import numpy as np
import pytest
import torch

import ganlib
from ganlib import evaluation as ev
from ganlib import metrics

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

X = np.linspace(-5, 5, 101)
DX = X[1] - X[0]
P = ganlib.bimodal().pdf(X)
PMF = np.array([0.25, 0.75])
PTS = np.zeros((5, 2))
FAST = dict(steps=2, progress=False)


@functools.cache
def gan():
    return ganlib.train(ganlib.bimodal(), **FAST)


def train(**options):
    return ganlib.train(ganlib.bimodal(), **{**FAST, **options})


BAD = [
    # --- divergences -------------------------------------------------------------------------
    (lambda: ganlib.entropy(P, dx="a"), TypeError, r"dx must be a positive grid spacing, got 'a' \(a str\)"),
    (lambda: ganlib.entropy(P, dx=True), ValueError, r"dx must be a positive grid spacing, got True"),
    (lambda: ganlib.entropy(P, dx=np.nan), ValueError, r"dx must be a positive grid spacing, got nan"),
    (lambda: ganlib.entropy(PMF, base="2"), TypeError, r"base must be a positive number other than 1 .*, got '2'"),
    (lambda: ganlib.entropy(PMF, base=np.array(1.0)), ValueError, r"base must be a positive number other than 1"),
    (lambda: ganlib.entropy(["0.5", "0.5"]), TypeError, r"p must be an array of numbers, got a list of text"),
    (lambda: ganlib.entropy([0.5 + 0j, 0.5]), TypeError, r"p must be an array of numbers, got a list of complex"),
    (lambda: ganlib.entropy([[0.5], [0.25, 0.25]]), TypeError, r"p must be an array of numbers, got \[\[0.5\]"),
    (lambda: ganlib.entropy(None), TypeError, r"p must be an array of numbers, got None"),
    (lambda: ganlib.kl_divergence(PMF, [0.5, np.inf]), ValueError, r"q contains inf"),
    (lambda: ganlib.wasserstein1([0.5, 0.5], [0.5, 0.5], x=[0.0, np.inf]), ValueError, r"x contains inf at index \[1\]"),
    (lambda: ganlib.wasserstein1([0.0, np.inf], [0.0, 1.0]), ValueError, r"p contains inf at index \[1\]"),
    (lambda: ganlib.wasserstein1(np.ones((2, 2)), np.ones((2, 2))), ValueError, r"p must be 1-D"),
    # --- optimal -----------------------------------------------------------------------------
    (lambda: ganlib.optimal_discriminator([0.5, "a"], [0.5, 0.5]), TypeError, r"p_data must be an array of numbers"),
    (lambda: ganlib.optimal_discriminator([0.5, np.inf], [0.5, 0.5]), ValueError, r"p_data contains inf"),
    (lambda: ganlib.value_function([0.5, np.nan], PMF, PMF), ValueError, r"d contains NaN at index \[1\]"),
    (lambda: ganlib.value_function([0.5, 1.5], PMF, PMF), ValueError, r"d must hold discriminator outputs in \[0, 1\]"),
    (lambda: ganlib.generator_criterion(PMF, PMF, dx="1"), TypeError, r"dx must be a positive grid spacing"),
    # --- data --------------------------------------------------------------------------------
    (lambda: ganlib.bimodal(weight="0.5"), TypeError, r"weight must be a number in \(0, 1\), got '0.5' \(a str\)"),
    (lambda: ganlib.bimodal(weight=1.0), ValueError, r"weight must be a number in \(0, 1\), got 1.0"),
    (lambda: ganlib.bimodal(separation=np.nan), ValueError, r"separation must be a finite number >= 0, got nan"),
    (lambda: ganlib.bimodal(separation=-2.0), ValueError, r"separation must be a finite number >= 0"),
    (lambda: ganlib.bimodal(std="wide"), TypeError, r"std must be a positive number, got 'wide'"),
    (lambda: ganlib.gaussian(0.0, "1"), TypeError, r"std must be a positive number, got '1' \(a str\)"),
    (lambda: ganlib.gaussian("0", 1.0), TypeError, r"mean must be a finite number, got '0'"),
    (lambda: ganlib.gaussian(np.inf, 1.0), ValueError, r"mean must be a finite number, got inf"),
    (lambda: ganlib.GaussianMixture1D([0, 1], [1, 1, 1]), ValueError, r"stds must be one number or one per component \(2\), got shape \(3,\)"),
    (lambda: ganlib.GaussianMixture1D([], []), ValueError, r"means must not be empty"),
    (lambda: ganlib.GaussianMixture1D([0, 1], [1, 1], [np.nan, np.nan]), ValueError, r"weights contains NaN"),
    (lambda: ganlib.GaussianMixture1D(["0", "1"], [1, 1]), TypeError, r"means must be a number or an array of numbers"),
    (lambda: ganlib.GaussianMixture2D([[0, 0], [1, 1]], [0.1, 0.2]), ValueError, r"std must be one number \(the spread of every mode\)"),
    (lambda: ganlib.GaussianMixture2D(np.zeros((2, 2, 2)), 0.1), ValueError, r"modes must have shape \(k, 2\), got \(2, 2, 2\)"),
    (lambda: ganlib.ring(radius="2"), TypeError, r"radius must be a positive finite number, got '2'"),
    (lambda: ganlib.ring(radius=-1), ValueError, r"radius must be a positive finite number, got -1"),
    (lambda: ganlib.ring(n_modes=2.5), ValueError, r"n_modes must be a positive whole number, got 2.5"),
    (lambda: ganlib.grid(spacing=0), ValueError, r"spacing must be a positive finite number, got 0"),
    (lambda: ganlib.grid(side="5"), TypeError, r"side must be a positive whole number, got '5'"),
    (lambda: ganlib.bimodal().grid(num=0), ValueError, r"num must be a whole number >= 2, got 0"),
    (lambda: ganlib.bimodal().grid(num=1), ValueError, r"num must be a whole number >= 2, got 1"),
    (lambda: ganlib.bimodal().grid(num=2.0), ValueError, r"num must be a whole number >= 2, got 2.0"),
    (lambda: ganlib.bimodal().grid(width=-1), ValueError, r"width must be a positive finite number, got -1"),
    (lambda: ganlib.bimodal().pdf("1"), TypeError, r"x must be a number or an array of numbers, got '1'"),
    (lambda: ganlib.bimodal().icdf(np.nan), ValueError, r"u is NaN"),
    (lambda: ganlib.ring().pdf(1.0), ValueError, r"xy must be an array, got the scalar 1.0"),
    (lambda: ganlib.bimodal().sample(2.0), ValueError, r"n must be a positive whole number of samples, got 2.0"),
    (lambda: ganlib.bimodal().sample(None), TypeError, r"n must be a positive whole number of samples, got None"),
    # --- metrics -----------------------------------------------------------------------------
    (lambda: ganlib.mode_coverage(PTS, PTS[:2], 0.1, threshold=-1), ValueError, r"threshold must be a finite number >= 0, got -1"),
    (lambda: ganlib.mode_coverage(PTS, PTS[:2], 0.1, threshold=np.nan), ValueError, r"threshold must be a finite number >= 0, got nan"),
    (lambda: ganlib.mode_coverage(PTS, PTS[:2], 0.1, threshold="3"), TypeError, r"threshold must be a finite number >= 0, got '3'"),
    (lambda: ganlib.mode_coverage(PTS, PTS[:2], "0.1"), TypeError, r"std must be a positive finite number, got '0.1'"),
    (lambda: ganlib.mode_coverage(PTS, PTS[:2], np.array([0.1, 0.2, 0.3])), ValueError, r"std must be a positive number or one per mode \(2\)"),
    (lambda: ganlib.mode_coverage(PTS, PTS[:2], [0.1, -0.2]), ValueError, r"std must be a positive number or one per mode"),
    (lambda: ganlib.wilson_interval(11, 10), ValueError, r"k must be at most n=10, got 11"),
    (lambda: ganlib.wilson_interval(1.5, 10), ValueError, r"k must be a whole number >= 0, got 1.5"),
    (lambda: ganlib.mean_se([1.0]), ValueError, r"a standard error needs at least two values, got 1"),
    (lambda: ganlib.mode_coverage(PTS, [[0, 0], [np.inf, 0]], 0.1), ValueError, r"modes contains inf at index \[1, 0\]"),
    (lambda: metrics.density_estimate(np.zeros((5, 1)), np.array([0.0])), ValueError, r"x must be a 1-D grid of at least 2 points, got shape \(1,\)"),
    (lambda: metrics.density_estimate(np.arange(5.0), np.zeros((3, 3))), ValueError, r"x must be a 1-D grid of at least 2 points, got shape \(3, 3\)"),
    (lambda: metrics.density_estimate(np.arange(5.0), X[::-1]), ValueError, r"x must be strictly increasing"),
    (lambda: metrics.density_estimate(np.arange(5.0), X, bandwidth="wide"), TypeError, r"bandwidth must be 'scott', 'silverman', a function or a positive number, got 'wide'"),
    (lambda: metrics.density_estimate(np.arange(5.0), X, bandwidth=-1), ValueError, r"bandwidth must be .* a positive number, got -1"),
    (lambda: metrics.density_estimate(PTS, X), ValueError, r"density_estimate takes 1-D samples"),
    (lambda: metrics.density_estimate(np.arange(5.0), X, bandwidth=[0.1, 0.2]), TypeError, r"bandwidth must be 'scott'"),
    (lambda: metrics.js_to_target(np.zeros((5, 1)), ganlib.bimodal(), x=np.array([0.0])), ValueError, r"x must be a 1-D grid of at least 2 points"),
    (lambda: metrics.js_to_target(np.arange(5.0), ganlib.bimodal(), x=[0.0, 1.0, 3.0]), ValueError, r"x must be evenly spaced"),
    (lambda: metrics.js_to_target(np.arange(5.0), ganlib.bimodal(), x=np.linspace(100, 200, 50)), ValueError, r"the target has no mass on x"),
    (lambda: metrics.js_to_target(np.full(5, 1e4) + np.arange(5), ganlib.bimodal()), ValueError, r"density estimate has no mass on x"),
    (lambda: metrics.js_to_target(PTS, ganlib.ring()), ValueError, r"js_to_target takes a 1-D target such as ganlib.bimodal\(\), got a 2-D GaussianMixture2D"),
    (lambda: metrics.w1_to_target(PTS, ganlib.ring()), ValueError, r"w1_to_target takes a 1-D target .* got a 2-D GaussianMixture2D"),
    (lambda: metrics.w1_to_target(np.arange(5.0), np.zeros(3)), TypeError, r"target must be a 1-D ganlib target such as ganlib.bimodal\(\), got ndarray"),
    (lambda: metrics.w1_to_target(PTS, ganlib.bimodal()), ValueError, r"w1_to_target takes 1-D samples"),
    (lambda: metrics.discriminator_gap(np.array([2.0, 0.5]), PMF, PMF), ValueError, r"d must hold discriminator outputs in \[0, 1\], got values in \[0.5, 2\]"),
    (lambda: metrics.discriminator_gap(np.array([0.5, 0.5]), np.zeros(2), np.zeros(2)), ValueError, r"p_data \+ p_g is 0 everywhere"),
    (lambda: metrics.discriminator_gap(np.array([0.5, 0.5]), PMF, PMF, relative_floor=1), ValueError, r"relative_floor must be a number in \[0, 1\), got 1"),
    # --- evaluation --------------------------------------------------------------------------
    (lambda: ev.parzen_log_likelihood(PTS, PTS, 0.1, chunk=0), ValueError, r"chunk must be a whole number >= 1, got 0"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, 0.1, chunk=2.5), ValueError, r"chunk must be a whole number >= 1, got 2.5"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, 0.1, chunk=-1), ValueError, r"chunk must be a whole number >= 1, got -1"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, 0.1, chunk="8"), TypeError, r"chunk must be a whole number >= 1, got '8'"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, "0.1"), TypeError, r"bandwidth must be a number or an array of numbers, got '0.1'"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, np.nan), ValueError, r"bandwidth is NaN"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, 1e-200), ValueError, r"bandwidth must be a positive number \(from 1e-150 to 1e150\)"),
    (lambda: ev.parzen_log_likelihood(PTS, PTS, []), ValueError, r"bandwidth must not be empty"),
    (lambda: ev.precision_recall(np.arange(10.0), np.arange(10.0), k=2.5), ValueError, r"k must be a whole number >= 1, got 2.5"),
    (lambda: ev.precision_recall(np.arange(10.0), np.arange(10.0), k="3"), TypeError, r"k must be a whole number >= 1, got '3'"),
    (lambda: ev.frechet_distance("0", 1.0, 0.0, 1.0), TypeError, r"mu1 must be a number or an array of numbers, got '0'"),
    (lambda: ev.frechet_distance_samples(np.array([[0.0], [np.inf]]), np.zeros((3, 1))), ValueError, r"a contains inf at index \[1, 0\]"),
    # --- plots -------------------------------------------------------------------------------
    (lambda: ganlib.image_grid(np.zeros((4, 8, 8)), nrow=0), ValueError, r"nrow must be a whole number >= 1, got 0"),
    (lambda: ganlib.image_grid(np.zeros((4, 8, 8)), nrow=2.5), ValueError, r"nrow must be a whole number >= 1, got 2.5"),
    (lambda: ganlib.image_grid(np.zeros((0, 8, 8))), ValueError, r"images must not be empty"),
    (lambda: ganlib.plot_samples_2d(np.zeros((3, 2)), modes=[1, 2]), ValueError, r"modes must have shape \(n, 2\), got \(2,\)"),
    (lambda: ganlib.plot_samples_2d(np.zeros((3, 2)), alpha=2), ValueError, r"alpha must be a number in \[0, 1\], got 2"),
    (lambda: ganlib.plot_samples_2d(np.zeros((3, 2)), s=-1), ValueError, r"s must be a positive finite number, got -1"),
    (lambda: ganlib.plot_samples_2d(np.zeros((3, 2)), ax=5), TypeError, r"ax must be matplotlib axes or None, got 5"),
    (lambda: ganlib.plot_densities(X, ["a"] * 101, P), TypeError, r"p_data must be an array of numbers, got a list of text"),
    (lambda: ganlib.plot_densities(X, P, P, d=P * 5), ValueError, r"d must hold discriminator outputs in \[0, 1\].*sigmoid"),
    (lambda: ganlib.plot_discriminators(X, [X]), TypeError, r"ds must be a dict mapping labels to discriminator outputs"),
    (lambda: ganlib.plot_discriminators(X, {"logits": X}), ValueError, r"ds\['logits'\] must hold discriminator outputs in \[0, 1\]"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: p[:, 0], res=0), ValueError, r"res must be a whole number >= 2, got 0"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: p[:, 0], res=2.5), ValueError, r"res must be a whole number >= 2, got 2.5"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: p[:, 0], lim="2"), TypeError, r"lim must be a positive finite number, got '2'"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: p[:, 0], probability="yes"), TypeError, r"probability must be True, False or None"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: p[:, 0], colorbar="no"), TypeError, r"colorbar must be True or False, got 'no'"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: np.array(["a"] * len(p))), TypeError, r"discriminate's output must be a number or an array of numbers, got a NumPy array of text"),
    (lambda: ganlib.plot_discriminator_2d(lambda p: p[:, 0] * np.nan), ValueError, r"discriminate's output contains NaN"),
    (lambda: ganlib.plot_history({"d_loss": [1.0, 2.0]}, keys="d_loss"), TypeError, r"keys must be a list of names .*; write \('d_loss',\)"),
    (lambda: ganlib.plot_history({"d_loss": []}, keys=("d_loss",)), ValueError, r"history\['d_loss'\] must not be empty"),
    (lambda: ganlib.plot_history({"d_loss": [1.0, 2.0]}, keys=("d_loss",), smooth=0.5), ValueError, r"smooth must be a whole number >= 1, got 0.5"),
    (lambda: ganlib.plot_history([1, 2]), TypeError, r"history must be a dict of arrays such as TrainedGAN.history"),
    # --- networks ----------------------------------------------------------------------------
    (lambda: gan().generator(torch.zeros(3, 8, dtype=torch.float64)), TypeError, r"expected a torch.float32 tensor, as the network's weights are, got torch.float64"),
    (lambda: ganlib.MLPDiscriminator()(torch.zeros(3, 1, dtype=torch.long)), TypeError, r"expected a torch.float32 tensor, .* got torch.int64"),
    (lambda: ganlib.MLPGenerator(4)(torch.zeros(3, 5)), ValueError, r"expected inputs of shape \(batch, 4\) .* got \(3, 5\)"),
    (lambda: ganlib.ConvDiscriminator()(torch.zeros(3, 1, 7, 7)), ValueError, r"expected inputs of shape \(batch, 1, 8, 8\) .* got \(3, 1, 7, 7\)"),
    (lambda: ganlib.MLPGenerator(4, data_shape=2), TypeError, r"data_shape must be a tuple of whole numbers such as \(2,\) or \(1, 8, 8\), got 2"),
    (lambda: ganlib.MLPGenerator(4, data_shape=(0,)), ValueError, r"data_shape must be a tuple of whole numbers .*, got 0"),
    (lambda: ganlib.MLPGenerator(4, depth=-1), ValueError, r"depth must be a whole number >= 0 \(the number of hidden layers\), got -1"),
    (lambda: ganlib.MLPGenerator(4, tanh_output="no"), TypeError, r"tanh_output must be True or False, got 'no'"),
    (lambda: ganlib.MLPDiscriminator(activation=["relu"]), ValueError, r"unknown activation \['relu'\]; choose one of"),
    (lambda: ganlib.ConvGenerator(channels=0), ValueError, r"channels must be a positive whole number, got 0"),
    (lambda: ganlib.ConvDiscriminator(width=8.0), ValueError, r"width must be a positive whole number, got 8.0"),
    (lambda: ganlib.MLPGenerator(4).reset_parameters(3), TypeError, r"generators must be a list of 1 torch.Generator \(one per copy\) or None, got 3"),
    (lambda: ganlib.MLPGenerator(4).reset_parameters([3]), TypeError, r"generators must be .*, got a list holding \['int'\]"),
    # --- widgets (the panel's maths) -----------------------------------------------------------
    (lambda: ganlib.panel_state("g_std"), TypeError, r"params must be a dict such as \{'g_std': 1.0\}, got 'g_std' \(a str\)"),
    (lambda: ganlib.panel_state([("g_std", 1.0)]), TypeError, r"params must be a dict"),
    (lambda: ganlib.panel_state({"g_std": "0.5"}), ValueError, r"g_std must be a number, got '0.5'"),
    (lambda: ganlib.panel_state({"g_weight": True}), ValueError, r"g_weight must be a number, got True"),
    (lambda: ganlib.widgets.static_panel_html(g_std="1"), ValueError, r"g_std must be a number, got '1'"),
    # --- training (checked in ganlib.training; here so that the table covers issue 11's examples) ---
    (lambda: train(seeds=-1), ValueError, r"seeds must be whole numbers >= 0, got -1"),
    (lambda: train(seeds=1.5), TypeError, r"seeds must be a whole number or a list of whole numbers, got 1.5"),
    (lambda: train(seeds="12"), TypeError, r"seeds must be a whole number or a list of whole numbers, got '12'"),
    (lambda: train(seeds=None), TypeError, r"seeds must be a whole number or a list of whole numbers, got None"),
    (lambda: train(seeds=[0, 1.7]), ValueError, r"seeds must be whole numbers >= 0, got 1.7"),
    (lambda: train(betas=0.5), ValueError, r"betas must be two numbers in \[0, 1\), got 0.5"),
    (lambda: train(snapshot_steps=5), TypeError, r"snapshot_steps must be a list of steps, got 5"),
    (lambda: train(snapshot_steps=[1.5]), ValueError, r"snapshot_steps must be whole numbers, got 1.5"),
    (lambda: train(lr_d=True), ValueError, r"lr_d must be a positive learning rate, got True"),
    (lambda: train(steps="10"), TypeError, r"steps must be a whole number >= 1, got '10'"),
    (lambda: ganlib.train(ganlib.bimodal(), config={"steps": 10}), TypeError, r"config must be a ganlib.GANConfig"),
    (lambda: ganlib.train(np.array(["a", "b", "c"]), **FAST), TypeError, r"data must hold numbers, got a NumPy array of dtype <U1"),
    (lambda: ganlib.train(np.array([1, None, 2], dtype=object), **FAST), TypeError, r"data must hold numbers, got a NumPy array of dtype object"),
    (lambda: ganlib.train(torch.tensor([[1e300], [1.0], [2.0]], dtype=torch.float64), **FAST), ValueError, r"data has values too large for float32"),
    (lambda: gan().sample(5, seed=-1), ValueError, r"seed must be a whole number >= 0, got -1"),
    (lambda: gan().discriminate([0, np.nan]), ValueError, r"x contains NaN or inf"),
]
if not torch.cuda.is_available():
    BAD.append((lambda: train(device="cuda"), ValueError, r"device='cuda' but PyTorch sees no CUDA GPU here"))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("call, error, message", BAD)
def test_bad_input_gets_a_clear_error_from_ganlib(call, error, message):
    with pytest.raises(error, match=message) as info:
        call()
    # raised by ganlib itself, not by numpy, torch, scipy or matplotlib from deep inside
    assert "ganlib" in traceback.extract_tb(info.tb)[-1].filename


def _close(ax):
    """What an axes shows: its lines, collections and images, as arrays."""
    return ([np.asarray(ln.get_xydata()) for ln in ax.lines] + [np.asarray(c.get_offsets()) for c in ax.collections]
            + [np.asarray(c.get_array()) for c in ax.collections if c.get_array() is not None]
            + [np.asarray(im.get_array()) for im in ax.images])


def _seeded(net):
    net.reset_parameters([torch.Generator().manual_seed(7)])
    return net(torch.ones(3, net.latent_dim)).detach().numpy()


_S = ganlib.ring().sample(300, generator=torch.Generator().manual_seed(2)).numpy()
_S1 = ganlib.bimodal().sample(200, generator=torch.Generator().manual_seed(3)).numpy()
X32 = np.linspace(-4, 4, 257)  # dx = 1/32, exact in float32 too
P32 = ganlib.bimodal().pdf(X32)

SAME = [
    (lambda: ganlib.entropy(P32, dx=1 / 32), lambda: ganlib.entropy(P32, dx=np.float32(1 / 32))),
    (lambda: ganlib.entropy(P32, dx=1 / 32), lambda: ganlib.entropy(P32, dx=np.array(1 / 32))),
    (lambda: ganlib.entropy(PMF, base=2), lambda: ganlib.entropy(PMF, base=np.int64(2))),
    (lambda: ganlib.kl_divergence(PMF, PMF[::-1], base=2), lambda: ganlib.kl_divergence(PMF, PMF[::-1], base=np.array(2.0))),
    (lambda: ganlib.generator_criterion(P32, P32[::-1], dx=1 / 32), lambda: ganlib.generator_criterion(P32, P32[::-1], dx=np.float64(1 / 32))),
    (lambda: ganlib.bimodal(3.0, 0.5, 0.25).pdf(X), lambda: ganlib.bimodal(np.float32(3.0), np.float32(0.5), np.float32(0.25)).pdf(X)),
    (lambda: ganlib.bimodal(weight=0.25), lambda: ganlib.bimodal(weight=np.array(0.25))),
    (lambda: ganlib.gaussian(1, 2.0), lambda: ganlib.gaussian(np.int64(1), np.array(2.0))),
    (lambda: ganlib.ring(8, radius=2.0), lambda: ganlib.ring(np.int64(8), radius=np.float32(2.0))),
    (lambda: ganlib.grid(3, spacing=2.0), lambda: ganlib.grid(np.array(3), spacing=np.array(2.0))),
    (lambda: ganlib.GaussianMixture2D([[0.0, 0.0]], 0.5), lambda: ganlib.GaussianMixture2D([[0.0, 0.0]], np.float32(0.5))),
    (lambda: ganlib.bimodal().grid(11, 4.0), lambda: ganlib.bimodal().grid(np.int64(11), np.float32(4.0))),
    (lambda: ganlib.bimodal().pdf(0.5), lambda: ganlib.bimodal().pdf(np.float32(0.5))),
    (lambda: ganlib.bimodal().sample(5, torch.Generator().manual_seed(1)),
     lambda: ganlib.bimodal().sample(np.int64(5), torch.Generator().manual_seed(1))),
    (lambda: ganlib.bimodal().sample(5, torch.Generator().manual_seed(1)),
     lambda: ganlib.bimodal().sample(np.array(5), torch.Generator().manual_seed(1))),
    (lambda: ganlib.mode_coverage(_S, ganlib.ring().means, 0.5), lambda: ganlib.mode_coverage(_S, ganlib.ring().means, np.array(0.5))),
    (lambda: ganlib.mode_coverage(_S, ganlib.ring().means, 0.02, threshold=2.0),
     lambda: ganlib.mode_coverage(_S, ganlib.ring().means, np.float32(0.02), threshold=np.float32(2.0))),
    (lambda: metrics.density_estimate(_S1, X, bandwidth=0.5), lambda: metrics.density_estimate(_S1, X, bandwidth=np.float32(0.5))),
    (lambda: metrics.density_estimate(_S1, X, bandwidth=0.5), lambda: metrics.density_estimate(_S1, X, bandwidth=np.array(0.5))),
    (lambda: metrics.discriminator_gap(np.full(101, 0.5), P, P[::-1], relative_floor=0.125),
     lambda: metrics.discriminator_gap(np.full(101, 0.5), P, P[::-1], relative_floor=np.float32(0.125))),
    (lambda: ev.precision_recall(_S, _S * 1.1, k=3), lambda: ev.precision_recall(_S, _S * 1.1, k=np.int64(3))),
    (lambda: ev.precision_recall(_S, _S * 1.1, k=3), lambda: ev.precision_recall(_S, _S * 1.1, k=np.array(3))),
    (lambda: ev.parzen_log_likelihood(_S, _S + 0.01, 0.25, chunk=7),
     lambda: ev.parzen_log_likelihood(_S, _S + 0.01, np.float32(0.25), chunk=np.int64(7))),
    (lambda: ev.frechet_distance(0.0, 1.0, 3, 4.0), lambda: ev.frechet_distance(np.float32(0.0), np.array(1.0), np.int64(3), np.float64(4.0))),
    (lambda: ganlib.panel_state({"g_std": 0.75, "g_weight": 0.25}),
     lambda: ganlib.panel_state({"g_std": np.float32(0.75), "g_weight": np.array(0.25)})),
    (lambda: _seeded(ganlib.MLPGenerator(4, (2,), width=8, depth=1)),
     lambda: _seeded(ganlib.MLPGenerator(np.int64(4), (np.int64(2),), width=np.int64(8), depth=np.int64(1)))),
    (lambda: _seeded(ganlib.ConvGenerator(4, width=4)), lambda: _seeded(ganlib.ConvGenerator(np.int64(4), width=np.array(4)))),
    (lambda: _close(ganlib.image_grid(np.zeros((5, 8, 8)), nrow=2)), lambda: _close(ganlib.image_grid(np.zeros((5, 8, 8)), nrow=np.int64(2)))),
    (lambda: _close(ganlib.plot_samples_2d(_S, s=2, alpha=0.5)), lambda: _close(ganlib.plot_samples_2d(_S, s=np.float32(2), alpha=np.float32(0.5)))),
    (lambda: _close(ganlib.plot_discriminator_2d(lambda p: 1 / (1 + np.exp(-p[:, 0])), lim=2.0, res=11)),
     lambda: _close(ganlib.plot_discriminator_2d(lambda p: 1 / (1 + np.exp(-p[:, 0])), lim=np.float32(2.0), res=np.int64(11)))),
    (lambda: _close(ganlib.plot_history({"d_loss": np.arange(30.0)}, keys=("d_loss",), smooth=5)),
     lambda: _close(ganlib.plot_history({"d_loss": np.arange(30.0)}, keys=("d_loss",), smooth=np.int64(5)))),
    (lambda: train(lr_d=2.0**-9, steps=2).history, lambda: train(lr_d=np.float32(2.0**-9), steps=np.int64(2)).history),
]


def _equal(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_equal(u, v) for u, v in zip(a, b))
    if isinstance(a, (ganlib.GaussianMixture1D, ganlib.GaussianMixture2D)):
        return a == b
    if torch.is_tensor(a):
        return torch.equal(a, b)
    return type(a) is type(b) and np.array_equal(a, b)


@pytest.mark.parametrize("plain, numpy_call", SAME)
def test_numpy_scalars_are_accepted_and_give_the_same_result(plain, numpy_call):
    assert _equal(plain(), numpy_call())


def test_optimal_discriminator_does_not_overflow():
    # p_data + p_g overflows to inf at 1e308; D* is still 1/2 where they are equal, and exact elsewhere
    d = ganlib.optimal_discriminator(np.array([1e308, 1e308, 1e308, 0.0]), np.array([1e308, 0.0, 3e307, 0.0]))
    assert d[[0, 1, 3]].tolist() == [0.5, 1.0, 0.5] and d[2] == pytest.approx(1 / 1.3, rel=1e-15)


def test_wasserstein_weights_do_not_overflow():
    # weights whose sum overflows are normalised as their scaled-down copies are
    assert ganlib.wasserstein1([1e308, 1e308], [1e308, 0.0], x=[0.0, 1.0]) == 0.5


def test_frechet_distance_of_huge_covariances():
    # cov1 @ cov2 overflows float64; the distance (1e100 - 2e100)^2 = 1e200 does not
    assert ev.frechet_distance(0.0, 1e200, 0.0, 4e200) == pytest.approx(1e200, rel=1e-12)
    assert ev.frechet_distance([0.0, 0.0], np.eye(2) * 1e200, [1e100, 0.0], np.eye(2) * 1e200) == pytest.approx(1e200, rel=1e-12)
