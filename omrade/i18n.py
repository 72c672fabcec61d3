"""What the terminal and pull requests say, in Swedish or English: one gettext catalogue.

The messages are written in English in the code (``t._("…")``, ``t.ngettext(…)``) and
translated in ``omrade/locale/sv/LC_MESSAGES/omrade.po``, which is read at run time with
Babel (no compile step: a fresh clone and ``pip install`` have it). ``make messages``
extracts new messages into ``omrade/locale/omrade.pot`` and merges them into the ``.po``;
a test fails while any message lacks a Swedish translation or is marked fuzzy.

Data is shown by its names: organisations, districts and indicators from the repository
(``name`` / ``name_en``), statuses, ratings, types and funding sources from the report's
labels (``omrade.present.site.messages``), so the terminal and the site say the same.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omrade.repo.repository import Repository

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
        from omrade.present.site.messages import Messages

        return Messages(self.lang).enum(family, value)


def number(n: int, lang: str) -> str:
    """A whole number with a thin grouping space (sv) or comma (en)."""
    return f"{n:,}".replace(",", "\u00a0" if lang == "sv" else ",")


def default_lang(repo: Repository | None) -> str:
    """The municipality's ``locale`` (Swedish when there is none to read)."""
    mun = repo.municipality if repo is not None else None
    return mun.locale if mun is not None else "sv"


def lang_of_root(root: Path) -> str:
    """The municipality's ``locale``, read from data/municipality.yaml alone (fast).

    Read as every data file is (``omrade.load.reader``: size limit, no aliases, no links out);
    a file that cannot be read means Swedish, and validate says what is wrong with it.
    """
    from omrade.load.reader import read_file

    loaded = read_file(root / "data" / "municipality.yaml", "data/municipality.yaml")
    data = loaded.data
    value = data.get("locale") if isinstance(data, dict) else None
    return value if value in LANGS else "sv"


def _pair(model: Any, attr: str = "name") -> tuple[str, str]:
    sv = str(getattr(model, attr, "") or "")
    return (sv, str(getattr(model, f"{attr}_en", None) or sv))


@dataclass
class Names:
    """Display names of what the repository has ids for, in both languages."""

    organisations: dict[str, tuple[str, str]] = field(default_factory=dict)
    districts: dict[str, tuple[str, str]] = field(default_factory=dict)
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)
    programmes: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, *repos: Repository) -> Names:
        """Names from each repository in turn; a later one wins (the new revision)."""
        names = cls()
        for repo in repos:
            for b in repo.bodies.values():
                names.organisations[b.id] = _pair(b)
            for o in repo.organisations.values():
                names.organisations[o.id] = _pair(o)
            for i in repo.indicators.values():
                names.indicators[i.id] = _pair(i)
            for _doc, d in repo.valid(repo.districts):
                names.districts[d.id] = _pair(d)
            for _doc, p in repo.valid(repo.programmes):
                names.programmes[p.id] = _pair(p, "title")
        return names

    @staticmethod
    def _get(table: dict[str, tuple[str, str]], ident: str, lang: str) -> str:
        pair = table.get(ident)
        if not pair or not pair[0]:
            return ident
        return pair[1] if lang == "en" else pair[0]

    def organisation(self, ident: str, lang: str) -> str:
        return self._get(self.organisations, ident, lang)

    def district(self, ident: str, lang: str) -> str:
        return self._get(self.districts, ident, lang)

    def indicator(self, ident: str, lang: str) -> str:
        return self._get(self.indicators, ident, lang)

    def programme(self, ident: str, lang: str) -> str:
        return self._get(self.programmes, ident, lang)
