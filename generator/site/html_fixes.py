"""Small rewrites of Material's HTML so every page passes axe-core and the Nu HTML Checker.

The theme's templates are not copied into the project; these targeted rewrites and
``site_overrides/assets/ambit.css`` fix what the default theme gets wrong, each rule naming the
problem it fixes. ``fix_site`` runs them over every HTML file an engine wrote, the theme's
``404.html`` included, whichever engine built the site.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.site.csp import add_policy
from generator.site.search_index import use_split_worker

_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(?![^>]*aria-label)')
"""axe ``aria-dialog-name``: the search dialog has no accessible name."""

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
"""Nu HTML Checker: ``autocomplete`` is not allowed on checkbox inputs."""

_SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+") aria-labelledby="[^"]*"([^>]*>\s*'
    r'<label class="md-nav__title" for="[^"]*">\s*<span class="md-nav__icon md-icon"></span>\s*)([^<]+?)(\s*</label>)'
)
"""axe ``landmark-unique``: with ``navigation.indexes`` a section's nav is labelled by an icon-only
toggle, so it has no name; name it after the section title printed just inside it."""

_TAGS_NAV = re.compile(r'<nav class="md-tags"\s*>')
"""axe ``landmark-unique``: the tags nav has no name either."""

_TASK_CHECKBOX = re.compile(r'(<label class="task-list-control"><input type="checkbox")(?! aria-label=)')
"""axe ``label``: task-list checkboxes sit in an empty label."""


_ORPHAN_TOC_LABEL = '<label class="md-nav__title" for="__toc">'
"""Nu HTML Checker: on a section's index page the theme prints the table of contents' title as a
label for a ``__toc`` toggle it does not render; without its control the label must not point at it."""


_TOC_NAV = '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">'
_MENU_TOC_NAV = '<nav class="md-nav md-nav--secondary" aria-label="Table of contents (menu)">'
"""axe landmark-unique: the theme renders the page's contents twice, in the menu and in the sidebar,
with the same name; the first (the menu's) gets its own."""


def fix_page(html: str) -> str:
    """The page's HTML with the theme's accessibility and validity errors fixed.

    Idempotent: a page fixed once is left as it is (the preview's dirty builds fix every page
    again, the ones MkDocs did not re-render included).
    """
    html = _SEARCH_DIALOG.sub(r'\1 aria-label="Search"', html, count=1)
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _SECTION_NAV.sub(lambda m: f'{m[1]} aria-label="{m[3].strip()}"{m[2]}{m[3]}{m[4]}', html)
    html = _TAGS_NAV.sub('<nav class="md-tags" aria-label="Tags">', html)
    if 'id="__toc"' not in html:
        html = html.replace(_ORPHAN_TOC_LABEL, '<label class="md-nav__title">')
    if html.count(_TOC_NAV) > 1:
        html = html.replace(_TOC_NAV, _MENU_TOC_NAV, 1)
    return _TASK_CHECKBOX.sub(r'\1 aria-label="Done"', html)


def fix_site(site_dir: Path, *, csp: bool = True, split_search: bool = False) -> int:
    """Apply :func:`fix_page` to every HTML file under ``site_dir``; return how many changed.

    With ``split_search``, each page names the search worker that joins the split index
    (:mod:`generator.site.search_index`) instead of Material's.

    With ``csp``, each page then gets its Content-Security-Policy (:mod:`generator.site.csp`), as
    the last step, so the hashes cover the inline scripts exactly as they are published.
    """
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        fixed = fix_page(html)
        if split_search:
            fixed = use_split_worker(fixed)
        if csp:
            fixed = add_policy(fixed)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
