"""Where and how fast a run trains: every speed rule of the trainer, each one measured.

``benchmarks/training_speed.py`` prints the figures behind each rule, on a quiet machine and with
one competing CPU-bound process.

* **Device.** ``device="auto"`` trains on :func:`ganlib.device` (a GPU when there is one) only
  when a step has enough work: convolutional networks, or ``copies * batch * width**2`` of at least
  ``GPU_MIN_WORK``. A tiny GAN's step is dominated by per-operation launch overhead, which is larger
  on a GPU than on a CPU.
* **Threads** (:class:`ThreadChooser`). On a quiet two-core machine a second thread speeds a ring
  run up by 1.2x to 1.9x; with one other busy process it slows the same run down by 1.6x to 2.7x
  (its threads wait for each other at every operation). No fixed rule is right for both, so a
  CPU run times its chunks of steps and keeps the faster thread count, trying the other one again
  now and then. Runs with less than ``CPU_THREADS_MIN_WORK`` always use one thread.
* **Many seeds** (:func:`seed_groups`). Batching seeds wins for small networks (2.7x for 32
  copies of width 64) and loses for large ones, whose stacked weights no longer fit the cache
  (0.86x for 32 copies of width 512). On the CPU, copies are therefore trained in groups whose
  weights stay under ``GROUP_MAX_WEIGHTS`` numbers per layer, one group after another.
"""

from __future__ import annotations

import time

import torch

from ..devices import device as default_device

#: copies * batch * width**2 from which "auto" moves an MLP run to the GPU
GPU_MIN_WORK = 2**23
#: below this copies * batch * width**2, a CPU run uses one thread: the tensors are too small to split
CPU_THREADS_MIN_WORK = 2**19
#: on the CPU, copies * width**2 (one hidden layer's weights, in numbers) for one batched group of seeds
GROUP_MAX_WEIGHTS = 2**20


def choose_device(c, conv: bool) -> torch.device:
    """The device a run with resolved config ``c`` trains on (see the module docstring)."""
    if c.device != "auto":
        try:
            dev = torch.device(c.device)
        except (RuntimeError, TypeError) as e:
            raise ValueError(f"device must be 'auto' or a torch device such as 'cpu' or 'cuda', got {c.device!r}") from e
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device={c.device!r} but PyTorch sees no CUDA GPU here; use device='auto' or 'cpu'")
        return dev
    best = default_device()
    work = len(c.seeds) * c.batch_size * c.width**2
    return best if best.type != "cpu" and (conv or work >= GPU_MIN_WORK) else torch.device("cpu")


def seed_groups(c, dev: torch.device, conv: bool) -> list[list[int]]:
    """The seeds of ``c`` split into groups that are trained one after another (see above)."""
    if dev.type != "cpu" or conv:
        return [list(c.seeds)]
    size = max(1, GROUP_MAX_WEIGHTS // c.width**2)
    return [list(c.seeds[i:i + size]) for i in range(0, len(c.seeds), size)]


def optimizer(c, params, lr):
    """The optimiser named by ``c.optimizer``: fused kernels where this PyTorch has them."""
    params = list(params)
    if c.optimizer == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, foreach=True)
    make = ((lambda **kw: torch.optim.Adam(params, lr=lr, betas=c.betas, **kw)) if c.optimizer == "adam"
            else (lambda **kw: torch.optim.SGD(params, lr=lr, momentum=0.9, **kw)))
    try:
        return make(fused=True)  # one kernel per step instead of several small ops per tensor
    except (RuntimeError, TypeError):  # older PyTorch: no fused kernel on this device
        return make(foreach=True)


class ThreadChooser:
    """Chooses the CPU thread count chunk by chunk from measured step times.

    ``with chooser.timing(steps):`` runs one chunk of ``steps`` generator steps with the thread
    count the chooser picks, and records how long it took. It first tries each candidate once
    (after one warm-up chunk), then keeps the fastest, and retries the others every
    ``retry_every`` chunks, so a machine that becomes busy (or quiet) is noticed.
    """

    def __init__(self, dev: torch.device, work: int, retry_every: int = 12):
        most = torch.get_num_threads()
        self.saved = most
        if dev.type != "cpu":  # the GPU does the work: leave the CPU's threads as they are
            self.candidates = [most]
        else:
            self.candidates = [1] if work < CPU_THREADS_MIN_WORK or most == 1 else [most, 1]
        self.per_step = {}  # threads -> seconds per step of the latest chunk with that many threads
        self.retry_every = retry_every
        self.chunks = 0

    def _pick(self) -> int:
        if len(self.candidates) == 1:
            return self.candidates[0]
        untried = [t for t in self.candidates if t not in self.per_step]
        if self.chunks == 0 or untried:  # warm-up chunk, then each candidate once
            return untried[0] if untried and self.chunks > 0 else self.candidates[0]
        best = min(self.per_step, key=self.per_step.get)
        if self.chunks % self.retry_every == 0:  # now and then, time the others again
            others = [t for t in self.candidates if t != best]
            return others[(self.chunks // self.retry_every) % len(others)]
        return best

    def timing(self, steps: int):
        return _Timed(self, self._pick(), steps)

    def restore(self) -> None:
        torch.set_num_threads(self.saved)


class _Timed:
    def __init__(self, chooser, threads, steps):
        self.chooser, self.threads, self.steps = chooser, threads, steps

    def __enter__(self):
        torch.set_num_threads(self.threads)
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        if exc[0] is None and self.chooser.chunks > 0:  # the first chunk is a warm-up
            self.chooser.per_step[self.threads] = (time.perf_counter() - self.t0) / self.steps
        self.chooser.chunks += 1
        return False
