from __future__ import annotations

from html.parser import HTMLParser

from generator.downloads import print_html
from generator.model import Catalogue
from generator.select import Checklist


def test_print_html_groups_by_layer_then_priority_with_fields(checklist: Checklist) -> None:
    html = print_html.render_html(checklist)
    assert print_html.control_ids(html) == ["HST-001", "IAM-001"]
    assert html.index("Hosting infrastructure") < html.index("Recommended (1)") < html.index("Identity and access")
    assert '<a class="id" href="https://ambit.example/site/controls/IAM-001/">IAM-001</a>' in html
    assert "Keep break-glass accounts" in html  # sector note inline, through markdown.render
    assert "Owner" in html and "Date" in html and "Status" in html
    assert "Ambit test fixture catalogue 0.1.0 · 15 January 2026" in html
    assert "default-src 'none'" in html  # nothing in the file may load from the network


def test_everything_is_escaped(hostile: Checklist) -> None:
    html = print_html.render_html(hostile)
    body = html.split("<body>", 1)[1]
    assert "<script" not in html
    assert "<img" not in body
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in body
    assert "route-history (object storage); =1+1" in body  # applies_to shown


def test_css_string_cannot_leave_the_string_or_the_style_element() -> None:
    value = str(print_html.css_string('a"; } </style><script>x</script> b'))
    assert value.startswith('"') and value.endswith('"')
    assert '"' not in value[1:-1] and "<" not in value and "}" not in value


def test_long_date_is_english_whatever_the_locale() -> None:
    assert print_html.long_date("2026-11-05") == "5 November 2026"


def test_each_control_shows_its_summary_effort_and_framework_references(
    catalogue: Catalogue, checklist: Checklist
) -> None:
    html = print_html.render_html(checklist, catalogue.frameworks)
    iam = html.split('id="IAM-001"', 1)[1].split("</article>", 1)[0]
    assert "Every administrator signs in with a security key or passkey." in iam  # through markdown.render
    assert "about 20 minutes to verify" in iam
    assert '<span class="ref">NIST CSF 2.0: PR.AA-03</span> · <span class="ref">OWASP LLM: LLM02:2025</span>' in iam
    # The legend names only the frameworks the checklist cites, in full.
    assert "NIST CSF 2.0 = NIST Cybersecurity Framework (2.0)" in html
    assert "HIPAA" not in html
    assert "2 controls, 1 essential; about 35 min to verify them all." in html


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag in ``html`` with its attributes, as a browser's parser reads them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Parser().feed(html)
    return found


def test_the_regulations_follow_the_introduction_as_restricted_markdown(hostile_about: Checklist) -> None:
    html = print_html.render_html(hostile_about)
    about = html.split('<div class="doc-intro">', 1)[1].split('<p class="how-to">', 1)[0]
    assert about.index("opens the scenario.") < about.index("<h2>Regulations and obligations</h2>")
    elements = _elements(about)
    assert {tag for tag, _ in elements} <= {"p", "a", "h2", "h3", "div", "section"}
    for _, attrs in elements:
        assert all(not name.startswith("on") for name, _ in attrs)
    links = [value for _, attrs in elements for name, value in attrs if name == "href"]
    # The note's https link is allowed Markdown; of the addresses only the plain https one is linked.
    assert links == ["https://evil.example/", "https://law.example/act"]
    assert about.count('<div class="reg">') == 3
    assert "&lt;script&gt;alert(5)&lt;/script&gt;</h3>" in about  # the name is text
    assert '<p class="reg-url">Text: javascript:alert(7)</p>' in about


def test_no_regulations_heading_without_regulations(checklist: Checklist) -> None:
    html = print_html.render_html(checklist)
    assert "The controls every AI system needs." in html
    assert "Regulations and obligations" not in html


def test_a_required_control_names_its_regulations(checklist: Checklist) -> None:
    import dataclasses

    names = ("HIPAA Security Rule", "<script>alert(1)</script> Act")
    items = (dataclasses.replace(checklist.items[0], required_by=names), *checklist.items[1:])
    html = print_html.render_html(dataclasses.replace(checklist, items=items))
    first = checklist.items[0].control.id
    article = html.split(f'id="{first}"', 1)[1].split("</article>", 1)[0]
    assert (
        '<p class="required"><b>Required by:</b> HIPAA Security Rule; &lt;script&gt;alert(1)&lt;/script&gt; Act</p>'
        in article
    )
    assert html.count('class="required"') == 1
