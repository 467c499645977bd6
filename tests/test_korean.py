"""The Korean edition (tools/i18n.py, issue 15).

* The splitter gives back every document exactly, and never hands code, maths, labels or directive
  options to a translator.
* The gettext workflow: a changed English paragraph keeps its old translation marked fuzzy, and the
  Korean book shows the English until someone translates it again.
* Every catalogue entry is translated and none is fuzzy; every translation keeps the formulas, code
  spans, roles and link targets of its English; ``ko/`` is exactly what the catalogues make.
* One vocabulary: the glossary's Korean terms, never a rival rendering (locale/ko/vocabulary.yml),
  and the central terms in every paragraph whose English has them.
* The Korean chapters run the English code, and the Korean book builds with warnings as errors.
(tests/test_browser.py opens the Korean pages; tests/test_student.py checks their student versions.)
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402

pytest.importorskip("babel", reason="Babel comes with Sphinx (the book extra)")
VOCABULARY = yaml.safe_load((ROOT / "locale" / "ko" / "vocabulary.yml").read_text())
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))


def _markdown_texts():
    for name, src, _ in i18n.documents():
        if src.suffix == ".ipynb":
            for cell in json.loads(src.read_text())["cells"]:
                if cell["cell_type"] == "markdown":
                    yield name, "".join(cell["source"])
        else:
            yield name, src.read_text()


def test_splitting_gives_back_every_document():
    n = 0
    for name, text in _markdown_texts():
        assert "".join(s for _, s in i18n.pieces(text)) == text, name
        assert i18n.translate(text, {}) == text
        n += len(i18n.entries(text))
    assert n > 1000


def test_code_maths_labels_and_options_are_never_entries():
    text = ("(sec-a)=\n# A title\n\nSome prose with $x^2$ in it\nover two lines.\n\n$$\nE = mc^2\n$$\n\n"
            "```python\nprint('not prose')\n```\n\n```{prf:theorem} Optimal discriminator\n:label: thm-d\n\n"
            "For fixed $G$ the best $D$ is\n$$\nD^* = p / (p + q)\n$$\nat every point.\n```\n\n"
            "<!-- BEGIN SOLUTION -->\nAn answer.\n<!-- END SOLUTION -->\n\n```{math}\n:label: eq\na = b\n```\n")
    assert i18n.entries(text) == [
        "A title", "Some prose with $x^2$ in it\nover two lines.", "Optimal discriminator",
        "For fixed $G$ the best $D$ is\n$$\nD^* = p / (p + q)\n$$\nat every point.", "An answer."]
    ko = {"A title": "제목", "An answer.": "답."}
    out = i18n.translate(text, ko)
    assert out.startswith("(sec-a)=\n# 제목\n") and "<!-- BEGIN SOLUTION -->\n답.\n<!-- END SOLUTION -->" in out
    assert ":label: thm-d" in out and "print('not prose')" in out


def test_a_translation_must_keep_formulas_code_roles_and_links():
    en = "See {doc}`the proof <07_global_optimum>`: $C(G) = -\\log 4$ and `ganlib.train` [here](https://x.org)."
    assert i18n.structure_problems(en, "{doc}`증명 <07_global_optimum>`을 보십시오: $C(G) = -\\log 4$, "
                                       "`ganlib.train` [여기](https://x.org).") == []
    for broken in ("{doc}`증명 <07_global>`: $C(G) = -\\log 4$, `ganlib.train` [여기](https://x.org).",
                   "{doc}`증명 <07_global_optimum>`: $C(G) = \\log 4$, `ganlib.train` [여기](https://x.org).",
                   "{doc}`증명 <07_global_optimum>`: $C(G) = -\\log 4$, ganlib.train [여기](https://x.org).",
                   "{doc}`증명 <07_global_optimum>`: $C(G) = -\\log 4$, `ganlib.train` [여기](https://y.org)."):
        assert i18n.structure_problems(en, broken), broken
    assert i18n.structure_problems("* one\n* two", "* 하나 둘")


def test_a_changed_paragraph_becomes_fuzzy_and_shows_in_english(tmp_path, monkeypatch):
    doc, ko_doc = tmp_path / "page.md", tmp_path / "ko" / "page.md"
    monkeypatch.setattr(i18n, "LOCALE", tmp_path / "locale")
    monkeypatch.setattr(i18n, "documents", lambda: [("page", doc, ko_doc)])
    monkeypatch.setattr(i18n, "toc_entries", lambda: [])
    monkeypatch.setattr(i18n, "COPIED", [])
    monkeypatch.setattr(i18n, "korean_toc", lambda: {})
    monkeypatch.setattr(i18n, "korean_config", lambda: {})
    monkeypatch.setattr(i18n, "KO", tmp_path / "ko")
    doc.write_text("# The generator\n\nThe generator maps noise $z$ to samples.\n")
    i18n.update()
    assert sum("untranslated" in p for p in i18n.problems()) == 2
    assert i18n.fill("page", [{"en": "The generator", "ko": "생성자"},
                              {"en": "The generator maps noise $z$ to samples.", "ko": "생성자는 잡음 $z$를 표본으로 보냅니다."}]) == []
    assert i18n.fill("page", [{"en": "The generator", "ko": "생성자 $G$"}])  # a formula the English lacks
    i18n.write()
    assert ko_doc.read_text() == "# 생성자\n\n생성자는 잡음 $z$를 표본으로 보냅니다.\n"
    assert i18n.problems() == []
    doc.write_text("# The generator\n\nThe generator maps noise $z$ to data space.\n")  # the English changes
    i18n.update()
    entry = next(m for m in i18n.load_catalogue("page") if m.id == "The generator maps noise $z$ to data space.")
    assert entry.fuzzy and entry.string.startswith("생성자는")
    assert entry.previous_id == ["The generator maps noise $z$ to samples."]  # the English it translated
    found = i18n.problems()
    assert any("fuzzy" in p for p in found) and any("not what `write` makes" in p for p in found)
    i18n.write()
    assert ko_doc.read_text() == "# 생성자\n\nThe generator maps noise $z$ to data space.\n"  # English until re-translated
    long = ("A paragraph long enough to be wrapped over several lines of the catalogue, " * 3).strip()
    doc.write_text(f"# The generator\n\n{long}\n")
    i18n.update()
    assert i18n.fill("page", [{"en": long, "ko": "긴 문단."}]) == []
    doc.write_text(f"# The generator\n\n{long} More.\n")
    i18n.update()
    i18n.fill("page", [{"en": "The generator", "ko": "생성자"}])  # saved again: the old English survives
    assert [i["previous_en"] for i in i18n.export("page") if i["fuzzy"]] == [long]


def test_every_entry_is_translated_none_is_fuzzy_and_ko_is_current():
    found = i18n.problems()
    assert not found, f"{len(found)} problem(s) in the Korean edition (`python tools/i18n.py check`):\n" + "\n".join(found[:60])


def _glossary_terms() -> dict[str, str]:
    """{English term: Korean term} from the English glossary's entries ``English (한국어)``."""
    page = (ROOT / "book" / "glossary.md").read_text()
    body = page.split("```{glossary}", 1)[1]
    return dict(re.findall(r"^(\S[^\n]*?) \(([^()\n]*[\uac00-\ud7a3][^()\n]*)\)\s*$", body, re.M))


