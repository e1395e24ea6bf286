"""Editorial rules for the real catalogue in ``content/`` and ``checklists/``.

The validator checks that each file is well formed and that references resolve. These tests hold
the rules that make the catalogue worth publishing, so that they still hold as it grows: enough
controls in every layer, every control tied to the baseline frameworks, sector checklists with
real sector notes, every threat and component covered, incidents with sources, titles that are
distinct imperative outcomes, one-sentence summaries and British spelling.

Each failure names the offending control, threat, component, checklist or incident.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.catalogue import LoadResult, load_catalogue
from generator.model import Catalogue, Control
from generator.select import build_checklist

REPO = Path(__file__).resolve().parents[2]

MIN_ACTIVE_CONTROLS = 230
MIN_CONTROLS_PER_LAYER = 20
MIN_FRAMEWORKS_PER_CONTROL = 2
BASELINE_FRAMEWORKS = frozenset({"nist-csf-2.0", "nist-sp-800-53-r5", "iso-27001-2022"})
MAX_EFFORT_MINUTES = 60
MIN_SECTOR_NOTES_PER_CHECKLIST = 15
MIN_THREATS = 25
MIN_COMPONENTS = 25
MIN_INCIDENTS = 20
INCIDENT_CONTROLS = (2, 6)

TITLE_SIMILARITY = 0.85
"""SequenceMatcher ratio on normalised titles at or above which two titles are near duplicates."""
TITLE_WORD_OVERLAP = 0.6
"""Jaccard index of the content words of two titles at or above which they are near duplicates."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


TITLE_STOP_WORDS = _word_set(
    "a an and any are as at be before by each every for from in into is it its no not of on only or "
    "than that the their them they this to with without"
)

IMPERATIVE_VERBS = _word_set(
    """
    accept admit agree alert allow apply approve assess assign audit authenticate automate back bind
    block cap check classify close configure confirm connect control corroborate define delete
    deliver deny deploy detect disable disclose document drop encrypt enforce enrol ensure exclude
    export filter fit give grant harden hold
    identify index inspect install isolate issue keep label limit load lock log maintain map minimise
    monitor name obtain offer patch pin prevent protect provide publish pseudonymise put quarantine
    reach reassess record redact refuse register reject remove replace report require restrict retire
    review revoke rotate run scan scope screen segment separate set sign stop store tag tell test
    train transfer turn use validate verify wipe
    """
)
"""Verbs a control title may start with: those the catalogue uses, and their near relatives.

A title states an outcome as an instruction ('Require ...', 'Encrypt ...'). Add a verb here when a
new control needs one; do not add nouns, articles or adjectives."""

AMERICAN_SPELLINGS = re.compile(
    r"\b\w*(?:organiz|authoriz|behavior|analyz|prioritiz|minimiz|maximiz|normaliz|recogniz|summariz|"
    r"customiz|utiliz|standardiz|categoriz|sanitiz|anonymiz|pseudonymiz|characteriz|centraliz|"
    r"synchroniz|optimiz|emphasiz|realiz|finaliz|labeled|labeling|modeling|modeled|canceled|canceling|"
    r"artifact)\w*\b"
    r"|\b(?:enroll|enrolls|enrollment|enrollments|center|centers|catalog|catalogs|color|colors|favor|favors|honor|defense|offense|fulfill|"
    r"gray|percent|license|licenses)\b",
    re.IGNORECASE,
)
"""American spellings that our own prose spells the British way (organisation, authorise, behaviour,
centre, catalogue, artefact, enrol, licence as a noun, per cent)."""

PROPER_NAMES = re.compile(
    r"\b(?:Security\s+Command\s+Center|Identity\s+Center|Access\s+Analyzer|Unity\s+Catalog|Data\s+Catalog|"
    r"Binary\s+Authorization|Authorization\s+header|Authorization:|Artifact\s+Registry|artifact\s+attestations|"
    r"Artifactory|CodeArtifact|Center\s+for\s+Internet\s+Security|Defense\s+Evasion)",
)
"""Product, service, header and framework names that keep their owner's spelling."""

INLINE_CODE = re.compile(r"`[^`]*`")
ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|approx|no)\.", re.IGNORECASE)


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_catalogue(REPO)


@pytest.fixture(scope="module")
def cat(loaded: LoadResult) -> Catalogue:
    return loaded.catalogue


@pytest.fixture(scope="module")
def active(cat: Catalogue) -> tuple[Control, ...]:
    return cat.active_controls


def _fail_if(problems: list[str], heading: str) -> None:
    if problems:
        pytest.fail(f"{heading}:\n  " + "\n  ".join(problems), pytrace=False)


# --- size and balance -------------------------------------------------------------------------


def test_catalogue_loads_without_errors(loaded: LoadResult) -> None:
    problems = [d.format_text() for d in loaded.diagnostics]
    _fail_if(problems, "the catalogue has validation errors (run `ambit validate`)")


