"""The Jinja environment shared by every site template, with Ambit's safe filters.

Templates produce Markdown for MkDocs. Contributor text reaches them only through two filters:
``text`` (plain text, inert in HTML and Markdown) and ``md`` (restricted Markdown rendered to
safe HTML). Nothing a contributor writes is ever pasted into a page unfiltered.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator import markdown

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def md_block(text: str) -> str:
    """Restricted Markdown as a raw HTML block that MkDocs passes through untouched."""
    html = markdown.render(text)
    return f'<div class="ambit-text" markdown="0">\n{html}\n</div>'


def md_inline(text: str) -> str:
    """One line of restricted Markdown as inline HTML, safe inside tables and headings."""
    return markdown.render_inline(text).replace("\n", " ")


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
    return env


def render_template(name: str, **context: Any) -> str:
    """Render ``generator/templates/<name>`` with ``context``."""
    return environment().get_template(name).render(**context)
