"""Four languages (en, fr, es, ar right to left) from gettext catalogs, with Babel.

The catalogs are `locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory at start (no
binary `.mo` in the repository). Templates call `_("...")`; dates and numbers go through
`format_day` / `format_number` in the person's locale. A signed-in person's language is their
preference (stored on their account); anyone else gets the best match of `Accept-Language`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES = ("en", "fr", "es", "ar")
NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT = "en"
CATALOGS = Path(__file__).parent / "locale"


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


@cache
def translations(locale: str) -> NullTranslations:
    path = CATALOGS / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT or not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def best_match(accept_language: str | None) -> str:
    """The first of the visitor's languages we have (`fr-CA` -> `fr`), else English."""
    if not accept_language:
        return DEFAULT
    ranked: list[tuple[float, str]] = []
    for part in accept_language.split(",")[:20]:
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((weight, tag.split("-")[0].lower()))
    for _, language in sorted(ranked, key=lambda item: -item[0]):
        if language in LOCALES:
            return language
    return DEFAULT


@dataclass(frozen=True)
class Language:
    """What a page needs to speak the person's language."""

    code: str

    @property
    def direction(self) -> str:
        return "rtl" if self.code in RIGHT_TO_LEFT else "ltr"

    def gettext(self, message: str) -> str:
        return translations(self.code).gettext(message)

    def format_day(self, value: date | datetime | str | None) -> str:
        if value is None or value == "":
            return ""
        day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
        return format_date(day, format="medium", locale=Locale.parse(self.code))

    def format_number(self, value: int | float | str | None) -> str:
        if value is None or value == "":
            return ""
        return format_decimal(value, locale=Locale.parse(self.code))
