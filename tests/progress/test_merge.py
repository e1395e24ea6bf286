from __future__ import annotations

import dataclasses

from generator.model import Catalogue
from generator.progress.merge import carried_note, merge, report_markdown
from generator.progress.model import ItemProgress, Progress


def _evolved(catalogue: Catalogue) -> Catalogue:
    """Catalogue 0.3.0: IAM-001 changed in 0.2.0, IAM-002 retired for IAM-001, IAM-003 retired outright."""
    iam = catalogue.control("IAM-001")
    controls = (
        *(c if c.id != "IAM-001" else dataclasses.replace(c, changed_in="0.2.0") for c in catalogue.controls),
        dataclasses.replace(iam, id="IAM-002", status="retired", retired_in="0.3.0", superseded_by="IAM-001"),
        dataclasses.replace(
            iam, id="IAM-003", status="retired", retired_in="0.2.0", retired_reason="merged into policy"
        ),
    )
    info = dataclasses.replace(catalogue.info, version="0.3.0")
    return dataclasses.replace(catalogue, controls=controls, info=info)


def _progress(**items: ItemProgress) -> Progress:
    return Progress("baseline", "0.1.0", {k.replace("_", "-"): v for k, v in items.items()})


def test_changed_controls_are_carried_and_listed(catalogue: Catalogue) -> None:
    result = merge(
        _progress(IAM_001=ItemProgress("implemented"), HST_001=ItemProgress("in-progress")), _evolved(catalogue)
    )
    assert result.progress.catalogue_version == "0.3.0"
    assert result.progress.items["IAM-001"].status == "implemented"
    assert [(c.control, c.kind) for c in result.changes] == [("IAM-001", "changed")]


def test_nothing_is_reported_changed_when_the_answers_are_newer_than_the_change(catalogue: Catalogue) -> None:
    newer = Progress("baseline", "0.2.0", {"IAM-001": ItemProgress("implemented")})
    assert merge(newer, _evolved(catalogue)).changes == ()


def test_a_retired_controls_answer_moves_to_its_successor_flagged(catalogue: Catalogue) -> None:
    evolved = _evolved(catalogue)
    result = merge(_progress(IAM_002=ItemProgress("implemented", owner="Dana", notes="keys issued")), evolved)
    moved = result.progress.items["IAM-001"]
    assert (moved.status, moved.owner) == ("implemented", "Dana")
    assert moved.notes == carried_note("IAM-002", evolved.control("IAM-002")) + "\nkeys issued"
    assert "IAM-002" not in result.progress.items
    assert [(c.control, c.kind) for c in result.changes] == [("IAM-002", "superseded")]


def test_the_successors_own_answer_wins(catalogue: Catalogue) -> None:
    progress = _progress(IAM_001=ItemProgress("in-progress"), IAM_002=ItemProgress("implemented"))
    result = merge(progress, _evolved(catalogue))
    assert result.progress.items["IAM-001"].status == "in-progress"
    assert ("IAM-002", "conflict") in [(c.control, c.kind) for c in result.changes]


def test_retired_and_unknown_controls_are_dropped_and_listed(catalogue: Catalogue) -> None:
    result = merge(
        _progress(IAM_003=ItemProgress("implemented"), PPL_999=ItemProgress("implemented")), _evolved(catalogue)
    )
    assert result.progress.items == {}
    assert [(c.control, c.kind) for c in result.changes] == [("IAM-003", "retired"), ("PPL-999", "unknown")]
    assert "merged into policy" in result.changes[0].detail


def test_a_checklist_keeps_only_its_controls_and_counts_the_unanswered(catalogue: Catalogue) -> None:
    progress = _progress(IAM_001=ItemProgress("implemented"), HST_001=ItemProgress("implemented"))
    result = merge(progress, catalogue, ["IAM-001", "ING-001"], checklist="other")
    assert list(result.progress.items) == ["IAM-001"]
    assert result.progress.checklist == "other"
    assert [(c.control, c.kind) for c in result.changes] == [("HST-001", "not-in-checklist")]
    assert result.unanswered == ("ING-001",)


def test_report_lists_each_kind_under_its_heading_with_text_escaped(catalogue: Catalogue) -> None:
    evolved = _evolved(catalogue)
    hst = dataclasses.replace(evolved.control("HST-001"), changed_in="0.2.0")
    evolved = dataclasses.replace(evolved, controls=tuple(hst if c.id == "HST-001" else c for c in evolved.controls))
    progress = _progress(HST_001=ItemProgress("implemented"), IAM_002=ItemProgress(), IAM_003=ItemProgress())
    report = report_markdown(merge(progress, evolved), "0.1.0", "old [x](javascript:1).json")
    assert report.startswith("# Progress carried forward: baseline\n\nFrom catalogue 0.1.0 to 0.3.0;")
    assert "old \\[x](javascript:1).json" in report
    assert "## Changed since the answers were given (review them)\n\n- HST-001: changed in 0.2.0" in report
    assert "## Retired and replaced (answers moved to the successor)\n\n- IAM-002:" in report
    assert "## Retired without a successor (answers dropped)\n\n- IAM-003:" in report
