"""The Korean edition: gettext catalogues for the English text, and the Korean book written from them.

MyST-NB cannot yet translate notebooks through Sphinx's own gettext workflow (myst-nb issue 587: the
translated text is parsed as notebook JSON), so this script does the same job around it:

1. ``update`` splits the English prose into entries (a paragraph, a heading, a list, a table, a
   directive's title; code, maths-only blocks, labels and directive options are never entries) and
   merges them into ``locale/ko/LC_MESSAGES/<document>.po``, as ``msgmerge`` would: a new paragraph is
   a new, untranslated entry; a changed paragraph keeps its old translation marked *fuzzy*, with the
   old English beside it (``#| msgid``); a deleted one becomes obsolete (``#~``).
2. A translator fills in ``msgstr`` and removes the ``fuzzy`` flag.
3. ``write`` writes the Korean book's sources into ``ko/`` (committed, because Colab opens the Korean
   notebooks from the repository): every notebook with the same cells, the same code and metadata and
   the markdown translated; the Markdown pages; ``ko/_toc.yml`` and ``ko/_config.yml``; and
   ``README.ko.md``. An entry without a translation (or a fuzzy one) stays in English there, and
   ``check`` lists it.
4. ``build`` builds the Korean book into ``_build/html/ko`` (beside the English one, so that each
   page links to its twin), taking the code cells' outputs from the executed English notebooks when
   it is given them: the code is the same, so the outputs are the same, and nothing runs twice.
5. ``check`` fails on anything untranslated, fuzzy or obsolete, on a translation that lost or
   changed an inline formula, a code span, a role (``{doc}``, ``{cite}``, ...) or a link target, and
   on a ``ko/`` file that ``write`` would write differently.

    python tools/i18n.py update | write | check | build [--outputs-from DIR] [--html DIR] | status
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANG = "ko"
LOCALE = ROOT / "locale" / LANG / "LC_MESSAGES"
KO = ROOT / LANG
# what is translated besides the chapters and pages of _toc.yml: (source, catalogue, Korean copy)
EXTRA = [("README.md", "README", "README.ko.md")]
COPIED = ["book/references.bib"]  # files the Korean book needs as they are
# directives whose body is code or maths, never prose
VERBATIM = {"code", "code-block", "code-cell", "sourcecode", "math", "raw", "literalinclude", "mermaid"}
# directives whose argument is a label or a path, not a title
NAMED = {"solution", "solution-start", "solution-end", "exercise-start", "exercise-end", "figure", "image",
         "include", "bibliography", "glue:figure", "tableofcontents"}

# ---- splitting Markdown into entries ------------------------------------------------------------
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})(.*)$")
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}\s*(.*)$")
_HEADING = re.compile(r"^(#{1,6}\s+)(.*?)(\s*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_LABEL = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
_LETTERS = re.compile(r"[A-Za-z]{2,}")


def pieces(text: str) -> list[tuple[bool, str]]:
    """Split Markdown into ``(translatable, text)`` pieces whose concatenation is ``text``."""
    out: list[tuple[bool, str]] = []
    para: list[str] = []
    fences: list[tuple[str, bool]] = []  # (closing marker, verbatim)

    def keep(s):
        if s:
            out.append((False, s))

    def flush():
        if not para:
            return
        block = "".join(para)
        body = block.rstrip("\n")
        lead = len(body) - len(body.lstrip())
        head, core = body[:lead], body[lead:]
        keep(head)
        out.append((bool(_LETTERS.search(_strip_math(core))) and not _pure_math(core), core))
        keep(block[len(body):])
        para.clear()

    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        bare = line.rstrip("\n")
        if fences and fences[-1][1]:  # inside code or maths: copy until the closing fence
            keep(line)
            if bare.strip() == fences[-1][0]:
                fences.pop()
            i += 1
            continue
        m = _FENCE.match(bare)
        if m and fences and bare.strip() == fences[-1][0]:
            flush()
            keep(line)
            fences.pop()
            i += 1
            continue
        if m:
            flush()
            indent, marker, rest = m.groups()
            d = _DIRECTIVE.match(rest.strip())
            verbatim = d is None or d.group(1) in VERBATIM
            fences.append((marker, verbatim))
            if d and not verbatim and d.group(1) not in NAMED and d.group(2) and _LETTERS.search(d.group(2)):
                title = d.group(2)
                start = bare.rindex(title)
                keep(bare[:start])
                out.append((True, title))
                keep(line[start + len(title):])
            else:
                keep(line)
            i += 1
            while not verbatim and i < len(lines) and _OPTION.match(lines[i]):  # :label: and the like
                keep(lines[i])
                i += 1
            continue
        if not bare.strip() or _LABEL.match(bare) or _COMMENT.match(bare):
            flush()
            keep(line)
            i += 1
            continue
        h = _HEADING.match(bare)
        if h and not para:
            keep(h.group(1))
            out.append((bool(_LETTERS.search(h.group(2))), h.group(2)))
            keep(h.group(3) + line[len(bare):])
            i += 1
            continue
        para.append(line)
        if bare.strip().startswith("$$") and not (len(bare.strip()) > 2 and bare.strip().endswith("$$")):
            i += 1  # display maths: take every line up to the closing $$ into this block
            while i < len(lines):
                para.append(lines[i])
                if lines[i].strip().endswith("$$"):
                    break
                i += 1
        i += 1
    flush()
    merged: list[tuple[bool, str]] = []
    for t, s in out:  # neighbouring kept pieces merge (tidier, and the same text)
        if merged and not t and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + s)
        else:
            merged.append((t, s))
    assert "".join(s for _, s in merged) == text
    return merged


def _strip_math(s: str) -> str:
    s = re.sub(r"\$\$.*?\$\$", " ", s, flags=re.S)
    return re.sub(r"\$[^$\n]+\$", " ", s)


def _pure_math(s: str) -> bool:
    s = s.strip()
    return s.startswith("$$") and s.endswith("$$") and not _LETTERS.search(_strip_math(s))


def entries(text: str) -> list[str]:
    return [s for t, s in pieces(text) if t]


def translate(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(s, s) if t else s for t, s in pieces(text))


# ---- the documents ------------------------------------------------------------------------------
def documents() -> list[tuple[str, pathlib.Path, pathlib.Path]]:
    """(catalogue name, English source, Korean copy) for every translated document."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    out = []
    for f in files:
        src = next(ROOT / (f + ext) for ext in (".ipynb", ".md") if (ROOT / (f + ext)).exists())
        out.append((f, src, KO / src.relative_to(ROOT)))
    out += [(name, ROOT / src, ROOT / dst) for src, name, dst in EXTRA]
    return out


