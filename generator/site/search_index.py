"""The search index, without what it repeats or never shows, split so a page view fetches only its start.

Material writes one entry per page and one per section, each with the page's tags; the tags of a
control (its layer, priority, sectors) then came seven times per control. The page's own entry
keeps them, which is where a tag search finds the page. Block markup (paragraphs, list items,
table cells) is dropped: a result shows its text as one snippet. Every word stays searchable.

Material's bundle fetches ``search/search_index.json`` on every first page view, before anyone
searches, so the index is split in two (:func:`split_search_index`):

- ``search/search_index.json``, fetched at start-up: one entry per page (its title, tags and
  opening text, the summary on a control page, cut to :data:`START_TEXT` characters), so every
  control is found by its ID and the words of its title from the first keystroke;
- ``search/search_text.json``, fetched by the search worker on the first query: every entry in
  the index's order, a page whose start-up entry is whole named by its location only.

The worker the pages name (``search.<hash>.split.js`` beside Material's ``search.<hash>.min.js``,
written here) runs Material's worker unchanged: it answers from the start-up index, fetches the
full text on the first query, sets Material's worker up again with it and answers the last query
once more. The offline copy merges the two back (:func:`merge_split_index`), as ``file://`` loads
the index as a script and runs no worker of ours. Zensical writes an index of its own, left as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SEARCH_INDEX = "search/search_index.json"
SEARCH_TEXT = "search/search_text.json"
"""The full text, fetched by the search worker on the first query."""
START_TEXT = 320
"""Characters of a page's opening text kept in the start-up index: a result's snippet, and room
for a control's summary (their median is about 200 characters)."""
WORKERS = "assets/javascripts/workers"
_MATERIAL_WORKER = re.compile(r"^search\.[0-9a-f]+\.min\.js$")
_SPLIT_SUFFIX = ".split.js"
_CONFIG_WORKER = re.compile(r'("search": "[^"]*/workers/search\.[0-9a-f]+)\.min\.js"')
"""The worker named in a page's ``__config`` (Material's template, after ``| tojson``)."""


