"""4xx, the budget: the rules' codes, titles and explanations.

Their checks live in the allocation (``omrade.allocation.compute``, raised by ``allocate``)
and ``omrade.rules.budget`` picks them up; their text is written where each problem is
found. They are defined here until the checks move beside them in ``rules/budget.py``.
"""

from __future__ import annotations

from omrade.diagnostics import define

define(
    "OMR401", "error", "Weights invalid", "Indicator weights must be positive and sum to exactly 1."
)
define(
    "OMR402",
    "error",
    "Amount not a multiple of the unit",
    "The appropriation, a per-district base grant and the remainder must be whole "
    "multiples of the budget's unit.",
)
define(
    "OMR403",
    "error",
    "Base above the appropriation",
    "The base grants together exceed the appropriation.",
)
define(
    "OMR404",
    "error",
    "Indicator value missing",
    "A weighted indicator has no value for a district in the data year; the error names "
    "district, indicator and year. No silent zeros.",
)
define(
    "OMR405",
    "error",
    "Value unusable for a ratio",
    "A zero or negative value (or 100 % for a percent indicator where lower is need) "
    "where the need ratio divides by it.",
)
define(
    "OMR406",
    "error",
    "Plan spends more than the allocation",
    "A district's plans spend more area_grant in a year than its allocated total.",
)
define(
    "OMR407",
    "error",
    "Transition year missing",
    "The budget smooths against a previous year that has no budget file.",
)
define(
    "OMR408",
    "error",
    "Indicator without need direction",
    "A weighted indicator whose 'need' is 'none' cannot weigh need.",
)
define(
    "OMR409",
    "warning",
    "Area grant without budget",
    "A plan spends area_grant in a year that has no budget file.",
)
define(
    "OMR410",
    "error",
    "No population to weigh by",
    "A budget weights by population (volume: population, the default), and one of its "
    "districts has population 0: it would silently get no compensatory share.",
)
define(
    "OMR411",
    "warning",
    "Prioritised weighting without prioritised districts",
    "The budget gives prioritised districts a factor or a base of their own, but none of its "
    "districts is prioritised: the setting has no effect.",
)
