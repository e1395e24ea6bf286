"""The browser mapper's engine gives exactly the answers of ``ambit map`` and ``ambit review``.

Both engines run over the same maps: the worked examples, the maps written for the tests, and
forty maps generated from a fixed seed with every field the map schema allows (data kinds,
operation, runs_on, concerns, flow data kinds, intake answers). The JavaScript runs in Debian's
Chromium on the data the build publishes; the test compares controls, order, tiers, scores,
components, and the review steps of every component at 30 and 60 minutes.
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
from generator.systemmap.select import build_map_checklist
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
            comp: dict[str, Any] = {
                "id": f"c{i}",
                "type": rng.choice(types),
                "exposure": rng.choice(["internet", "partner", "internal"]),
            }
            if rng.random() < 0.7:
                comp["data_kinds"] = rng.sample(kinds, rng.randint(1, 3))
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
            smap["intake"] = {q: rng.choice([True, False, "yes", "no"]) for q in rng.sample(questions, 4)}
        maps.append(smap)
    return maps


def python_answers(cat: Catalogue, raw: dict[str, Any]) -> dict[str, Any]:
    smap = build_map(raw)
    items = build_map_checklist(cat, smap).items
    reviews = {}
    for c in smap.components:
        for minutes in (30, 60):
            pack = build_review(cat, smap, c.id, minutes)
            reviews[f"{c.id}/{minutes}"] = [[s.control.id, s.number, s.minutes] for s in pack.steps]
    return {
        "items": [
            [i.control.id, i.ranking.tier, i.ranking.score["total"], list(i.ranking.components)]
            for i in items
            if i.ranking
        ],
        "reviews": reviews,
        "riskiest": riskiest_component(cat, smap).id,
    }


JS_ANSWERS = """([data, maps]) => maps.map(raw => {
  const E = window.AmbitMapper;
  const items = E.checklist(data, raw).map(i => [i.control.id, i.tier, i.score.total, i.components]);
  const reviews = {};
  for (const c of raw.components) for (const m of [30, 60])
    reviews[c.id + "/" + m] = E.review(data, raw, c.id, m).steps.map(s => [s.control.id, s.number, s.minutes]);
  return {items, reviews, riskiest: E.riskiest(data, raw)};
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
