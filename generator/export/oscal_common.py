"""What the OSCAL documents share: version, identifiers, UUIDs, props and serialisation.

Ambit writes OSCAL 1.1.3 JSON. Identifiers are derived, never random, so a control keeps its
OSCAL id and a document's UUID changes only when its content does:

- a control's id is its Ambit ID in lower case (``IAM-001`` becomes ``iam-001``), the form
  NIST's catalogs use; the Ambit ID itself is kept as the control's ``label`` prop;
- a group's id is the layer id (``identity``);
- part ids extend the control id (``iam-001_smt``, ``iam-001_asm.2``), as in SP 800-53;
- every UUID is a version 5 UUID in Ambit's own namespace, from a name that says what it
  identifies; a document's own UUID is derived from a digest of the rest of the document.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

from generator.model import CatalogueInfo

OSCAL_VERSION = "1.1.3"
PROP_NS = "https://ambit-security.github.io/ns/oscal"
"""Namespace of Ambit's own prop and part names (OSCAL asks one for names it does not define)."""
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROP_NS)
"""Ambit's UUID namespace (``24afbdc9-...``): fixed forever, so derived UUIDs never change."""
CATALOG_FILE = "ambit-oscal-catalog.json"
"""The catalog's file name; profiles import it by this relative address."""


def control_id(ambit_id: str) -> str:
    """The OSCAL id of an Ambit control: its ID in lower case."""
    return ambit_id.lower()


def derived_uuid(name: str) -> str:
    """A version 5 UUID for ``name`` in Ambit's namespace."""
    return str(uuid.uuid5(NAMESPACE, name))


def prop(name: str, value: str, *, ambit: bool = True, remarks: str = "") -> dict[str, str]:
    """An OSCAL prop; Ambit's own names carry :data:`PROP_NS`, OSCAL's (``label``, ``status``) none."""
    record = {"name": name, "value": value}
    if ambit:
        record["ns"] = PROP_NS
    if remarks:
        record["remarks"] = remarks
    return record


def timestamp(date: str) -> str:
    """The catalogue's release date as an OSCAL date-time: midnight UTC, never the clock."""
    return f"{date}T00:00:00+00:00"


def metadata(
    info: CatalogueInfo, title: str, remarks: str = "", props: Sequence[dict[str, str]] = ()
) -> dict[str, Any]:
    """Document metadata: title, the catalogue's date and version, Ambit as publisher, ``props``."""
    party = derived_uuid(f"party/{info.name}")
    record: dict[str, Any] = {
        "title": title,
        "last-modified": timestamp(info.date),
        "version": info.version,
        "oscal-version": OSCAL_VERSION,
        **({"props": list(props)} if props else {}),
        "roles": [{"id": "creator", "title": "Creator"}],
        "parties": [{"uuid": party, "type": "organization", "name": info.name}],
        "responsible-parties": [{"role-id": "creator", "party-uuids": [party]}],
    }
    if info.repository.startswith("https://"):
        record["links"] = [{"href": info.repository, "rel": "alternate", "text": "Source repository"}]
    if remarks:
        record["remarks"] = remarks
    return record


def with_document_uuid(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """``{kind: {"uuid": ..., **body}}``, the UUID derived from a digest of ``body``.

    OSCAL asks for a new UUID whenever a document changes; deriving it from the content gives
    exactly that, and the same bytes for the same input.
    """
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {kind: {"uuid": derived_uuid(f"{kind}/{digest}"), **body}}


def render(document: dict[str, Any]) -> bytes:
    """UTF-8 JSON, indented, keys in the order the builders wrote them, ending with a newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
