"""The book's structure: every chapter is in the table of contents and collected by the tests, is
stored without outputs, opens with the Colab install cell, has exercises; the book builds with
warnings as errors; environment.yml lists what pyproject.toml lists."""

import json
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import bookconfig  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def load(path):
    return json.loads(path.read_text())


def test_there_are_chapters():
    assert len(CHAPTERS) >= 3


def test_toc_and_chapters_agree():
    listed = toc_files()
    for f in listed:
        assert (ROOT / f"{f}.ipynb").exists() or (ROOT / f"{f}.md").exists(), f"_toc.yml lists {f}, which does not exist"
    for nb in CHAPTERS:
        assert str(nb.relative_to(ROOT).with_suffix("")) in listed, f"{nb.name} is not in _toc.yml"


def test_every_chapter_is_collected_by_pytest():
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "book"],
                         cwd=ROOT, capture_output=True, text=True)
    for nb in CHAPTERS:
        assert f"book/{nb.name}::" in out.stdout, f"{nb.name} is not collected by nbval:\n{out.stdout[-2000:]}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_stored_without_outputs(nb):
    cells = load(nb)["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{nb.name} has stored outputs in cells {dirty}; clear them before committing"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_first_code_cell_installs_ganlib_only_in_colab(nb):
    cells = load(nb)["cells"]
    first = next(c for c in cells if c["cell_type"] == "code")
    src = "".join(first["source"])
    url = CONFIG["repository"]["url"]
    assert 'if "google.colab" in sys.modules:' in src
    assert f'%pip install -q "ganlib @ git+{url}"' in src, f"{nb.name}'s install line does not use {url} from _config.yml"
    assert "remove-cell" in first["metadata"].get("tags", [])


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_title_exercises_and_solutions(nb):
    cells = load(nb)["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    text = "\n".join("".join(c["source"]) for c in cells)
    exercises = re.findall(r"```\{exercise\}", text)
    assert len(exercises) >= 3, f"{nb.name} has {len(exercises)} exercises; every chapter has at least 3"
    assert text.count("{solution-start}") == text.count("{solution-end}") >= len(exercises)
    assert text.count("### BEGIN SOLUTION") == text.count("### END SOLUTION") >= 1
    for c in cells:
        if c["cell_type"] == "code" and "### BEGIN SOLUTION" in "".join(c["source"]):
            assert c["metadata"].get("nbgrader", {}).get("solution") is True, f"{nb.name}: a solution cell lacks nbgrader metadata"


def test_book_builds_with_warnings_as_errors(tmp_path):
    """Sphinx with -W -n --keep-going, execution off: a broken reference, citation or directive fails."""
    cfg = bookconfig.write(bookconfig.load(execute_notebooks="off"), tmp_path / "_config.yml")
    jb = pathlib.Path(sys.executable).parent / "jupyter-book"
    out = subprocess.run([str(jb), "build", str(ROOT), "--config", str(cfg), "--path-output", str(tmp_path),
                          "-W", "-n", "--keep-going"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    html = tmp_path / "_build" / "html"
    for nb in CHAPTERS:
        page = html / "book" / f"{nb.stem}.html"
        assert page.exists()
        colab = f"https://colab.research.google.com/github/{CONFIG['repository']['url'].split('github.com/')[1]}/blob/main/book/{nb.name}"
        assert colab in page.read_text(), f"{page.name} has no Colab button pointing at its notebook"


def _requirements(names):
    """{normalised name: specifier} from requirement strings such as 'numpy>=1.24'."""
    out = {}
    for r in names:
        m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", r.strip())
        out[m.group(1).lower().replace("_", "-")] = m.group(2).replace(" ", "")
    return out


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _requirements(project["dependencies"] + sum(project["optional-dependencies"].values(), []))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = [d for d in env if isinstance(d, str) and not d.startswith(("python", "pip"))]
    pip = next(d["pip"] for d in env if isinstance(d, dict))
    have = _requirements([c.replace("pytorch", "torch") for c in conda] + [p for p in pip if not p.startswith("-e")])
    assert have == wanted
    assert "-e ." in pip
    python = next(d for d in env if isinstance(d, str) and d.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make book" in readme
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_lecturers_page_lists_every_exercise():
    """The exercise table of book/instructors.md names every exercise label of every chapter."""
    page = (ROOT / "book" / "instructors.md").read_text()
    labels = []
    for nb in CHAPTERS:
        for cell in load(nb)["cells"]:
            if cell["cell_type"] == "markdown":
                labels += re.findall(r"```\{exercise\}[^\n]*\n:label:\s*(\S+)", "".join(cell["source"]))
    assert len(labels) >= 3 * len(CHAPTERS)
    missing = [lab for lab in labels if f"<{lab}>" not in page and f"`{lab}`" not in page]
    assert not missing, f"exercises missing from the lecturers' page: {missing}"
    assert "make student" in page


def test_glossary_gives_the_korean_terms():
    page = (ROOT / "book" / "glossary.md").read_text()
    assert "```{glossary}" in page
    for english, korean in [("Generator", "생성자"), ("Discriminator", "판별자"), ("Critic", "비평자"),
                            ("Mode collapse", "모드 붕괴"), ("Kullback", "쿨백"), ("Jensen", "젠슨"),
                            ("Wasserstein", "바서슈타인"), ("Non-saturating", "비포화"), ("Minimax", "미니맥스"),
                            ("Optimal discriminator", "최적 판별자"), ("Gradient penalty", "페널티")]:
        entry = re.search(rf"^{english}[^\n]*\(([^)\n]*)\)\s*$", page, re.M | re.I)
        assert entry and korean in entry.group(1), f"the glossary has no entry '{english} ({korean} ...)'"
