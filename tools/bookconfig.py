"""The book's _config.yml, with its relative paths made absolute, for builds that pass a config
file from elsewhere (``jupyter-book build . --config /tmp/...``): the quick preview
(tools/preview.py) and the builds in the tests. Jupyter Book resolves ``bibtex_bibfiles`` and
``sphinx.local_extensions`` relative to the config file, so a copy in /tmp must not keep them
relative."""

from __future__ import annotations

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load(execute_notebooks: str | None = None) -> dict:
    """The configuration as a dict, paths absolute; ``execute_notebooks`` overrides the setting
    ("off", "force", ...) when given."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["bibtex_bibfiles"] = [str(ROOT / b) for b in config.get("bibtex_bibfiles", [])]
    local = config.get("sphinx", {}).get("local_extensions") or {}
    for name, path in local.items():
        local[name] = str(ROOT / path)
    if execute_notebooks is not None:
        config["execute"]["execute_notebooks"] = execute_notebooks
    return config


def write(config: dict, path: pathlib.Path) -> pathlib.Path:
    path = pathlib.Path(path)
    path.write_text(yaml.safe_dump(config))
    return path
