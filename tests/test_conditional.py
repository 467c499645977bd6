"""Conditional GANs (ganlib.conditional): the label travels with the example, and a trained
conditional generator draws the class it is asked for."""

import numpy as np
import pytest
import torch

import ganlib
from ganlib.conditional import attach_labels, detach_labels


def test_labels_attach_and_detach():
    x, y = torch.randn(5, 3), torch.tensor([0, 3, 1, 3, 2])
    xy = attach_labels(x, y, classes=4)
    assert xy.shape == (5, 7) and torch.equal(xy[:, 3:].argmax(1), y) and torch.equal(xy[:, 3:].sum(1), torch.ones(5))
    back, labels = detach_labels(xy, 4, image=False)
    assert torch.equal(back, x) and torch.equal(labels, y)
    images = torch.randn(2, 5, 1, 8, 8)  # copies axis first
    yy = torch.randint(10, (2, 5))
    maps = attach_labels(images, yy, classes=10)
    assert maps.shape == (2, 5, 11, 8, 8)
    assert torch.equal(maps[:, :, 1:].sum(2), torch.ones(2, 5, 8, 8))  # one constant map lit per example
    back, labels = detach_labels(maps, 10, image=True)
    assert torch.equal(back, images) and torch.equal(labels, yy)


def test_a_conditional_gan_draws_the_class_it_is_asked_for():
    # two classes of a 1-D mixture: class 0 is the mode at -2, class 1 the mode at +2
    x = ganlib.bimodal(separation=4.0, std=0.3).sample(2000, generator=torch.Generator().manual_seed(0))
    y = (x[:, 0] > 0).long()
    gan = ganlib.train(x, labels=y, steps=1500, seeds=[0, 1, 2], width=32, lr_d=1e-3, lr_g=1e-3, progress=False,
                       device="cpu")
    for label, centre in ((0, -2.0), (1, 2.0)):
        s = gan.sample(1000, labels=label, seed=0)[..., 0]  # (3, 1000)
        share = (np.abs(s - centre) < 1.0).mean(1)
        assert (share > 0.9).all(), (label, share)  # each seed draws the asked class, not the other mode
    # with the labels swapped the same data give the opposite answer: the labels, not the data, decide
    swapped = ganlib.train(x, labels=1 - y, steps=1500, seeds=[0], width=32, lr_d=1e-3, lr_g=1e-3,
                           progress=False, device="cpu")
    assert (swapped.sample(1000, labels=0, seed=0)[:, 0] > 1.0).mean() > 0.9


def test_conditional_runs_save_load_and_judge_pairs(tmp_path):
    images, labels = ganlib.digits(return_labels=True)
    gan = ganlib.train(images[:200], labels=labels[:200], steps=3, batch_size=16, progress=False, device="cpu")
    assert gan.config.classes == 10 and gan.sample(4, labels=7, seed=1).shape == (4, 1, 8, 8)
    assert gan.discriminate(images[:3], labels=[1, 2, 3]).shape == (3,)
    gan.save(tmp_path / "c.pt")
    back = ganlib.load(tmp_path / "c.pt")
    np.testing.assert_array_equal(back.sample(4, labels=[0, 1, 2, 3], seed=2), gan.sample(4, labels=[0, 1, 2, 3], seed=2))


@pytest.mark.parametrize("call, error, message", [
    (lambda d, y, g: ganlib.train(d, labels=y[:-1], steps=1, progress=False), ValueError, "one per example"),
    (lambda d, y, g: ganlib.train(d, labels=y.float(), steps=1, progress=False), ValueError, "whole numbers >= 0"),
    (lambda d, y, g: ganlib.train(d, labels=-y, steps=1, progress=False), ValueError, "whole numbers >= 0"),
    (lambda d, y, g: ganlib.train(ganlib.ring(), labels=[0, 1], steps=1, progress=False), TypeError, "not with a ganlib target"),
    (lambda d, y, g: ganlib.train(d, classes=3, steps=1, progress=False), ValueError, "give the labels instead"),
    (lambda d, y, g: g.sample(3, labels=10), ValueError, r"labels must lie in 0..9"),
    (lambda d, y, g: g.sample(3, labels=[1, 2]), ValueError, "one class or 3 classes"),
    (lambda d, y, g: g.sample(3, labels=1.5), ValueError, "whole numbers"),
    (lambda d, y, g: g.discriminate(d[:2]), ValueError, "pass labels="),
    (lambda d, y, g: ganlib.train(ganlib.ring(), steps=1, progress=False).sample(3, labels=1), ValueError,
     "for conditional GANs"),
])
def test_bad_labels_get_clear_errors(call, error, message):
    images, labels = ganlib.digits(return_labels=True)
    d, y = images[:40], labels[:40]
    g = test_bad_labels_get_clear_errors.gan = getattr(test_bad_labels_get_clear_errors, "gan", None) or ganlib.train(
        d, labels=y, steps=1, batch_size=8, progress=False, device="cpu")
    with pytest.raises(error, match=message):
        call(d, y, g)


def test_acgan_losses_against_their_formulas():
    torch.manual_seed(0)
    classes, out_r, out_f = 3, torch.randn(2, 5, 4), torch.randn(2, 5, 4)
    y_r, y_f = torch.randint(3, (2, 5)), torch.randint(3, (2, 5))
    real = torch.cat([out_r, torch.nn.functional.one_hot(y_r, classes).float()], -1)
    fake = torch.cat([out_f, torch.nn.functional.one_hot(y_f, classes).float()], -1)
    sig, soft = torch.sigmoid, lambda t: torch.softmax(t, -1)
    for c in range(2):
        by_hand_d = -(torch.log(sig(out_r[c, :, 0])).mean() + torch.log(1 - sig(out_f[c, :, 0])).mean()
                      + torch.log(soft(out_r[c, :, 1:])[range(5), y_r[c]]).mean()
                      + torch.log(soft(out_f[c, :, 1:])[range(5), y_f[c]]).mean())
        by_hand_g = -(torch.log(sig(out_f[c, :, 0])).mean() + torch.log(soft(out_f[c, :, 1:])[range(5), y_f[c]]).mean())
        assert torch.isclose(ganlib.conditional.d_loss_acgan(real, fake)[c], by_hand_d, atol=1e-5)
        assert torch.isclose(ganlib.conditional.g_loss_acgan(fake)[c], by_hand_g, atol=1e-5)


def test_an_acgan_draws_the_asked_class_and_its_discriminator_classifies():
    x = ganlib.bimodal(separation=4.0, std=0.3).sample(2000, generator=torch.Generator().manual_seed(0))
    y = (x[:, 0] > 0).long()
    gan = ganlib.train(x, labels=y, loss="acgan", steps=1500, seeds=[0, 1], width=32, lr_d=1e-3, lr_g=1e-3,
                       progress=False, device="cpu")
    for label, centre in ((0, -2.0), (1, 2.0)):
        assert ((np.abs(gan.sample(1000, labels=label, seed=0)[..., 0] - centre) < 1.0).mean(1) > 0.9).all()
    with torch.no_grad():
        probs = gan.discriminator.classify(torch.tensor([[-2.0], [2.0]]).expand(2, 2, 1))  # (copies, 2, classes)
    assert (probs[:, 0, 0] > 0.9).all() and (probs[:, 1, 1] > 0.9).all()  # D learnt which mode is which class
    assert gan.discriminate([[0.0]]).shape == (2, 1)  # its real/fake answer needs no label
    with pytest.raises(ValueError, match="give labels="):
        ganlib.train(x, loss="acgan", steps=1, progress=False)
