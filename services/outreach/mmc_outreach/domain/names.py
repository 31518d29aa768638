"""The key that says two spellings name the same city: name and country, without case, accents
or punctuation (`"São Paulo", "br"` -> `"BR:sao paulo"`). The cities service keys its registry
the same way, so an inquiry's city can be matched with the registry's."""

from __future__ import annotations

import unicodedata


def search_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


def city_key(name: str, country_code: str) -> str:
    return f"{country_code.strip().upper()}:{search_name(name)}"
