"""The search index, without what it repeats or never shows: it is fetched on every first page view.

Material writes one entry per page and one per section, each with the page's tags; the tags of a
control (its layer, priority, sectors) then came seven times per control. The page's own entry
keeps them, which is where a tag search finds the page. Block markup (paragraphs, list items,
table cells) is dropped: a result shows its text as one snippet. Every word stays searchable.
Zensical writes an index of its own, left as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SEARCH_INDEX = "search/search_index.json"


# Block structure a result's one-line snippet does not show; inline code stays, as results style it.
_STRUCTURE = re.compile(r"</?(?:p|ul|ol|li|table|thead|tbody|tr|th|td|div|span|br|strong|em)\b[^>]*>")
_SPACES = re.compile(r"\s+")


def compact_entries(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``docs`` with the tags dropped from section entries (those whose location has an anchor)
    and block markup dropped from every text (a result shows its text as one snippet)."""
    compact = []
    for entry in docs:
        entry = {k: v for k, v in entry.items() if k != "tags"} if "#" in entry["location"] else dict(entry)
        entry["text"] = _SPACES.sub(" ", _STRUCTURE.sub(" ", entry["text"])).strip()
        compact.append(entry)
    return compact


def compact_search_index(site: Path) -> None:
    """Rewrite ``site``'s Material search index compactly (no-op for an engine that writes none)."""
    path = site / SEARCH_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = compact_entries(index["docs"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
