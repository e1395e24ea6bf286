from __future__ import annotations

import dataclasses
import re

import pytest
from markdown_it import MarkdownIt

from generator.downloads import markdown_export
from generator.downloads.guards import DownloadError
from generator.model import Catalogue
from generator.select import Checklist


def _tokens(text: str) -> list[str]:
    md = MarkdownIt("commonmark", {"html": True})
    out = []
    for token in md.parse(text):
        out.append(token.type)
        out.extend(child.type for child in token.children or [])
    return out


def test_task_list_with_one_unchecked_box_per_control(hostile: Checklist) -> None:
    text = markdown_export.render(hostile).decode("utf-8")
    tasks = re.findall(r"^- \[ \] .*$", text, flags=re.MULTILINE)
    assert len(tasks) == 3
    assert tasks[0].startswith("- [ ] **[HST-001](<https://ambit.example/site/controls/HST-001/>)**")
    assert "Applies to: route-history (object storage); =1+1" in text  # nothing here needs a backslash


def test_contributor_text_cannot_add_links_html_or_emphasis(hostile: Checklist) -> None:
    text = markdown_export.render(hostile).decode("utf-8")
    html = MarkdownIt("commonmark", {"html": True}).render(text)
    links = re.findall(r'<a href="([^"]*)"', html)
    assert links == [f"https://ambit.example/site/controls/{i}/" for i in ("HST-001", "IAM-001", "IAM-002")]
    assert "<script" not in html and "<img" not in html
    assert "<em>" not in html.split("IAM-002", 1)[1].split("</strong>", 1)[1]  # the summary's *bold*
    for token in _tokens(text):
        assert token not in ("html_inline", "html_block", "image")
    # GitHub's autolinks need an unescaped "://" or "www."; the escaped forms are inert.
    assert "www.evil" not in text and "https://evil" not in text


def test_guard_counts_tasks(checklist: Checklist) -> None:
    data = markdown_export.render(checklist)
    with pytest.raises(DownloadError, match="missing"):
        markdown_export.check(data.replace(b"- [ ] **[IAM-001]", b"- **[IAM-001]"), checklist.control_ids)


def test_each_task_carries_summary_effort_and_references(catalogue: Catalogue, checklist: Checklist) -> None:
    text = markdown_export.render(checklist, catalogue.frameworks).decode("utf-8")
    iam = text.split("[IAM-001]", 1)[1]
    assert "  - Every administrator signs in with a security key or passkey.\n" in iam
    assert "  - Priority: essential; about 20 minutes to verify\n" in iam
    assert "  - References: NIST CSF 2.0: PR.AA-03 · OWASP LLM: LLM02:2025\n" in iam
    assert "\\" not in text  # nothing in the fixture needs an escape


def test_the_scenario_and_regulations_follow_the_summary(checklist: Checklist) -> None:
    text = markdown_export.render(checklist).decode("utf-8")
    head, rest = text.split("## The scenario\n\nThe controls every AI system needs.\n", 1)
    assert head.startswith("# Baseline\n\nThe essentials for every AI system.\n")
    assert rest.startswith("\n## Hosting infrastructure\n")  # then the controls
    assert "Regulations and obligations" not in text  # the fixture definition names none


def test_hostile_introduction_and_regulations_cannot_add_links_html_or_blocks(hostile_about: Checklist) -> None:
    text = markdown_export.render(hostile_about).decode("utf-8")
    html = MarkdownIt("commonmark", {"html": True}).render(text)
    links = re.findall(r'<a href="([^"]*)"', html)
    # The control pages and the one regulation whose address is a plain https address.
    assert links == ["https://law.example/act"] + [
        f"https://ambit.example/site/controls/{i}/" for i in ("HST-001", "IAM-001", "IAM-002")
    ]
    for tag in ("<script", "<img", "<iframe", "<style", "<b>", 'javascript:alert(2)"'):
        assert tag not in html
    for token in _tokens(text):
        assert token not in ("html_inline", "html_block", "image")
    about = text.split("## Regulations and obligations\n", 1)[1].split("\n## ", 1)[0]
    assert about.count("\n### ") == 3  # each name is one heading line, nothing more
    assert "\n\\=HYPERLINK" not in text and "opens the scenario." in text  # text, shown as written
    assert "Text: javascript:alert(7)" in text  # shown, not linked
    assert "Text: <https://law.example/act>" in text
    markdown_export.check(text.encode("utf-8"), hostile_about.control_ids)  # no task smuggled in


def test_a_required_control_names_its_regulations_under_its_priority(checklist: Checklist) -> None:
    names = ("EU GDPR Article 35, data protection impact assessment", "<b>Act</b> [x](javascript:y)")
    items = (dataclasses.replace(checklist.items[0], required_by=names), *checklist.items[1:])
    text = markdown_export.render(dataclasses.replace(checklist, items=items)).decode("utf-8")
    first = checklist.items[0].control.id
    item = text.split(f"[{first}]", 1)[1].split("- [ ]", 1)[0]
    priority = item.index("  - Priority: ")
    assert item[priority:].split("\n")[1] == (
        "  - Required by: EU GDPR Article 35, data protection impact assessment; \\<b>Act\\</b> \\[x](javascript:y)"
    )
    assert text.count("Required by:") == 1
