"""ganlib.features (the digit classifier whose hidden layer gives learned features) and
ganlib.evaluation.frechet_distance_infinity, against independent answers: closed forms for
Gaussians, the known 1/N form of the bias, and constructed cases for precision and recall."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

import ganlib
from ganlib import evaluation as ev
from ganlib.features import DigitClassifier, digit_classifier


@pytest.fixture(scope="module")
def split():
    images, labels = ganlib.digits(), load_digits().target
    order = np.random.default_rng(0).permutation(len(images))  # chapter 12's split
    return images, labels, order[:1500], order[1500:]


@pytest.fixture(scope="module")
def classifier(split):
    images, labels, train, _ = split
    return digit_classifier(images[train], labels[train], seed=0)


# --- the classifier --------------------------------------------------------------------------------

def test_classifier_is_accurate_on_held_out_digits(classifier, split):
    images, labels, _, held = split
    accuracy = np.mean(classifier.predict(images[held]) == labels[held])
    assert accuracy > 0.95


def test_classifier_is_deterministic_from_its_seed(classifier, split):
    images, labels, train, held = split
    again = digit_classifier(images[train], labels[train], seed=0)
    other = digit_classifier(images[train], labels[train], seed=1)
    f = classifier.features(images[held])
    assert np.allclose(again.features(images[held]), f, atol=1e-5)
    assert not np.allclose(other.features(images[held]), f, atol=1e-2)


def test_features_are_the_penultimate_layer(classifier, split):
    images = split[0][:50]
    f = classifier.features(images)
    assert f.shape == (50, 32) and f.dtype == np.float64
    assert f.min() >= 0  # after a ReLU
    # the logits are an affine map of the features: the head applied to them gives the probabilities
    head = classifier.head
    logits = torch.as_tensor(f, dtype=torch.float32) @ head.weight.T + head.bias
    assert np.allclose(torch.softmax(logits, 1).numpy(), classifier.predict_proba(images), atol=1e-5)
    # every accepted image shape gives the same answer; the weights are frozen
    flat = images.reshape(50, 64)
    assert np.array_equal(classifier.features(flat.numpy()), f)
    assert np.array_equal(classifier.features(images[:, 0]), f)
    assert not any(p.requires_grad for p in classifier.parameters()) and not classifier.training


def test_classifier_rejects_bad_input(split):
    images, labels, train, _ = split
    with pytest.raises(ValueError, match="labels"):
        digit_classifier(images[:10], labels[:9])
    with pytest.raises(ValueError, match="labels"):
        digit_classifier(images[:10], np.full(10, 10))
    with pytest.raises(ValueError, match="shape"):
        DigitClassifier().features(np.zeros((3, 7, 7)))
    with pytest.raises(ValueError, match="NaN"):
        DigitClassifier().features(np.full((3, 64), np.nan))


def test_precision_and_recall_in_feature_space_on_constructed_cases(classifier, split):
    images, labels, train, held = split
    real = classifier.features(images[train])
    # the same images: everything is inside, both ways
    assert ev.precision_recall(real, real) == (1.0, 1.0)
    # a "generator" that draws only the digits 0 to 4: its samples look real (high precision), but
    # the real 5s to 9s lie far from all of them in feature space (recall about one half)
    low = train[labels[train] < 5]
    half = ev.precision_recall(real, classifier.features(images[low]))
    share_low = np.mean(labels[train] < 5)
    assert half.precision > 0.95
    assert abs(half.recall - share_low) < 0.1
    # noise is nowhere near the digits' features
    noise = np.random.default_rng(0).uniform(-1, 1, size=(500, 64))
    assert ev.precision_recall(real, classifier.features(noise)).precision < 0.05


# --- the Fréchet distance at infinitely many samples ----------------------------------------------

def test_extrapolation_recovers_the_closed_form_and_the_bias_slope():
    """Fake ~ N(0, I_d) against a reference with (almost) exact statistics N(0, I_d): the population
    distance is 0 and, to first order, E FD_N = d / N (mean term, exact) + d (d + 1) / (4 N)
    (covariance term: 1/4 E||S - I||_F^2, with Var S_ii = 2 / N and Var S_ij = 1 / N)."""
    rng = np.random.default_rng(1)
    d = 4
    real = rng.normal(size=(50_000, d))
    fake = rng.normal(size=(20_000, d))
    sizes = np.array([50, 100, 200, 400, 800])
    out = ev.frechet_distance_infinity(real, fake, sizes, repeats=40, seed=2)
    k = d + d * (d + 1) / 4  # 9
    assert out.fd.shape == (40, 5)
    assert abs(out.slope - k) < 0.2 * k and abs(out.slope - k) < 4 * out.slope_se + 0.5
    assert abs(out.fd_infinity) < 0.01 and abs(out.fd_infinity) < 4 * out.fd_infinity_se + 1e-3
    # the finite-N distance at the smallest size is far above 0, the extrapolation is not
    assert out.fd[:, 0].mean() > 0.1


def test_extrapolation_between_different_gaussians_matches_the_closed_form():
    rng = np.random.default_rng(3)
    d = 3
    a = rng.normal(size=(d, d))
    cov2 = 0.2 * a @ a.T + 0.8 * np.eye(d)
    mu2 = np.array([0.3, -0.2, 0.1])
    exact = ev.frechet_distance(np.zeros(d), np.eye(d), mu2, cov2)
    real = rng.normal(size=(50_000, d))
    fake = rng.multivariate_normal(mu2, cov2, size=20_000)
    sizes = np.array([30, 60, 120, 240])
    out = ev.frechet_distance_infinity(real, fake, sizes, repeats=40, seed=4)
    biased = out.fd[:, 0].mean()
    assert biased - exact > 0.1  # N = 30 is clearly biased upwards
    assert abs(out.fd_infinity - exact) < 0.3 * (biased - exact)
    assert abs(out.fd_infinity - exact) < 4 * out.fd_infinity_se + 0.01
    # the slope's mean term alone is Tr(cov2) / N exactly: the rest (covariance term) is positive
    assert out.slope > np.trace(cov2)


def test_extrapolation_rejects_bad_input():
    x = np.random.default_rng(0).normal(size=(100, 2))
    with pytest.raises(ValueError, match="sizes"):
        ev.frechet_distance_infinity(x, x, [10])
    with pytest.raises(ValueError, match="sizes"):
        ev.frechet_distance_infinity(x, x, [10, 10])
    with pytest.raises(ValueError, match="largest size"):
        ev.frechet_distance_infinity(x, x, [10, 200])
