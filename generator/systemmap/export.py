"""``review-<component>.json``: the one-hour review as data, for tools and the browser mapper.

The document lists the chosen steps in the order they were chosen (control id, step number,
minutes), the candidate controls left for later, and the blast radius. Its schema is
``content/schema/review-export.schema.json``; keys keep the schema's order, so the same pack gives
the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from generator.systemmap.review import ReviewPack

FORMAT_VERSION = 1


def review_document(pack: ReviewPack) -> dict[str, Any]:
    """The review pack as a JSON-ready dictionary."""
    b = pack.blast
    return {
        "format": "ambit-review",
        "format_version": FORMAT_VERSION,
        "system": pack.system,
        "component": {
            "id": pack.component.id,
            "type": pack.component.type,
            "exposure": pack.component.exposure,
            "name": pack.component.name,
        },
        "catalogue": {"name": pack.info.name, "version": pack.info.version, "date": pack.info.date},
        "budget_minutes": pack.minutes,
        "used_minutes": pack.used_minutes,
        "shortfall": pack.shortfall,
        "steps": [
            {
                "control": s.control.id,
                "step": s.number,
                "minutes": s.minutes,
                "text": s.step.step.strip(),
                "platforms": list(s.step.platforms),
                "evidence": s.step.evidence.strip(),
            }
            for s in pack.steps
        ],
        "left_out": [c.id for c in pack.left_out],
        "blast_radius": {
            "holds": list(b.holds),
            "feeders": [{"from": f.source, "data": f.data, "lifecycle": f.lifecycle} for f in b.feeders],
            "downstream": [
                {"component": h.component.id, "distance": h.distance, "via": list(h.via), "data": list(h.data)}
                for h in b.downstream
            ],
            "ai_dependents": [h.component.id for h in b.ai_dependents],
            "users": [p.role for p in b.users],
            "downstream_users": [p.role for p in b.downstream_users],
        },
    }


def render_json(pack: ReviewPack) -> bytes:
    """UTF-8 JSON, indented, ending with a newline."""
    return (json.dumps(review_document(pack), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
