"""What every engine run is followed by, whoever runs it (build, preview, the offline copy's pages)."""

from __future__ import annotations

from pathlib import Path

from generator.site.html_fixes import fix_site
from generator.site.search_index import compact_search_index


def finish_built_site(site: Path, *, csp: bool = True) -> None:
    """Fix the theme's HTML in every page (with its Content-Security-Policy unless ``csp`` is false,
    for the preview) and compact the search index, in place."""
    fix_site(site, csp=csp)
    compact_search_index(site)
