"""The freshness check reports withdrawn, renumbered and missing references with replacements."""

from __future__ import annotations

from dataclasses import dataclass

from generator.frameworks.check import (
    CODE_MISSING,
    CODE_NO_REGISTRY,
    CODE_RENUMBERED,
    CODE_WITHDRAWN,
    check_references,
)
from generator.model import Catalogue, CatalogueInfo, Control, Framework


def _control(references: dict[str, tuple[str, ...]]) -> Control:
    return Control(
        id="IAM-001",
        title="t",
        summary="s",
        description="d",
        rationale="r",
        priority="essential",
        lifecycle=(),
        components=(),
        threats=(),
        verification=(),
        effort_minutes=10,
        references=references,
        status="active",
        added_in="0.1.0",
        layer="identity",
        path="content/controls/identity/IAM-001.yml",
    )


def _catalogue(control: Control, *frameworks: Framework) -> Catalogue:
    info = CatalogueInfo(name="Ambit", version="0.1.0", date="2026-11-25", repository="x")
    return Catalogue(info, (), (), (), (), (), (), frameworks, (control,), ())


def test_reports_withdrawn_renumbered_and_missing(sp800_53: Framework, csf: Framework) -> None:
    control = _control(
        {
            "nist-sp-800-53-r5": ("AC-2", "SA-19", "AC-02(05)", "ZZ-9"),
            "nist-csf-2.0": ("PR.AC-01",),
            "no-such-framework": ("X",),
        }
    )
    found = check_references(_catalogue(control, sp800_53, csf))
    by_code = {(d.code, d.message.split("'")[1]): d for d in found}
    assert len(found) == 5
    withdrawn = by_code[(CODE_WITHDRAWN, "SA-19")]
    assert "SR-11" in withdrawn.hint
    assert "PR.AA-01 or PR.AA-05" in by_code[(CODE_WITHDRAWN, "PR.AC-01")].hint
    assert "AC-2(5)" in by_code[(CODE_RENUMBERED, "AC-02(05)")].hint
    assert (CODE_MISSING, "ZZ-9") in by_code
    assert any(d.code == CODE_NO_REGISTRY for d in found)
    assert all(d.path == control.path for d in found)


@dataclass
class _Mark:
    line: int
    col: int


class _Doc:
    def mark(self, path: tuple[str | int, ...]) -> _Mark:
        assert path[0] == "references"
        return _Mark(line=20 + int(path[2]), col=7)


def test_positions_come_from_loaded_documents(sp800_53: Framework) -> None:
    control = _control({"nist-sp-800-53-r5": ("AC-2", "SA-19")})
    found = check_references(_catalogue(control, sp800_53), {control.path: _Doc()})
    assert [(d.line, d.col) for d in found] == [(21, 7)]


def test_current_references_give_nothing(sp800_53: Framework) -> None:
    control = _control({"nist-sp-800-53-r5": ("AC-2", "AC-2(5)")})
    assert check_references(_catalogue(control, sp800_53)) == []