def english_entries(src: pathlib.Path) -> list[tuple[str, str]]:
    """(entry, where) in document order; ``where`` names the cell for the translator."""
    if src.suffix == ".ipynb":
        nb = json.loads(src.read_text())
        out = []
        for k, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "markdown":
                out += [(e, f"{src.name} cell {k}") for e in entries("".join(cell["source"]))]
        return out
    return [(e, src.name) for e in entries(src.read_text())]


def toc_entries() -> list[tuple[str, str]]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return [(config["title"], "_config.yml title")] + [(p["caption"], "_toc.yml caption") for p in toc["parts"]]


# ---- catalogues (Babel: what Sphinx uses) -------------------------------------------------------
def _babel():
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po
    return Catalog, read_po, write_po


def _show(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def po_path(name: str) -> pathlib.Path:
    return LOCALE / f"{name}.po"


def load_catalogue(name: str):
    Catalog, read_po, _ = _babel()
    path = po_path(name)
    if not path.exists():
        return Catalog(locale=LANG, domain=name)
    with path.open("rb") as f:
        catalog = read_po(f, locale=LANG, domain=name)
    for msgid, previous in _previous_ids(path.read_text()).items():  # Babel reads past "#| msgid"
        if msgid in catalog:
            catalog[msgid].previous_id = [previous]
    return catalog


def _previous_ids(text: str) -> dict[str, str]:
    """{msgid: the English it was translated from} for the fuzzy entries of a .po file's text."""
    from babel.messages.pofile import denormalize

    out = {}
    for block in text.split("\n\n"):
        lines = block.splitlines()
        prev = [ln[3:] for ln in lines if ln.startswith("#| ")]
        if not prev:
            continue
        start = next(i for i, ln in enumerate(lines) if ln.startswith("msgid "))
        end = next(i for i, ln in enumerate(lines) if ln.startswith("msgstr"))
        cur = [lines[start][len("msgid "):]] + lines[start + 1:end]
        prev = [prev[0][len("msgid "):]] + prev[1:]
        out[denormalize("\n".join(cur))] = denormalize("\n".join(prev))
    return out


def save_catalogue(name: str, catalog) -> None:
    _, _, write_po = _babel()
    path = po_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    from babel.messages.pofile import normalize

    buf = io.BytesIO()
    write_po(buf, catalog, width=0, include_previous=False, omit_header=False, sort_output=False)
    text = buf.getvalue().decode()
    # the English a fuzzy translation was made from, as gettext's "#| msgid" lines (Babel's own word-wraps
    # it as a comment and loses spaces at the breaks)
    for m in catalog:
        if m.id and m.previous_id:
            here = f"msgid {normalize(m.id, width=0)}\n"
            lines = normalize(m.previous_id[0], width=0).splitlines()
            previous = "".join(f"#| {'msgid ' if i == 0 else ''}{ln}\n" for i, ln in enumerate(lines))
            text = text.replace(here, previous + here, 1)
    text = re.sub(r'"POT-Creation-Date: [^"]*"\n', "", text)  # no dates: a rerun changes nothing
    text = re.sub(r'"PO-Revision-Date: [^"]*"\n', "", text)
    path.write_text(text)


def update(only: str | None = None) -> dict:
    """Merge the English text into every catalogue (or only the one named); returns
    {name: (entries, new, fuzzy)}."""
    Catalog, _, _ = _babel()
    report = {}
    names = [(n, english_entries(src)) for n, src, _ in documents()] + [("_toc", toc_entries())]
    for name, found in names:
        if only not in (None, name):
            continue
        template = Catalog(locale=LANG, domain=name)
        for text, where in found:
            if text in template:
                template[text].auto_comments.append(where) if where not in template[text].auto_comments else None
            else:
                template.add(text, auto_comments=[where])
        catalog = load_catalogue(name)
        before = {m.id for m in catalog if m.id}
        old = [(m.id, m.string) for m in catalog if m.id and m.string]
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=True)
        for m in catalog:  # Babel carries a translation over to a changed paragraph, marked fuzzy; we add
            if m.id and m.fuzzy and m.id not in before and not m.previous_id:  # the English it translated
                gone = [i for i, t in old if t == m.string and i not in catalog]
                if gone:
                    m.previous_id = [gone[0]]
        catalog.obsolete.clear()  # a deleted paragraph's translation is not kept (git has it)
        catalog.project, catalog.version = "GANs, the theory hands on", ""
        catalog.language_team = "Korean"
        save_catalogue(name, catalog)
        msgs = [m for m in catalog if m.id]
        report[name] = (len(msgs), sum(m.id not in before for m in msgs), sum(m.fuzzy for m in msgs))
    return report


