"""Training speed figures, printed as ratios from one run on one machine (a benchmark, not a test).

    .venv/bin/python benchmarks/training_speed.py [--quick] [--device cpu|cuda]

1. ganlib's trainer against a plain PyTorch loop written the way the classic tutorial writes it
   (two nn.Sequential, BCELoss on sigmoid outputs, alternate D and G steps), on the same 2-D task
   (the ring of 8), same widths and batch: steps per second, and their ratio (ganlib must not be slower).
2. The many-seeds speed-up: N = 32 seeds in one batched run against the same 32 seeds one after
   another, for the small configuration of the 1-D chapters and for the ring-of-8 configuration.
3. On a GPU (``--device cuda``): the same, and one tiny model's step time on the GPU against the CPU.

Each figure is the median of several timed repeats after a warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn

import ganlib

CONFIGS = {
    # the small configuration the 1-D chapters use
    "1-D chapters (width 32, batch 128)": dict(data=ganlib.bimodal(), width=32, depth=2, batch_size=128, latent_dim=4),
    # the ring-of-8 configuration of the mode-collapse chapter
    "ring of 8 (width 128, batch 256)": dict(data=ganlib.ring(), width=128, depth=2, batch_size=256, latent_dim=8),
}


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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
    steps, repeats, n_seeds = (100, 3, 32) if args.quick else (300, 5, 32)
    print(f"torch {torch.__version__}, device {dev}, threads {torch.get_num_threads()}, "
          f"{steps} generator steps per timing, median of {repeats}")

    # 1. ganlib against the tutorial loop, one model, 2-D ring
    cfg = dict(width=64, batch_size=128, latent_dim=8)
    ring = ganlib.ring()
    t_tut = timed(lambda: tutorial_loop(ring, cfg["width"], cfg["batch_size"], cfg["latent_dim"], steps, dev), repeats)
    run = lambda: ganlib.train(ring, steps=steps, depth=2, device=dev, progress=False, **cfg)
    run()
    t_lib = timed(run, repeats)
    print(f"\n1. one GAN on the ring of 8 (width {cfg['width']}, batch {cfg['batch_size']}):")
    print(f"   tutorial loop {steps / t_tut:8.0f} steps/s")
    print(f"   ganlib.train  {steps / t_lib:8.0f} steps/s   ratio ganlib/tutorial = {t_tut / t_lib:.2f}x")

    # 2. many seeds at once against one after another
    print(f"\n2. {n_seeds} seeds in one batched run against one after another:")
    for name, c in CONFIGS.items():
        c = dict(c)
        data = c.pop("data")
        one = lambda: ganlib.train(data, steps=steps, seeds=0, device=dev, progress=False, **c)
        many = lambda: ganlib.train(data, steps=steps, seeds=list(range(n_seeds)), device=dev, progress=False, **c)
        one()
        many()
        t_one, t_many = timed(one, repeats), timed(many, max(2, repeats // 2))
        print(f"   {name}: one seed {t_one / steps * 1e3:6.2f} ms/step, {n_seeds} seeds batched "
              f"{t_many / steps * 1e3:6.2f} ms/step -> speed-up {n_seeds * t_one / t_many:5.1f}x")

    # 3. one tiny model: this device against the CPU
    if dev != "cpu":
        c = dict(CONFIGS["1-D chapters (width 32, batch 128)"])
        data = c.pop("data")
        on = lambda d: (lambda: ganlib.train(data, steps=steps, device=d, progress=False, **c))
        t_dev, t_cpu = timed(on(dev), repeats), timed(on("cpu"), repeats)
        print(f"\n3. one tiny GAN: {dev} {t_dev / steps * 1e3:.2f} ms/step, cpu {t_cpu / steps * 1e3:.2f} ms/step "
              f"(device='auto' would choose {ganlib.training.speed.choose_device(ganlib.GANConfig(**{k: v for k, v in c.items() if k != 'data'}).resolved(), False)})")


if __name__ == "__main__":
    main()
