"""Student versions (tools/student.py, ``make student``) and the exercises' self-checks.

* The command writes a copy of every chapter in which nbgrader's ClearSolutions has replaced every
  solution (code and written) by its stub, and nothing else has changed.
* The chapters go straight into nbgrader: ``nbgrader generate_assignment`` accepts them.
* Every coding exercise has a self-check. It passes on the solution (the chapters run under nbval
  in this same test command, so a failing self-check fails there) and fails on the stub: executed
  top to bottom, every self-check cell of every student copy raises.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
KO_TEXT_STUB = "여기에 답을 쓰십시오"

pytest.importorskip("nbgrader", reason="nbgrader is installed by tools/setup.sh (the lecturer extra)")


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _is_self_check(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith("# Self-check")


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("student")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "student.py"), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(run.stdout.strip().splitlines()) == 2 * len(CHAPTERS), run.stdout  # English and Korean
    return out


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_korean_student_copy_is_the_english_one_in_korean(student_dir, chapter):
    """The Korean student copy has the English student copy's code cells (stubs included) and the
    Korean chapter's text, with its written answers replaced by the Korean stub. It is not run again:
    its code is the English copy's, which test_self_checks_fail_on_the_stubs runs."""
    english = nbformat.read(str(student_dir / chapter.name), as_version=4)
    korean = nbformat.read(str(student_dir / "ko" / chapter.name), as_version=4)
    source = nbformat.read(str(ROOT / "ko" / "book" / chapter.name), as_version=4)
    assert [c.cell_type for c in korean.cells] == [c.cell_type for c in english.cells]
    for en, ko, src in zip(english.cells, korean.cells, source.cells):
        assert ko.metadata == en.metadata
        if ko.cell_type == "code":
            assert ko.source == en.source and ko.outputs == []
        elif _nbgrader(src).get("solution"):
            assert KO_TEXT_STUB in ko.source and "BEGIN SOLUTION" not in ko.source
        else:
            assert ko.source == src.source


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_student_copy_has_stubs_and_nothing_else_changed(student_dir, chapter):
    source = nbformat.read(str(chapter), as_version=4)
    copy = nbformat.read(str(student_dir / chapter.name), as_version=4)
    assert len(copy.cells) == len(source.cells)
    stubs = 0
    for src, stu in zip(source.cells, copy.cells):
        assert stu.cell_type == src.cell_type
        assert "BEGIN SOLUTION" not in stu.source and "END SOLUTION" not in stu.source
        if stu.cell_type == "code":
            assert stu.outputs == [] and stu.execution_count is None
        if not _nbgrader(src).get("solution"):
            assert stu.source == src.source, "a cell that is not a solution changed"
            continue
        stubs += 1
        stub = (CODE_STUB if src.cell_type == "code" else TEXT_STUB).split("\n")
        lines = stu.source.split("\n")
        k = next(i for i, ln in enumerate(lines) if ln.strip() == stub[0])  # the stub, perhaps indented
        assert [ln.strip() for ln in lines[k:k + len(stub)]] == stub
        # what was outside the markers is kept; what was inside is gone
        outside = re.sub(r"^.*BEGIN SOLUTION.*$(.|\n)*?^.*END SOLUTION.*$\n?", "", src.source, flags=re.M)
        assert "\n".join(lines[:k] + lines[k + len(stub):]).strip() == outside.strip()
        inside = [ln for ln in src.source.splitlines() if ln.strip() and ln not in outside.splitlines()
                  and "SOLUTION" not in ln]
        assert inside and not any(ln in stu.source.splitlines() for ln in inside if len(ln.strip()) > 12)
    assert stubs >= 3, "fewer than three exercises to fill in"
    # self-checks are kept, and locked against editing
    checks = [c for c in copy.cells if _is_self_check(c)]
    assert checks and all(c.metadata.get("editable") is False and c.metadata.get("deletable") is False for c in checks)


def test_every_coding_exercise_has_a_self_check():
    """A solution code cell with grade_id X is followed, before the next exercise's solution, by a
    self-check cell graded as an nbgrader test, with grade_id X-check."""
    for chapter in CHAPTERS:
        nb = nbformat.read(str(chapter), as_version=4)
        solutions = [_nbgrader(c)["grade_id"] for c in nb.cells if c.cell_type == "code" and _nbgrader(c).get("solution")]
        checks = [_nbgrader(c) for c in nb.cells if _is_self_check(c)]
        check_ids = {m.get("grade_id") for m in checks}
        for gid in solutions:
            assert f"{gid}-check" in check_ids, f"{chapter.name}: exercise {gid} has no self-check"
        for m in checks:
            assert m.get("grade") is True and m.get("locked") is True and m.get("solution") is False, (chapter.name, m)
            assert m.get("points", 0) > 0


def test_chapters_go_straight_into_nbgrader(tmp_path):
    """nbgrader's own pipeline (generate_assignment: metadata checks, stubs, checksums, the gradebook)
    accepts every chapter as a source notebook."""
    course = tmp_path / "course"
    (course / "source" / "ganbook").mkdir(parents=True)
    for chapter in CHAPTERS:
        shutil.copy(chapter, course / "source" / "ganbook" / chapter.name)
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "ganbook"\n')
    env = dict(os.environ, PATH=f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    run = subprocess.run([str(pathlib.Path(sys.executable).parent / "nbgrader"), "generate_assignment", "ganbook",
                          "--force"], cwd=course, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    released = sorted((course / "release" / "ganbook").glob("*.ipynb"))
    assert [p.name for p in released] == [c.name for c in CHAPTERS]
    for path in released:
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text and "raise NotImplementedError()" in text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_self_checks_fail_on_the_stubs(student_dir, chapter):
    """Run the student copy top to bottom, as a student who has filled in nothing: every self-check
    must fail (a check that passed here would pass on an unanswered exercise)."""
    from nbclient import NotebookClient

    nb = nbformat.read(str(student_dir / chapter.name), as_version=4)
    NotebookClient(nb, timeout=600, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    for i, cell in enumerate(nb.cells):
        if _is_self_check(cell):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert errors, f"cell {i} ({_nbgrader(cell).get('grade_id')}) passes without an answer"
    # the cells that are not exercises still run: the stubs stop only what depends on them
    stub_cells = {i for i, c in enumerate(nb.cells) if c.cell_type == "code"  # the stub, perhaps indented
                  and set(CODE_STUB.splitlines()) <= {ln.strip() for ln in c.source.splitlines()}}
    first = min(stub_cells)
    early_errors = [i for i, c in enumerate(nb.cells[:first]) if c.cell_type == "code"
                    and any(o.output_type == "error" for o in c.outputs)]
    assert not early_errors, f"cells before the first exercise failed: {early_errors}"
