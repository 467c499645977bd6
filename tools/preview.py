"""Build a preview of the book quickly while writing a chapter.

    .venv/bin/python tools/preview.py book/04_kl_js.ipynb [more chapters] [--out DIR] [--strict]

Builds the whole book into DIR (default ``_build/preview``) but executes only the chapters named;
chapters listed in _toc.yml that do not exist yet are left out of this preview. ``--strict`` adds
Sphinx's ``-W -n --keep-going`` (warnings are errors, nitpicky references), as the tests do.
The real build is ``make book``.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bookconfig  # noqa: E402

ROOT = bookconfig.ROOT


def filtered_toc(toc: dict) -> dict:
    def keep(entry):
        return (ROOT / (entry["file"] + ".ipynb")).exists() or (ROOT / (entry["file"] + ".md")).exists()

    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if keep(c)]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    return toc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("chapters", nargs="*", help="chapters to execute (others are shown without outputs)")
    ap.add_argument("--out", default=str(ROOT / "_build" / "preview"))
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()

    config = bookconfig.load()
    toc = filtered_toc(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    run = {str(pathlib.Path(c).resolve().relative_to(ROOT)) for c in args.chapters}
    every = [str(p.relative_to(ROOT)) for p in (ROOT / "book").glob("*.ipynb")]
    config["execute"]["execute_notebooks"] = "force" if run else "off"
    config["execute"]["exclude_patterns"] = [c for c in every if c not in run]
    with tempfile.TemporaryDirectory() as tmp:
        cfg, tc = pathlib.Path(tmp) / "_config.yml", pathlib.Path(tmp) / "_toc.yml"
        cfg.write_text(yaml.safe_dump(config))
        tc.write_text(yaml.safe_dump(toc))
        cmd = [str(pathlib.Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "--config", str(cfg), "--toc", str(tc), "--path-output", args.out]
        if args.strict:
            cmd += ["-W", "-n", "--keep-going"]
        rc = subprocess.call(cmd, cwd=ROOT)
    print(f"preview: {args.out}/_build/html/index.html")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
