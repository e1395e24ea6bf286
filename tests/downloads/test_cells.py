from __future__ import annotations

import pytest

from generator.downloads.cells import neutralise, restore


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_get_a_quote_and_can_be_restored(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Plain title", "", "'quoted already", "a=b"])
def test_other_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text
