"""The Jinja environment shared by every site template, with Ambit's safe filters.

Templates produce Markdown for MkDocs. Contributor text reaches them only through three filters:
``text`` (plain text, inert in HTML and Markdown), ``md`` (restricted Markdown rendered to safe
HTML, as a block) and ``mdi`` (the same, inline). Nothing a contributor writes is ever pasted
into a page unfiltered. Page titles and tags go into front matter, built in Python by
``front_matter`` and HTML-escaped there, because the theme prints them without escaping.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator import markdown

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def md_block(text: str) -> str:
    """Restricted Markdown as a raw HTML block that MkDocs passes through untouched."""
    rendered = markdown.render(text)
    return f'<div class="ambit-text">\n{rendered}\n</div>'


def md_inline(text: str) -> str:
    """One line of restricted Markdown as inline HTML, safe inside tables and headings."""
    return markdown.render_inline(text).replace("\n", " ")


def markdown_link(label: str, url: str) -> str:
    """A Markdown link to ``url`` for the ``mdi`` filter, which drops it if the URL is unsafe."""
    escaped = "".join(f"\\{ch}" if ch in "\\[]" else ch for ch in label)
    if any(ch in url for ch in "<>\n ") or not markdown.is_safe_url(url):
        return escaped
    return f"[{escaped}](<{url}>)"


def plain(text: str) -> str:
    """Plain text escaped for HTML, for titles the theme prints as they are."""
    return html.escape(" ".join(text.split()), quote=True)


def front_matter(title: str, tags: Iterable[str] = (), **extra: Any) -> str:
    """YAML front matter (as JSON values, which YAML reads) with an HTML-escaped title and tags."""
    lines = ["---", f"title: {json.dumps(plain(title))}"]
    tag_list = [plain(tag) for tag in tags]
    if tag_list:
        lines.append(f"tags: {json.dumps(tag_list)}")
    lines.extend(f"{key}: {json.dumps(value, sort_keys=True)}" for key, value in sorted(extra.items()))
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Jinja environment for ``generator/templates``; strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown; the filters below do the escaping
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = markdown.escape_text
    env.filters["md"] = md_block
    env.filters["mdi"] = md_inline
    env.globals["markdown_link"] = markdown_link
    return env


def render_template(name: str, **context: Any) -> str:
    """Render ``generator/templates/<name>`` with ``context``."""
    return environment().get_template(name).render(**context)
