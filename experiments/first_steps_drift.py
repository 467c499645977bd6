"""How far a re-run of each stored run drifts from its stored first steps, on this machine.

tests/test_stored_runs.py re-runs the first steps of every stored run and compares them with the
losses stored by experiments/long_runs.py. On the machine that stored a run the two agree exactly; on
another CPU the first step differs in the last bits and GAN training amplifies it. This prints, for
each stored run, the largest relative difference |now - stored| / (|stored| + 1e-3) of the two
stored copies' losses over the first 1, 2, 3, 5, 10 and all stored steps, so that the test's
tolerance can be checked against what a new machine does:

    .venv/bin/python experiments/first_steps_drift.py
"""

import numpy as np
import torch

import ganlib

TARGETS = {  # the targets the experiments name (as in tests/test_stored_runs.py)
    "pacgan_ring": lambda: ganlib.ring(n_modes=8, radius=1.0, std=0.01),
    "pacgan_grid": lambda: ganlib.grid(side=5, spacing=2.0, std=0.05),
    "ring_default": lambda: ganlib.ring(),
    "ring_r2_s005": lambda: ganlib.ring(n_modes=8, radius=2.0, std=0.05),
    "bimodal_far": lambda: ganlib.bimodal(separation=8.0, std=0.5),
}
UPTO = (1, 2, 3, 5, 10, None)


def drift(name: str) -> list[float]:
    run = ganlib.stored_run(name)
    n = len(run["first_steps"]["d_loss"])
    options = dict(run["train"], steps=64 * -(-n // 64))  # whole chunks of 64 steps, as stored
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    gan = ganlib.train(TARGETS[run["target"]](), progress=False, **options)
    worst = np.zeros(len(UPTO))
    for key in ("d_loss", "g_loss"):
        now = np.asarray(gan.history[key])[:n].reshape(n, -1)[:, :2]
        stored = np.array(run["first_steps"][key])
        rel = np.abs(now - stored) / (np.abs(stored) + 1e-3)
        worst = np.maximum(worst, [rel[:k].max() for k in UPTO])
    return worst.tolist()


def main():
    torch.set_num_threads(1)  # as the long runs and the test
    print(f"{'stored run':36s}" + "".join(f"{'all' if k is None else f'<= {k}':>10s}" for k in UPTO))
    for name in ganlib.stored_runs():
        print(f"{name:36s}" + "".join(f"{v:10.1e}" for v in drift(name)), flush=True)


if __name__ == "__main__":
    main()
