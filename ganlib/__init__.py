"""ganlib: the small library behind the book *Generative Adversarial Networks, the theory hands on*.

Public names, grouped by module (each module's docstring names the chapter that explains it):

* :mod:`ganlib.divergences`: entropy, cross_entropy, kl_divergence, js_divergence, wasserstein1,
  f_divergence, F_GENERATORS, FGenerator
* :mod:`ganlib.optimal`: optimal_discriminator, value_function, generator_criterion, generator_force
* :mod:`ganlib.devices`: device
* :mod:`ganlib.data`: GaussianMixture1D, GaussianMixture2D, gaussian, bimodal, ring, grid, digits
* :mod:`ganlib.networks`: MLPGenerator, MLPDiscriminator, ConvGenerator, ConvDiscriminator
* :mod:`ganlib.losses`: every loss the book teaches, and LOSSES (the names ``train`` accepts)
* :mod:`ganlib.metrics`: mode_coverage, nearest_mode, mean_se, wilson_interval, and the 1-D and discriminator
  measures
* :mod:`ganlib.plots`: plot_densities, plot_discriminators, plot_samples_2d, plot_discriminator_2d, image_grid,
  plot_history
* :mod:`ganlib.widgets`: dstar_panel (the live D* / JSD sliders, with the forces on the samples),
  panel_state; replay_1d, replay_2d (replays of training runs from their snapshots)
* :mod:`ganlib.evaluation`: frechet_distance, frechet_distance_samples, precision_recall, parzen_log_likelihood,
  frechet_distance_infinity
* :mod:`ganlib.features`: digit_classifier, DigitClassifier (learned features of the 8x8 digits)
* :mod:`ganlib.remedies`: pack, MinibatchStd, spectral_normalised, unrolled_parameters (the trainer's options
  pack, minibatch_std, spectral_norm and unrolled_steps: remedies for mode collapse)
* :mod:`ganlib.conditional`: attach_labels, detach_labels, LabelledGenerator (``train(..., labels=y)``: a
  conditional GAN on (example, label) pairs)
* :mod:`ganlib.training`: train, GANConfig, TrainedGAN, TrainingDiverged, load
* :mod:`ganlib.stored`: stored_run, stored_runs (long runs shipped with the package)
* :mod:`ganlib.dynamics`: dirac_field, dirac_jacobian, dirac_steps, dirac_flow (the Dirac-GAN's game dynamics)
"""

from . import data
from .data import GaussianMixture1D, GaussianMixture2D, bimodal, digits, gaussian, grid, ring
from .devices import device
from . import conditional, evaluation, losses, metrics, networks, plots, remedies, widgets
from .evaluation import (frechet_distance, frechet_distance_infinity, frechet_distance_samples, parzen_log_likelihood,
                         precision_recall)
from . import features
from .features import DigitClassifier, digit_classifier
from .plots import image_grid, plot_densities, plot_discriminator_2d, plot_discriminators, plot_history, plot_samples_2d
from .widgets import dstar_panel, panel_state, replay_1d, replay_2d
from .metrics import mean_se, mode_coverage, nearest_mode, wilson_interval
from .losses import LOSSES
from .networks import ConvDiscriminator, ConvGenerator, MLPDiscriminator, MLPGenerator
from .training import GANConfig, TrainedGAN, TrainingDiverged, load, train
from .stored import stored_run, stored_runs
from . import dynamics
from .dynamics import dirac_field, dirac_flow, dirac_jacobian, dirac_steps
from .divergences import F_GENERATORS, FGenerator, cross_entropy, entropy, f_divergence, js_divergence, kl_divergence, wasserstein1
from .optimal import generator_criterion, generator_force, optimal_discriminator, value_function

__version__ = "0.1.0"

__all__ = [
    "device",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    "wasserstein1",
    "f_divergence",
    "F_GENERATORS",
    "FGenerator",
    "optimal_discriminator",
    "value_function",
    "generator_criterion",
    "generator_force",
    "data",
    "GaussianMixture1D",
    "GaussianMixture2D",
    "gaussian",
    "bimodal",
    "ring",
    "grid",
    "digits",
    "plots",
    "plot_densities",
    "plot_discriminators",
    "plot_samples_2d",
    "plot_discriminator_2d",
    "image_grid",
    "plot_history",
    "widgets",
    "dstar_panel",
    "replay_1d",
    "replay_2d",
    "panel_state",
    "evaluation",
    "frechet_distance",
    "frechet_distance_samples",
    "precision_recall",
    "parzen_log_likelihood",
    "frechet_distance_infinity",
    "features",
    "digit_classifier",
    "DigitClassifier",
    "losses",
    "metrics",
    "conditional",
    "remedies",
    "mode_coverage",
    "nearest_mode",
    "mean_se",
    "wilson_interval",
    "networks",
    "LOSSES",
    "MLPGenerator",
    "MLPDiscriminator",
    "ConvGenerator",
    "ConvDiscriminator",
    "train",
    "GANConfig",
    "TrainedGAN",
    "TrainingDiverged",
    "load",
    "stored_run",
    "stored_runs",
    "dynamics",
    "dirac_field",
    "dirac_jacobian",
    "dirac_steps",
    "dirac_flow",
]
