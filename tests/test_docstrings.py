"""Every example in ganlib's docstrings runs and prints what it says it prints."""

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import ganlib

MODULES = sorted(m.name for m in pkgutil.walk_packages(ganlib.__path__, "ganlib."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"np": np, "ganlib": ganlib}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} failed (run it for details)"
