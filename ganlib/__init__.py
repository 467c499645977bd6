"""ganlib: the small library behind the book *Generative Adversarial Networks, the theory hands on*.

Public names, grouped by module (each module's docstring names the chapter that explains it):

* :mod:`ganlib.divergences`: entropy, cross_entropy, kl_divergence, js_divergence, wasserstein1
* :mod:`ganlib.optimal`: optimal_discriminator, value_function, generator_criterion
* :mod:`ganlib.devices`: device
* :mod:`ganlib.data`: GaussianMixture1D, GaussianMixture2D, gaussian, bimodal, ring, grid, digits
"""

from . import data
from .data import GaussianMixture1D, GaussianMixture2D, bimodal, digits, gaussian, grid, ring
from .devices import device
from .divergences import cross_entropy, entropy, js_divergence, kl_divergence, wasserstein1
from .optimal import generator_criterion, optimal_discriminator, value_function

__version__ = "0.1.0"

__all__ = [
    "device",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    "wasserstein1",
    "optimal_discriminator",
    "value_function",
    "generator_criterion",
    "data",
    "GaussianMixture1D",
    "GaussianMixture2D",
    "gaussian",
    "bimodal",
    "ring",
    "grid",
    "digits",
]