def test_enough_active_controls(active: tuple[Control, ...]) -> None:
    assert len(active) >= MIN_ACTIVE_CONTROLS, (
        f"{len(active)} active controls; the catalogue needs at least {MIN_ACTIVE_CONTROLS}"
    )


def test_enough_active_controls_in_every_layer(cat: Catalogue, active: tuple[Control, ...]) -> None:
    problems = []
    for layer in cat.layers:
        count = sum(1 for c in active if c.layer == layer.id)
        if count < MIN_CONTROLS_PER_LAYER:
            problems.append(f"{layer.id} ({layer.prefix}): {count} active controls, need {MIN_CONTROLS_PER_LAYER}")
    _fail_if(problems, "layers with too few controls")


# --- each control -----------------------------------------------------------------------------


def test_every_control_references_two_frameworks_including_a_baseline(active: tuple[Control, ...]) -> None:
    problems = []
    for c in active:
        keys = set(c.references)
        if len(keys) < MIN_FRAMEWORKS_PER_CONTROL:
            problems.append(f"{c.id}: references {sorted(keys)}; needs {MIN_FRAMEWORKS_PER_CONTROL} frameworks")
        if not keys & BASELINE_FRAMEWORKS:
            problems.append(f"{c.id}: references none of {sorted(BASELINE_FRAMEWORKS)}")
    _fail_if(problems, "controls with too few framework references")


def test_every_control_can_be_verified_within_an_hour(active: tuple[Control, ...]) -> None:
    problems = [
        f"{c.id}: effort_minutes is {c.effort_minutes}" for c in active if c.effort_minutes > MAX_EFFORT_MINUTES
    ]
    _fail_if(problems, f"controls that take longer than {MAX_EFFORT_MINUTES} minutes to verify")


def test_titles_start_with_an_imperative_verb(active: tuple[Control, ...]) -> None:
    problems = []
    for c in active:
        first = c.title.split()[0].lower()
        if first not in IMPERATIVE_VERBS:
            problems.append(f"{c.id}: title starts with {first!r}: {c.title!r}")
    _fail_if(problems, "titles that do not start with an imperative verb (see IMPERATIVE_VERBS)")


def _sentence_breaks(text: str) -> list[str]:
    """Places where one sentence ends and another begins, ignoring code and abbreviations."""
    plain = ABBREVIATIONS.sub("", INLINE_CODE.sub("code", text.strip()))
    return re.findall(r"\S+[.!?]\s+[\"'(]?[A-Z0-9]\S*", plain)


def test_summaries_are_one_sentence(active: tuple[Control, ...]) -> None:
    problems = []
    for c in active:
        summary = c.summary.strip()
        if "\n\n" in summary:
            problems.append(f"{c.id}: summary has more than one paragraph")
        breaks = _sentence_breaks(summary)
        if breaks:
            problems.append(f"{c.id}: summary has more than one sentence (at {breaks[0]!r})")
        if not summary.endswith("."):
            problems.append(f"{c.id}: summary does not end with a full stop")
    _fail_if(problems, "summaries that are not one sentence")


def _prose(c: Control) -> Iterator[tuple[str, str]]:
    yield "title", c.title
    yield "summary", c.summary
    yield "description", c.description
    yield "rationale", c.rationale
    for sector, note in c.sectors.items():
        yield f"sectors.{sector}", note
    for i, v in enumerate(c.verification, start=1):
        yield f"verification[{i}].step", v.step
        yield f"verification[{i}].evidence", v.evidence


def _american_spellings(text: str) -> list[str]:
    text = PROPER_NAMES.sub(" ", INLINE_CODE.sub(" ", text))
    return sorted({m.group(0) for m in AMERICAN_SPELLINGS.finditer(text)})


def test_prose_uses_british_spelling(cat: Catalogue) -> None:
    problems = []
    for c in cat.controls:
        for field, text in _prose(c):
            found = _american_spellings(text)
            if found:
                problems.append(f"{c.id} {field}: {', '.join(found)}")
    for incident in cat.incidents:
        fields = {"title": incident.title, "summary": incident.summary, "what_failed": incident.what_failed}
        for field, text in fields.items():
            found = _american_spellings(text)
            if found:
                problems.append(f"incident {incident.id} {field}: {', '.join(found)}")
    _fail_if(problems, "American spellings in our own prose (names of products and frameworks go in PROPER_NAMES)")


# --- titles are distinct outcomes -------------------------------------------------------------


