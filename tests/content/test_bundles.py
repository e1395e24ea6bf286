"""Flag controls that may bundle several outcomes, so that a person confirms each one.

A control states one auditable outcome (CONTRIBUTING.md, "Style guide"). Words cannot prove that, but
some patterns are strong hints of two outcomes sharing one ID: a title that goes on to a second
instruction ("Patch ... and block ..."), a summary with several verbs of obligation ("must ... must
..."), or a summary that strings independent clauses, each with its own subject and verb ("..., the
back end revokes ..., and flagged positions are held back ...").

Every active control the heuristic flags must be listed in ``bundle_review.yml`` beside this file:
under ``confirmed_single_outcome`` with the reviewer's reason, once a person has read it and judged it
one outcome; or under ``pending_review`` while nobody has judged it yet (split it, or confirm it). So
the test fails on a new bundle (or a new false alarm) until someone looks at it, and passes on the
confirmed ones. An entry that no longer matches an active, flagged control also fails, so the list
stays true and small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.catalogue import load_catalogue
from generator.model import Control
from tests.content.test_catalogue_rules import IMPERATIVE_VERBS

REPO = Path(__file__).resolve().parents[2]
REVIEW_FILE = Path(__file__).with_name("bundle_review.yml")

OBLIGATION = re.compile(r"\b(?:must|shall|is required to|are required to)\b", re.IGNORECASE)
"""Verbs of obligation; two in one summary usually mean two duties."""

INLINE_CODE = re.compile(r"`[^`]*`")

FINITE_VERBS = (
    r"(?:is|are|has|have|can|cannot|do|does|expire|expires|hold|holds|keep|keeps|run|runs|show|shows|"
    r"list|lists|require|requires|find|finds|block|blocks|go|goes|stay|stays|get|gets|need|needs|carry|"
    r"carries|reach|reaches|use|uses|record|records|match|matches|compare|compares|send|sends|store|"
    r"stores|reject|rejects|revoke|revokes|lose|loses|raise|raises|alert|alerts|trigger|triggers|"
    r"report|reports|receive|receives|enter|enters|return|returns|refuse|refuses|review|reviews)"
)
EXTRA_CLAUSE = re.compile(
    rf"(?:,|;)\s+(?:and\s+)?(?:(?!(?:and|or)\b)[\w'-]+\s+){{1,4}}?{FINITE_VERBS}\b",
    re.IGNORECASE,
)
"""A comma or semicolon that opens a new clause with its own subject and finite verb."""

MAX_SUMMARY_CLAUSES = 3
"""A summary may state the outcome, a condition and how it is seen; a fourth independent clause is a
strong hint that several outcomes share the control."""


@dataclass(frozen=True)
class Flag:
    """One reason to suspect that a control bundles outcomes."""

    field: str
    reason: str


def bundle_flags(title: str, summary: str) -> list[Flag]:
    """Return the hints that ``title`` and ``summary`` join several separately testable outcomes."""
    flags: list[Flag] = []
    words = INLINE_CODE.sub("code", title).split()
    for i in range(1, len(words) - 1):
        following = words[i + 1].lower().strip(",;")
        if words[i].lower() == "and" and following in IMPERATIVE_VERBS:
            flags.append(Flag("title", f"goes on to a second instruction: 'and {following}'"))
    plain = INLINE_CODE.sub("code", summary)
    obligations = OBLIGATION.findall(plain)
    if len(obligations) >= 2:
        flags.append(Flag("summary", f"has {len(obligations)} verbs of obligation"))
    clauses = 1 + len(EXTRA_CLAUSE.findall(plain))
    if clauses > MAX_SUMMARY_CLAUSES:
        flags.append(Flag("summary", f"strings {clauses} clauses, each with its own subject and verb"))
    return flags


# --- the detector itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Patch endpoints within set deadlines and block devices that fall behind", "Endpoints are patched."),
        ("Encrypt laptops", "Laptops must be encrypted and keys must be escrowed."),
        (
            "Detect mock locations",
            "The app reports the mock flag, the back end compares positions with the van's unit, "
            "the dispatcher reviews repeated cases, and flagged positions are held back from routing.",
        ),
    ],
)
def test_detector_flags_typical_bundles(title: str, summary: str) -> None:
    assert bundle_flags(title, summary), f"not flagged: {title!r} / {summary!r}"


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Require phishing-resistant MFA on every administrative path to AI infrastructure",
            "Every administrator signs in with a passkey or security key, and the sign-in policy shows it.",
        ),
        ("Keep logs and alerts for model endpoints in the SIEM", "Model endpoint logs and alerts reach the SIEM."),
        ("Turn on `pull_request_target and run` guards", "The setting `a, the b is c, the d has e` is on."),
    ],
)
def test_detector_passes_single_outcomes(title: str, summary: str) -> None:
    assert bundle_flags(title, summary) == []


# --- the catalogue ------------------------------------------------------------------------------


def _review() -> tuple[dict[str, str], set[str]]:
    data = yaml.safe_load(REVIEW_FILE.read_text(encoding="utf-8")) or {}
    confirmed = {entry["id"]: entry["reason"] for entry in data.get("confirmed_single_outcome") or []}
    pending = {entry["id"] for entry in data.get("pending_review") or []}
    return confirmed, pending


@pytest.fixture(scope="module")
def active() -> tuple[Control, ...]:
    return load_catalogue(REPO).catalogue.active_controls


def test_review_file_entries_are_well_formed() -> None:
    data = yaml.safe_load(REVIEW_FILE.read_text(encoding="utf-8")) or {}
    problems = []
    for section in ("confirmed_single_outcome", "pending_review"):
        for entry in data.get(section) or []:
            if not re.fullmatch(r"(ING|HST|IAM|END|PPL)-\d{3,4}", str(entry.get("id", ""))):
                problems.append(f"{section}: {entry!r} has no control ID")
            if section == "confirmed_single_outcome" and len(str(entry.get("reason", "")).split()) < 4:
                problems.append(f"{section}: {entry.get('id')} needs the reviewer's reason in a few words")
    confirmed, pending = _review()
    problems += [f"{cid} is both confirmed and pending" for cid in sorted(set(confirmed) & pending)]
    assert not problems, "\n".join(problems)


def test_every_flagged_control_has_been_reviewed(active: tuple[Control, ...]) -> None:
    confirmed, pending = _review()
    problems = []
    for c in active:
        flags = bundle_flags(c.title, c.summary)
        if flags and c.id not in confirmed and c.id not in pending:
            reasons = "; ".join(f"{f.field} {f.reason}" for f in flags)
            problems.append(f"{c.id}: {reasons}\n      title: {c.title}")
    if problems:
        pytest.fail(
            "controls that may bundle several outcomes: split them (CONTRIBUTING.md), or, once a person has "
            f"judged each one outcome, add it to {REVIEW_FILE.name} under confirmed_single_outcome with the "
            "reason:\n  " + "\n  ".join(problems),
            pytrace=False,
        )


def test_review_file_names_only_active_flagged_controls(active: tuple[Control, ...]) -> None:
    confirmed, pending = _review()
    flagged = {c.id for c in active if bundle_flags(c.title, c.summary)}
    stale = sorted((set(confirmed) | pending) - flagged)
    assert not stale, (
        f"{REVIEW_FILE.name} lists controls that are retired, missing or no longer flagged; remove them: "
        + ", ".join(stale)
    )
