"""The bad-input corpus: each kind of broken content gets its precise error and changes nothing.

Every case breaks a copy of the minimal valid project in one way, then checks that
``ambit validate`` names the file, line and problem, that nothing crashed, and that
``ambit build`` refuses and leaves the previous site exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

IAM = "content/controls/identity/IAM-001.yml"
HST = "content/controls/hosting/HST-001.yml"


def edit(old: str, new: str, rel: str = IAM) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture drifted: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return apply


def copy(src: str, dst: str, old: str = "", new: str = "") -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        text = (root / src).read_text(encoding="utf-8")
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        (root / dst).write_text(text.replace(old, new) if old else text, encoding="utf-8")

    return apply


def remove(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


@dataclass(frozen=True)
class Case:
    name: str
    breakage: Callable[[Path], None]
    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    col: int | None = None
    """The column too, where the case is about pointing at the exact spot."""


CASES = [
    Case(
        "typo-field",
        edit("title:", "titel:"),
        IAM,
        3,
        "unknown-field",
        "unknown field 'titel'",
        "did you mean 'title'?",
    ),
    Case(
        "missing-field",
        edit("summary: Every administrator signs in with a security key or passkey.\n", ""),
        IAM,
        2,
        "missing-field",
        "missing required field 'summary'",
    ),
    Case(
        "bad-priority",
        edit("priority: essential", "priority: critical"),
        IAM,
        11,
        "invalid-value",
        "'critical' is not allowed for priority",
        "essential",
    ),
    Case(
        "effort-too-long",
        edit("effort_minutes: 20", "effort_minutes: 90"),
        IAM,
        20,
        "out-of-range",
        "effort_minutes is 90; it must be at most 60",
    ),
    Case(
        "effort-not-number",
        edit("effort_minutes: 20", "effort_minutes: twenty"),
        IAM,
        20,
        "wrong-type",
        "effort_minutes must be a whole number, not text",
    ),
    Case(
        "title-full-stop",
        edit("for administrators", "for administrators."),
        IAM,
        3,
        "invalid-format",
        "title 'Require phishing-resistant MFA for administrators.' is not in the expected form",
    ),
    Case(
        "id-not-filename",
        edit("id: IAM-001", "id: IAM-002"),
        IAM,
        2,
        "id-filename",
        "ID IAM-002 does not match the file name IAM-001.yml",
    ),
    Case(
        "id-wrong-layer",
        copy(HST, "content/controls/identity/HST-002.yml", "HST-001", "HST-002"),
        "content/controls/identity/HST-002.yml",
        2,
        "id-layer",
        "does not carry the identity prefix IAM",
    ),
    Case(
        "duplicate-id",
        copy(IAM, "content/controls/hosting/IAM-001.yml"),
        IAM,
        2,
        "duplicate-id",
        "control ID IAM-001 is already used by content/controls/hosting/IAM-001.yml",
    ),
    Case(
        "unknown-component",
        edit("components: [identity-provider]", "components: [identity-providr]"),
        IAM,
        13,
        "unknown-reference",
        "unknown component 'identity-providr'",
        "did you mean 'identity-provider'?",
    ),
    Case(
        "unknown-threat",
        edit("threats: [credential-theft]", "threats: [credentials-theft]"),
        IAM,
        14,
        "unknown-reference",
        "unknown threat 'credentials-theft'",
        "did you mean 'credential-theft'?",
    ),
    Case(
        "unknown-lifecycle",
        edit("lifecycle: [deployment]", "lifecycle: [deploy]"),
        IAM,
        12,
        "unknown-reference",
        "unknown lifecycle stage 'deploy'",
    ),
    Case(
        "unknown-sector",
        edit("  healthcare:", "  health-care:"),
        IAM,
        16,
        "unknown-reference",
        "unknown sector 'health-care'",
        "did you mean 'healthcare'?",
    ),
    Case(
        "unknown-framework",
        edit("  nist-csf-2.0: [PR.AA-03]", "  nist-csf-2: [PR.AA-03]"),
        IAM,
        22,
        "unknown-framework",
        "unknown framework 'nist-csf-2'",
        "did you mean 'nist-csf-2.0'?",
    ),
    Case(
        "missing-framework-id",
        edit("[PR.AA-03]", "[PR.AA-99]"),
        IAM,
        22,
        "unknown-reference",
        "nist-csf-2.0 has no item 'PR.AA-99'",
    ),
    Case(
        "withdrawn-framework-id",
        edit("[PR.AA-03]", "[PR.AC-01]"),
        IAM,
        22,
        "withdrawn-reference",
        "nist-csf-2.0 PR.AC-01 is withdrawn",
        "PR.AA-01",
    ),
    Case(
        "variant-framework-id",
        edit("[LLM02:2025]", "[LLM02]"),
        IAM,
        23,
        "unknown-reference",
        "owasp-llm-2025 has no item 'LLM02'",
        "LLM02:2025",
    ),
    Case(
        "raw-html",
        edit("  - Scope the policy", "  - Scope <script>alert(1)</script> the policy"),
        IAM,
        8,
        "raw-html",
        "raw HTML is not allowed",
    ),
    Case(
        "event-handler",
        edit("Phished administrator", '<img src="x" onerror="alert(1)"> Phished administrator'),
        IAM,
        10,
        "raw-html",
        "raw HTML is not allowed",
    ),
    Case(
        "javascript-link",
        edit("Enforce FIDO2", "Enforce [FIDO2](javascript:alert(1))"),
        IAM,
        6,
        "unsafe-link",
        "link target 'javascript:alert(1)' is not allowed",
    ),
    Case(
        "data-link",
        edit("Scope the policy", "Scope ![x](data:text/html;base64,PHNjcmlwdD4=) the policy"),
        IAM,
        8,
        "unsafe-link",
        "is not allowed",
    ),
    Case(
        "retired-without-version",
        edit("status: active", "status: retired\nretired_reason: Replaced by a broader control."),
        IAM,
        24,
        "retired-incomplete",
        "retired control IAM-001 has no retired_in",
    ),
    Case(
        "retired-without-successor",
        edit("status: active", "status: retired\nretired_in: 0.2.0"),
        IAM,
        24,
        "retired-incomplete",
        "needs superseded_by or retired_reason",
    ),
    Case(
        "unknown-successor",
        edit("status: active", "status: retired\nretired_in: 0.2.0\nsuperseded_by: IAM-009"),
        IAM,
        26,
        "unknown-reference",
        "unknown control 'IAM-009'",
    ),
    Case(
        "duplicate-key",
        edit("priority: essential", "priority: essential\npriority: advanced"),
        IAM,
        12,
        "duplicate-key",
        "duplicate key 'priority' (first defined at line 11)",
    ),
    Case(
        "anchor-alias",
        edit("lifecycle: [deployment]", "lifecycle: &stages [deployment]"),
        IAM,
        12,
        "anchor",
        "anchor '&stages' is not allowed",
    ),
    Case(
        "python-tag",
        edit("effort_minutes: 20", "effort_minutes: !!python/object/apply:os.system [echo]"),
        IAM,
        20,
        "tag",
        "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    Case(
        "non-utf8",
        write(HST, b"id: HST-001\ntitle: Caf\xe9 bucket\n"),
        HST,
        2,
        "encoding",
        "byte 0xe9 is not valid UTF-8",
    ),
    Case("tab-indent", edit("  - step: Open", "\t- step: Open"), IAM, 18, "tab", "tab character in indentation"),
    Case(
        "empty-file",
        write(HST, "# yaml-language-server: $schema=../../schema/control.schema.json\n"),
        HST,
        1,
        "empty-file",
        "file is empty",
    ),
    Case(
        "oversized-file",
        write(HST, "id: HST-001\nsummary: " + "x" * (1024 * 1024) + "\n"),
        HST,
        1,
        "file-too-large",
        "the limit is 1,048,576",
    ),
    Case(
        "wrong-extension",
        copy(HST, "content/controls/hosting/HST-002.yaml"),
        "content/controls/hosting/HST-002.yaml",
        1,
        "unexpected-file",
        "controls live in content/controls/<layer>/<ID>.yml",
    ),
    Case(
        "checklist-typo",
        edit("select:", "selct:", "checklists/baseline.yml"),
        "checklists/baseline.yml",
        6,
        "unknown-field",
        "unknown field 'selct'",
        "did you mean 'select'?",
    ),
    Case(
        "checklist-unknown-sector",
        edit("  - priorities: [essential]", "  - sectors: [logistic]", "checklists/baseline.yml"),
        "checklists/baseline.yml",
        7,
        "unknown-reference",
        "unknown sector 'logistic'",
    ),
    Case(
        "checklist-unknown-include",
        edit("select:", "include: [IAM-404]\nselect:", "checklists/baseline.yml"),
        "checklists/baseline.yml",
        6,
        "unknown-reference",
        "unknown control 'IAM-404'",
    ),
    Case(
        "layer-typo",
        edit("    prefix: HST", "    prefx: HST", "content/layers.yml"),
        "content/layers.yml",
        5,
        "unknown-field",
        "unknown field 'prefx'",
        "did you mean 'prefix'?",
    ),
    Case(
        "component-unknown-layer",
        edit("    layer: hosting", "    layer: hostin", "content/components.yml"),
        "content/components.yml",
        9,
        "unknown-reference",
        "unknown layer 'hostin'",
        "did you mean 'hosting'?",
    ),
    Case(
        "incident-unknown-control",
        edit("controls: [HST-001]", "controls: [HST-010]", "content/incidents.yml"),
        "content/incidents.yml",
        12,
        "unknown-reference",
        "unknown control 'HST-010'",
    ),
    Case(
        "incident-http-source",
        edit("https://example.org/report", "http://example.org/report", "content/incidents.yml"),
        "content/incidents.yml",
        11,
        "invalid-format",
        "url 'http://example.org/report' is not in the expected form",
    ),
    Case(
        "catalogue-version",
        edit("version: 0.1.0", 'version: "1.0"', "content/catalogue.yml"),
        "content/catalogue.yml",
        3,
        "invalid-format",
        "version '1.0' is not in the expected form",
    ),
    Case(
        "registry-typo",
        edit("items:", "itmes:", "content/frameworks/owasp-llm-2025.yml"),
        "content/frameworks/owasp-llm-2025.yml",
        10,
        "unknown-field",
        "unknown field 'itmes'",
        "did you mean 'items'?",
    ),
    Case(
        "registry-unknown-sector",
        edit("id_pattern:", "sectors: [helthcare]\nid_pattern:", "content/frameworks/owasp-llm-2025.yml"),
        "content/frameworks/owasp-llm-2025.yml",
        9,
        "unknown-reference",
        "unknown sector 'helthcare'",
        "did you mean 'healthcare'?",
        col=11,
    ),
    Case(
        "registry-sector-not-an-id",
        edit("id_pattern:", 'sectors: ["<b>x</b>"]\nid_pattern:', "content/frameworks/owasp-llm-2025.yml"),
        "content/frameworks/owasp-llm-2025.yml",
        9,
        "invalid-format",
        "sectors item 1 '<b>x</b>' is not in the expected form",
        "a sector id from content/sectors.yml",
    ),
    Case(
        "registry-empty-sectors",
        edit("id_pattern:", "sectors: []\nid_pattern:", "content/frameworks/owasp-llm-2025.yml"),
        "content/frameworks/owasp-llm-2025.yml",
        9,
        "too-few",
        "sectors must have at least 1 entry",
    ),
    Case(
        "contributing-script",
        write("CONTRIBUTING.md", "# Contributing\n\nWelcome.\n\n<script>window.__pwned_contrib=1</script>\n"),
        "CONTRIBUTING.md",
        5,
        "raw-html",
        "raw HTML is not allowed: '<script>",
        col=1,
    ),
    Case(
        "contributing-inline-image-tag",
        write("CONTRIBUTING.md", '# Contributing\n\nSee <img src="https://tracker.example/p.png"> here.\n'),
        "CONTRIBUTING.md",
        3,
        "raw-html",
        "raw HTML is not allowed: '<img",
        col=5,
    ),
    Case(
        "contributing-javascript-link",
        write("CONTRIBUTING.md", "# Contributing\n\n- a [trap](javascript:alert(1)) link\n"),
        "CONTRIBUTING.md",
        3,
        "unsafe-link",
        "link target 'javascript:alert(1)' is not allowed",
        col=12,
    ),
    Case(
        "page-remote-image",
        write("content/pages/guide.md", "---\ntitle: Guide\n---\n\nSee ![s](https://tracker.example/p.png).\n"),
        "content/pages/guide.md",
        5,
        "remote-image",
        "image 'https://tracker.example/p.png' is on another host",
        col=10,
    ),
    Case(
        "control-remote-image",
        edit(
            "summary: No bucket holding data or models can be read from the internet.",
            "summary: No bucket can be read ![s](https://tracker.example/p.png).",
            HST,
        ),
        HST,
        4,
        "remote-image",
        "image 'https://tracker.example/p.png' is on another host",
    ),
    Case(
        "page-html-file",
        write("content/pages/evil.html", "<script>alert(1)</script>"),
        "content/pages/evil.html",
        1,
        "unexpected-file",
        "content/pages/ holds Markdown pages (.md) and images only",
    ),
    Case(
        "page-svg-file",
        write("content/pages/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "content/pages/logo.svg",
        1,
        "unexpected-file",
        "holds Markdown pages (.md) and images only",
        "no HTML, SVG or script",
    ),
    Case(
        "page-front-matter-field",
        write("content/pages/guide.md", "---\ntitle: Guide\nextra_css: [evil.css]\n---\n\nText.\n"),
        "content/pages/guide.md",
        3,
        "unknown-field",
        "front matter field 'extra_css' is not allowed",
    ),
    Case(
        "huge-integer",
        edit("effort_minutes: 20", "effort_minutes: " + "9" * 5000),
        IAM,
        20,
        "number-too-large",
        "the number has 5,000 digits; the limit is 30",
        col=17,
    ),
    Case(
        "impossible-date",
        edit('date: "2026-01-15"', 'date: "2026-02-31"', "content/catalogue.yml"),
        "content/catalogue.yml",
        4,
        "invalid-date",
        "date 2026-02-31 is not a date",
        col=7,
    ),
    Case(
        "huge-step",
        edit("  - step: Open the sign-on policy for admin groups.", "  - step: " + "Open the policy. " * 50_000),
        IAM,
        18,
        "too-long",
        "step is too long (at most 10000 characters)",
    ),
    Case(
        "huge-version",
        edit("added_in: 0.1.0", "added_in: " + "1" + "0" * 4400 + ".0.0"),
        IAM,
        25,
        "too-long",
        "added_in is too long (at most 2000 characters)",
    ),
    Case(
        "version-trailing-newline",
        edit("version: 0.1.0", 'version: "0.1.0\\n"', "content/catalogue.yml"),
        "content/catalogue.yml",
        3,
        "invalid-format",
        "version '0.1.0\\n' is not in the expected form",
    ),
    Case(
        "broken-worked-example",
        write("checklists/examples/broken.yml", "system: Broken\ncomponents:\n  - id: web\n    type: no-such-type\n"),
        "checklists/examples/broken.yml",
        4,
        "unknown-type",
        "unknown component type 'no-such-type'",
    ),
    Case(
        "missing-vocabulary",
        remove("content/lifecycle.yml"),
        "content/lifecycle.yml",
        1,
        "missing-file",
        "content/lifecycle.yml is missing",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_a_precise_error(
    case: Case, project: Path, run_ambit: Callable[..., tuple[int, str, str]]
) -> None:
    case.breakage(project)
    code, out, err = run_ambit("--root", str(project), "validate")
    assert code == 1, out + err
    assert "Traceback" not in out + err
    lines = out.splitlines()
    prefix = f"{case.path}:{case.line}:" + (f"{case.col}:" if case.col is not None else "")
    matching = [i for i, line in enumerate(lines) if line.startswith(prefix) and f"error[{case.code}]" in line]
    assert matching, f"expected {prefix} error[{case.code}] in:\n{out}"
    line = lines[matching[0]]
    assert case.message in line, line
    # Every error comes with a hint saying what to do, not only what is wrong.
    following = lines[matching[0] + 1] if matching[0] + 1 < len(lines) else ""
    assert following.strip().startswith("hint:") and len(following.strip()) > len("hint: "), (line, following)
    if case.hint:
        assert case.hint in following, following


@pytest.mark.parametrize("case", CASES[::4], ids=[c.name for c in CASES[::4]])
def test_bad_input_leaves_the_previous_site_untouched(
    case: Case, project: Path, run_ambit: Callable[..., tuple[int, str, str]]
) -> None:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    case.breakage(project)
    code, out, err = run_ambit("--root", str(project), "build")
    assert code == 1
    assert "Traceback" not in out + err
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_every_error_is_reported_in_one_run(project: Path, run_ambit: Callable[..., tuple[int, str, str]]) -> None:
    by_name = {case.name: case for case in CASES}
    for name in ("typo-field", "bad-priority", "checklist-typo", "component-unknown-layer"):
        case = by_name[name]
        case.breakage(project)
    code, out, _ = run_ambit("--root", str(project), "validate")
    assert code == 1
    codes = sorted(line.split("error[")[1].split("]")[0] for line in out.splitlines() if "error[" in line)
    assert codes == ["invalid-value", "unknown-field", "unknown-field", "unknown-reference"]
    positions = [line.split(": error")[0] for line in out.splitlines() if "error[" in line]
    assert positions == sorted(positions, key=lambda p: (p.split(":")[0], int(p.split(":")[1]), int(p.split(":")[2])))


def test_github_format_prints_annotations(project: Path, run_ambit: Callable[..., tuple[int, str, str]]) -> None:
    CASES[0].breakage(project)
    code, out, _ = run_ambit("--root", str(project), "validate", "--format", "github")
    assert code == 1
    assert out.strip().splitlines() == [
        f"::error file={IAM},line=3,col=1,title=unknown-field::unknown field 'titel' (hint: did you mean 'title'?)"
    ]
