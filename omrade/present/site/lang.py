"""Data text in the page's language: the ``_en`` twins, and text in another language
marked with its own ``lang`` (WCAG 3.1.2, Language of Parts)."""

from __future__ import annotations

from contextvars import ContextVar

from markupsafe import Markup

from omrade.present import plain

# The language the data's plain text fields are written in: the municipality's locale.
DATA_LANG: ContextVar[str] = ContextVar("DATA_LANG", default="sv")


class Foreign(str):
    """Data text in another language than the page's (WCAG 3.1.2, Language of Parts).

    Jinja's autoescape, ``~`` and ``join`` and Markup's ``format`` call ``__html__``, so the
    text reaches the HTML page in an element with its own ``lang``; ``str()`` of it (what
    the Markdown writer and the SVG text use) is the plain text.
    """

    lang: str

    def __new__(cls, value: str, lang: str) -> Foreign:
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj

    def __html__(self) -> Markup:
        return Markup('<span lang="{}">{}</span>').format(self.lang, plain.visible(str(self)))


class Mixed(str):
    """Text joined from pieces of which some are Foreign: ``str()`` is the plain text (for
    Markdown), ``__html__`` keeps each Foreign piece in its own ``lang``."""

    html: Markup

    def __new__(cls, *parts: str) -> Mixed:
        obj = super().__new__(cls, "".join(str(p) for p in parts))
        obj.html = Markup("").join(
            p.__html__() if isinstance(p, Foreign) else plain.visible(str(p)) for p in parts
        )
        return obj

    def __html__(self) -> Markup:
        return self.html


def in_data_lang(value: str, lang: str) -> str:
    """Data text for a page in ``lang``: marked Foreign when the data is in another."""
    source = DATA_LANG.get()
    return Foreign(value, source) if value and source != lang else value


def text(model: object, name: str, lang: str) -> str:
    """A text field in the report's language: the ``_en`` twin when English and present,
    else the field itself, marked with its language when that is not the page's."""
    if lang == "en":
        twin = getattr(model, f"{name}_en", None)
        if twin:
            return str(twin)
    value = getattr(model, name, None)
    return "" if value is None else in_data_lang(str(value), lang)
