"""The examples in the docstrings of the pure modules run as tests (`python3 -m pytest` runs them)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ("hhtax.money", "hhtax.periods", "hhtax.ids", "hhtax.declarations.words", "hhtax.tax.deadlines",
           "hhtax.tax.deduction", "hhtax.i18n", "hhtax.errors")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
