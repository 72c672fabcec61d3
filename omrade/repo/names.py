"""The repository's names for its ids, in both languages, and the language it is written
for (its municipality's ``locale``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omrade.i18n import LANGS
from omrade.load.reader import read_file
from omrade.repo import memo
from omrade.repo.repository import Doc, Repository


def default_lang(repo: Repository | None) -> str:
    """The municipality's ``locale`` (Swedish when there is none to read)."""
    mun = repo.municipality if repo is not None else None
    return mun.locale if mun is not None else "sv"


def lang_of_root(root: Path) -> str:
    """The municipality's ``locale``, read from data/municipality.yaml alone (fast).

    Read as every data file is (``omrade.load.reader``: size limit, no aliases, no links out);
    a file that cannot be read means Swedish, and validate says what is wrong with it.
    """
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

    @classmethod
    def kept_of(cls, repo: Repository) -> Names:
        """``Names.of(repo)``, worked out once per repository object (and kept with a
        diff's kept base: ``omrade.repo.memo``). A copy: the caller may change it."""
        found = memo.kept("names", repo)
        if found is None:
            found = cls.of(repo)
            memo.keep("names", repo, found)
        return cls(*(dict(table) for table in found.tables()))

    def tables(self) -> tuple[dict[str, tuple[str, str]], ...]:
        return self.organisations, self.districts, self.indicators, self.programmes

    def with_documents(self, docs: Iterable[Doc]) -> Names:
        """These names with those of the schema-valid districts and programmes among
        ``docs`` over them: ``Names.of(before, after)`` when ``after`` is laid from
        ``before`` with ``docs`` replaced (the same keys; ``replaced``)."""
        out = Names(*(dict(table) for table in self.tables()))
        for doc in docs:
            if doc.model is None:
                continue
            if doc.kind == "district":
                out.districts[doc.model.id] = _pair(doc.model)
            elif doc.kind == "programme":
                out.programmes[doc.model.id] = _pair(doc.model, "title")
        return out

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
