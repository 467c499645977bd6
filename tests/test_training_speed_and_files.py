"""The trainer's speed rules change nothing but speed, and saved runs load as plain data only."""

import io
import os
import pickle
import zipfile

import numpy as np
import pytest
import torch

import ganlib
from ganlib.training import speed

FAST = dict(steps=30, batch_size=32, width=16, progress=False)


def test_seed_groups_train_like_one_batch(monkeypatch):
    """Seeds trained in groups one after another give the same run as one batch of all of them."""
    seeds = [4, 0, 9, 2, 7]
    one_batch = ganlib.train(ganlib.ring(), seeds=seeds, snapshot_steps=[10], **FAST)
    monkeypatch.setattr(speed, "GROUP_MAX_WEIGHTS", 2 * 16**2)  # groups of two copies
    assert speed.seed_groups(one_batch.config, torch.device("cpu"), conv=False) == [[4, 0], [9, 2], [7]]
    grouped = ganlib.train(ganlib.ring(), seeds=seeds, snapshot_steps=[10], **FAST)
    assert grouped.copies == 5 and grouped.config.seeds == seeds
    for key in one_batch.history:
        np.testing.assert_allclose(grouped.history[key], one_batch.history[key], rtol=1e-4, atol=1e-5)
    for step in (None, 10):
        np.testing.assert_allclose(grouped.sample(64, step=step), one_batch.sample(64, step=step), rtol=1e-4, atol=1e-5)
    probe = np.array([[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(grouped.discriminate(probe), one_batch.discriminate(probe), rtol=1e-4, atol=1e-5)


def test_group_size_follows_the_width():
    c = lambda width: ganlib.GANConfig(width=width, seeds=list(range(32))).resolved()
    cpu = torch.device("cpu")
    assert len(speed.seed_groups(c(64), cpu, conv=False)) == 1  # small networks: one batch
    assert [len(g) for g in speed.seed_groups(c(512), cpu, conv=False)] == [4] * 8
    assert len(speed.seed_groups(c(512), cpu, conv=True)) == 1
    assert len(speed.seed_groups(c(512), torch.device("cuda"), conv=False)) == 1


def test_thread_chooser_keeps_the_faster_count_and_retries(monkeypatch):
    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    used = []
    monkeypatch.setattr(torch, "set_num_threads", used.append)
    clock = [0.0]
    monkeypatch.setattr(speed.time, "perf_counter", lambda: clock[0])
    chooser = speed.ThreadChooser(torch.device("cpu"), work=2**30, block=1, probe=1, retry=2, max_retry=8)
    per_step = {2: 3.0, 1: 1.0}  # two threads are slower here (a busy machine)
    for _ in range(30):
        clock[0] += per_step[used[-1]]  # one step with the thread count in force
        chooser.tick()
    # start on one thread: a warm-up block, then one block with each count, then the faster one;
    # the retries of two threads come after 2, 4 and 8 blocks (each confirming retry doubles the wait)
    blocks = used[:-1]
    assert blocks[:3] == [1, 1, 2]
    retries = [i for i, t in enumerate(blocks) if t == 2 and i > 2]
    assert np.diff([2] + retries).tolist() == [3, 5, 9, 9]
    assert chooser.per_step == {1: 1.0, 2: 3.0}
    # the machine becomes quiet: two threads become faster, and the next retry switches to them
    per_step[2] = 0.5
    for _ in range(20):
        clock[0] += per_step[used[-1]]
        chooser.tick()
    assert used[-1] == 2


def test_small_runs_use_one_thread():
    assert speed.ThreadChooser(torch.device("cpu"), work=speed.CPU_THREADS_MIN_WORK - 1).candidates == [1]


def test_no_global_random_state_is_used():
    torch.manual_seed(123)
    before = torch.get_rng_state()
    gan = ganlib.train(ganlib.ring(), seeds=[0, 1], **FAST)
    gan.sample(10)
    assert torch.equal(before, torch.get_rng_state())


# --- a plain reference loop: the independent answer for one seed ---------------------------------

def test_one_seed_follows_a_plain_pytorch_loop():
    """ganlib.train with one seed against Algorithm 1 written the way a PyTorch tutorial writes it
    (nn.Sequential networks, one Adam each, BCE-with-logits), from the same initial weights and the
    same noise and data, for 300 steps."""
    c = dict(width=16, depth=2, latent_dim=3, batch_size=32, steps=300, lr_d=1e-3, lr_g=1e-3)
    target = ganlib.bimodal()
    gan = ganlib.train(target, seeds=5, snapshot_steps=[0], progress=False, **c)
    G0, D0 = gan.networks(0)

    def sequential(batched, sizes, act):
        layers = []
        for i, lin in enumerate(m for m in batched.modules() if isinstance(m, ganlib.networks.BatchedLinear)):
            layer = torch.nn.Linear(*sizes[i])
            with torch.no_grad():
                layer.weight.copy_(lin.weight[0].T)
                layer.bias.copy_(lin.bias[0, 0])
            layers += [layer, act()]
        return torch.nn.Sequential(*layers[:-1])

    w = c["width"]
    G = sequential(G0, [(3, w), (w, w), (w, 1)], torch.nn.ReLU)
    D = sequential(D0, [(1, w), (w, w), (w, 1)], torch.nn.ReLU)
    # the same activations as ganlib's networks, checked on a batch
    z_probe = torch.randn(7, 3, generator=torch.Generator().manual_seed(0))
    assert torch.allclose(G(z_probe), G0(z_probe), atol=1e-6)
    assert torch.allclose(D(G(z_probe)), D0(G0(z_probe)), atol=1e-6)
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
    bce = torch.nn.BCEWithLogitsLoss()
    # the same random streams as ganlib: noise and data drawn in chunks of 64 steps
    s = np.random.SeedSequence(5).generate_state(4)
    noise = torch.Generator().manual_seed(int(s[2]))
    data = torch.Generator().manual_seed(int(s[3]))
    m, d_losses, g_losses = c["batch_size"], [], []
    for start in range(0, c["steps"], 64):
        n = min(64, c["steps"] - start)
        z_chunk = torch.randn(n, 2, m, 3, generator=noise)
        x_chunk = target.sample(n * m, generator=data).reshape(n, 1, m, 1)
        for t in range(n):
            x, z_d, z_g = x_chunk[t, 0], z_chunk[t, 0], z_chunk[t, 1]
            # update D: maximise log D(x) + log(1 - D(G(z)))
            fake = G(z_d).detach()
            loss_d = bce(D(x), torch.ones(m, 1)) + bce(D(fake), torch.zeros(m, 1))
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            # update G: maximise log D(G(z))
            loss_g = bce(D(G(z_g)), torch.ones(m, 1))
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            d_losses.append(loss_d.item())
            g_losses.append(loss_g.item())
    np.testing.assert_allclose(gan.history["d_loss"], d_losses, rtol=2e-3, atol=2e-4)
    np.testing.assert_allclose(gan.history["g_loss"], g_losses, rtol=2e-3, atol=2e-4)


# --- saved files ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("runs") / "gan.pt"
    ganlib.train(ganlib.ring(), seeds=[0, 1], snapshot_steps=[10], **FAST).save(path)
    return path


class _Payload:
    def __reduce__(self):
        return (os.system, ("echo payload-ran > payload-ran.txt",))


def _bad_files(saved, tmp):
    good = saved.read_bytes()
    files = {
        "missing": (tmp / "nope.pt", FileNotFoundError, "no such file"),
        "empty": (tmp / "empty.pt", ValueError, "is empty"),
        "random": (tmp / "random.pt", ValueError, "not a readable PyTorch file"),
        "truncated": (tmp / "truncated.pt", ValueError, "not a readable PyTorch file"),
        "foreign": (tmp / "foreign.pt", ValueError, "not a run saved by ganlib"),
        "mismatched": (tmp / "mismatched.pt", ValueError, "do not fit together"),
        "payload": (tmp / "payload.pt", ValueError, "refused"),
    }
    files["empty"][0].write_bytes(b"")
    files["random"][0].write_bytes(np.random.default_rng(0).bytes(4096))
    files["truncated"][0].write_bytes(good[: len(good) // 2])
    torch.save({"model": torch.nn.Linear(2, 2).state_dict(), "epoch": 3}, files["foreign"][0])
    state = torch.load(saved, weights_only=True)
    state["config"]["width"] = 32  # the weights no longer fit the config
    torch.save(state, files["mismatched"][0])
    state = torch.load(saved, weights_only=True)
    state["config"] = _Payload()
    torch.save(state, files["payload"][0])
    return files


@pytest.mark.parametrize("kind", ["missing", "empty", "random", "truncated", "foreign", "mismatched", "payload"])
def test_bad_files_get_clear_errors(saved, tmp_path, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    path, error, message = _bad_files(saved, tmp_path)[kind]
    with pytest.raises(error, match=message) as info:
        ganlib.load(path)
    assert str(path) in str(info.value)  # the error names the file
    assert not (tmp_path / "payload-ran.txt").exists()  # nothing ran


def test_the_payload_would_run_under_plain_pickle(saved, tmp_path, monkeypatch):
    """The payload file really carries code (so the refusal above is a real one)."""
    monkeypatch.chdir(tmp_path)
    path = _bad_files(saved, tmp_path)["payload"][0]
    torch.load(path, weights_only=False)
    assert (tmp_path / "payload-ran.txt").exists()


def test_a_saved_file_is_plain_data(saved):
    state = torch.load(saved, weights_only=True)  # raises if anything but plain data were inside
    assert state["format"] == "ganlib.TrainedGAN/1"
    back = ganlib.load(saved)
    assert back.config.seeds == [0, 1] and back.snapshots == [10]


def test_plot_discriminator_2d_draws_the_values_it_is_given():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    seen = []

    def d(xy):  # a known function: the probability that x1 > 0
        seen.append(xy)
        return 1 / (1 + np.exp(-4 * xy[:, 0]))

    ax = ganlib.plot_discriminator_2d(d, samples=np.zeros((5, 2)), modes=[[1.0, 0.0], [-1.0, 0.0]], lim=2.0, res=21)
    mesh = ax.collections[0]
    values = np.asarray(mesh.get_array()).reshape(21, 21)
    xs = np.linspace(-2, 2, 21)
    np.testing.assert_allclose(values, 1 / (1 + np.exp(-4 * xs))[None, :].repeat(21, 0))
    assert seen[0].shape == (21 * 21, 2)
    with pytest.raises(ValueError, match=r"samples must have shape \(n, 2\)"):
        ganlib.plot_discriminator_2d(d, samples=np.zeros((5, 3)))
    with pytest.raises(ValueError, match="one value per point"):
        ganlib.plot_discriminator_2d(lambda xy: np.zeros(3), lim=1.0, res=5)
    with pytest.raises(TypeError, match="discriminate must be a function"):
        ganlib.plot_discriminator_2d(np.zeros(3))
    plt.close("all")


def test_numpy_integers_are_accepted_where_whole_numbers_are():
    a = ganlib.train(ganlib.ring(), seeds=np.array(3), **FAST)
    b = ganlib.train(ganlib.ring(), seeds=3, **FAST)
    np.testing.assert_array_equal(a.sample(np.array(5), seed=np.int64(1)), b.sample(5, seed=1))
    with pytest.raises(ValueError, match="n must be a whole number >= 1, got 2.5"):
        b.sample(2.5)


def test_thread_chooser_tries_in_short_blocks(monkeypatch):
    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    used = []
    monkeypatch.setattr(torch, "set_num_threads", used.append)
    monkeypatch.setattr(speed.time, "perf_counter", lambda: 0.0)
    chooser = speed.ThreadChooser(torch.device("cpu"), work=2**30, block=32, probe=8)
    steps_with = {1: 0, 2: 0}
    for _ in range(200):
        steps_with[used[-1]] += 1
        chooser.tick()
    # equal timings (a frozen clock) keep one thread; two threads were tried for 8 steps only
    assert steps_with[2] <= 16 and used[-1] == 1
