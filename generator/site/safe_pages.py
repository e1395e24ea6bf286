"""Hand-written pages (``content/pages/``, ``CONTRIBUTING.md``) rendered as safely as catalogue text.

A hand-written page is not handed to the site engine as Markdown: MkDocs and Zensical pass raw
HTML through, and their Markdown differs from the validator's in corners where one of them could
see a tag that the other took for text. The page is rendered by the restricted renderer instead
(:func:`generator.markdown.render_page`: HTML escaped, unsafe links and remote images dropped),
and only its headings stay Markdown, with their text made inert, so that the engine still gives
them anchors and lists them in the page's table of contents.
"""

from __future__ import annotations

from generator import markdown
from generator.handwritten import split_page
from generator.site.render import front_matter


def safe_page(text: str, default_title: str = "") -> str:
    """The engine's Markdown for a hand-written page: front matter (title only), headings, safe HTML."""
    page = split_page(text)
    parts = markdown.render_page(page.body)
    title = page.title or _first_heading(page.body) or default_title
    out = [front_matter(title).rstrip("\n")]
    for part in parts:
        if part.level:
            out.append(f"{'#' * part.level} {part.html}")
        else:
            out.append(f'<div class="ambit-text">\n{part.html}\n</div>')
    return "\n\n".join(out) + "\n"


def _first_heading(body: str) -> str:
    """The plain text of the page's first ``# `` heading, for its title."""
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip()
    return ""
