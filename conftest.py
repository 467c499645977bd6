"""Execute every chapter once per test run.

nbval executes each chapter (``book/*.ipynb``) in a kernel and checks that every cell runs; the
hook below keeps the outputs it receives in the notebook it read. ``executed_chapters(config)``
then hands those executed notebooks to the book build of ``tests/test_browser.py``, which builds
them with execution off instead of running every chapter a second time. (``testpaths`` lists
``book`` before ``tests`` so that the chapters run first.)
"""

from __future__ import annotations

import nbformat
import pytest

_KEY = pytest.StashKey[dict]()


def pytest_configure(config):
    config.stash[_KEY] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    outputs = getattr(item, "test_outputs", None)
    cell = getattr(item, "cell", None)
    if outputs is None or cell is None or not hasattr(item.parent, "nb"):
        return  # not a notebook cell that ran
    runs = item.config.stash[_KEY].setdefault(str(item.parent.path), {"nb": item.parent.nb, "count": 0, "failed": False})
    runs["count"] += 1
    cell.outputs = [nbformat.from_dict(dict(o)) for o in outputs]
    cell.execution_count = runs["count"]
    for o in cell.outputs:
        if o.get("output_type") == "execute_result":
            o["execution_count"] = runs["count"]
    if outcome.excinfo is not None:
        runs["failed"] = True


def executed_chapters(config) -> dict:
    """{path of the chapter: its executed notebook} for the chapters whose every code cell ran
    without error in this session."""
    out = {}
    for path, runs in config.stash[_KEY].items():
        code = [c for c in runs["nb"].cells if c.cell_type == "code"]
        if not runs["failed"] and runs["count"] == len(code):
            out[path] = runs["nb"]
    return out
