"""8xx, templates and output: refusals of ``omrade report``, ``new``, ``init`` and ``schema``
(exit 2), not findings of ``validate``.

They are raised as ``Refused`` where a template is loaded or a file written
(``omrade.present.site.sandbox``, ``omrade.present.site.output``, ``omrade.load.safefs``,
``omrade.write.scaffold``, ``omrade.model.schema``) with ``rule.says(variant, ...)``; their
codes, titles, explanations and texts are all defined here.
"""

from __future__ import annotations

from omrade.diagnostics import define

HINT_OUT = "name a separate folder for the reports, e.g. --out reports or --out site"

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
OMR804 = define(
    "OMR804",
    "error",
    "Write through a link refused",
    "`omrade new`, `init`, `schema` and `report` never write through a symbolic link: "
    "a file or folder they would write is a link (even a broken one).",
    message="is a symbolic link (to {target}); omrade does not write through links{what}",
    hint="remove the link, or replace it with a real folder or file",
    variants={
        "out_link": (
            "is a symbolic link (to {target}); omrade replaces the output folder itself and "
            "does not follow links",
            "remove the link, or " + HINT_OUT,
        ),
        "out_below_link": (
            "lies below {parent}, a symbolic link (to {target}) in the repository; omrade "
            "does not write through links",
            HINT_OUT,
        ),
        "not_a_folder": ("is not a folder", "move the file away, or write somewhere else"),
        "not_a_file": ("is not a regular file", "move it away"),
        "init_link": (
            "is a symbolic link (to {target}); omrade init does not write through links",
            "name a new or empty real folder",
        ),
        "schema_out_link": (
            "is a symbolic link (to {target}); omrade does not write through links",
            "name the real folder with --out, or remove the link",
        ),
        "schema_file_link": (
            "is a symbolic link (to {target}); omrade does not overwrite a linked file",
            "remove the link; omrade then writes the schema as a file of its own",
        ),
    },
)
