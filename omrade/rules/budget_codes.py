"""4xx, the budget: the rules' codes, titles and explanations.

Their checks live in the allocation (``omrade.allocation.compute``, raised by ``allocate``)
and ``omrade.rules.budget`` picks them up; their text is written where each problem is
found. They are defined here until the checks move beside them in ``rules/budget.py``.
"""

from __future__ import annotations

from omrade.diagnostics import Example, define

define(
    "OMR401",
    "error",
    "Weights invalid",
    "Indicator weights must be positive and sum to exactly 1.",
    example=Example(
        "data/budget/2025.yaml",
        "    - {indicator: child-poverty, weight: 0.4}\n",
        replaces="    - {indicator: child-poverty, weight: 0.5}\n",
    ),
)
define(
    "OMR402",
    "error",
    "Amount not a multiple of the unit",
    "The appropriation, a per-district base grant and the remainder must be whole "
    "multiples of the budget's unit.",
    example=Example(
        "data/budget/2025.yaml",
        "appropriation: 500500\n",
        replaces="appropriation: 500000\n",
        situation="The budget's unit is 1000.",
    ),
)
define(
    "OMR403",
    "error",
    "Base above the appropriation",
    "The base grants together exceed the appropriation.",
    example=Example(
        "data/budget/2025.yaml",
        "base_grant: {per_district: 300000}\n",
        replaces="base_grant: {per_district: 100000}\n",
        situation="The appropriation is 500 000 and there are two districts.",
    ),
)
define(
    "OMR404",
    "error",
    "Indicator value missing",
    "A weighted indicator has no value for a district in the data year; the error names "
    "district, indicator and year. No silent zeros.",
    example=Example(
        "data/districts/syd/analysis-2025.yaml",
        ("  - {indicator: employment-rate, year: 2023, value: 80, municipality: 70}\n"),
        replaces=("  - {indicator: employment-rate, year: 2024, value: 80, municipality: 70}\n"),
        situation="The budget weighs employment-rate with the 2024 values.",
    ),
)
define(
    "OMR405",
    "error",
    "Value unusable for a ratio",
    "A zero or negative value (or 100 % for a percent indicator where lower is need) "
    "where the need ratio divides by it.",
    example=Example(
        "data/districts/norr/analysis-2025.yaml",
        ("  - {indicator: employment-rate, year: 2024, value: 120, municipality: 70}\n"),
        replaces=("  - {indicator: employment-rate, year: 2024, value: 60, municipality: 70}\n"),
        situation=(
            "Employment rate is a percent where lower is need: the need ratio divides by what is "
            "left to 100 %."
        ),
    ),
)
define(
    "OMR406",
    "error",
    "Plan spends more than the allocation",
    "A district's plans spend more area_grant in a year than its allocated total.",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2025.yaml",
        "    funding: [{source: area_grant, amount: 900000}]\n",
        replaces="    funding: [{source: area_grant, amount: 100000}]\n",
        situation="The 2025 budget allocates norr far less than 900 000 kr.",
    ),
)
define(
    "OMR407",
    "error",
    "Transition year missing",
    "The budget smooths against a previous year that has no budget file.",
    example=Example(
        "data/budget/2025.yaml",
        "weighting:\n  transition: {previous: 2024, alpha: 0.5}\n",
        replaces="weighting:\n",
        situation="There is no data/budget/2024.yaml.",
    ),
)
define(
    "OMR408",
    "error",
    "Indicator without need direction",
    "A weighted indicator whose 'need' is 'none' cannot weigh need.",
    example=Example(
        "data/indicators.yaml",
        "    need: none\n    dimension: economic\n",
        replaces="    need: lower_is_need\n    dimension: economic\n",
        situation="The budget weighs employment-rate.",
    ),
)
define(
    "OMR409",
    "warning",
    "Area grant without budget",
    "A plan spends area_grant in a year that has no budget file.",
    example=Example(
        "data/programmes/norr-2024-2027/plan-2026.yaml",
        (
            "kind: plan\n"
            "programme: norr-2024-2027\n"
            "year: 2026\n"
            "status: draft\n"
            "actions:\n"
            "  - {id: A1, title: Sommarjobb, main_task: HU1, type: promoting, "
            "responsible: utbf,\n"
            "     funding: [{source: area_grant, amount: 100000}]}\n"
        ),
        situation="There is no data/budget/2026.yaml.",
    ),
)
define(
    "OMR410",
    "error",
    "No population to weigh by",
    "A budget weights by population (volume: population, the default), and one of its "
    "districts has population 0: it would silently get no compensatory share.",
    example=Example(
        "data/districts/syd.yaml",
        "population: {value: 0, year: 2024, source: test}\n",
        replaces="population: {value: 30000, year: 2024, source: test}\n",
    ),
)
define(
    "OMR411",
    "warning",
    "Prioritised weighting without prioritised districts",
    "The budget gives prioritised districts a factor or a base of their own, but none of its "
    "districts is prioritised: the setting has no effect.",
    example=Example(
        "data/budget/2025.yaml",
        "base_grant: {per_district: 100000, prioritised: 150000}\n",
        replaces="base_grant: {per_district: 100000}\n",
        situation="No district is prioritised.",
    ),
)