def _translations():
    for name, _, _ in i18n.documents():
        for m in i18n.load_catalogue(name):
            if m.id and m.string:
                yield name, m.id, m.string


def _prose(text: str) -> str:
    """Text without code spans, maths and roles (where a rival or an English word may stand legitimately)."""
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    return re.sub(r"\$[^$\n]+\$", " ", text)


def test_the_glossary_holds_one_korean_term_for_each_english_term():
    terms = _glossary_terms()
    assert len(terms) > 60 and all("," not in ko for ko in terms.values()), \
        [t for t in terms.items() if "," in t[1]]
    assert set(VOCABULARY) <= set(terms.values()), set(VOCABULARY) - set(terms.values())
    korean_glossary = (ROOT / "ko" / "book" / "glossary.md").read_text()
    missing = [f"{ko} ({en})" for en, ko in terms.items() if not re.search(rf"^{re.escape(ko)} \({re.escape(en)}\)\s*$", korean_glossary, re.M)]
    assert not missing, f"entries of the Korean glossary that are not 'Korean (English)': {missing[:10]}"


def test_the_korean_text_never_uses_a_rival_term():
    bad = []
    for name, en, ko in _translations():
        text = _prose(ko)
        for term, spec in VOCABULARY.items():
            for allowed in spec.get("allowed") or []:
                text = text.replace(allowed, "")
            bad += [f"{name}: {rival!r} instead of {term!r}: {ko[:60]!r}" for rival in spec["rivals"] if rival in text]
    assert not bad, "\n".join(bad[:40])


