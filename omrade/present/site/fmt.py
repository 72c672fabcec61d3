"""Numbers, money and dates formatted for the report's language with Babel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES = {"sv": "sv_SE", "en": "en_GB"}


class Formatter:
    def __init__(self, lang: str):
        self.locale = Locale.parse(LOCALES[lang])  # parsed once, not on every number
        # a report formats the same numbers many times; the key keeps what Babel sees
        # (1.5 and Decimal("1.50") are equal but may be written differently)
        self._numbers: dict[tuple[type, str, int | None], str] = {}
        self._money: dict[tuple[type, str], str] = {}
        self._dates: dict[dt.date, str] = {}

    def number(self, value: int | float | Decimal | Fraction, places: int | None = None) -> str:
        if isinstance(value, Fraction):
            value = Decimal(value.numerator) / Decimal(value.denominator)
        key = (type(value), str(value), places)
        found = self._numbers.get(key)
        if found is None:
            found = self._numbers[key] = self._number(value, places)
        return found

    def _number(self, value: int | float | Decimal, places: int | None) -> str:
        if places is None:
            return format_decimal(value, locale=self.locale)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def money(self, amount: int) -> str:
        """1 570 000 kr (sv), SEK 1,570,000 (en)."""
        key = (type(amount), str(amount))
        found = self._money.get(key)
        if found is None:
            found = self._money[key] = format_currency(
                amount, "SEK", format="#,##0\xa0¤", locale=self.locale, currency_digits=False
            )
        return found

    def percent_share(self, share: Fraction, places: int = 1) -> str:
        return self.number(share * 100, places) + "\xa0%"

    def value(self, value: Decimal | Fraction | int, unit: str) -> str:
        text = self.number(value)
        return {"percent": text + "\xa0%", "sek": text + "\xa0kr", "days": text + "\xa0d"}.get(
            unit, text
        )

    def date(self, day: dt.date | None) -> str:
        if not day:
            return "–"
        found = self._dates.get(day)
        if found is None:
            found = self._dates[day] = format_date(day, format="long", locale=self.locale)
        return found
