"""Cross-file rules for applicability: the fields that let a map or a sector get only what fits.

Every id under a control's ``applies_when`` and ``raised_by``, a component type's ``data_kinds``
and a checklist's ``profile`` must exist in its vocabulary (``content/data-kinds.yml``,
``content/intake.yml``, ``content/sectors.yml``, ``content/components.yml``,
``content/platforms.yml``), and every platform a verification step names must be in
``content/platforms.yml`` and, when the control states ``applies_when.platforms``, among those (a
step for another platform would never be offered); a control whose steps give minutes gives them
on every step, adding up to its ``effort_minutes``.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.loader import YamlDocument
from generator.model import Catalogue, VerificationStep
from generator.rules import _resolve


def check_applicability(cat: Catalogue, docs: dict[str, YamlDocument]) -> Iterator[Diagnostic]:
    """Every unresolved applicability reference and every step-minutes mismatch in ``cat``."""
    kinds = [k.id for k in cat.data_kinds]
    questions = [q.id for q in cat.intake]
    sectors = [s.id for s in cat.sectors]
    components = [c.id for c in cat.components]
    platforms = [p.id for p in cat.platforms]
    vocab = {
        "data_kinds": (kinds, "data kind", "content/data-kinds.yml"),
        "sectors": (sectors, "sector", "content/sectors.yml"),
        "intake": (questions, "intake question", "content/intake.yml"),
        "components": (components, "component", "content/components.yml"),
        "platforms": (platforms, "platform", "content/platforms.yml"),
    }
    for control in cat.controls:
        doc, rel = docs.get(control.path), control.path
        for name in ("data_kinds", "sectors", "intake", "platforms"):
            known, what, source = vocab[name]
            for j, value in enumerate(getattr(control.applies_when, name)):
                yield from _resolve(doc, rel, ("applies_when", name, j), value, known, what, source)
        for j, value in enumerate(control.raised_by):
            yield from _resolve(doc, rel, ("raised_by", j), value, questions, "intake question", "content/intake.yml")
        for i, step in enumerate(control.verification):
            for j, value in enumerate(step.platforms):
                yield from _resolve(
                    doc, rel, ("verification", i, "platforms", j), value, platforms, "platform", "content/platforms.yml"
                )
        yield from _steps_within_condition(control.applies_when.platforms, control.verification, doc, rel, platforms)
        yield from _step_minutes(cat, control.id, doc, rel)
    comp_doc = docs.get("content/components.yml")
    for i, comp in enumerate(cat.components):
        for j, value in enumerate(comp.data_kinds):
            yield from _resolve(
                comp_doc, "content/components.yml", ("components", i, "data_kinds", j), value, *vocab["data_kinds"]
            )
    for checklist in cat.checklists:
        if checklist.profile is None:
            continue
        doc, rel = docs.get(checklist.path), checklist.path
        for name in ("components", "data_kinds", "intake", "platforms"):
            known, what, source = vocab[name]
            for j, value in enumerate(getattr(checklist.profile, name)):
                yield from _resolve(doc, rel, ("profile", name, j), value, known, what, source)


def _steps_within_condition(
    condition: tuple[str, ...],
    steps: tuple[VerificationStep, ...],
    doc: YamlDocument | None,
    rel: str,
    known: list[str],
) -> Iterator[Diagnostic]:
    """A step written for a platform the control's ``applies_when.platforms`` leaves out: never offered."""
    if not condition:
        return
    for i, step in enumerate(steps):
        for j, value in enumerate(step.platforms):
            if value in condition or value not in known:  # an unknown id is reported once, above
                continue
            yield _error(
                doc,
                rel,
                ("verification", i, "platforms", j),
                "step-platform",
                f"this step is written for '{value}', but the control applies only on {', '.join(condition)}",
                f"add '{value}' to applies_when.platforms, or remove the step: a review never offers it",
            )


def _step_minutes(cat: Catalogue, control_id: str, doc: YamlDocument | None, rel: str) -> Iterator[Diagnostic]:
    control = cat.control(control_id)
    given = [v.minutes for v in control.verification]
    if not any(given):
        if control.step_platforms:  # alternatives cannot share effort_minutes out evenly
            yield _error(
                doc,
                rel,
                ("verification",),
                "step-minutes",
                "steps written for platforms need their own minutes",
                "give every step its minutes: neutral steps plus one platform's add up to effort_minutes",
            )
        return
    for i, minutes in enumerate(given):
        if not minutes:
            yield _error(
                doc,
                rel,
                ("verification", i),
                "step-minutes",
                "this step has no minutes, but others do",
                "give every step its minutes, or none",
            )
    expected = control.longest_platform_minutes
    if all(given) and expected != control.effort_minutes:
        counted = "the steps' minutes add up to" if not control.step_platforms else "the longest platform's steps take"
        yield _error(
            doc,
            rel,
            ("effort_minutes",),
            "step-minutes",
            f"{counted} {expected}, but effort_minutes is {control.effort_minutes}",
            f"set effort_minutes: {expected}, or change the steps' minutes"
            + (
                " (steps for different platforms are alternatives: neutral steps plus one platform's)"
                if control.step_platforms
                else ""
            ),
        )


def _error(
    doc: YamlDocument | None, rel: str, path: tuple[str | int, ...], code: str, msg: str, hint: str
) -> Diagnostic:
    return doc.error(path, code, msg, hint) if doc else Diagnostic(rel, 1, 1, code, msg, hint)
