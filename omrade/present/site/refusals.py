"""The refusals of ``omrade report`` (8xx, exit 2): the template sandbox's (OMR801,
OMR802, raised in ``sandbox``) and the output writer's (OMR803, raised in ``output``).

Defined beside the modules that refuse, in a module of their own so that the rule
catalogue (``omrade.catalogue``) knows them without importing Jinja.
"""

from __future__ import annotations

from omrade.diagnostics import define
from omrade.load.safefs import HINT_OUT

OMR801 = define(
    "OMR801",
    "error",
    "Unsafe template",
    "A template reached for Python internals (attributes starting with '_', "
    "'__globals__', '__class__', …), called something that is not a macro or a plain "
    "method of text, numbers or lists, or changed a value in place. Templates run in a "
    "sandbox; the report is not rendered.",
    message="unsafe template: {problem}",
    hint="a template may use the page's values, filters, tests and macros, and the plain "
    "methods of text, numbers and lists — nothing else; remove it, or render with "
    "--no-overrides",
)
OMR802 = define(
    "OMR802",
    "error",
    "Template error",
    "A template has a syntax error, uses a variable or template that does not exist, "
    "or is not UTF-8 text; the message names the template file and line.",
    message="template error: {problem}",
    hint="every page's fields are listed in omrade/present/site/pages.py, and used in "
    "the built-in template of the same name",
    variants={
        "syntax": (
            "template syntax error: {problem}",
            "see https://jinja.palletsprojects.com/en/stable/templates/",
        ),
        "missing": (
            "template '{name}' does not exist",
            "a template is looked up in templates/, then among the built-in ones ('..' "
            "cannot leave templates/)",
        ),
        "not_regular": ("is not a regular file", "remove it or rename it"),
        "unreadable": ("cannot be read: {problem}", "check the file"),
        "too_large": ("is larger than {limit:,} bytes", "make it smaller"),
        "not_utf8": ("is not UTF-8 text", "save it as UTF-8"),
    },
)

OMR803 = define(
    "OMR803",
    "error",
    "Output folder refused",
    "`omrade report --out` names the repository, data/, templates/ or .git, a folder "
    "that contains one of them or lies inside data/, templates/ or .git (after "
    "resolving links), a link, or a non-empty folder omrade did not write.",
    message="--out {reason}; omrade replaces the whole output folder, so it refuses",
    hint=HINT_OUT,
    variants={
        "not_a_folder": ("exists and is not a folder", HINT_OUT),
        "foreign": (
            "holds files that omrade did not write (no .omrade-report marker); "
            "omrade replaces the whole output folder",
            "choose another --out, or empty the folder first",
        ),
    },
)
