"""Framework registries: importers from publishers' data, ID suggestions and the freshness check.

Registries live in ``content/frameworks/<key>.yml``. The importers here write them from the
publishers' machine-readable files so that every reference ID in the catalogue traces back to
data, not memory; ``canonical`` and ``check`` use them to help contributors cite current IDs.
"""
