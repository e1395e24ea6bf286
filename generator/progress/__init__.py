"""Progress files: a user's answers for one checklist, kept outside the catalogue.

The contract is ``content/schema/progress.schema.json`` (published as
``site/downloads/progress.schema.json``). The site's checklist pages export and import it;
``ambit progress`` makes one from a filled-in XLSX workbook and carries one forward to a newer
catalogue.

Modules: ``model`` (the typed file and its problems), ``load`` (reading and validating JSON, with
positions), ``xlsx_import`` (reading a workbook Ambit wrote, cells as plain text), ``merge``
(carrying answers to the current catalogue, with a report), ``cli`` (``ambit progress``).
"""
