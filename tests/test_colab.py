"""What can be checked offline of how the chapters behave in Colab.

* The first cell installs ganlib when it runs in Colab, and does nothing elsewhere: it is run
  in an IPython shell whose ``%pip`` only records what it was asked, once as it is and once with
  a stand-in ``google.colab`` module.
* What Colab installs (``pip install "ganlib @ git+<repository>"``) is a wheel built from this
  repository: it must carry the static panel's JavaScript.
* The chapters that profit from a GPU ask Colab for a GPU runtime in their metadata; the others
  do not.

Running the chapters under Colab's versions (Python 3.13, torch 2.11, ipywidgets 7.7) takes
gigabytes of CUDA packages, so it is a separate script, ``tools/colab_check.sh``, not a test.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import types
import zipfile

import nbformat
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
URL = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
GPU_CHAPTERS = {"12_images"}  # convolutional networks on images; its optional MNIST run is larger


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    calls = []
    sh.register_magic_function(lambda line: calls.append(line), "line", "pip")
    sh.pip_calls = calls
    return sh


def _first_code_cell(path) -> str:
    nb = nbformat.read(str(path), as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_first_cell_installs_ganlib_in_colab_only(shell, chapter, monkeypatch):
    source = _first_code_cell(chapter)
    shell.pip_calls.clear()
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    assert shell.run_cell(source).success
    assert shell.pip_calls == [], "the first cell installs something outside Colab"

    google = types.ModuleType("google")
    colab = types.ModuleType("google.colab")
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    assert shell.run_cell(source).success
    assert shell.pip_calls == [f'install -q "ganlib @ git+{URL}"'], shell.pip_calls


def test_the_wheel_colab_installs_carries_the_panel_script(tmp_path):
    # built from a copy of what git would check out, so that setuptools' build/ stays out of the repo
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "ganlib", src / "ganlib", ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "--disable-pip-version-check", "-q", "-w", str(tmp_path), str(src)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    wheel = next(tmp_path.glob("ganlib-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "ganlib/widgets/dstar_panel.js" in names and "ganlib/widgets/kernel.py" in names, names


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_gpu_runtime_requested_where_it_helps(chapter):
    meta = nbformat.read(str(chapter), as_version=4).metadata
    if chapter.stem in GPU_CHAPTERS:
        assert meta.get("accelerator") == "GPU" and meta.get("colab", {}).get("gpuType"), meta
    else:
        assert "accelerator" not in meta, f"{chapter.name} asks Colab for a GPU it does not need"
