"""Build in-memory repositories from YAML texts (fast enough for property tests)."""

from __future__ import annotations

from pathlib import Path

from omrade.load.reader import parse_text
from omrade.repo.repository import Repository, add_document

MUNICIPALITY = """kind: municipality
id: test
name: Test
code: "0999"
dimensions: [social, economic]
bodies: [{id: ks, name: KS}]
organisations: [{id: adm, name: Förvaltningen, type: administration}]
"""

INDICATORS = """kind: indicators
indicators:
  - {id: work, name: Arbete, unit: percent, need: lower_is_need, dimension: economic,
     source: {provider: scb}}
  - {id: poor, name: Fattigdom, unit: percent, need: higher_is_need, dimension: social,
     source: {provider: scb}}
  - {id: income, name: Inkomst, unit: sek, need: lower_is_need, dimension: economic,
     source: {provider: scb}}
"""


def district(ident: str, population: int) -> str:
    return (
        f"kind: district\nid: {ident}\nname: {ident.title()}\n"
        f"population: {{value: {population}, year: 2024, source: test}}\n"
    )


def analysis(ident: str, values: dict[str, str], year: int = 2024) -> str:
    rows = "".join(f"  - {{indicator: {k}, year: {year}, value: {v}}}\n" for k, v in values.items())
    return (
        f"kind: analysis\ndistrict: {ident}\nyear: 2025\nstatus: draft\nupdated: 2025-01-01\n"
        f"values:\n{rows}summary: x\ndimensions: {{social: {{assessment: x}}, "
        f"economic: {{assessment: x}}}}\n"
    )


def repo_from_texts(files: dict[str, str]) -> Repository:
    repo = Repository(root=Path("/nonexistent"))
    for name, text in files.items():
        add_document(repo, parse_text(text, name))
    return repo


def base_files() -> dict[str, str]:
    return {"data/municipality.yaml": MUNICIPALITY, "data/indicators.yaml": INDICATORS}
