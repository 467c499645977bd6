r"""Learned features for evaluating image generators, explained in *Evaluating GANs* (``13_evaluation``).

The FID of Heusel et al. (2017) and the precision and recall of Kynkäänniemi et al. (2019) are
computed on the activations of a pretrained image network (Inception), not on pixels. That network
cannot be downloaded where the book runs, so for the 8x8 digits the book trains its own, small
feature network:

* :func:`digit_classifier`: a fully connected classifier of the 8x8 digits (64 pixels, two hidden
  ReLU layers, ten class logits), trained from a seed in a second or two on the CPU;
  :meth:`DigitClassifier.features` returns the activations of its last hidden layer (the
  *penultimate* layer, the one before the logits, as the FID uses Inception's last pooling layer),
  the space in which :func:`ganlib.evaluation.frechet_distance_samples` and
  :func:`ganlib.evaluation.precision_recall` then measure.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ._checks import number, whole

__all__ = ["DigitClassifier", "digit_classifier"]


class DigitClassifier(nn.Module):
    """A fully connected classifier of 8x8 images: ``64 -> hidden[0] -> hidden[1] -> 10``, ReLU
    after each hidden layer. :meth:`features` gives the last hidden layer's activations (the
    learned features), :meth:`predict_proba` the class probabilities; both take images of shape
    ``(n, 1, 8, 8)``, ``(n, 8, 8)`` or ``(n, 64)`` (array or tensor) and return NumPy arrays.
    """

    def __init__(self, hidden: tuple[int, int] = (128, 32), n_classes: int = 10):
        super().__init__()
        h1, h2 = (whole(h, "hidden") for h in hidden)
        self.body = nn.Sequential(nn.Linear(64, h1), nn.ReLU(), nn.Linear(h1, h2), nn.ReLU())
        self.head = nn.Linear(h2, whole(n_classes, "n_classes"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class logits for a batch of flattened images ``(n, 64)``."""
        return self.head(self.body(x))

    @staticmethod
    def _flat(images) -> torch.Tensor:
        x = torch.as_tensor(np.asarray(images, dtype=np.float32))
        if x.ndim < 2 or x[0].numel() != 64:
            raise ValueError(f"images must have shape (n, 1, 8, 8), (n, 8, 8) or (n, 64), got {tuple(x.shape)}")
        if not torch.isfinite(x).all():
            raise ValueError("images contain NaN or inf")
        return x.reshape(len(x), 64)

    @torch.no_grad()
    def features(self, images) -> np.ndarray:
        """The learned features: the last hidden layer's activations, shape ``(n, hidden[1])``, float64."""
        return self.body(self._flat(images)).double().numpy()

    @torch.no_grad()
    def predict_proba(self, images) -> np.ndarray:
        """Class probabilities, shape ``(n, 10)``."""
        return torch.softmax(self(self._flat(images)), dim=1).double().numpy()

    def predict(self, images) -> np.ndarray:
        """The most probable class of each image, shape ``(n,)``."""
        return self.predict_proba(images).argmax(1)


def digit_classifier(images, labels, *, seed: int = 0, hidden: tuple[int, int] = (128, 32), epochs: int = 40,
                     batch_size: int = 64, lr: float = 1e-3, weight_decay: float = 1e-3) -> DigitClassifier:
    r"""Trains a :class:`DigitClassifier` on ``images`` (``(n, 1, 8, 8)`` in [-1, 1], as
    :func:`ganlib.digits` gives them) and their ``labels`` (``(n,)``, 0 to 9), and returns it in
    evaluation mode with its weights frozen.

    Cross-entropy, Adam (``lr``, L2 ``weight_decay``), ``epochs`` passes over the data in shuffled
    mini-batches of ``batch_size``. Everything random (the initial weights, the order of the
    examples) comes from ``seed``, so two calls with the same arguments return the same network
    (up to floating-point differences between machines and thread counts). On 1,500 digits the
    defaults take a second or two of CPU (training runs on one thread) and classify about
    98% of held-out digits correctly (chapter *Evaluating GANs*, ``13_evaluation``, measures it).
    """
    x = DigitClassifier._flat(images)
    y = torch.as_tensor(np.asarray(labels), dtype=torch.long)
    if y.shape != (len(x),) or y.min() < 0 or y.max() > 9:
        raise ValueError(f"labels must be {len(x)} whole numbers from 0 to 9, one per image")
    seed, epochs, batch_size = whole(seed, "seed", 0), whole(epochs, "epochs"), whole(batch_size, "batch_size")
    lr = number(lr, "lr", above=0)
    weight_decay = number(weight_decay, "weight_decay", at_least=0)
    gen = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)  # nn.Linear draws its initial weights from the global generator
        net = DigitClassifier(hidden)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tensors this small run fastest on one thread; more only wait on a busy machine
    try:
        for _ in range(epochs):
            order = torch.randperm(len(x), generator=gen)
            for start in range(0, len(x), batch_size):
                idx = order[start:start + batch_size]
                optimizer.zero_grad()
                loss_fn(net(x[idx]), y[idx]).backward()
                optimizer.step()
    finally:
        torch.set_num_threads(threads)
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    return net
