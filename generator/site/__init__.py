"""Site generation: Markdown pages for MkDocs, rendered from the catalogue model."""