def table(name: str) -> dict[str, str]:
    """The finished translations of one catalogue: {English: Korean}, fuzzy and empty ones left out."""
    return {m.id: m.string for m in load_catalogue(name) if m.id and m.string and not m.fuzzy}


# ---- what a translation must keep ---------------------------------------------------------------
_KEEP = {
    "inline maths": re.compile(r"(?<!\$)\$(?!\$)[^$]+?\$"),
    "display maths": re.compile(r"\$\$.+?\$\$", re.S),
    "code span": re.compile(r"(?<!`)`[^`\n]+`(?!`)"),
    "role": re.compile(r"\{[\w:-]+\}`[^`]*`"),  # compared by name and target (see _role)
    "link target": re.compile(r"\]\(([^)\s]+)\)"),
}


def _unrendered_emphasis(text: str) -> int:
    """How many * are left as literal characters when the text is rendered (formulas, code and roles
    taken out first). CommonMark's flanking rules leave **...** unrendered when the closing ** follows
    punctuation and is followed by a letter, as happens before a Korean particle."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    html = MarkdownIt("commonmark").use(dollarmath_plugin).render(text)
    html = re.sub(r"<(code|span|div)( class=\"math[^\"]*\")?>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html).count("*")


def _role(role: str) -> str:
    """A role's name and target: {doc}`the chapter <05_minimax>` -> {doc}05_minimax. The text shown may
    be translated; a glossary term's target is the Korean glossary's term, so only the name counts."""
    name, content = re.match(r"(\{[\w:-]+\})`([^`]*)`", role).groups()
    target = re.search(r"<([^<>]+)>\s*$", content)
    target = target.group(1) if target else content
    return name if name == "{term}" else name + target


def structure_problems(english: str, korean: str) -> list[str]:
    """What a translation lost or changed: formulas, code, roles, link targets, heading or list marks."""
    problems = []
    for what, rx in _KEEP.items():
        a, b = rx.findall(english), rx.findall(korean)
        if what == "inline maths":  # on the text without display maths; a formula may break across lines
            a, b = (rx.findall(_KEEP["display maths"].sub(" ", t)) for t in (english, korean))
        if "maths" in what:
            a, b = [" ".join(x.split()) for x in a], [" ".join(x.split()) for x in b]
        if what == "code span":  # a code span that is part of a role is checked as a role
            a = [x for x in a if not re.search(r"\}" + re.escape(x), english)]
            b = [x for x in b if not re.search(r"\}" + re.escape(x), korean)]
        if what == "role":
            a, b = [_role(x) for x in a], [_role(x) for x in b]
        missing, extra = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        if missing or extra:
            problems.append(f"{what}: missing {missing}, not in the English {extra}")
    if _unrendered_emphasis(korean) > _unrendered_emphasis(english):
        problems.append("bold or italics that Markdown will not render (a ** or * next to punctuation "
                        "and Hangul: write **생성자**(generator)이고, not **생성자(generator)**이고)")
    lead = lambda s: [m.group(0) for line in s.splitlines() if (m := re.match(r"\s*(?:[*+-]|\d+\.)(?=\s)|\s*\|", line))]
    if lead(english) != lead(korean):
        problems.append("list items, table rows or their indentation differ")
    return problems


# ---- writing the Korean sources -----------------------------------------------------------------
def korean_config() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["title"] = table("_toc").get(config["title"], config["title"])
    config["repository"]["path_to_book"] = LANG
    config.setdefault("sphinx", {}).setdefault("config", {})["language"] = LANG
    config["sphinx"]["local_extensions"] = {k: "../" + v for k, v in config["sphinx"]["local_extensions"].items()}
    config["exclude_patterns"] = [p for p in config["exclude_patterns"] if not p.startswith(("README", "CONTRIBUTING"))]
    return config


def korean_toc() -> dict:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    t = table("_toc")
    for part in toc["parts"]:
        part["caption"] = t.get(part["caption"], part["caption"])
    return toc


def korean_text(src: pathlib.Path, name: str) -> str:
    t = table(name)
    if src.suffix != ".ipynb":
        return translate(src.read_text(), t)
    nb = json.loads(src.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = translate("".join(cell["source"]), t)
            cell["source"] = text.splitlines(keepends=True)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


HEADER = "# Written by tools/i18n.py from the English sources and locale/ko; do not edit (edit the .po files).\n"


def expected_files(only: str | None = None) -> dict[pathlib.Path, str]:
    files = {}
    for name, src, dst in documents():
        if only in (None, name):
            files[dst] = korean_text(src, name)
    if only not in (None, "_toc"):
        return files
    files[KO / "_toc.yml"] = HEADER + yaml.safe_dump(korean_toc(), allow_unicode=True, sort_keys=False)
    files[KO / "_config.yml"] = HEADER + yaml.safe_dump(korean_config(), allow_unicode=True, sort_keys=False)
    for f in COPIED:
        files[KO / f] = (ROOT / f).read_text()
    return files


def write(only: str | None = None) -> list[pathlib.Path]:
    changed = []
    for path, text in expected_files(only).items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(path)
    return changed


def problems(only: str | None = None) -> list[str]:
    """Everything that keeps the Korean edition from being complete and current (of one catalogue's
    document with ``only``)."""
    out = []
    names = [(n, english_entries(src)) for n, src, _ in documents()] + [("_toc", toc_entries())]
    for name, found in names:
        if only not in (None, name):
            continue
        catalog = load_catalogue(name)
        ids = {m.id: m for m in catalog if m.id}
        for text, where in found:
            m = ids.get(text)
            short = text[:70].replace("\n", " ")
            if m is None:
                out.append(f"{po_path(name).name}: not in the catalogue (run `update`): {where}: {short!r}")
            elif not m.string:
                out.append(f"{po_path(name).name}: untranslated: {where}: {short!r}")
            elif m.fuzzy:
                out.append(f"{po_path(name).name}: fuzzy (the English changed): {where}: {short!r}")
            else:
                out += [f"{po_path(name).name}: {where}: {p}: {short!r}" for p in structure_problems(text, m.string)]
        stale = set(ids) - {t for t, _ in found}
        out += [f"{po_path(name).name}: obsolete entry (run `update`): {s[:70]!r}" for s in sorted(stale)]
    for path, text in expected_files(only).items():
        if not path.exists() or path.read_text() != text:
            out.append(f"{_show(path)} is not what `write` makes of the catalogues (run `write`)")
    return out


# ---- building the Korean book -------------------------------------------------------------------
def fill_outputs(ko_nb: dict, executed: dict, name: str) -> dict:
    """The Korean notebook with the executed English notebook's outputs, cell by cell."""
    code_ko = [c for c in ko_nb["cells"] if c["cell_type"] == "code"]
    code_en = [c for c in executed["cells"] if c["cell_type"] == "code"]
    if len(code_ko) != len(code_en) or any("".join(a["source"]) != "".join(b["source"]) for a, b in zip(code_ko, code_en)):
        raise SystemExit(f"{name}: the Korean notebook's code is not the English code (run `write`)")
    for a, b in zip(code_ko, code_en):
        a["outputs"], a["execution_count"] = copy.deepcopy(b.get("outputs", [])), b.get("execution_count")
    for key in ("widgets",):
        if key in executed.get("metadata", {}):
            ko_nb["metadata"][key] = executed["metadata"][key]
    return ko_nb


