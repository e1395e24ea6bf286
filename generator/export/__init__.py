"""Exports for the tools compliance teams already run, one module per format.

- ``oscal_common``: identifiers, UUIDs, props and serialisation shared by the OSCAL documents;
- ``oscal_catalog``: the whole catalogue as an OSCAL 1.1 catalog;
- ``oscal_profile``: a sector checklist or a system map's selection as an OSCAL profile;
- ``ciso_assistant``: the catalogue as a CISO Assistant library (their YAML library format);
- ``files``: every export file the site publishes, by name;
- ``cli``: ``ambit export``.

Every document is built from the typed model, never from the YAML files, and serialised with a
fixed key order, so the same catalogue gives the same bytes.
"""
