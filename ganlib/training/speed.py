"""Where and how fast a run trains: every speed rule of the trainer, each one measured.

``benchmarks/training_speed.py`` prints the figures behind each rule, on a quiet machine and with
one competing CPU-bound process.

* **Device.** ``device="auto"`` trains on :func:`ganlib.device` (a GPU when there is one) only
  when a step has enough work: convolutional networks, or ``copies * batch * width**2`` of at least
  ``GPU_MIN_WORK``. A tiny GAN's step is dominated by per-operation launch overhead, which is larger
  on a GPU than on a CPU.
* **Threads** (:class:`ThreadChooser`). On a quiet two-core machine a second thread speeds the
  book's ring runs up by up to 1.4x; with one other busy process it slows the same runs down by
  3x to 5x (its threads wait for each other at every operation). No fixed rule is right for both,
  so a CPU run times its steps as it goes, keeps the faster thread count, and tries the other one
  again now and then, briefly. Runs with less than ``CPU_THREADS_MIN_WORK`` always use one thread.
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
    """Chooses the CPU thread count from measured step times, as the run goes.

    Call :meth:`tick` once per generator step. At the end of each block of steps it records how long
    the block took with the current thread count and picks the next: a warm-up block and one block
    with each candidate (one thread first: the safe choice on a busy machine), then the fastest,
    retrying the others after ``retry`` blocks; each retry that confirms the choice doubles the
    wait (up to ``max_retry`` blocks). Blocks that try a count are short (``probe`` steps), blocks
    with the chosen count long (``block`` steps): a wrong try costs little (two threads on a busy
    machine can be five times slower), and a machine that becomes busy (or quiet) is still noticed.
    """

    def __init__(self, dev: torch.device, work: int, block: int = 32, probe: int = 8, retry: int = 8,
                 max_retry: int = 64):
        most = torch.get_num_threads()
        self.saved = most
        if dev.type != "cpu":  # the GPU does the work: leave the CPU's threads as they are
            self.candidates = [most]
        else:
            self.candidates = [1] if work < CPU_THREADS_MIN_WORK or most == 1 else [1, most]
        self.per_step = {}  # threads -> seconds per step in the latest block with that many threads
        self.block, self.probe, self.retry, self.min_retry, self.max_retry = block, probe, retry, retry, max_retry
        self.length = probe  # steps in the current block: short while trying a count, ``block`` once chosen
        self.blocks, self.steps, self.since_retry, self.retrying = 0, 0, 0, False
        self.threads = self.candidates[0]
        torch.set_num_threads(self.threads)
        self.t0 = time.perf_counter()

    def tick(self) -> None:
        self.steps += 1
        if self.steps < self.length or len(self.candidates) == 1:
            return
        now = time.perf_counter()
        if self.blocks > 0:  # the first block is a warm-up
            self.per_step[self.threads] = (now - self.t0) / self.steps
        self.blocks += 1
        self.threads = self._pick()
        torch.set_num_threads(self.threads)
        self.steps, self.t0 = 0, time.perf_counter()

    def _pick(self) -> int:
        """The thread count for the next block, and that block's length: short for a try."""
        self.length = self.probe
        untried = [t for t in self.candidates if t not in self.per_step]
        if untried:
            return untried[0]
        best = min(self.per_step, key=self.per_step.get)
        if self.retrying:  # a retry block just ended: did it change the choice?
            self.retry = self.min_retry if self.threads == best else min(2 * self.retry, self.max_retry)
            self.retrying, self.since_retry = False, 0
        self.since_retry += 1
        if self.since_retry > self.retry:
            self.retrying = True
            return next(t for t in self.candidates if t != best)
        self.length = self.block
        return best

    def restore(self) -> None:
        torch.set_num_threads(self.saved)
