"""Contributor tooling: scaffolding new files, issue forms, and the pull-request review report.

- :mod:`generator.contrib.project` reads the vocabularies a contributor chooses from;
- :mod:`generator.contrib.scaffold` writes new control and checklist stubs (``ambit new``);
- :mod:`generator.contrib.issue_forms` generates the GitHub issue forms from the JSON Schema;
- :mod:`generator.contrib.revisions` and :mod:`generator.contrib.diff` build ``ambit diff``;
- :mod:`generator.contrib.cli` registers the sub-commands.
"""
