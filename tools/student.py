"""Write student versions of the chapters: ``make student`` (or ``.venv/bin/python tools/student.py``).

For every chapter ``book/NN_name.ipynb`` this writes ``student/NN_name.ipynb`` in which nbgrader's
own preprocessors have

* replaced the solution code between ``### BEGIN SOLUTION`` / ``### END SOLUTION`` by
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (``ClearSolutions``);
* replaced the written answers between ``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->``
  by ``YOUR ANSWER HERE`` (``ClearSolutions``, on the markdown answer cells);
* checked the nbgrader metadata of every graded cell (``CheckCellMetadata``), locked the
  self-check cells against editing (``LockCells``) and cleared all outputs (``ClearOutput``).

The Korean edition's chapters (``ko/book/``, written by ``tools/i18n.py``) get their student versions
too, in ``student/ko/``: the same code and stubs, the written answers' stub in Korean.

The exercises' self-check cells stay: a student runs them to see whether an answer is right. The
chapters themselves are nbgrader source notebooks, so a lecturer can also put them straight into
an nbgrader course (see the book's page *For lecturers*).

    python tools/student.py [--out DIR] [CHAPTER.ipynb ...]      (default: every chapter, into student/)
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


TEXT_STUBS = {"en": "YOUR ANSWER HERE", "ko": "여기에 답을 쓰십시오 (YOUR ANSWER HERE)"}


def preprocessors(lang: str = "en"):
    try:
        from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, ClearSolutions, LockCells
    except ImportError as e:  # pragma: no cover - the set-up installs nbgrader
        raise SystemExit("nbgrader is needed: run `make student`, or `pip install nbgrader`") from e
    return [CheckCellMetadata(), LockCells(), ClearSolutions(text_stub=TEXT_STUBS[lang]), ClearOutput()]


def student_version(path: pathlib.Path, lang: str = "en"):
    """The student copy of one chapter, as an nbformat notebook (nothing is written)."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    resources = {}
    for pre in preprocessors(lang):
        nb, resources = pre.preprocess(nb, resources)
    nb.metadata.pop("widgets", None)
    return nb


def main(argv=None) -> int:
    import nbformat

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("chapters", nargs="*", type=pathlib.Path,
                    help="chapter notebooks (default: all of book/, and of ko/book/ into DIR/ko)")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "student", help="where to write (default: student/)")
    args = ap.parse_args(argv)
    if args.chapters:
        jobs = [(p, args.out, "ko" if p.resolve().parent.parent.name == "ko" else "en") for p in args.chapters]
    else:
        jobs = [(p, args.out, "en") for p in sorted((ROOT / "book").glob("*.ipynb"))]
        jobs += [(p, args.out / "ko", "ko") for p in sorted((ROOT / "ko" / "book").glob("*.ipynb"))]
    for path, out, lang in jobs:
        if path.suffix != ".ipynb" or not path.exists():
            ap.error(f"{path} is not a chapter notebook")
        out.mkdir(parents=True, exist_ok=True)
        nb = student_version(path, lang)
        target = out / path.name
        nbformat.write(nb, str(target))
        n_code = sum(c.cell_type == "code" and "raise NotImplementedError()" in c.source for c in nb.cells)
        n_text = sum(c.cell_type == "markdown" and TEXT_STUBS[lang] in c.source for c in nb.cells)
        print(f"{target}: {n_code} code stubs, {n_text} written answers to fill in")
    return 0


if __name__ == "__main__":
    sys.exit(main())
