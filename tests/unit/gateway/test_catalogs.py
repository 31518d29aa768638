"""The gateway's gettext catalogs: every message the templates and code mark is translated in
every language, and the helpers speak the person's locale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import mmc_gateway
from mmc_gateway.i18n import LOCALES, Language, best_match

PACKAGE = Path(mmc_gateway.__file__).parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]


def marked_messages() -> set[str]:
    found = extract_from_dir(
        str(PACKAGE), METHODS, keywords={"_": None, "N_": None, "gettext": None}, comment_tags=()
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "en"])
def test_every_marked_message_is_translated(locale: str) -> None:
    with (PACKAGE / "locale" / locale / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale=locale)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = marked_messages() - translated
    assert not missing, f"{locale}: not translated: {sorted(missing)}"


def test_the_catalogs_are_used() -> None:
    assert Language("fr").gettext("Sign in") == "Se connecter"
    assert Language("ar").gettext("Sign in") == "تسجيل الدخول"
    assert Language("en").gettext("Sign in") == "Sign in"
    assert Language("ar").direction == "rtl"
    assert Language("es").direction == "ltr"


def test_dates_and_numbers_in_the_locale() -> None:
    day = date(2026, 12, 1)
    assert Language("en").format_day(day) == "Dec 1, 2026"
    assert Language("fr").format_day("2026-12-01T10:00:00Z") == "1 déc. 2026"
    assert Language("fr").format_number(1050000) == "1\u202f050\u202f000"
    assert Language("es").format_number(1050000) == "1.050.000"
    assert Language("en").format_number(None) == ""


def test_the_browser_language_is_matched() -> None:
    assert best_match("fr-CA,fr;q=0.9,en;q=0.5") == "fr"
    assert best_match("de-DE, es;q=0.4") == "es"
    assert best_match("de") == "en"
    assert best_match(None) == "en"
    assert best_match("ar;q=abc, ar-EG;q=0.8") == "ar"
