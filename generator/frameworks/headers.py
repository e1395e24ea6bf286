"""Registry headers for the frameworks the importers know, so a fresh import needs no flags.

The ``source`` text records where items came from and the command that rebuilds them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Header:
    """Everything in a registry except its items and retrieval date."""

    key: str
    name: str
    version: str
    publisher: str
    url: str
    licence: str
    id_pattern: str
    source: str
    coverage_kinds: tuple[str, ...] = ()


_SP800_53_FAMILIES = "AC|AT|AU|CA|CM|CP|IA|IR|MA|MP|PE|PL|PM|PS|PT|RA|SA|SC|SI|SR"

KNOWN: dict[str, Header] = {
    "nist-csf-2.0": Header(
        key="nist-csf-2.0",
        name="NIST Cybersecurity Framework",
        version="2.0",
        publisher="NIST",
        url="https://github.com/usnistgov/oscal-content",
        licence="public domain (US Government work)",
        id_pattern=r"^(GV|ID|PR|DE|RS|RC)(\.[A-Z]{2}(-\d{2})?)?$",
        source=(
            "usnistgov/oscal-content, branch develop, commit 3b3cdee, "
            "src/nist.gov/CSF/v2.0/xml/NIST_CSF_v2.0_catalog.xml (OSCAL 1.1.3). Items: "
            "functions, categories, subcategories. Withdrawn items are CSF 1.1 leftovers "
            "that the catalog carries without a status marker (no statement or example "
            "parts); it gives no links to their replacements. Rebuild: ambit frameworks "
            "import oscal NIST_CSF_v2.0_catalog.xml --key nist-csf-2.0"
        ),
        coverage_kinds=("subcategory",),
    ),
    "nist-sp-800-53-r5": Header(
        key="nist-sp-800-53-r5",
        name="NIST SP 800-53 Rev. 5 Security and Privacy Controls",
        version="5.1.1",
        publisher="NIST",
        url="https://github.com/usnistgov/oscal-content",
        licence="public domain (US Government work)",
        id_pattern=rf"^({_SP800_53_FAMILIES})(-\d{{1,2}}(\(\d{{1,2}}\))?)?$",
        source=(
            "usnistgov/oscal-content, commit a849dbc, "
            "nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5.0.1_catalog-min.json (release "
            "5.0.1: families, controls, enhancements; withdrawn from status=withdrawn, "
            "replaced_by from incorporated-into and moved-to links), merged with the 5.1.1+u4 "
            "HIGH and PRIVACY resolved baseline catalogs (which reference IA-13 but do not "
            "define it) and generator/frameworks/data/nist-sp-800-53-r5-additions.yml "
            "(IA-13 and enhancements, titles checked against two published 5.1.1 "
            "reproductions). Rebuild: ambit frameworks import oscal "
            "NIST_SP-800-53_rev5.0.1_catalog-min.json --key nist-sp-800-53-r5 --merge "
            "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json --merge "
            "NIST_SP-800-53_rev5_PRIVACY-baseline-resolved-profile_catalog-min.json "
            "--extra generator/frameworks/data/nist-sp-800-53-r5-additions.yml"
        ),
        coverage_kinds=("control", "enhancement"),
    ),
    "mitre-atlas": Header(
        key="mitre-atlas",
        name="MITRE ATLAS",
        version="5.6.0",
        publisher="MITRE",
        url="https://github.com/mitre-atlas/atlas-data",
        licence="Apache-2.0",
        id_pattern=r"^AML\.(TA\d{4}|T\d{4}(\.\d{3})?|M\d{4}|CS\d{4})$",
        source=(
            "mitre-atlas/atlas-data, release v5.6.1 (commit 8ee2c68), dist/ATLAS.yaml "
            "(data version 5.6.0): tactics, techniques, sub-techniques, mitigations, case "
            "studies. Rebuild: ambit frameworks import atlas ATLAS.yaml"
        ),
        coverage_kinds=("technique", "sub-technique", "mitigation"),
    ),
}
