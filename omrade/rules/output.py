"""8xx, templates and output: refusals of ``omrade report``, ``new``, ``init`` and ``schema``
(exit 2), not findings of ``validate``.

They are raised as ``Refused`` where a template is loaded or a file written
(``omrade.present.site.sandbox``, ``omrade.present.site.output``, ``omrade.load.safefs``,
``omrade.write.scaffold``, ``omrade.model.schema``), with their text written there; their
codes, titles and explanations are defined here.
"""

from __future__ import annotations

from omrade.diagnostics import define

define(
    "OMR801",
    "error",
    "Unsafe template",
    "A template reached for Python internals (attributes starting with '_', "
    "'__globals__', '__class__', …), called something that is not a macro or a plain "
    "method of text, numbers or lists, or changed a value in place. Templates run in a "
    "sandbox; the report is not rendered.",
)
define(
    "OMR802",
    "error",
    "Template error",
    "A template has a syntax error, uses a variable or template that does not exist, "
    "or is not UTF-8 text; the message names the template file and line.",
)
define(
    "OMR803",
    "error",
    "Output folder refused",
    "`omrade report --out` names the repository, data/, templates/ or .git, a folder "
    "that contains one of them or lies inside data/, templates/ or .git (after "
    "resolving links), a link, or a non-empty folder omrade did not write.",
)
define(
    "OMR804",
    "error",
    "Write through a link refused",
    "`omrade new`, `init`, `schema` and `report` never write through a symbolic link: "
    "a file or folder they would write is a link (even a broken one).",
)
