"""What every engine run is followed by, whoever runs it (build, preview, the offline copy's pages)."""

from __future__ import annotations

from pathlib import Path

from generator.site.html_fixes import fix_site
from generator.site.search_index import compact_search_index, split_search_index


def finish_built_site(site: Path, *, csp: bool = True, split_search: bool = True) -> None:
    """Fix the theme's HTML in every page (with its Content-Security-Policy unless ``csp`` is false,
    for the preview) and compact the search index, in place: split in two unless ``split_search``
    is false (the preview, which merges each dirty build's entries into the whole index)."""
    if split_search:
        worker = split_search_index(site)
    else:
        compact_search_index(site)
        worker = None
    fix_site(site, csp=csp, split_search=worker is not None)
