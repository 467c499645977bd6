"""Training: the paper's Algorithm 1 for every loss the book teaches, for one seed or many at once.

``ganlib.train(data, loss=..., steps=..., seeds=...)`` returns a :class:`TrainedGAN` that can
draw samples, evaluate the discriminator, show its history and snapshots, and be saved.

* :mod:`~ganlib.training.loop`: :func:`train`, and :func:`algorithm1_step`, one iteration of the
  paper's pseudo-code (chapters *The minimax game* and *Training a GAN in one dimension*);
* :mod:`~ganlib.training.config`: :class:`GANConfig`, every setting and its check;
* :mod:`~ganlib.training.result`: :class:`TrainedGAN`, and saving and loading it safely;
* :mod:`~ganlib.training.speed`: the device, thread and many-seeds rules, each one measured;
* :mod:`~ganlib.training.feed`: the minibatches.
"""

from .config import GANConfig
from .loop import TrainingDiverged, algorithm1_step, train
from .result import TrainedGAN, load
from .speed import CPU_THREADS_MIN_WORK, GPU_MIN_WORK, GROUP_MAX_WEIGHTS

__all__ = ["GANConfig", "TrainedGAN", "TrainingDiverged", "train", "load", "algorithm1_step", "GPU_MIN_WORK"]