def build(outputs_from: pathlib.Path | None, html: pathlib.Path, strict: bool = False, executed: dict | None = None) -> pathlib.Path:
    """Build the Korean book; returns the folder of its HTML. ``executed``: {chapter stem: executed
    English notebook as a dict}, or read from ``outputs_from`` (a folder searched for ``<stem>.ipynb``)."""
    executed = dict(executed or {})
    if outputs_from is not None:
        for p in pathlib.Path(outputs_from).rglob("*.ipynb"):
            executed.setdefault(p.stem, json.loads(p.read_text()))
    chapters = sorted(p for p in (KO / "book").glob("*.ipynb"))
    work = pathlib.Path(tempfile.mkdtemp(prefix="ganbook-ko-"))
    try:
        source = work / "source"
        shutil.copytree(KO, source)
        have_all = all(p.stem in executed for p in chapters)
        if have_all:
            for p in chapters:
                nb = fill_outputs(json.loads(p.read_text()), executed[p.stem], p.name)
                (source / "book" / p.name).write_text(json.dumps(nb, ensure_ascii=False))
        config = yaml.safe_load((KO / "_config.yml").read_text())
        config["execute"]["execute_notebooks"] = "off" if have_all else "force"
        config["bibtex_bibfiles"] = [str(source / b) for b in config["bibtex_bibfiles"]]
        config["sphinx"]["local_extensions"] = {k: str((KO / v).resolve()) for k, v in config["sphinx"]["local_extensions"].items()}
        (source / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
        jb = pathlib.Path(sys.executable).parent / "jupyter-book"
        cmd = [str(jb), "build", str(source), "--path-output", str(work), "--keep-going"]
        if strict:
            cmd += ["-W", "-n"]
        run = subprocess.run(cmd, cwd=source, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit("the Korean book did not build:\n" + run.stdout[-4000:] + run.stderr[-4000:])
        html = pathlib.Path(html)
        if html.exists():
            shutil.rmtree(html)
        shutil.copytree(work / "_build" / "html", html)
        return html
    finally:
        shutil.rmtree(work, ignore_errors=True)


def export(name: str) -> list[dict]:
    """A catalogue as a list of {"where", "en", "ko", "fuzzy"} (what ``todo`` prints as JSON), with
    "previous_en", the English that "ko" translated, for a fuzzy entry."""
    return [{"where": m.auto_comments[0] if m.auto_comments else "", "en": m.id, "ko": m.string, "fuzzy": m.fuzzy,
             **({"previous_en": m.previous_id[0]} if m.previous_id else {})}
            for m in load_catalogue(name) if m.id]


def fill(name: str, items: list[dict]) -> list[str]:
    """Write translations ({"en", "ko"} items, as ``todo`` gives them) into a catalogue; an item whose
    translation lost a formula, code span, role or link target is reported and not written. A written
    translation is no longer fuzzy."""
    catalog = load_catalogue(name)
    refused = []
    for item in items:
        m = catalog.get(item["en"])
        ko = item.get("ko") or ""
        if m is None:
            refused.append(f"not in {name}.po (stale English?): {item['en'][:70]!r}")
            continue
        if not ko.strip():
            continue
        found = structure_problems(item["en"], ko)
        if found:
            refused.append(f"{item['en'][:70]!r}: " + "; ".join(found))
            continue
        m.string = ko
        m.flags.discard("fuzzy")
        m.previous_id = []
    save_catalogue(name, catalog)
    return refused


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["update", "write", "check", "build", "status", "todo", "fill"])
    ap.add_argument("catalogue", nargs="?", help="todo/fill (and write/check/status, to do only that one): a catalogue's name, e.g. book/06_optimal_discriminator")
    ap.add_argument("file", nargs="?", type=pathlib.Path, help="fill: a JSON file of {en, ko} items")
    ap.add_argument("--all", action="store_true", help="todo: every entry, translated ones too")
    ap.add_argument("--outputs-from", type=pathlib.Path, help="build: executed English notebooks (e.g. _build/jupyter_execute)")
    ap.add_argument("--html", type=pathlib.Path, default=ROOT / "_build" / "html" / LANG, help="build: where the HTML goes")
    ap.add_argument("--strict", action="store_true", help="build: Sphinx warnings are errors")
    args = ap.parse_args(argv)
    if args.command == "update":
        for name, (n, new, fuzzy) in update(args.catalogue).items():
            print(f"{_show(po_path(name))}: {n} entries, {new} new, {fuzzy} fuzzy")
    elif args.command == "write":
        for p in write(args.catalogue):
            print(f"wrote {_show(p)}")
    elif args.command in ("check", "status"):
        found = problems(args.catalogue)
        if args.command == "status":
            names = [n for n, _, _ in documents()] + ["_toc"]
            for name in names:
                msgs = [m for m in load_catalogue(name) if m.id]
                done = sum(bool(m.string) and not m.fuzzy for m in msgs)
                print(f"{name:40s} {done:4d} / {len(msgs):4d} translated, {sum(m.fuzzy for m in msgs)} fuzzy")
        print("\n".join(found[:200]) + (f"\n... and {len(found) - 200} more" if len(found) > 200 else ""))
        print(f"{len(found)} problem(s)")
        return 1 if found else 0
    elif args.command == "todo":  # the entries still to translate, as JSON, for a translator's script
        items = [i for i in export(args.catalogue) if args.all or not i["ko"] or i["fuzzy"]]
        print(json.dumps(items, ensure_ascii=False, indent=1))
    elif args.command == "fill":
        refused = fill(args.catalogue, json.loads(args.file.read_text()))
        print("\n".join(refused) + f"\n{len(refused)} translation(s) refused" if refused else "all written")
        return 1 if refused else 0
    elif args.command == "build":
        out = build(args.outputs_from, args.html, strict=args.strict)
        print(f"The Korean book is at {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
