from __future__ import annotations

import pytest

from generator.downloads.about import RegulationView, paragraphs, regulations
from generator.select import Checklist
from tests.downloads.conftest import HOSTILE_REGULATIONS


def test_paragraphs_split_at_blank_lines_and_fold_the_rest() -> None:
    text = "First line\nwraps here.\n\n  \nSecond  paragraph.\n \t\nThird.\n"
    assert paragraphs(text) == ["First line wraps here.", "Second paragraph.", "Third."]
    assert paragraphs("  \n\n ") == []


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://eur-lex.europa.eu/eli/reg/2024/1689/oj", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"),
        ("javascript:alert(1)", ""),
        ("http://example.org/", ""),
        ("//evil.example/", ""),
        ('https://evil.example/" onmouseover="x', ""),
        ("https://evil.example/<script>", ""),
        ("https://evil.example/a b", ""),
        ("https://evil.example/\u0000", ""),
        ("", ""),
    ],
)
def test_only_a_plain_https_address_is_a_link(url: str, link: str) -> None:
    assert RegulationView("Act", "Note", url).link == link


def test_regulations_come_from_the_definition_stripped(hostile_about: Checklist, checklist: Checklist) -> None:
    got = regulations(hostile_about)
    assert [r.name for r in got] == [r.name.strip() for r in HOSTILE_REGULATIONS]
    assert regulations(checklist) == ()
