"""What the browser mapper needs to compute a map's checklist and review exactly as ``ambit`` does.

``mapper_data`` gathers the catalogue's selection inputs (component types with their usual data
kinds and operation, data-kind sensitivities, threat severities, intake questions, lifecycle
stages, and each active control's applicability, priority, layer, threats, sector notes and steps
with minutes) and the scoring constants from ``generator.systemmap.score`` and ``review``, so the
evaluator in ``site_overrides/assets/mapper/engine.js`` holds rules, not numbers. The build writes
it to ``assets/mapper/data.json``; a conformance test runs the Python engine and the JavaScript
one over the same maps in Chromium and compares controls, order, tiers, scores and review steps.
"""

from __future__ import annotations

import json
from typing import Any

from generator.applicability import GATE_REASONS, PROCESS_LAYER, REASONS, UNKNOWN_EXPOSURE, WIDE_EXPOSURES
from generator.model import Catalogue
from generator.systemmap import review, score, statement
from generator.systemmap.model import EXPOSURES, RUNS_ON_LABEL

FORMAT_VERSION = 1


def mapper_data(cat: Catalogue) -> dict[str, Any]:
    """The selection inputs and constants, JSON-ready, in catalogue order."""
    return {
        "format": "ambit-mapper-data",
        "format_version": FORMAT_VERSION,
        "catalogue": {"name": cat.info.name, "version": cat.info.version, "date": cat.info.date},
        "constants": {
            "priority_points": score.PRIORITY_POINTS,
            "exposure_points": score.EXPOSURE_POINTS,
            "intake_points": score.INTAKE_POINTS,
            "capability_questions": sorted(score.capability_questions(cat)),
            "obligation_points": score.OBLIGATION_POINTS,
            "obligations": [
                {"id": o.id, "sectors": list(o.sectors), "data_kinds": list(o.data_kinds)} for o in cat.obligations
            ],
            "properties": list(score.PROPERTIES),
            "first_tier_component_share": score.FIRST_TIER_COMPONENT_SHARE,
            "first_tier_leaders_share": score.FIRST_TIER_LEADERS_SHARE,
            "process_layer": PROCESS_LAYER,
            "process_full_impact": list(score.PROCESS_FULL_IMPACT),
            "tiers": list(score.TIERS),
            "first_tier": {
                "max": score.FIRST_TIER_MAX,
                "min": score.FIRST_TIER_MIN,
                "share": score.FIRST_TIER_SHARE,
                "next_size": score.NEXT_TIER_SIZE,
            },
            "wide_exposures": list(WIDE_EXPOSURES),
            "exposures": list(EXPOSURES),
            "home_layer_points": review.HOME_LAYER_POINTS,
            "platform_points": review.PLATFORM_POINTS,
            "assumed_penalty": review.ASSUMED_PENALTY,
            "full_share": review.FULL_SHARE,
            "shortfall": review.SHORTFALL,
            "step_decay": review.STEP_DECAY,
            "default_minutes": review.DEFAULT_MINUTES,
            "runs_on_label": RUNS_ON_LABEL,
            "unknown_exposure": UNKNOWN_EXPOSURE,
            "reasons": REASONS,
            "gate_reasons": GATE_REASONS,
            "tasks": statement.TASKS,
            "task_order": list(statement.TASK_ORDER),
            "first_tasks": statement.FIRST_TASKS,
            "uncovered": statement.UNCOVERED,
            "shown_uncovered": statement.SHOWN_UNCOVERED,
            "shown_failures": statement.SHOWN_FAILURES,
            "statuses": list(statement.STATUSES),
        },
        "lifecycle": [s.id for s in cat.lifecycle],
        "sectors": [{"id": s.id, "name": s.name} for s in cat.sectors],
        "data_kinds": [
            {
                "id": k.id,
                "name": k.name,
                "sensitivity": k.sensitivity,
                "integrity": k.integrity,
                "availability": k.availability,
            }
            for k in cat.data_kinds
        ],
        "intake": [{"id": q.id, "question": q.question, "help": q.help} for q in cat.intake],
        "platforms": [{"id": p.id, "name": p.name, "kind": p.kind} for p in cat.platforms],
        "threats": [
            {"id": t.id, "name": t.name, "severity": t.severity, "properties": list(t.properties)} for t in cat.threats
        ],
        "components": [
            {
                "id": c.id,
                "name": c.name,
                "description": c.description,
                "layer": c.layer,
                "ai": c.ai,
                "data_kinds": list(c.data_kinds),
                "operation": c.operation,
                "impact": dict(c.impact),
                "examples": list(c.examples),
            }
            for c in cat.components
        ],
        "layers": [{"id": layer.id, "name": layer.name} for layer in cat.layers],
        "controls": [
            {
                "id": c.id,
                "title": c.title,
                "summary": c.summary,
                "layer": c.layer,
                "priority": c.priority,
                "lifecycle": list(c.lifecycle),
                "components": list(c.components),
                "threats": list(c.threats),
                "applies_when": {
                    "data_kinds": list(c.applies_when.data_kinds),
                    "exposure": list(c.applies_when.exposure),
                    "operation": list(c.applies_when.operation),
                    "sectors": list(c.applies_when.sectors),
                    "intake": list(c.applies_when.intake),
                    "platforms": list(c.applies_when.platforms),
                },
                "raised_by": list(c.raised_by),
                "obligations": list(score.control_obligations(cat, c)),
                "sectors": dict(c.sectors),
                "effort_minutes": c.effort_minutes,
                "steps": [
                    {
                        "step": v.step,
                        "evidence": v.evidence,
                        "minutes": m,
                        "platforms": list(v.platforms),
                        "label": v.label,  # whom the step is for, printed before it (VerificationStep.labelled)
                    }
                    for v, m in zip(c.verification, c.step_minutes, strict=True)
                ],
            }
            for c in cat.active_controls
        ],
    }


def render_mapper_data(cat: Catalogue) -> str:
    """``mapper_data`` as compact, deterministic JSON text."""
    return json.dumps(mapper_data(cat), ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
