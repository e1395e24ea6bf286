"""The one-hour review: budget never exceeded, greedy order, blast radius, all three formats."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.model import Catalogue, Control, VerificationStep
from generator.systemmap.model import SystemMap
from generator.systemmap.review import (
    PLATFORM_POINTS,
    STEP_DECAY,
    ReviewStep,
    build_review,
    choose_steps,
    ranked_steps,
    render_all,
    render_html,
    render_markdown,
)


def _step(control: Control, number: int, minutes: int, value: int) -> ReviewStep:
    return ReviewStep(control, number, VerificationStep("look", "proof", minutes), minutes, value)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 30), max_size=30), st.integers(1, 120), st.integers(1, 120))
def test_never_over_budget_and_smaller_budgets_give_prefixes(
    catalogue: Catalogue, minutes: list[int], budget: int, other: int
) -> None:
    base = catalogue.controls[0]
    ranked = [_step(base, i + 1, m, 100 - i) for i, m in enumerate(minutes)]
    chosen = choose_steps(ranked, budget)
    assert sum(s.minutes for s in chosen) <= budget
    assert chosen == ranked[: len(chosen)]  # a prefix of the ranked list
    small, large = sorted((budget, other))
    assert choose_steps(ranked, large)[: len(choose_steps(ranked, small))] == choose_steps(ranked, small)


def test_pack_is_a_prefix_of_the_ranked_steps(catalogue: Catalogue, route_map: SystemMap) -> None:
    ranked = ranked_steps(catalogue, route_map, "route-history")
    values = [s.value for s in ranked]
    assert values == sorted(values, reverse=True)
    pack30 = build_review(catalogue, route_map, "route-history", minutes=30)
    pack60 = build_review(catalogue, route_map, "route-history", minutes=60)
    assert pack60.steps[: len(pack30.steps)] == pack30.steps
    assert list(pack60.steps) == ranked[: len(pack60.steps)]
    for control in {s.control.id for s in ranked}:  # a control's steps come in their own order
        numbers = [s.number for s in ranked if s.control.id == control]
        assert numbers == sorted(numbers)


def test_the_components_own_layer_comes_first(catalogue: Catalogue, route_map: SystemMap) -> None:
    ranked = ranked_steps(catalogue, route_map, "route-history")
    first_steps = [s for s in ranked if s.number == 1]
    assert first_steps[0].control.layer == "hosting"  # object storage is a hosting component


def test_review_of_the_bucket(catalogue: Catalogue, route_map: SystemMap) -> None:
    pack = build_review(catalogue, route_map, "route-history")
    assert pack.used_minutes <= 60 and pack.checks
    assert pack.used_minutes == sum(c.minutes for c in pack.checks)
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
    assert md.startswith("# One-hour review: route-history (object storage bucket)")
    assert "If this were the only thing that failed" in md and "## Findings" in md
    assert "| Reviewer | | Date | |" in md and "**Started**" in md and "**Finished**" in md
    assert " 1 checks" not in md and " 1 steps" not in md
    html = render_html(pack)
    assert 'http-equiv="Content-Security-Policy"' in html
    assert '<table class="signoff">' in html
    for check in pack.checks:
        assert f'id="{check.control.id}"' in html
    code_step = next((s for s in pack.steps if "`" in s.step.step), None)
    if code_step is not None:  # code spans render as code, not as literal backticks
        assert "<code>" in html


def test_json_follows_its_schema(catalogue: Catalogue, route_map: SystemMap) -> None:
    import json

    import jsonschema

    from tests.systemmap.conftest import REPO

    pack = build_review(catalogue, route_map, "route-history")
    data = json.loads(render_all(pack)["json"])
    schema = json.loads((REPO / "content/schema/review-export.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert [(s["control"], s["step"]) for s in data["steps"]] == [(s.control.id, s.number) for s in pack.steps]
    assert data["used_minutes"] == sum(s["minutes"] for s in data["steps"]) <= data["budget_minutes"]
    assert [d["component"] for d in data["blast_radius"]["downstream"]][:2] == ["trainer", "archive"]


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


def _with_platform_steps(catalogue: Catalogue) -> Catalogue:
    """The catalogue with each storage control's first step written for AWS and its second for Supabase."""
    controls = []
    for c in catalogue.controls:
        if "object-storage" in c.components and len(c.verification) >= 2:
            steps = list(c.verification)
            steps[0] = replace(steps[0], platforms=("aws",))
            steps[1] = replace(steps[1], platforms=("supabase", "gcp"))
            c = replace(c, verification=tuple(steps))
        controls.append(c)
    return replace(catalogue, controls=tuple(controls))


