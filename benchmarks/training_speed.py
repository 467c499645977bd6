"""Training speed figures, printed from one run on one machine (a benchmark, not a test).

    .venv/bin/python benchmarks/training_speed.py [--quick] [--device cpu|cuda]

Every figure is measured twice: on the machine as it is ("quiet"), and with one competing
CPU-bound process that the benchmark starts itself ("busy"). Compare figures as ratios within one
run; absolute numbers depend on the machine and on what else runs on it.

1. The compute bound: the machine's measured float32 matrix-multiply rate, one thread and all.
2. Threads: steps per second with ganlib's thread choice, with one thread and with all threads,
   for the configurations the book uses; ganlib must never be more than 25% slower than one thread,
   and each rate is also given as a fraction of the compute bound (estimated FLOPs per step
   divided by the matmul rate).
3. Many seeds: N seeds with ganlib's strategy against the same N seeds trained one after another
   and against one batch of all N, at widths 32 to 512; ganlib must never be slower than sequential.
4. ganlib's trainer against the plain PyTorch loop of the classic tutorial, one seed.
5. On a GPU (``--device cuda``): one tiny model's step time on the GPU against the CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time

import torch
from torch import nn

import ganlib
from ganlib.training import speed

CONFIGS = {  # name: (data, options) -- the configurations the chapters use, and a large one
    "ch08 1-D, 1 seed, width 32": (ganlib.bimodal(), dict(width=32, depth=2, batch_size=128, latent_dim=1, seeds=0)),
    "ch09 1-D, 32 seeds, width 32": (ganlib.bimodal(), dict(width=32, depth=2, batch_size=128, seeds=list(range(32)))),
    "ch09 ring, 10 seeds, width 64x3": (ganlib.ring(), dict(width=64, depth=3, batch_size=100, latent_dim=2, seeds=list(range(10)))),
    "ch11 grid, 8 seeds, width 64": (ganlib.grid(), dict(width=64, depth=2, batch_size=64, seeds=list(range(8)))),
    "ring, 1 seed, width 512": (ganlib.ring(), dict(width=512, depth=2, batch_size=128, seeds=0)),
}


@contextlib.contextmanager
def busy(on: bool):
    """One competing CPU-bound process while the block runs (when ``on``)."""
    p = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if on else None
    try:
        time.sleep(0.3 if on else 0)
        yield
    finally:
        if p is not None:
            p.kill()
            p.wait()


@contextlib.contextmanager
def threads_fixed(n: int | None):
    """Forces ``n`` threads for the whole run (``None``: ganlib's own choice)."""
    original = speed.ThreadChooser.__init__

    def fixed(self, dev, work, **kw):
        original(self, dev, work, **kw)
        self.candidates, self.threads = [n], n
        torch.set_num_threads(n)

    if n is not None:
        speed.ThreadChooser.__init__ = fixed
    try:
        yield
    finally:
        speed.ThreadChooser.__init__ = original


def rate(data, steps, repeats, **options):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ganlib.train(data, steps=steps, progress=False, **options)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return steps / statistics.median(times)


def matmul_gflops(threads: int, n: int = 256, repeats: int = 200) -> float:
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(20):
        a @ b
    t0 = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * n**3 * repeats / (time.perf_counter() - t0) / 1e9


def flops_per_step(data, width, depth, batch_size, latent_dim=8, seeds=0, **_):
    """Matrix-multiply FLOPs of one generator step with k = 1 (forward and backward)."""
    dim = 1 if data.sample(1).shape[1:] == (1,) else 2
    g_layers = [latent_dim] + [width] * depth + [dim]
    d_layers = [dim] + [width] * depth + [1]
    fwd = lambda sizes, m: 2 * m * sum(a * b for a, b in zip(sizes, sizes[1:]))
    m = batch_size
    # D step: G forward (no grad) on m, D forward + backward (x3) on 2m; G step: forward + backward (x3)
    per_copy = fwd(g_layers, m) + 3 * fwd(d_layers, 2 * m) + 3 * (fwd(g_layers, m) + fwd(d_layers, m))
    copies = 1 if isinstance(seeds, int) else len(seeds)
    return per_copy * copies


def tutorial_loop(data, width, batch_size, latent_dim, steps, dev):
    """The classic tutorial's loop, kept as plain as the tutorials write it."""
    G = nn.Sequential(nn.Linear(latent_dim, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                      nn.Linear(width, 2)).to(dev)
    D = nn.Sequential(nn.Linear(2, width), nn.LeakyReLU(0.2), nn.Linear(width, width), nn.LeakyReLU(0.2),
                      nn.Linear(width, 1), nn.Sigmoid()).to(dev)
    criterion = nn.BCELoss()
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    for _ in range(steps):
        real = data.sample(batch_size).to(dev)
        ones = torch.ones(batch_size, 1, device=dev)
        zeros = torch.zeros(batch_size, 1, device=dev)
        # update D: maximise log D(x) + log(1 - D(G(z)))
        D.zero_grad()
        fake = G(torch.randn(batch_size, latent_dim, device=dev))
        loss_d = criterion(D(real), ones) + criterion(D(fake.detach()), zeros)
        loss_d.backward()
        opt_d.step()
        # update G: maximise log D(G(z))
        G.zero_grad()
        loss_g = criterion(D(fake), ones)
        loss_g.backward()
        opt_g.step()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()
    dev = args.device
    most = torch.get_num_threads()
    steps, repeats = (320, 1) if args.quick else (640, 3)
    print(f"torch {torch.__version__}, device {dev}, {most} threads available; "
          f"{steps} generator steps per timing, median of {repeats}")

    print("\n1. compute bound: float32 matmul 256x256")
    peak = {}
    for load in ("quiet", "busy"):
        with busy(load == "busy"):
            peak[load] = {t: matmul_gflops(t) for t in sorted({1, most})}
        print(f"   {load:5s} " + "  ".join(f"{t} thread(s) {g:6.1f} GFLOP/s" for t, g in peak[load].items()))
    torch.set_num_threads(most)

    for data, options in CONFIGS.values():  # warm-up: the first runs of a process are slower
        ganlib.train(data, steps=20, progress=False, device=dev, **options)
    if dev == "cpu" and most > 1:
        print("\n2. threads: steps/s with ganlib's choice, one thread, all threads "
              "(and the fraction of the one-thread compute bound that ganlib's choice reaches)")
        worst = float("inf")
        for name, (data, options) in CONFIGS.items():
            n = steps // 2 if options["width"] >= 512 else steps
            flops = flops_per_step(data, **options)
            for load in ("quiet", "busy"):
                with busy(load == "busy"):
                    r = {}
                    for label, fixed in (("ganlib", None), ("1", 1), (str(most), most)):
                        with threads_fixed(fixed):
                            r[label] = rate(data, n, repeats, device=dev, **options)
                ratio = r["ganlib"] / r["1"]
                worst = min(worst, ratio)
                bound = flops * r["ganlib"] / (peak[load][1] * 1e9)
                print(f"   {name:34s} {load:5s} ganlib {r['ganlib']:7.1f}  1 thread {r['1']:7.1f}  "
                      f"{most} threads {r[str(most)]:7.1f}  ganlib/1 thread {ratio:4.2f}  of bound {bound:5.1%}")
        print(f"   slowest ganlib/1 thread: {worst:.2f} (target: at least 0.80)")

    print("\n3. many seeds: seed-steps/s with ganlib's groups, one batch of all, one seed after another "
          "(quiet, then busy)")
    ring = ganlib.ring()
    worst = float("inf")
    for width, n_seeds in ((32, 32), (64, 32), (128, 32), (256, 16), (512, 16)):
        n = max(20, steps // (8 if width >= 256 else 2))
        opts = dict(width=width, depth=2, batch_size=128, device=dev)
        for load in ("quiet", "busy"):
            with busy(load == "busy"), threads_fixed(1):  # one thread throughout: the batching alone
                grouped = n_seeds * rate(ring, n, 1, seeds=list(range(n_seeds)), **opts)
                saved, speed.GROUP_MAX_WEIGHTS = speed.GROUP_MAX_WEIGHTS, 2**62
                try:
                    batched = n_seeds * rate(ring, n, 1, seeds=list(range(n_seeds)), **opts)
                finally:
                    speed.GROUP_MAX_WEIGHTS = saved
                one = rate(ring, n, max(1, repeats - 1), seeds=0, **opts)
            groups = len(speed.seed_groups(ganlib.GANConfig(width=width, seeds=list(range(n_seeds))).resolved(),
                                           torch.device(dev), conv=False))
            worst = min(worst, grouped / one)
            print(f"   width {width:3d} x{n_seeds:2d} {load:5s} ganlib ({groups:2d} group(s)) {grouped:7.0f}  "
                  f"one batch {batched:7.0f}  sequential {one:7.0f}  ganlib/sequential {grouped / one:4.2f}")
    print(f"   slowest ganlib/sequential: {worst:.2f} (target: at least 1.0, up to timing noise)")

    print("\n4. one GAN on the ring of 8 (width 64, batch 128), quiet:")
    torch.set_num_threads(most)
    cfg = dict(width=64, batch_size=128, latent_dim=8)
    n = steps // 2
    t0 = time.perf_counter()
    tutorial_loop(ring, cfg["width"], cfg["batch_size"], cfg["latent_dim"], n, dev)
    t_tut = (time.perf_counter() - t0) / n
    r_lib = rate(ring, n, repeats, depth=2, device=dev, **cfg)
    print(f"   tutorial loop {1 / t_tut:8.0f} steps/s, ganlib.train {r_lib:8.0f} steps/s, "
          f"ratio ganlib/tutorial {r_lib * t_tut:.2f}x")

    if dev != "cpu":
        data, c = CONFIGS["ch08 1-D, 1 seed, width 32"]
        t_dev = 1 / rate(data, steps, repeats, device=dev, **c)
        t_cpu = 1 / rate(data, steps, repeats, device="cpu", **c)
        print(f"\n5. one tiny GAN: {dev} {t_dev * 1e3:.2f} ms/step, cpu {t_cpu * 1e3:.2f} ms/step "
              f"(device='auto' chooses {speed.choose_device(ganlib.GANConfig(**c).resolved(), False)})")


if __name__ == "__main__":
    main()