def test_the_central_terms_are_translated_by_the_glossary_term():
    missing = []
    for name, en, ko in _translations():
        for term, spec in VOCABULARY.items():
            if spec.get("english") and re.search(spec["english"], _prose(en), re.I) and term not in ko:
                missing.append(f"{name}: {spec['english']!r} but no {term!r}: {ko[:70]!r}")
    assert not missing, "\n".join(missing[:40])


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_the_korean_chapter_runs_the_english_code(chapter):
    en = json.loads(chapter.read_text())
    ko = json.loads((ROOT / "ko" / "book" / chapter.name).read_text())
    assert [c["cell_type"] for c in ko["cells"]] == [c["cell_type"] for c in en["cells"]]
    for a, b in zip(en["cells"], ko["cells"]):
        assert a["metadata"] == b["metadata"]
        if a["cell_type"] == "code":
            assert a["source"] == b["source"] and b["outputs"] == []
    assert ko["metadata"] == en["metadata"]


def test_the_korean_book_builds_with_warnings_as_errors(tmp_path):
    """Sphinx -W -n, execution off (the browser test builds it with the chapters' outputs)."""
    executed = {p.stem: json.loads(p.read_text()) for p in (ROOT / "ko" / "book").glob("*.ipynb")}
    html = i18n.build(None, tmp_path / "html", strict=True, executed=executed)
    assert (html / "book" / "intro.html").exists()
    page = (html / "book" / "05_minimax.html").read_text()
    assert 'lang="ko"' in page and 'class="ganbook-language"' in page
    assert "colab.research.google.com/github/" in page or "launch" in page


def test_each_chapter_gives_the_english_of_a_central_term_at_its_first_use():
    """At its first use in a chapter's prose (headings aside), a central term comes with its English
    in parentheses: 판별자(discriminator), or a compound's, 최적 판별자(optimal discriminator)."""
    missing = []
    for chapter in CHAPTERS:
        if not (ROOT / "ko" / "book" / chapter.name).exists():
            continue  # test_every_entry_is_translated... reports it
        nb = json.loads((ROOT / "ko" / "book" / chapter.name).read_text())
        lines = [ln for c in nb["cells"] if c["cell_type"] == "markdown"
                 for ln in "".join(c["source"]).splitlines() if not ln.lstrip().startswith("#")]
        text = "\n".join(lines)
        for term, spec in VOCABULARY.items():
            english = spec.get("english")
            at = text.find(term)
            if not english or at < 0:
                continue
            after = text[at + len(term):at + len(term) + 40]
            word = re.sub(r"\(\?<![^)]*\)|\\b|s\?", "", english)  # the regular expression's plain word
            if not re.match(r"[*_]*\s?\([^)]*" + word, after, re.I):
                missing.append(f"{chapter.stem}: {text[max(0, at - 15):at + 30]!r}")
    assert not missing, "\n".join(missing)
