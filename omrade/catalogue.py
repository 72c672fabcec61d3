"""The whole rule catalogue: the one module that imports every module defining a rule.

Rules are defined beside what finds them — reading (0xx) in the loader, the schema (1xx)
in the repository, the cross-file rules (2xx–7xx) in ``omrade.rules``, the refusals (8xx)
beside the code that refuses (safe file access, the template sandbox, the output writer)
— and each definition registers itself. Whoever needs every rule (``omrade rules``, the
SARIF rule list, the docs, the check of ``rules:`` in municipality.yaml, a run's checks)
asks this module, which sits above all of them.
"""

from __future__ import annotations

import omrade.load.reader
import omrade.load.safefs
import omrade.model.errors
import omrade.present.site.refusals
import omrade.repo.discover
import omrade.repo.repository
import omrade.rules
from omrade.diagnostics import RULES, Rule
from omrade.rules import (
    budget,
    composition,
    content,
    coverage,
    cycle,
    decisions,
    dialogues,
    equity,
    feedback,
    groups,
    guidelines,
    influence,
    lifecycle,
    organisation,
    personal,
    placeholders,
    references,
    site,
)

# every module above, by what it defines (a test keeps the list whole)
MODULES = (
    omrade.load.reader,
    omrade.load.safefs,
    omrade.model.errors,
    omrade.repo.discover,
    omrade.repo.repository,
    budget,
    composition,
    content,
    coverage,
    cycle,
    decisions,
    dialogues,
    equity,
    feedback,
    groups,
    guidelines,
    influence,
    lifecycle,
    organisation,
    personal,
    placeholders,
    references,
    site,
    omrade.present.site.refusals,
)

omrade.rules.CATALOGUE_LOADED = True


def all_rules() -> dict[str, Rule]:
    """Every rule by code, in the order defined."""
    return RULES


def ordered() -> tuple[Rule, ...]:
    """Every rule in code order."""
    return tuple(RULES[code] for code in sorted(RULES))
