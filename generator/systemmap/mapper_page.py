"""The system mapper in the browser: the page ``mapper/index.md`` and the files its scripts read.

``mapper_pages`` returns ``{src_uri: markdown}`` for the page: the form's fixed parts (system,
sector, intake questions) rendered here from the catalogue, the parts that grow (components,
flows, people) and the results filled in by ``site_overrides/assets/mapper/mapper.js``.
``mapper_assets`` returns ``{path: bytes}`` for the files written beside the pages (the engine
copies them into the site): ``assets/mapper/data.json`` (:func:`render_mapper_data`), the map
schema the page checks opened files against, byte for byte from ``content/schema/``, and both
again as one script, ``assets/mapper/data.js``, which the page loads: browsers refuse ``fetch`` on
``file://``, so this is what makes the mapper work from the offline copy (as the search index's
script does for search).
"""

from __future__ import annotations

import html
from pathlib import Path

from generator.locate import SCHEMA_DIR
from generator.model import Catalogue
from generator.site import uris
from generator.site.render import front_matter, render_template
from generator.systemmap.browser import render_mapper_data
from generator.systemmap.browser_exports import render_exports_data
from generator.systemmap.load import SCHEMA_NAME

PAGE = "mapper/index.md"
DATA = "assets/mapper/data.json"
SCHEMA = f"assets/mapper/{SCHEMA_NAME}"
DATA_SCRIPT = "assets/mapper/data.js"
EXPORTS_SCRIPT = "assets/mapper/exports.js"
"""Loaded by the page on the first download (not in :data:`SCRIPTS`: most visitors never download)."""
SCRIPTS = (
    DATA_SCRIPT,
    "assets/vendor/js-yaml.min.js",
    "assets/mapper/engine.js",
    "assets/mapper/yamlmap.js",
    "assets/mapper/checks.js",
    "assets/mapper/tracker.js",
    "assets/mapper/exportfiles.js",
    "assets/mapper/downloads.js",
    "assets/mapper/mapper.js",
)
"""In load order: the data, the YAML reader, the engine, the loader and checks, then the page's UI
(the tailored checklist as a tracker, the files it downloads, the download buttons, then the form)."""
STYLESHEET = "assets/mapper/mapper.css"
ID_SLOT = "__ID__"


def _href(target: str, directory_urls: bool) -> str:
    return html.escape(uris.site_relative(PAGE, target, directory_urls=directory_urls), quote=True)


def mapper_pages(cat: Catalogue, *, directory_urls: bool = True) -> dict[str, str]:
    """``{src_uri: markdown}`` for the mapper page."""
    control_url = uris.page_url(uris.control(ID_SLOT), directory_urls=directory_urls)
    text = front_matter("Map your system in the browser") + render_template(
        "systemmap/mapper.md.j2",
        sectors=cat.sectors,
        questions=cat.intake,
        data_href=_href(DATA, directory_urls),
        schema_href=_href(SCHEMA, directory_urls),
        exports_href=_href(EXPORTS_SCRIPT, directory_urls),
        control_href=_href(control_url, directory_urls) + ("/" if control_url.endswith("/") else ""),
        scripts=[_href(s, directory_urls) for s in SCRIPTS],
        stylesheet=_href(STYLESHEET, directory_urls),
        method=uris.relative(PAGE, "method/index.md"),
        blank=uris.relative(PAGE, "method/index.md") + "#the-blank-map",
        version=cat.info.version,
    )
    return {PAGE: text}


def mapper_assets(cat: Catalogue, root: Path) -> dict[str, bytes]:
    """``{path under the site root: bytes}``: the mapper's data and the map schema of ``root``."""
    schema_dir = root / "content" / "schema"
    if not (schema_dir / SCHEMA_NAME).is_file():
        schema_dir = SCHEMA_DIR
    data = render_mapper_data(cat).encode("utf-8")
    schema = (schema_dir / SCHEMA_NAME).read_bytes()
    exports = b"window.AmbitMapperExports = " + _literal(render_exports_data(cat).encode("utf-8")) + b";\n"
    return {DATA: data, SCHEMA: schema, DATA_SCRIPT: data_script(data, schema), EXPORTS_SCRIPT: exports}


def _literal(raw: bytes) -> bytes:
    """JSON text as a JavaScript expression: U+2028 and U+2029, which older engines refuse in
    string literals, escaped."""
    return raw.strip().replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")


def data_script(data: bytes, schema: bytes) -> bytes:
    """The mapper's data and the map schema as one script: JSON is a JavaScript expression.

    It is a file of its own, never inline in a page, so no text in it can end a ``<script>``
    element; U+2028 and U+2029, which older engines refuse in string literals, are escaped.
    """
    return b"window.AmbitMapperData = " + _literal(data) + b";\nwindow.AmbitMapperSchema = " + _literal(schema) + b";\n"