# Block structure a result's one-line snippet does not show; inline code stays, as results style it.
_STRUCTURE = re.compile(r"</?(?:p|ul|ol|li|table|thead|tbody|tr|th|td|div|span|br|strong|em)\b[^>]*>")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def compact_entries(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``docs`` with the tags dropped from section entries (those whose location has an anchor)
    and block markup dropped from every text (a result shows its text as one snippet)."""
    compact = []
    for entry in docs:
        entry = {k: v for k, v in entry.items() if k != "tags"} if "#" in entry["location"] else dict(entry)
        entry["text"] = _SPACES.sub(" ", _STRUCTURE.sub(" ", entry["text"])).strip()
        compact.append(entry)
    return compact


def start_text(text: str) -> str:
    """``text`` cut at a word to at most :data:`START_TEXT` characters, without markup when cut
    (a cut could leave a tag open)."""
    if len(text) <= START_TEXT:
        return text
    plain = _SPACES.sub(" ", _TAG.sub("", text)).strip()
    if len(plain) <= START_TEXT:
        return plain
    cut = plain[: START_TEXT + 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


def split_entries(docs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(start-up entries, full-text entries)`` of compacted ``docs`` (see the module's docstring)."""
    start: list[dict[str, Any]] = []
    full: list[dict[str, Any]] = []
    for entry in docs:
        if "#" in entry["location"]:
            full.append(entry)
            continue
        short = {**entry, "text": start_text(entry["text"])}
        start.append(short)
        full.append(entry if short["text"] != entry["text"] else {"location": entry["location"]})
    return start, full


def merge_entries(start: list[dict[str, Any]], full: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The whole index again from its two halves (what the worker does in the browser)."""
    pages = {entry["location"]: entry for entry in start}
    return [pages[entry["location"]] if "title" not in entry else entry for entry in full]


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def split_search_index(site: Path) -> str | None:
    """Compact and split ``site``'s Material search index and write the worker that joins it;
    return the worker's file name (None for an engine that writes no such index).

    Idempotent: an index split before (every full-text entry already apart) is split the same way.
    """
    path = site / SEARCH_INDEX
    workers = sorted(p.name for p in (site / WORKERS).glob("search.*.min.js") if _MATERIAL_WORKER.match(p.name))
    if not path.is_file() or len(workers) != 1:
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    text_path = site / SEARCH_TEXT
    if text_path.is_file() and not any("#" in entry["location"] for entry in index["docs"]):
        index["docs"] = merge_entries(index["docs"], json.loads(text_path.read_text(encoding="utf-8"))["docs"])
    start, full = split_entries(compact_entries(index["docs"]))
    path.write_text(_dump({**index, "docs": start}), encoding="utf-8")
    text_path.write_text(_dump({"docs": full}), encoding="utf-8")
    worker = workers[0].removesuffix(".min.js") + _SPLIT_SUFFIX
    (site / WORKERS / worker).write_text(split_worker(workers[0]), encoding="utf-8")
    return worker


def compact_search_index(site: Path) -> None:
    """Rewrite ``site``'s Material search index compactly, whole (the preview's, merged after each
    dirty build); no-op for an engine that writes none."""
    path = site / SEARCH_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = compact_entries(index["docs"])
    path.write_text(_dump(index), encoding="utf-8")


def merge_split_index(start_index: bytes, full_text: bytes) -> bytes:
    """The whole index (as Material wrote it, compacted) from the two files :func:`split_search_index` wrote."""
    index = json.loads(start_index)
    index["docs"] = merge_entries(index["docs"], json.loads(full_text)["docs"])
    return _dump(index).encode("utf-8")


def use_split_worker(html: str) -> str:
    """``html`` with its ``__config`` naming the worker that joins the split index instead of Material's."""
    return _CONFIG_WORKER.sub(rf'\1{_SPLIT_SUFFIX}"', html, count=1)


def material_worker(url: str) -> str:
    """The URL of Material's own worker for the URL of the split one (unchanged for any other)."""
    return url.removesuffix(_SPLIT_SUFFIX) + ".min.js" if url.endswith(_SPLIT_SUFFIX) else url


def split_worker(material: str) -> str:
    """The worker script: Material's worker ``material`` (a file beside it), fed the full text on the first query.

    Material's worker answers each message it is sent (0 set up, 2 query) by posting one back
    (1 ready, 3 result); its listener is taken when it registers and called with the messages
    the page sends, and once more with the full text. The page ignores a second ``ready``.
    """
    return f"""\
// Ambit: Material's search worker ({material}), set up at start-up with the index of pages the
// page fetched and, on the first query, with the full text (search/search_text.json), after
// which the last query is answered again. Written by ambit build (generator/site/search_index.py).
"use strict";
(() => {{
  const SETUP = 0, QUERY = 2;
  const listeners = [];
  const add = self.addEventListener.bind(self);
  self.addEventListener = (type, listener, options) =>
    type === "message" ? listeners.push(listener) : add(type, listener, options);
  importScripts("{material}");
  self.addEventListener = add;
  const material = data => Promise.all(listeners.map(listener => listener({{ data }})));

  let setup = null, query = null, full = null;
  async function loadFullText() {{
    try {{
      const response = await fetch(new URL("../../../{SEARCH_TEXT}", self.location.href));
      if (!response.ok) throw new Error(`HTTP ${{response.status}}`);
      const pages = new Map(setup.data.docs.map(doc => [doc.location, doc]));
      const docs = (await response.json()).docs.map(doc => ("title" in doc ? doc : pages.get(doc.location)));
      await material({{ ...setup, data: {{ ...setup.data, docs }} }});
      if (query !== null) await material(query);
    }} catch (error) {{
      console.warn("search: the full text could not be loaded; searching titles and summaries", error);
    }}
  }}

  add("message", ev => {{
    if (ev.data.type === SETUP) setup = ev.data;
    if (ev.data.type === QUERY) query = ev.data;
    material(ev.data);
    // Material sends an empty query when the worker is ready: only a reader's query loads the text.
    if (ev.data.type === QUERY && String(ev.data.data).trim() && setup !== null && full === null) {{
      full = loadFullText();
    }}
  }});
}})();
"""