def _normalised(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", title.lower()).split())


def _content_words(title: str) -> set[str]:
    return {w for w in _normalised(title).split() if w not in TITLE_STOP_WORDS}


def test_no_two_titles_are_nearly_the_same(active: tuple[Control, ...]) -> None:
    titles = {c.id: _normalised(c.title) for c in active}
    words = {c.id: _content_words(c.title) for c in active}
    matcher = difflib.SequenceMatcher(autojunk=False)
    problems = []
    for j, b in enumerate(active):
        matcher.set_seq2(titles[b.id])  # the matcher caches its analysis of the second sequence
        for a in active[:j]:
            matcher.set_seq1(titles[a.id])
            # real_quick_ratio() and quick_ratio() are cheap upper bounds of ratio()
            close = matcher.real_quick_ratio() >= TITLE_SIMILARITY and matcher.quick_ratio() >= TITLE_SIMILARITY
            ratio = matcher.ratio() if close else 0.0
            wa, wb = words[a.id], words[b.id]
            overlap = len(wa & wb) / len(wa | wb) if wa | wb else 1.0
            if ratio >= TITLE_SIMILARITY or overlap >= TITLE_WORD_OVERLAP:
                problems.append(
                    f"{a.id} and {b.id} (similarity {ratio:.2f}, word overlap {overlap:.2f}): {a.title!r} / {b.title!r}"
                )
    _fail_if(problems, "near-duplicate control titles: sharpen one so they name distinct outcomes")


# --- coverage of the vocabularies -------------------------------------------------------------


def test_enough_threats_and_components(cat: Catalogue) -> None:
    assert len(cat.threats) >= MIN_THREATS, f"{len(cat.threats)} threats; need at least {MIN_THREATS}"
    assert len(cat.components) >= MIN_COMPONENTS, f"{len(cat.components)} component types; need {MIN_COMPONENTS}"


def test_every_threat_is_countered_by_an_active_control(cat: Catalogue, active: tuple[Control, ...]) -> None:
    used = {t for c in active for t in c.threats}
    problems = [f"{t.id} ({t.name})" for t in cat.threats if t.id not in used]
    _fail_if(problems, "threats in content/threats.yml that no active control counters")


def test_every_component_type_is_covered_by_an_active_control(cat: Catalogue, active: tuple[Control, ...]) -> None:
    used = {k for c in active for k in c.components}
    problems = [f"{k.id} ({k.name})" for k in cat.components if k.id not in used]
    _fail_if(problems, "component types in content/components.yml that no active control covers")


def test_every_atlas_technique_cited_by_a_threat_exists(cat: Catalogue) -> None:
    atlas = {item.id: item for item in cat.framework("mitre-atlas").items}
    problems = []
    for threat in cat.threats:
        for ref in threat.atlas:
            item = atlas.get(ref)
            if item is None:
                problems.append(f"{threat.id}: {ref} is not in content/frameworks/mitre-atlas.yml")
            elif item.kind not in ("technique", "sub-technique"):
                problems.append(f"{threat.id}: {ref} is a {item.kind}, not a technique")
            elif item.status != "active":
                problems.append(f"{threat.id}: {ref} is {item.status}")
    _fail_if(problems, "threats citing ATLAS techniques that do not exist")


# --- sector checklists ------------------------------------------------------------------------


def test_every_sector_checklist_has_enough_sector_notes(cat: Catalogue) -> None:
    sector_checklists = [d for d in cat.checklists if d.sector]
    assert sector_checklists, "no checklist in checklists/ has a sector"
    problems = []
    for definition in sector_checklists:
        checklist = build_checklist(cat, definition)
        noted = [item.control.id for item in checklist.items if item.sector_note.strip()]
        if len(noted) < MIN_SECTOR_NOTES_PER_CHECKLIST:
            problems.append(
                f"{definition.id} (sector {definition.sector}): {len(noted)} selected controls carry a"
                f" {definition.sector} note, need {MIN_SECTOR_NOTES_PER_CHECKLIST}"
            )
    _fail_if(problems, "sector checklists with too few sector notes")


# --- incidents --------------------------------------------------------------------------------


def test_enough_incidents(cat: Catalogue) -> None:
    assert len(cat.incidents) >= MIN_INCIDENTS, f"{len(cat.incidents)} incidents; need at least {MIN_INCIDENTS}"


def test_every_incident_has_https_sources_and_existing_controls(cat: Catalogue) -> None:
    controls = {c.id: c for c in cat.controls}
    case_studies = {i.id for i in cat.framework("mitre-atlas").items if i.kind == "case-study"}
    low, high = INCIDENT_CONTROLS
    problems = []
    seen: set[str] = set()
    for incident in cat.incidents:
        name = incident.id
        if name in seen:
            problems.append(f"{name}: duplicate incident id")
        seen.add(name)
        if not incident.sources:
            problems.append(f"{name}: no sources")
        for source in incident.sources:
            if not source.url.startswith("https://"):
                problems.append(f"{name}: source {source.url!r} is not https")
        if not low <= len(incident.controls) <= high:
            problems.append(f"{name}: {len(incident.controls)} controls, expected {low} to {high}")
        for ref in incident.controls:
            control = controls.get(ref)
            if control is None:
                problems.append(f"{name}: control {ref} does not exist")
            elif not control.active:
                problems.append(f"{name}: control {ref} is retired; cite {control.superseded_by or 'an active one'}")
        if incident.atlas_case_study and incident.atlas_case_study not in case_studies:
            problems.append(f"{name}: {incident.atlas_case_study} is not an ATLAS case study in the registry")
    _fail_if(problems, "incidents with missing or broken sources or controls")


# --- applicability and steps (0.2.0) ------------------------------------------------------------

STEP_SIMILARITY = 0.9
"""SequenceMatcher ratio at or above which two controls' verification steps are near-identical."""


def test_every_active_control_states_its_applicability(active: tuple[Control, ...]) -> None:
    problems = [f"{c.id} ({c.path})" for c in active if not c.has_applicability]
    _fail_if(problems, "active controls without applies_when (write `applies_when: {}` if the type alone decides)")


def test_every_step_has_its_minutes(active: tuple[Control, ...]) -> None:
    problems = [f"{c.id}: step {i + 1}" for c in active for i, v in enumerate(c.verification) if not v.minutes]
    _fail_if(problems, "verification steps without minutes")


def _step_text(c: Control) -> str:
    return _normalised(" ".join(v.step for v in c.verification))


def test_no_two_controls_have_near_identical_steps(active: tuple[Control, ...]) -> None:
    texts = [(c.id, _step_text(c)) for c in active]
    problems = []
    for i, (a, ta) in enumerate(texts):
        for b, tb in texts[i + 1 :]:
            matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
            quick = matcher.real_quick_ratio() >= STEP_SIMILARITY and matcher.quick_ratio() >= STEP_SIMILARITY
            if quick and matcher.ratio() >= STEP_SIMILARITY:
                problems.append(f"{a} and {b}")
    _fail_if(problems, "controls whose verification steps are near-identical: merge them or sharpen one")


SECTOR_MUST_HAVES = {
    "patching": ("HST-015", "END-005"),
    "secrets": ("IAM-012", "HST-030"),
    "MFA": ("IAM-001", "IAM-003"),
    "backups": ("HST-006", "HST-036"),
    "incident response": ("PPL-016",),
}
"""Topics every sector checklist holds, each met by at least one of these controls."""


@pytest.mark.parametrize("checklist_id", ["baseline", "saas", "logistics", "healthcare"])
def test_every_checklist_holds_the_must_haves(cat: Catalogue, checklist_id: str) -> None:
    definition = next(d for d in cat.checklists if d.id == checklist_id)
    held = set(build_checklist(cat, definition).control_ids)
    problems = [f"{topic}: none of {', '.join(ids)}" for topic, ids in SECTOR_MUST_HAVES.items() if not held & set(ids)]
    _fail_if(problems, f"{checklist_id} lacks a must-have")


@pytest.mark.parametrize("checklist_id", ["baseline", "saas", "logistics", "healthcare"])
def test_sector_bound_controls_stay_in_their_sector(cat: Catalogue, checklist_id: str) -> None:
    definition = next(d for d in cat.checklists if d.id == checklist_id)
    problems = []
    for item in build_checklist(cat, definition).items:
        when = item.control.applies_when
        if when.sectors and definition.sector not in when.sectors and item.control.id not in definition.include:
            problems.append(f"{item.control.id} is bound to {', '.join(when.sectors)}")
        if checklist_id != "logistics" and "location" in when.data_kinds and len(when.data_kinds) == 1:
            problems.append(f"{item.control.id} needs location data")
    _fail_if(problems, f"{checklist_id} holds another sector's controls")


SECTOR_SPECIFIC = {
    "saas": ("IAM-035", "ING-040", "HST-046", "ING-032", "ING-033", "HST-061", "HST-059", "HST-060"),
    "healthcare": ("PPL-031", "ING-046", "IAM-029", "IAM-030", "IAM-047", "IAM-048", "ING-041", "ING-039", "ING-043"),
    "logistics": ("HST-062", "IAM-036", "PPL-034", "END-043", "ING-045", "ING-044", "PPL-035", "PPL-036", "PPL-037"),
}
"""What the 0.1.0 review found missing from each sector checklist, by the control that now covers it."""


@pytest.mark.parametrize("checklist_id", sorted(SECTOR_SPECIFIC))
def test_sector_checklists_hold_what_the_review_found_missing(cat: Catalogue, checklist_id: str) -> None:
    definition = next(d for d in cat.checklists if d.id == checklist_id)
    held = set(build_checklist(cat, definition).control_ids)
    _fail_if([c for c in SECTOR_SPECIFIC[checklist_id] if c not in held], f"{checklist_id} lacks sector must-haves")