@pytest.mark.parametrize(("platform", "allowed"), [("supabase", {"supabase"}), ("aws", {"aws"}), ("", set())])
def test_a_review_never_offers_a_step_for_another_platform(
    catalogue: Catalogue, route_map: SystemMap, platform: str, allowed: set[str]
) -> None:
    cat = _with_platform_steps(catalogue)
    bucket = replace(route_map.component("route-history"), platform=platform)
    smap = replace(route_map, components=tuple(bucket if c.id == bucket.id else c for c in route_map.components))
    ranked = ranked_steps(cat, smap, "route-history")
    named = {p for s in ranked for p in s.step.platforms}
    assert ranked and named <= allowed | {"gcp"}
    assert all(not s.step.platforms or platform in s.step.platforms for s in ranked)
    if platform:  # the steps for its own platform are offered
        assert any(platform in s.step.platforms for s in ranked)


REVIEWED = [
    ("dental-group", "pms-server"),
    ("dental-group", "remote-support"),
    ("legal-saas", "supabase-db"),
    ("legal-saas", "stripe-webhook"),
    ("cold-chain", "vendor-vpn"),
    ("cold-chain", "telematics-api"),
]


@pytest.mark.parametrize(("name", "component"), REVIEWED)
def test_a_review_fills_the_hour_with_checks_on_the_component_first(
    catalogue: Catalogue, name: str, component: str
) -> None:
    from tests.systemmap.test_trust import _load

    smap = _load(catalogue, name)
    pack = build_review(catalogue, smap, component)
    assert 45 <= pack.used_minutes <= 60 and not pack.shortfall
    own_type = smap.component(component).type
    assert all(own_type in s.control.components for s in pack.steps)
    layers = [s.control.layer == "people" for s in ranked_steps(catalogue, smap, component)]
    assert layers == sorted(layers)  # organisation-wide paperwork only after the component's own checks
    short = build_review(catalogue, smap, component, minutes=30)
    assert pack.steps[: len(short.steps)] == short.steps
    assert short.title == "30-minute review" and pack.title == "One-hour review"


def test_a_short_or_empty_review_says_why_and_what_would_fill_it(catalogue: Catalogue, route_map: SystemMap) -> None:
    tiny = build_review(catalogue, route_map, "route-history", minutes=2)
    assert not tiny.steps and tiny.shortfall.startswith("No check fits in 2 minutes: the first one takes")
    # A catalogue with one short control for buckets: every check fits, and the pack says so. The control is
    # one the bucket keeps, shorter than three quarters of the hour, and without platform steps, so all its
    # minutes fit a bucket whose map names no platform.
    kept = {s.control.id for s in build_review(catalogue, route_map, "route-history", minutes=600).steps}
    one = next(
        c
        for c in catalogue.active_controls
        if "object-storage" in c.components and c.id in kept and not c.step_platforms and c.effort_minutes < 45
    )
    controls = tuple(
        c if c.id == one.id else replace(c, components=tuple(t for t in c.components if t != "object-storage"))
        for c in catalogue.controls
    )
    cat = replace(catalogue, controls=controls)
    pack = build_review(cat, route_map, "route-history")
    assert pack.used_minutes == one.effort_minutes < 45
    assert pack.shortfall.startswith(f"Every check of the controls kept for route-history fits in {one.effort_minutes}")
    assert "Stating its data kinds" in pack.shortfall
    assert pack.shortfall in render_markdown(pack) and pack.shortfall in render_html(pack)
    none = replace(cat, controls=tuple(c for c in cat.controls if c.id != one.id))
    assert build_review(none, route_map, "route-history").shortfall.startswith("No control is kept for route-history")


def test_steps_for_other_platforms_neither_lower_a_step_nor_leave_a_check_incomplete(
    catalogue: Catalogue, route_map: SystemMap
) -> None:
    # One bucket control with a neutral check and one step per cloud; the bucket runs on Azure.
    one = next(c for c in catalogue.active_controls if "object-storage" in c.components)
    neutral = VerificationStep("Try to make a test bucket public.", "The refused call.", 5)
    clouds = [VerificationStep(f"Read the {p} setting.", "Its export.", 5, (p,)) for p in ("aws", "gcp", "azure")]
    alone = replace(one, verification=(neutral, *clouds), effort_minutes=10)
    controls = tuple(
        alone if c.id == one.id else replace(c, components=tuple(t for t in c.components if t != "object-storage"))
        for c in catalogue.controls
    )
    cat = replace(catalogue, controls=controls)
    bucket = replace(route_map.component("route-history"), platform="azure")
    smap = replace(route_map, components=tuple(bucket if c.id == bucket.id else c for c in route_map.components))

    first, azure = ranked_steps(cat, smap, "route-history")
    assert (first.number, azure.number) == (1, 4)
    # Azure's step follows one step that fits here, not three: it loses one decay, plus the platform bonus.
    assert azure.value == first.value + PLATFORM_POINTS - STEP_DECAY
    pack = build_review(cat, smap, "route-history")
    (check,) = pack.checks
    assert check.complete and check.fitting == 2 and not pack.left_out
    assert "that fit this component" not in render_markdown(pack)
    short = build_review(cat, smap, "route-history", minutes=5)
    assert not short.checks[0].complete
    assert "(steps 1; 1 of the 2 that fit this component)" in render_markdown(short)
