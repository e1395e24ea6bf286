"""The one-hour review: budget never exceeded, greedy order, blast radius, all three formats."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.model import Catalogue, Control
from generator.systemmap.model import SystemMap
from generator.systemmap.review import build_review, choose_checks, render_all, render_html, render_markdown


def _control(base: Control, i: int, priority: str, minutes: int, threats: tuple[str, ...]) -> Control:
    return replace(base, id=f"TST-{i:03d}", priority=priority, effort_minutes=minutes, threats=threats)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["essential", "recommended", "advanced"]),
            st.integers(1, 60),
            st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=3, unique=True),
        ),
        max_size=25,
    ),
    st.integers(1, 120),
)
def test_never_over_budget(catalogue: Catalogue, specs: list[tuple[str, int, list[str]]], minutes: int) -> None:
    base = catalogue.controls[0]
    pool = [_control(base, i, p, m, tuple(t)) for i, (p, m, t) in enumerate(specs)]
    chosen = choose_checks(pool, minutes)
    used = sum(c.effort_minutes for c, _ in chosen)
    assert used <= minutes
    # greedy: nothing left out would still fit
    left = minutes - used
    assert all(c.effort_minutes > left for c in pool if c not in [x for x, _ in chosen])


def test_priority_then_coverage_per_minute(catalogue: Catalogue) -> None:
    base = catalogue.controls[0]
    pool = [
        _control(base, 1, "recommended", 5, ("a", "b", "c")),
        _control(base, 2, "essential", 30, ("a",)),
        _control(base, 3, "essential", 20, ("a", "b")),
        _control(base, 4, "essential", 10, ("b",)),
    ]
    # TST-003 covers 2 threats in 20 min (0.1/min) and TST-004 1 in 10 (0.1/min): the shorter wins the tie;
    # then TST-003 adds 'a' (1/20) over TST-002 (1/30); essential checks come before the recommended one.
    assert [c.id for c, _ in choose_checks(pool, 60)] == ["TST-004", "TST-003", "TST-002"]
    # with 10 minutes left TST-002 no longer fits, and the recommended check does
    assert [c.id for c, _ in choose_checks(pool, 40)] == ["TST-004", "TST-003", "TST-001"]


def test_checks_on_the_component_itself_come_first_within_a_priority(catalogue: Catalogue) -> None:
    base = catalogue.controls[0]
    hosting = replace(_control(base, 1, "essential", 30, ("a",)), layer="hosting")
    playbook = replace(_control(base, 2, "essential", 30, ("b", "c")), layer="people")
    bucket = replace(_control(base, 3, "essential", 30, ("d",)), layer="hosting")
    chosen = [c.id for c, _ in choose_checks([hosting, playbook, bucket], 60, home_layer="hosting")]
    assert chosen == ["TST-001", "TST-003"]  # the playbook covers more threats but examines no bucket
    assert next(c.id for c, _ in choose_checks([hosting, playbook, bucket], 60)) == "TST-002"


def test_review_of_the_bucket(catalogue: Catalogue, route_map: SystemMap) -> None:
    pack = build_review(catalogue, route_map, "route-history")
    assert pack.used_minutes <= 60 and pack.checks
    for check in pack.checks:
        assert "object-storage" in check.control.components
    blast = pack.blast
    assert [h.component.id for h in blast.downstream][:2] == ["trainer", "archive"]
    assert [h.component.id for h in blast.ai_dependents] == ["route-model"]
    assert "GPS pings" in blast.holds and "location" in blast.holds
    assert [p.role for p in blast.downstream_users] == ["Field agent"]
    short = build_review(catalogue, route_map, "route-history", minutes=20)
    assert short.used_minutes <= 20


def test_formats(catalogue: Catalogue, route_map: SystemMap) -> None:
    pack = build_review(catalogue, route_map, "route-history")
    md = render_markdown(pack)
    assert md.startswith("# One\\-hour review: route-history (object storage bucket)")
    assert "If this were the only thing that failed" in md and "## Findings" in md
    html = render_html(pack)
    assert 'http-equiv="Content-Security-Policy"' in html
    for check in pack.checks:
        assert f'id="{check.control.id}"' in html


def test_hostile_text_is_escaped(catalogue: Catalogue, route_map: SystemMap) -> None:
    hostile = replace(
        route_map,
        system="<script>alert(1)</script>",
        components=tuple(
            replace(c, name="[click](javascript:alert(1)) <b>x</b>") if c.id == "route-history" else c
            for c in route_map.components
        ),
    )
    pack = build_review(catalogue, hostile, "route-history")
    html = render_html(pack)
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<b>x</b>" not in html
    md = render_markdown(pack)
    # The escape keeps the text readable ("\\[click](...)"), so check what it renders to.
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    assert 'href="javascript' not in rendered and "<script>" not in rendered and "<b>x</b>" not in rendered
    assert "[click](javascript:alert(1)) &lt;b&gt;x&lt;/b&gt;" in rendered


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_text(catalogue: Catalogue, route_map: SystemMap) -> None:
    pack = build_review(catalogue, route_map, "route-history")
    files = render_all(pack)
    assert files["pdf"] == render_all(pack)["pdf"]  # deterministic
    text = subprocess.run(["pdftotext", "-", "-"], input=files["pdf"], capture_output=True, check=True).stdout.decode(
        "utf-8"
    )
    assert "One-hour review: route-history (object storage bucket)" in text
    assert "If this were the only thing that failed" in text
    for check in pack.checks:
        assert check.control.id in text
