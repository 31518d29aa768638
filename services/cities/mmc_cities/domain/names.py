"""City names: the display form and the key used to detect duplicate registrations.

Two registrations are the same city when their :func:`name_key` is equal. The key keeps only
the letters and digits of the name (of any script), case-folded, without accents, with letters
that only differ by a stroke folded together (``ø``/``o``, ``ł``/``l``); spaces, hyphens,
apostrophes and other punctuation are dropped. It includes the country: Valencia, ES and
Valencia, VE are different cities. So "Zürich", "Zurich" and " zurich " in CH collide, as do
"Saint-Denis" and "Saint Denis", "Bogotá, D.C." and "Bogota DC", or "Łódź" and "Lodz".

The key does not expand abbreviations ("St. Louis" and "Saint Louis" differ) and does not
translate names ("Munich" and "München" differ): those are for a human to spot.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["name_key", "normalize_name"]

# Letters that have no Unicode decomposition but that people write without the stroke or as
# two letters when their keyboard lacks them. Applied after case folding.
_FOLD = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ł": "l",
        "ŀ": "l",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def normalize_name(name: str) -> str:
    """The display form of a name: NFC, no surrounding white space, single spaces inside.

    Case, accents and punctuation are kept as written: ``"  São   Paulo "`` -> ``"São Paulo"``.
    """
    return " ".join(unicodedata.normalize("NFC", name).split())


@lru_cache(maxsize=4096)  # pure, and asked for each write of a city
def name_key(name: str, country_code: str) -> str:
    """The duplicate-detection key of a city ``name`` in the country ``country_code``.

    ``name_key("Zürich", "CH") == name_key(" zurich ", "ch") == "CH:zurich"``, and
    ``name_key("Saint-Denis", "FR") == "FR:saintdenis"``. Letters and digits of every script are
    kept (``"東京"`` stays ``"東京"``). A name with no letter or digit gives
    an empty name part (``"CH:"``); validating that a name is present is the caller's job.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)
    # Marks left after removing the accents (vowel signs of Indic scripts, ...) belong to
    # their letters; everything else that is not a letter or digit is dropped.
    kept = (ch for ch in folded if ch.isalnum() or unicodedata.category(ch).startswith("M"))
    key = unicodedata.normalize("NFC", "".join(kept))
    return f"{country_code.strip().upper()}:{key}"
