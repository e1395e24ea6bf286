"""Diagnostics: sorted, de-duplicated, and safe in GitHub's annotation syntax."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, did_you_mean, render


def test_render_sorts_by_place_and_drops_repeats() -> None:
    later = Diagnostic("b.yml", 2, 1, "x", "second")
    earlier = Diagnostic("a.yml", 10, 3, "y", "first", "do this")
    assert render([later, earlier, later]) == (
        "a.yml:10:3: error[y]: first\n    hint: do this\nb.yml:2:1: error[x]: second"
    )


def test_github_annotations_escape_their_delimiters() -> None:
    d = Diagnostic("dir,x/a:b.yml", 3, 4, "code", "line one\nline two, 100%", "use 'x'")
    assert d.format_github() == (
        "::error file=dir%2Cx/a%3Ab.yml,line=3,col=4,title=code::line one%0Aline two, 100%25 (hint: use 'x')"
    )


def test_did_you_mean_ignores_case_and_far_words() -> None:
    assert did_you_mean("Healthcare", ["healthcare", "saas"]) == "did you mean 'healthcare'?"
    assert did_you_mean("zzz", ["healthcare", "saas"]) == ""
