"""What the terminal and pull requests say, in Swedish or English: one gettext catalogue.

The messages are written in English in the code (``t._("…")``, ``t.ngettext(…)``) and
translated in ``omrade/locale/sv/LC_MESSAGES/omrade.po``, which is read at run time with
Babel (no compile step: a fresh clone and ``pip install`` have it). ``make messages``
extracts new messages into ``omrade/locale/omrade.pot`` and merges them into the ``.po``;
a test fails while any message lacks a Swedish translation or is marked fuzzy.

Data is shown by its names: organisations, districts and indicators from the repository
(``name`` / ``name_en``, ``omrade.repo.names``), statuses, ratings, types and funding
sources from the report's labels (``omrade.labels``), so the terminal and the site say
the same.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "omrade"
LANGS = ("sv", "en")


def N_(message: str) -> str:
    """Marks a message for extraction; translated where it is shown."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for extraction (``make messages`` knows it)."""
    return (singular, plural)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for ``lang``: the English source text needs none."""
    if lang == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # fuzzy entries are not translations
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """Messages in one language; ``{name}`` placeholders filled with ``str.format``."""

    def __init__(self, lang: str = "sv"):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self._t = _translations(lang)

    def _(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=number(n, self.lang), **values)

    def plural(self, pair: tuple[str, str], n: int, **values: object) -> str:
        return self.ngettext(pair[0], pair[1], n, **values)

    def enum(self, family: str, value: str) -> str:
        """A status, rating, trend, type, funding source …: the report's label."""
        from omrade.labels import Messages

        return Messages(self.lang).enum(family, value)


def number(n: int, lang: str) -> str:
    """A whole number with a thin grouping space (sv) or comma (en)."""
    return f"{n:,}".replace(",", "\u00a0" if lang == "sv" else ",")


# why the operating system refused, as a sentence says it (its own strerror is English)
OS_REASONS: dict[str, str] = {
    "ENOENT": N_("No such file or directory"),
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "ENOSPC": N_("No space left on device"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "EROFS": N_("Read-only file system"),
    "EEXIST": N_("File exists"),
    "ELOOP": N_("Too many levels of symbolic links"),
    "ENAMETOOLONG": N_("File name too long"),
}


def os_reason(exc: OSError, lang: str) -> str:
    """Why ``exc`` happened, in ``lang`` (the system's own words for an unusual errno)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in OS_REASONS:
        return Translator(lang)._(OS_REASONS[name])
    return str(exc.strerror or exc)
