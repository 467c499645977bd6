"""The one place where ganlib chooses where to compute.

``device()`` is a CUDA GPU when PyTorch sees one, else the CPU. Set the environment variable
``GANLIB_DEVICE`` (for example ``cpu`` or ``cuda:1``) to override it.
"""

from __future__ import annotations

import os

import torch

__all__ = ["device"]


def device() -> torch.device:
    """The torch device ganlib trains on: ``GANLIB_DEVICE`` if set, else ``cuda`` when a GPU is
    available, else ``cpu``.

    >>> device().type in {"cpu", "cuda"}
    True
    """
    chosen = os.environ.get("GANLIB_DEVICE")
    if chosen:
        try:
            return torch.device(chosen)
        except RuntimeError as e:
            raise ValueError(f"GANLIB_DEVICE must name a torch device such as 'cpu' or 'cuda', got {chosen!r}") from e
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
