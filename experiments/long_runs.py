"""Long training runs behind the training chapters (08-11), too long to execute with the book.

Each experiment trains many seeds in one batched ``ganlib.train`` call, measures every snapshot,
and writes ``ganlib/stored_runs/<name>.json``: the exact settings, the per-seed measures at every
snapshot, a few thousand samples at chosen steps (for the chapters' figures), and the first
``CHECK_STEPS`` steps of the loss history, which ``tests/test_stored_runs.py`` re-runs to check that
ganlib still reproduces the stored run.

    .venv/bin/python experiments/long_runs.py NAME [NAME ...]    # or: all
    .venv/bin/python experiments/long_runs.py --list
    .venv/bin/python experiments/long_runs.py --drift            # how far a re-run here drifts from each

A re-run is a new realisation, not a copy: GAN training amplifies differences in the last bits of
arithmetic, so on another CPU, or with another thread count, a re-run follows another trajectory after a
few thousand steps and agrees with the stored one only statistically. ``--drift`` re-runs the stored
first steps of every stored run on this machine and prints the largest relative difference
|now - stored| / (|stored| + 1e-3) over the first 1, 2, 3, 5, 10 and all stored steps, against which the
tolerance of tests/test_stored_runs.py can be checked on a new machine.

The chapters read the JSON files with ``ganlib.stored_run(name)``; nothing in the book re-runs them. Runtimes
on one core of the project's build machine are printed at the end of each experiment and stored.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import platform
import sys
import time

import numpy as np
import torch

import ganlib

RESULTS = pathlib.Path(__file__).resolve().parents[1] / "ganlib" / "stored_runs"  # shipped with ganlib (ganlib.stored_run)
CHECK_STEPS = 100  # steps of loss history stored for the reproduction test

# ---- the targets ---------------------------------------------------------------------------------
TARGETS = {
    # PacGAN's (and VEEGAN's) 2-D benchmarks: 8 modes on a circle of radius 1, std 0.01;
    # 25 modes at (-4 + 2i, -4 + 2j), std 0.05
    "pacgan_ring": lambda: ganlib.ring(n_modes=8, radius=1.0, std=0.01),
    "pacgan_grid": lambda: ganlib.grid(side=5, spacing=2.0, std=0.05),
    # chapter 10's ring (ganlib's default) and chapter 11's ring
    "ring_default": lambda: ganlib.ring(),
    "ring_r2_s005": lambda: ganlib.ring(n_modes=8, radius=2.0, std=0.05),
    # chapter 09's 1-D target with modes 16 std apart
    "bimodal_far": lambda: ganlib.bimodal(separation=8.0, std=0.5),
}

_every = lambda step, stop: list(range(0, stop + 1, step))
_CH11 = dict(width=64, depth=2, latent_dim=8, batch_size=64, seeds=list(range(8)))
_CH11_LOSSES = {
    # the chapter's settings: Adam, learning rate 1e-3 for every loss
    "nonsaturating": dict(loss="nonsaturating", lr_d=1e-3, lr_g=1e-3),
    "wgan": dict(loss="wgan", lr_d=1e-3, lr_g=1e-3),  # RMSprop, k = 5, clip 0.01
    "wgan-gp_lam1": dict(loss="wgan-gp", lr_d=1e-3, lr_g=1e-3, betas=(0.5, 0.9), gp_weight=1.0),
    # the WGAN-GP paper's toy settings: Adam lr 1e-4, betas (0, 0.9), lambda 10, k = 5
    "wgan-gp_paper": dict(loss="wgan-gp", lr_d=1e-4, lr_g=1e-4, betas=(0.0, 0.9), gp_weight=10.0),
}

EXPERIMENTS = {
    # chapter 09: its ring networks and settings, 20 seeds (the chapter's 10 and 10 more), 30,000 steps
    "ring8_long": dict(
        target="pacgan_ring", kind="2d",
        train=dict(loss="nonsaturating", steps=30000, batch_size=100, width=64, depth=3, latent_dim=2,
                   lr_d=1e-3, lr_g=1e-3, betas=(0.8, 0.999), seeds=list(range(20))),
        snapshots=sorted(set(_every(250, 3000) + _every(1000, 30000))), keep_samples=[1000, 3000, 10000, 30000]),
    # chapter 09: the 1-D modes at +-4, 64 seeds (the chapter's 32 and 32 more), 20,000 steps
    "bimodal_far_long": dict(
        target="bimodal_far", kind="1d",
        train=dict(loss="nonsaturating", steps=20000, width=32, lr_d=1e-3, lr_g=1e-3, seeds=list(range(64))),
        snapshots=[0, 100, 300, 600, 1000, 2000, 3000, 4000, 6000, 8000, 10000, 15000, 20000],
        keep_samples=[600, 6000, 20000]),
    # chapter 11 and 09: the grid of 25 with the non-saturating GAN, 30,000 steps
    "grid25_long": dict(
        target="pacgan_grid", kind="2d",
        train=dict(_CH11, **_CH11_LOSSES["nonsaturating"], steps=30000, seeds=list(range(10))),
        snapshots=_every(1000, 30000), keep_samples=[3000, 30000]),
}
# chapter 10: LSGAN against the non-saturating GAN on the same 16 seeds, 30,000 steps
for _loss in ("nonsaturating", "lsgan"):
    EXPERIMENTS[f"ch10_{_loss}"] = dict(
        target="ring_default", kind="2d",
        train=dict(loss=_loss, steps=30000, batch_size=64, width=32, depth=2, latent_dim=8, lr_d=1e-3, lr_g=1e-3,
                   betas=(0.5, 0.999), seeds=list(range(16))),
        snapshots=_every(1500, 30000), keep_samples=[3000, 30000])
# chapter 11: every loss at 10,000 generator steps, on its ring and on the grid
for _tname, _target in (("ring", "ring_r2_s005"), ("grid", "pacgan_grid")):
    for _lname, _opts in _CH11_LOSSES.items():
        EXPERIMENTS[f"ch11_{_tname}_{_lname}"] = dict(
            target=_target, kind="2d", train=dict(_CH11, **_opts, steps=10000),
            snapshots=_every(500, 10000), keep_samples=[600, 3000, 10000])

# the remedies chapter: each remedy added to the settings of ring8_long and grid25_long (same seeds, same
# budget), so that the stored vanilla runs are the baseline; PacGAN's Table 1 uses PacGAN2 on the ring
# and PacGAN4 on the grid (their best entries); Metz et al. unroll 5 and 10 steps
_REMEDIES = {"pack2": dict(pack=2), "pack4": dict(pack=4), "mbstd": dict(minibatch_std=True),
             "sn": dict(spectral_norm=True), "unrolled5": dict(unrolled_steps=5)}
for _tname, _base in (("ring", "ring8_long"), ("grid", "grid25_long")):
    for _rname, _opts in _REMEDIES.items():
        _spec = EXPERIMENTS[_base]
        EXPERIMENTS[f"remedies_{_tname}_{_rname}"] = dict(
            _spec, train=dict(_spec["train"], **_opts, seeds=list(range(10))), snapshots=_every(1000, 30000),
            keep_samples=[3000, 30000])
# Metz et al.'s own toy code (poolio/unrolled_gan) trains with Adam, beta1 0.5, learning rate 1e-4 for the
# discriminator and 1e-3 for the generator (and batch 512, z of 256, 25,000 steps); these two runs put only
# those optimiser settings on the grid's networks, with and without unrolling, to see whether unrolling
# needs them; with a discriminator ten times slower both are still moving at 30,000 steps, so they run
# 90,000
_METZ_OPT = dict(lr_d=1e-4, lr_g=1e-3, betas=(0.5, 0.999))
for _rname, _opts in (("vanilla", {}), ("unrolled5", dict(unrolled_steps=5))):
    _spec = EXPERIMENTS["grid25_long"]
    EXPERIMENTS[f"remedies_grid_{_rname}_metzopt"] = dict(
        _spec, train=dict(_spec["train"], **_METZ_OPT, **_opts, seeds=list(range(10)), steps=90000),
        snapshots=_every(1000, 90000), keep_samples=[3000, 30000, 90000])
# and the vanilla GAN with our optimiser for as long, so that a difference at 90,000 steps is not the budget's
EXPERIMENTS["remedies_grid_vanilla_90k"] = dict(
    EXPERIMENTS["grid25_long"], train=dict(EXPERIMENTS["grid25_long"]["train"], seeds=list(range(10)), steps=90000),
    snapshots=_every(1000, 90000), keep_samples=[3000, 30000, 90000])


def _measure_2d(gan, target, step, n=2500):
    x = gan.sample(n, step=step, seed=1)  # (copies, n, 2)
    cov = ganlib.mode_coverage(x, target.means, target.std)
    probe = gan.sample(500, step=step, seed=2)  # the same noise at every snapshot
    nearest = ganlib.nearest_mode(probe, target.modes)[0]  # (copies, 500)
    return {k: np.round(v.astype(float), 5).tolist() for k, v in cov.items()}, nearest


def _measure_1d(gan, target, step, n=2000):
    x = gan.sample(n, step=step, seed=1)[..., 0]  # (copies, n)
    means = np.array(target.means)
    near = np.abs(x[:, :, None] - means) <= 3 * np.array(target.stds)  # (copies, n, 2)
    return {"mode_fractions": near.mean(1).round(5).tolist()}, None


def run(name: str) -> dict:
    spec = EXPERIMENTS[name]
    target = TARGETS[spec["target"]]()
    t0, cpu0 = time.perf_counter(), time.process_time()
    gan = ganlib.train(target, snapshot_steps=sorted(set(spec["snapshots"] + spec["keep_samples"])), progress=False, **spec["train"])
    train_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
    measure = _measure_2d if spec["kind"] == "2d" else _measure_1d
    per_step, switches, previous = {}, {}, None
    for step in spec["snapshots"]:
        per_step[step], nearest = measure(gan, target, step)
        if nearest is not None and previous is not None:  # share of fixed probes whose nearest mode changed
            switches[step] = (nearest != previous).mean(1).round(4).tolist()
        previous = nearest
    samples = {s: gan.sample(400, step=s, seed=3).astype(float).round(4).tolist() for s in spec["keep_samples"]}
    h = gan.history
    first = {k: np.asarray(h[k][:CHECK_STEPS]).reshape(CHECK_STEPS, -1)[:, :2].tolist() for k in ("d_loss", "g_loss")}
    out = dict(name=name, target=spec["target"], kind=spec["kind"], train=spec["train"],
               resolved={k: v for k, v in vars(gan.config).items() if k in ("k", "optimizer", "betas", "lr_d", "lr_g", "clip", "gp_weight")},
               snapshots=spec["snapshots"], measures={str(k): v for k, v in per_step.items()},
               switches={str(k): v for k, v in switches.items()},
               samples={str(k): v for k, v in samples.items()}, first_steps=first,
               final_d_loss=np.asarray(h["d_loss"][-200:]).reshape(200, -1).mean(0).round(5).tolist(),
               seconds=dict(wall=round(train_s, 1), cpu=round(cpu_s, 1), threads=torch.get_num_threads()),
               versions=dict(torch=torch.__version__, python=platform.python_version()))
    out["resolved"]["betas"] = list(out["resolved"]["betas"])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(out, separators=(",", ":")))
    print(f"{name}: {train_s:.0f} s wall, {cpu_s:.0f} s CPU", flush=True)
    return out


DRIFT_UPTO = (1, 2, 3, 5, 10, None)  # None: all stored steps


def drift(name: str) -> list[float]:
    """Re-runs the stored first steps of ``name`` here; the largest relative difference of the two stored
    copies' losses over the first 1, 2, 3, 5, 10 and all stored steps."""
    run = ganlib.stored_run(name)
    n = len(run["first_steps"]["d_loss"])
    options = dict(run["train"], steps=64 * -(-n // 64))  # whole chunks of 64 steps, as stored
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    gan = ganlib.train(TARGETS[run["target"]](), progress=False, **options)
    worst = np.zeros(len(DRIFT_UPTO))
    for key in ("d_loss", "g_loss"):
        now = np.asarray(gan.history[key])[:n].reshape(n, -1)[:, :2]
        stored = np.array(run["first_steps"][key])
        rel = np.abs(now - stored) / (np.abs(stored) + 1e-3)
        worst = np.maximum(worst, [rel[:k].max() for k in DRIFT_UPTO])
    return worst.tolist()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--drift", action="store_true", help="re-run every stored run's first steps and print the drift")
    args = ap.parse_args(argv)
    if args.drift:
        torch.set_num_threads(1)  # as the long runs and the test
        print(f"{'stored run':36s}" + "".join(f"{'all' if k is None else f'<= {k}':>10s}" for k in DRIFT_UPTO))
        for name in ganlib.stored_runs():
            print(f"{name:36s}" + "".join(f"{v:10.1e}" for v in drift(name)), flush=True)
        return
    if args.list or not args.names:
        print("\n".join(EXPERIMENTS))
        return
    names = list(EXPERIMENTS) if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in EXPERIMENTS]
    if unknown:
        sys.exit(f"unknown experiment(s) {unknown}; --list shows them")
    torch.set_num_threads(1)
    for n in names:
        run(n)


if __name__ == "__main__":
    main()
