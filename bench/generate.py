"""Build a synthetic, valid plan repository with N districts (for the benchmark).

Each district gets a district file, an analysis, a programme with three main tasks, a
plan with six actions and follow-up, a network group and three coordination groups.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

MUNICIPALITY = """kind: municipality
id: bench
name: Benchkommun
code: "0999"
follow_up: tertial
dimensions: [social, economic, ecological, democratic]
bodies:
  - {id: kf, name: Kommunfullmäktige}
  - {id: ks, name: Kommunstyrelsen}
organisations:
  - {id: utbf, name: Utbildningsförvaltningen, type: administration}
  - {id: kof, name: Kultur- och fritidsförvaltningen, type: administration}
  - {id: sof, name: Socialförvaltningen, type: administration}
  - {id: bostad, name: Bostadsbolaget, type: company}
"""

INDICATORS = """kind: indicators
indicators:
  - {id: employment-rate, name: Förvärvsfrekvens, unit: percent, need: lower_is_need,
     dimension: economic, source: {provider: scb}}
  - {id: child-poverty, name: Barnfattigdom, unit: percent, need: higher_is_need,
     dimension: social, source: {provider: scb}}
"""

DISTRICT = """kind: district
id: {d}
name: Stadsdel {n}
population: {{value: {pop}, year: 2024, source: syntetisk}}
"""

ANALYSIS = """kind: analysis
district: {d}
year: 2025
status: draft
updated: 2025-03-01
values:
  - {{indicator: employment-rate, year: 2023, value: {e1}, municipality: 70}}
  - {{indicator: employment-rate, year: 2024, value: {e2}, municipality: 70}}
  - {{indicator: child-poverty, year: 2023, value: {c1}, municipality: 15}}
  - {{indicator: child-poverty, year: 2024, value: {c2}, municipality: 15}}
summary: Syntetisk nulägesbild för stadsdel {n}.
dimensions:
  social: {{assessment: Bra., strengths: [Föreningsliv], challenges: [Trygghet]}}
  economic: {{assessment: Bättre., strengths: [Kommunikationer], challenges: [Arbete]}}
  ecological: {{assessment: Grönt.}}
  democratic: {{assessment: Aktivt.}}
recommendations:
  - {{to: utbf, text: Mer läxhjälp.}}
"""

PROGRAMME = """kind: programme
id: {d}-2024-2027
district: {d}
title: Program för stadsdel {n}
valid_from: 2024-01-01
valid_to: 2027-12-31
status: adopted
decision: {{body: kf, date: 2023-12-01, reference: KS/2023:{n}}}
main_tasks:
  - id: HU1
    title: Arbete
    dimension: economic
    goals:
      - {{id: HU1.1, text: Fler i arbete, indicator: employment-rate,
         baseline: {{year: 2023, value: {e1}}}, target: {{year: 2027, value: 75}}}}
  - id: HU2
    title: Trygghet
    dimension: social
  - id: HU3
    title: Delaktighet
    dimension: democratic
"""

ACTION = """  - id: A{i}
    title: Insats {i} i stadsdel {n}
    main_task: HU{t}
    type: {typ}
    responsible: {resp}
    partners: [bostad]
    group: {d}-hu{t}
    start: 2025-01-15
    end: 2025-12-31
    funding: [{{source: area_grant, amount: 1000}}, {{source: regular_budget, amount: 50000}}]
    follow_up:
      - {{period: 2025-T1, status: ongoing, rating: green, trend: improving, comment: Bra.}}
      - {{period: 2025-T2, status: ongoing, rating: yellow, trend: unchanged}}
      - {{period: 2025-T3, status: done, rating: green, trend: improving}}
"""

PLAN_HEAD = """kind: plan
programme: {d}-2024-2027
year: 2025
status: adopted
decision: {{body: ks, date: 2025-01-20, reference: KS/2025:{n}}}
actions:
"""

GROUP = """kind: group
id: {gid}
type: {typ}
district: {d}
name: Grupp {gid}
{task}members:
  - {{name: Person A{n}, organisation: kof, role: chair, mandate: true, from: 2025-01-01}}
  - {{name: Person B{n}, organisation: utbf, role: representative, mandate: true}}
  - {{name: Person C{n}, organisation: sof, role: representative, mandate: true}}
"""

BUDGET = """kind: budget
year: 2025
appropriation: {a}
unit: 1000
status: draft
base_grant: {{per_district: 10000}}
weighting:
  indicators:
    - {{indicator: employment-rate, weight: 0.6}}
    - {{indicator: child-poverty, weight: 0.4}}
"""


def generate(root: Path, districts: int) -> int:
    """Write the repository; returns the number of files."""
    if root.exists():
        shutil.rmtree(root)
    data = root / "data"
    for sub in ("districts", "programmes", "groups", "budget"):
        (data / sub).mkdir(parents=True)
    files = {
        "municipality.yaml": MUNICIPALITY,
        "indicators.yaml": INDICATORS,
        "budget/2025.yaml": BUDGET.format(a=districts * 20000),
    }
    for i in range(districts):
        d, n = f"d{i:05d}", str(i)
        v = dict(
            d=d,
            n=n,
            pop=1000 + (i * 7919) % 20000,
            e1=50 + i % 30,
            e2=51 + i % 30,
            c1=5 + i % 25,
            c2=5 + i % 24,
        )
        files[f"districts/{d}.yaml"] = DISTRICT.format(**v)
        files[f"districts/{d}/analysis-2025.yaml"] = ANALYSIS.format(**v)
        files[f"programmes/{d}-2024-2027.yaml"] = PROGRAMME.format(**v)
        actions = "".join(
            ACTION.format(
                i=k,
                t=k % 3 + 1,
                n=n,
                d=d,
                typ=("promoting", "preventive")[k % 2],
                resp=("utbf", "kof", "sof")[k % 3],
            )
            for k in range(1, 7)
        )
        files[f"programmes/{d}-2024-2027/plan-2025.yaml"] = PLAN_HEAD.format(**v) + actions
        files[f"groups/{d}-natverk.yaml"] = GROUP.format(
            gid=f"{d}-natverk", typ="network", d=d, n=n, task=""
        )
        for t in (1, 2, 3):
            files[f"groups/{d}-hu{t}.yaml"] = GROUP.format(
                gid=f"{d}-hu{t}",
                typ="coordination",
                d=d,
                n=n,
                task=f"main_task: {{programme: {d}-2024-2027, id: HU{t}}}\n",
            )
    for rel, text in files.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files)


if __name__ == "__main__":
    count = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{count} files")
