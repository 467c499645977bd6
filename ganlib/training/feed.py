"""Minibatches for every copy of a run, each drawn from the copy's own random-number generator."""

from __future__ import annotations

import numpy as np
import torch

from ..conditional import attach_labels


class Feed:
    """Draws minibatches from a target's ``sample`` method, or with replacement from a tensor of
    examples (a NumPy array or a torch tensor of shape ``(n, *data_shape)``, or ``(n,)`` for 1-D)."""

    def __init__(self, data, labels=None):
        self.classes = 0
        if labels is not None:  # a conditional GAN: the examples carry their labels (ganlib.conditional)
            self._labelled(data, labels)
            return
        if hasattr(data, "sample"):
            self.target, self.examples = data, None
            probe = data.sample(2, generator=torch.Generator().manual_seed(0))
            self.shape = self.plain_shape = tuple(probe.shape[1:])
            return
        if isinstance(data, np.ndarray):
            if data.dtype.kind not in "biuf":
                raise TypeError(f"data must hold numbers, got a NumPy array of dtype {data.dtype}")
            data = torch.from_numpy(np.asarray(data, dtype=np.float64))
        if not torch.is_tensor(data):
            raise TypeError(f"data must be a ganlib target (with .sample) or a tensor of examples, got {type(data).__name__}")
        if data.dim() == 1:
            data = data.unsqueeze(1)
        if data.dim() == 0 or data.shape[0] < 2:
            raise ValueError(f"data must hold at least 2 examples, got shape {tuple(data.shape)}")
        bad = ~torch.isfinite(data)
        if bad.any():
            raise ValueError(f"data contains NaN or inf (first at example {int(bad.flatten(1).any(1).nonzero()[0])})")
        data32 = data.float()
        if not torch.isfinite(data32).all():
            raise ValueError("data has values too large for float32 (about 3.4e38), which ganlib trains in")
        self.target, self.examples = None, data32
        self.shape = self.plain_shape = tuple(data32.shape[1:])

    def _labelled(self, data, labels):
        if hasattr(data, "sample"):
            raise TypeError("labels go with a tensor of examples, not with a ganlib target")
        self.__init__(data)
        y = labels.detach().cpu().numpy() if torch.is_tensor(labels) else np.asarray(labels)
        if y.dtype.kind not in "iu" or y.shape != (len(self.examples),) or (y < 0).any():
            raise ValueError(f"labels must be {len(self.examples)} whole numbers >= 0, one per example, "
                             f"got an array of dtype {y.dtype} and shape {y.shape}")
        self.classes = int(y.max()) + 1
        self.examples = attach_labels(self.examples, torch.as_tensor(y, dtype=torch.long), self.classes)
        self.shape = tuple(self.examples.shape[1:])  # what D sees: the examples with their labels

    def to(self, dev):
        if self.examples is not None:
            self.examples = self.examples.to(dev)
        return self

    def draw(self, n, rng):
        """``n`` examples drawn with the random-number generator ``rng``."""
        if self.target is not None:
            x = self.target.sample(n, generator=rng)
            return x.to(rng.device) if x.device != rng.device else x
        idx = torch.randint(len(self.examples), (n,), generator=rng, device=rng.device)
        return self.examples[idx]
