"""The browser mapper's engine gives exactly the answers of ``ambit map`` and ``ambit review``.

Both engines run over the same maps: the worked examples, the maps written for the tests, and
forty maps generated from a fixed seed with every field the map schema allows (data kinds, stated
or not, operation, platform, exposure stated or not, runs_on, concerns, flow data kinds, intake
answers yes, no or unknown). The JavaScript runs in Debian's
Chromium on the data the build publishes; the test compares controls, order, tiers, scores,
components, assumed flags, the statement of applicability (status, components and reason of every
control), the components with no control, the first tasks, and the review steps of every component
at 30 and 60 minutes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.model import Catalogue
from generator.systemmap.browser import render_mapper_data
from generator.systemmap.load import build_map
from generator.systemmap.review import build_review, riskiest_component
from generator.systemmap.select import build_map_checklist, map_items, map_verdicts
from generator.systemmap.statement import build_statement
from tests.systemmap.conftest import EXAMPLES, REPO, script_page

ENGINE = REPO / "site_overrides" / "assets" / "mapper" / "engine.js"
MAPS = [*sorted(EXAMPLES.glob("*.yml")), *sorted((Path(__file__).parent / "maps").glob("*.yml"))]


def generated_maps(cat: Catalogue, count: int, seed: int = 20261202) -> list[dict[str, Any]]:
    """Random but valid maps (fixed seed), using every applicability field."""
    rng = random.Random(seed)
    types = [c.id for c in cat.components]
    kinds = [k.id for k in cat.data_kinds]
    questions = [q.id for q in cat.intake]
    stages = [s.id for s in cat.lifecycle]
    maps = []
    for n in range(count):
        size = rng.randint(2, 14)
        comps: list[dict[str, Any]] = []
        for i in range(size):
            comp: dict[str, Any] = {"id": f"c{i}", "type": rng.choice(types)}
            exposure = rng.choice(["internet", "partner", "internal", "internal", "unknown", None])
            if exposure:  # left out or "unknown": not stated
                comp["exposure"] = exposure
            if rng.random() < 0.6:
                comp["data_kinds"] = rng.sample(kinds, rng.randint(0, 3))  # [] states "none of them"
            if rng.random() < 0.3:
                comp["operation"] = rng.choice(["managed", "self-hosted", "vendor-saas", "on-premises"])
            if rng.random() < 0.2:
                comp["concerns"] = rng.sample(questions, 1)
            if rng.random() < 0.2:
                comp["lifecycle"] = rng.sample(stages, rng.randint(1, 2))
            if rng.random() < 0.3:
                comp["platform"] = rng.choice([p.id for p in cat.platforms])
            if rng.random() < 0.15:
                comp["data"] = [rng.choice([*kinds, "free text label"])]
            if i and rng.random() < 0.15:
                comp["runs_on"] = [f"c{rng.randrange(i)}"]
            comps.append(comp)
        flows = []
        for _ in range(rng.randint(0, size * 2)):
            a, b = rng.sample(range(size), 2)
            flow: dict[str, Any] = {"from": f"c{a}", "to": f"c{b}", "data": "things", "lifecycle": rng.choice(stages)}
            if rng.random() < 0.3:
                flow["data_kinds"] = rng.sample(kinds, 1)
            flows.append(flow)
        smap: dict[str, Any] = {"system": f"Generated {n}", "components": comps, "flows": flows}
        if rng.random() < 0.7:
            smap["sector"] = rng.choice([s.id for s in cat.sectors])
        if rng.random() < 0.7:
            answers = [True, False, "yes", "no", "unknown"]
            smap["intake"] = {q: rng.choice(answers) for q in rng.sample(questions, rng.randint(1, len(questions)))}
        maps.append(smap)
    return maps


def python_answers(cat: Catalogue, raw: dict[str, Any]) -> dict[str, Any]:
    smap = build_map(raw)
    verdicts = map_verdicts(cat, smap)
    ranked = map_items(cat, smap, verdicts)
    items = build_map_checklist(cat, smap, ranked).items
    statement = build_statement(cat, smap, ranked, verdicts)
    reviews = {}
    for c in smap.components:
        for minutes in (30, 60):
            pack = build_review(cat, smap, c.id, minutes)
            reviews[f"{c.id}/{minutes}"] = [[s.control.id, s.number, s.minutes] for s in pack.steps] + [pack.shortfall]
    return {
        "items": [
            [i.control.id, i.ranking.tier, i.ranking.score["total"], list(i.ranking.components), r.assumed]
            for i, r in zip(items, ranked, strict=True)
            if i.ranking
        ],
        "statement": [[r.control.id, r.status, list(r.components), r.reason] for r in statement.rows],
        "uncovered": [[u.component, u.reason] for u in statement.uncovered],
        "tasks": [[t.kind, t.subject, t.text, list(t.controls)] for t in statement.tasks],
        "reviews": reviews,
        "riskiest": riskiest_component(cat, smap).id,
    }


JS_ANSWERS = """([data, maps]) => maps.map(raw => {
  const E = window.AmbitMapper;
  const st = E.statement(data, raw);
  const items = st.items.map(i => [i.control.id, i.tier, i.score.total, i.components, i.assumed]);
  const statement = st.rows.map(r => [r.id, r.status, r.components, r.reason]);
  const uncovered = st.uncovered.map(u => [u.component, u.reason]);
  const tasks = st.tasks.map(t => [t.kind, t.subject, t.text, t.controls]);
  const reviews = {};
  for (const c of raw.components) for (const m of [30, 60])
    { const r = E.review(data, raw, c.id, m);
      reviews[c.id + "/" + m] = r.steps.map(s => [s.control.id, s.number, s.minutes]).concat([r.shortfall]); }
  return {items, statement, uncovered, tasks, reviews, riskiest: E.riskiest(data, raw)};
})"""


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    with script_page(browser, "engine", ENGINE) as page:
        yield page


def test_both_engines_agree(page: Any, catalogue: Catalogue) -> None:
    maps = [yaml.safe_load(p.read_text("utf-8")) for p in MAPS] + generated_maps(catalogue, 40)
    data = json.loads(render_mapper_data(catalogue))
    answers = page.evaluate(JS_ANSWERS, [data, maps])
    for raw, js in zip(maps, answers, strict=True):
        assert js == python_answers(catalogue, raw), raw["system"]


def test_both_engines_skip_steps_for_other_platforms(page: Any, catalogue: Catalogue) -> None:
    # No catalogue step names a platform yet everywhere: give every storage and database control's
    # first step one, so the reviews of components on, off and without a platform differ.
    from dataclasses import replace

    controls = []
    for c in catalogue.controls:
        if {"object-storage", "operational-database", "cloud-account"} & set(c.components) and c.verification:
            steps = list(c.verification)
            steps[0] = replace(steps[0], platforms=("aws", "supabase"))
            c = replace(c, verification=tuple(steps))
        controls.append(c)
    cat = replace(catalogue, controls=tuple(controls))
    maps = generated_maps(cat, 25, seed=7)
    data = json.loads(render_mapper_data(cat))
    answers = page.evaluate(JS_ANSWERS, [data, maps])
    for raw, js in zip(maps, answers, strict=True):
        assert js["reviews"] == python_answers(cat, raw)["reviews"], raw["system"]


def test_both_engines_agree_on_platform_conditions(page: Any, catalogue: Catalogue) -> None:
    # Few catalogue controls concern one platform: give every control a condition on every other
    # platform, so that components on a listed platform, on another and without one (held,
    # failed, unknown) all occur in the generated maps, and compare every answer.
    from dataclasses import replace

    from generator.applicability import FAILED, HELD, UNKNOWN, verdict
    from generator.systemmap.facts import map_facts

    listed = tuple(p.id for p in catalogue.platforms)[::2]
    controls = tuple(replace(c, applies_when=replace(c.applies_when, platforms=listed)) for c in catalogue.controls)
    cat = replace(catalogue, controls=controls)
    maps = generated_maps(cat, 30, seed=21)
    outcomes = set()
    for raw in maps:
        for facts in map_facts(cat, build_map(raw)).values():
            for control in cat.active_controls:
                if facts.type in control.components:
                    clauses = verdict(control, facts).clauses
                    outcomes.update(c.outcome for c in clauses if c.condition == "platforms")
    assert outcomes == {HELD, FAILED, UNKNOWN}  # on a listed platform, on another, without one
    data = json.loads(render_mapper_data(cat))
    answers = page.evaluate(JS_ANSWERS, [data, maps])
    assert any(t[0] == "platforms" for js in answers for t in js["tasks"])  # an unstated platform is a first task
    for raw, js in zip(maps, answers, strict=True):
        assert js == python_answers(cat, raw), raw["system"]
