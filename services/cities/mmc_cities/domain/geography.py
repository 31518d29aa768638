"""Reference geography: ISO 3166-1 countries, UN M49 regions, ISO 639-1 languages.

Pure data and look-ups, no I/O.

* Every ISO 3166-1 alpha-2 code (249) maps to a :class:`Country` with its short English name,
  its UN M49 region (Africa, Americas, Asia, Europe, Oceania) and its most specific M49 grouping
  (the intermediate region where M49 defines one, e.g. "Western Africa" or "South America",
  otherwise the sub-region, e.g. "Western Asia" or "Northern Europe").
* Antarctica (AQ) belongs to no M49 region; it is given region and sub-region "Antarctica".
* Taiwan (TW) is not listed separately in M49; it is placed in Asia / Eastern Asia.
* Guernsey (GG) and Jersey (JE) sit in the M49 intermediate region "Channel Islands" (part of
  Northern Europe), so that is their ``sub_region``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "COUNTRIES",
    "LANGUAGES",
    "REGIONS",
    "Country",
    "UnknownCountry",
    "country",
    "find_country",
    "is_country",
    "is_language",
    "is_region",
    "sub_regions",
]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    region: str
    sub_region: str


class UnknownCountry(ValueError):
    """Raised for a string that is not an ISO 3166-1 alpha-2 country code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown ISO 3166-1 alpha-2 country code {code!r}")
        self.code = code


# --- ISO 3166-1 alpha-2 code -> short English name ------------------------------------------

_NAMES: dict[str, str] = {
    "AD": "Andorra",
    "AE": "United Arab Emirates",
    "AF": "Afghanistan",
    "AG": "Antigua and Barbuda",
    "AI": "Anguilla",
    "AL": "Albania",
    "AM": "Armenia",
    "AO": "Angola",
    "AQ": "Antarctica",
    "AR": "Argentina",
    "AS": "American Samoa",
    "AT": "Austria",
    "AU": "Australia",
    "AW": "Aruba",
    "AX": "Åland Islands",
    "AZ": "Azerbaijan",
    "BA": "Bosnia and Herzegovina",
    "BB": "Barbados",
    "BD": "Bangladesh",
    "BE": "Belgium",
    "BF": "Burkina Faso",
    "BG": "Bulgaria",
    "BH": "Bahrain",
    "BI": "Burundi",
    "BJ": "Benin",
    "BL": "Saint Barthélemy",
    "BM": "Bermuda",
    "BN": "Brunei",
    "BO": "Bolivia",
    "BQ": "Bonaire, Sint Eustatius and Saba",
    "BR": "Brazil",
    "BS": "Bahamas",
    "BT": "Bhutan",
    "BV": "Bouvet Island",
    "BW": "Botswana",
    "BY": "Belarus",
    "BZ": "Belize",
    "CA": "Canada",
    "CC": "Cocos (Keeling) Islands",
    "CD": "Democratic Republic of the Congo",
    "CF": "Central African Republic",
    "CG": "Republic of the Congo",
    "CH": "Switzerland",
    "CI": "Côte d'Ivoire",
    "CK": "Cook Islands",
    "CL": "Chile",
    "CM": "Cameroon",
    "CN": "China",
    "CO": "Colombia",
    "CR": "Costa Rica",
    "CU": "Cuba",
    "CV": "Cabo Verde",
    "CW": "Curaçao",
    "CX": "Christmas Island",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DJ": "Djibouti",
    "DK": "Denmark",
    "DM": "Dominica",
    "DO": "Dominican Republic",
    "DZ": "Algeria",
    "EC": "Ecuador",
    "EE": "Estonia",
    "EG": "Egypt",
    "EH": "Western Sahara",
    "ER": "Eritrea",
    "ES": "Spain",
    "ET": "Ethiopia",
    "FI": "Finland",
    "FJ": "Fiji",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "FO": "Faroe Islands",
    "FR": "France",
    "GA": "Gabon",
    "GB": "United Kingdom",
    "GD": "Grenada",
    "GE": "Georgia",
    "GF": "French Guiana",
    "GG": "Guernsey",
    "GH": "Ghana",
    "GI": "Gibraltar",
    "GL": "Greenland",
    "GM": "Gambia",
    "GN": "Guinea",
    "GP": "Guadeloupe",
    "GQ": "Equatorial Guinea",
    "GR": "Greece",
    "GS": "South Georgia and the South Sandwich Islands",
    "GT": "Guatemala",
    "GU": "Guam",
    "GW": "Guinea-Bissau",
    "GY": "Guyana",
    "HK": "Hong Kong",
    "HM": "Heard Island and McDonald Islands",
    "HN": "Honduras",
    "HR": "Croatia",
    "HT": "Haiti",
    "HU": "Hungary",
    "ID": "Indonesia",
    "IE": "Ireland",
    "IL": "Israel",
    "IM": "Isle of Man",
    "IN": "India",
    "IO": "British Indian Ocean Territory",
    "IQ": "Iraq",
    "IR": "Iran",
    "IS": "Iceland",
    "IT": "Italy",
    "JE": "Jersey",
    "JM": "Jamaica",
    "JO": "Jordan",
    "JP": "Japan",
    "KE": "Kenya",
    "KG": "Kyrgyzstan",
    "KH": "Cambodia",
    "KI": "Kiribati",
    "KM": "Comoros",
    "KN": "Saint Kitts and Nevis",
    "KP": "North Korea",
    "KR": "South Korea",
    "KW": "Kuwait",
    "KY": "Cayman Islands",
    "KZ": "Kazakhstan",
    "LA": "Laos",
    "LB": "Lebanon",
    "LC": "Saint Lucia",
    "LI": "Liechtenstein",
    "LK": "Sri Lanka",
    "LR": "Liberia",
    "LS": "Lesotho",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "LY": "Libya",
    "MA": "Morocco",
    "MC": "Monaco",
    "MD": "Moldova",
    "ME": "Montenegro",
    "MF": "Saint Martin (French part)",
    "MG": "Madagascar",
    "MH": "Marshall Islands",
    "MK": "North Macedonia",
    "ML": "Mali",
    "MM": "Myanmar",
    "MN": "Mongolia",
    "MO": "Macao",
    "MP": "Northern Mariana Islands",
    "MQ": "Martinique",
    "MR": "Mauritania",
    "MS": "Montserrat",
    "MT": "Malta",
    "MU": "Mauritius",
    "MV": "Maldives",
    "MW": "Malawi",
    "MX": "Mexico",
    "MY": "Malaysia",
    "MZ": "Mozambique",
    "NA": "Namibia",
    "NC": "New Caledonia",
    "NE": "Niger",
    "NF": "Norfolk Island",
    "NG": "Nigeria",
    "NI": "Nicaragua",
    "NL": "Netherlands",
    "NO": "Norway",
    "NP": "Nepal",
    "NR": "Nauru",
    "NU": "Niue",
    "NZ": "New Zealand",
    "OM": "Oman",
    "PA": "Panama",
    "PE": "Peru",
    "PF": "French Polynesia",
    "PG": "Papua New Guinea",
    "PH": "Philippines",
    "PK": "Pakistan",
    "PL": "Poland",
    "PM": "Saint Pierre and Miquelon",
    "PN": "Pitcairn",
    "PR": "Puerto Rico",
    "PS": "Palestine",
    "PT": "Portugal",
    "PW": "Palau",
    "PY": "Paraguay",
    "QA": "Qatar",
    "RE": "Réunion",
    "RO": "Romania",
    "RS": "Serbia",
    "RU": "Russia",
    "RW": "Rwanda",
    "SA": "Saudi Arabia",
    "SB": "Solomon Islands",
    "SC": "Seychelles",
    "SD": "Sudan",
    "SE": "Sweden",
    "SG": "Singapore",
    "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "SI": "Slovenia",
    "SJ": "Svalbard and Jan Mayen",
    "SK": "Slovakia",
    "SL": "Sierra Leone",
    "SM": "San Marino",
    "SN": "Senegal",
    "SO": "Somalia",
    "SR": "Suriname",
    "SS": "South Sudan",
    "ST": "São Tomé and Príncipe",
    "SV": "El Salvador",
    "SX": "Sint Maarten (Dutch part)",
    "SY": "Syria",
    "SZ": "Eswatini",
    "TC": "Turks and Caicos Islands",
    "TD": "Chad",
    "TF": "French Southern Territories",
    "TG": "Togo",
    "TH": "Thailand",
    "TJ": "Tajikistan",
    "TK": "Tokelau",
    "TL": "Timor-Leste",
    "TM": "Turkmenistan",
    "TN": "Tunisia",
    "TO": "Tonga",
    "TR": "Türkiye",
    "TT": "Trinidad and Tobago",
    "TV": "Tuvalu",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "UA": "Ukraine",
    "UG": "Uganda",
    "UM": "United States Minor Outlying Islands",
    "US": "United States",
    "UY": "Uruguay",
    "UZ": "Uzbekistan",
    "VA": "Holy See",
    "VC": "Saint Vincent and the Grenadines",
    "VE": "Venezuela",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
    "VN": "Vietnam",
    "VU": "Vanuatu",
    "WF": "Wallis and Futuna",
    "WS": "Samoa",
    "YE": "Yemen",
    "YT": "Mayotte",
    "ZA": "South Africa",
    "ZM": "Zambia",
    "ZW": "Zimbabwe",
}

# --- UN M49: region -> most specific grouping -> member codes -------------------------------

_M49: dict[str, dict[str, str]] = {
    "Africa": {
        "Northern Africa": "DZ EG EH LY MA SD TN",
        "Eastern Africa": "BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW",
        "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
        "Southern Africa": "BW LS NA SZ ZA",
        "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    },
    "Americas": {
        "Caribbean": (
            "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI"
        ),
        "Central America": "BZ CR GT HN MX NI PA SV",
        "South America": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
        "Northern America": "BM CA GL PM US",
    },
    "Asia": {
        "Central Asia": "KG KZ TJ TM UZ",
        "Eastern Asia": "CN HK JP KP KR MN MO TW",
        "South-eastern Asia": "BN ID KH LA MM MY PH SG TH TL VN",
        "Southern Asia": "AF BD BT IN IR LK MV NP PK",
        "Western Asia": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    },
    "Europe": {
        "Eastern Europe": "BG BY CZ HU MD PL RO RU SK UA",
        "Northern Europe": "AX DK EE FI FO GB IE IM IS LT LV NO SE SJ",
        "Channel Islands": "GG JE",
        "Southern Europe": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA",
        "Western Europe": "AT BE CH DE FR LI LU MC NL",
    },
    "Oceania": {
        "Australia and New Zealand": "AU CC CX HM NF NZ",
        "Melanesia": "FJ NC PG SB VU",
        "Micronesia": "FM GU KI MH MP NR PW UM",
        "Polynesia": "AS CK NU PF PN TK TO TV WF WS",
    },
    "Antarctica": {
        "Antarctica": "AQ",
    },
}


def _build_countries() -> dict[str, Country]:
    countries: dict[str, Country] = {}
    for region, groups in _M49.items():
        for sub_region, codes in groups.items():
            for code in codes.split():
                if code in countries:
                    raise AssertionError(f"country code {code} listed twice in the M49 table")
                countries[code] = Country(code, _NAMES[code], region, sub_region)
    missing = _NAMES.keys() - countries.keys()
    if missing:
        raise AssertionError(f"country codes without an M49 region: {sorted(missing)}")
    return dict(sorted(countries.items()))


COUNTRIES: Mapping[str, Country] = MappingProxyType(_build_countries())
"""Every ISO 3166-1 alpha-2 code -> its :class:`Country`."""

REGIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {region: frozenset(groups) for region, groups in _M49.items()}
)
"""Region -> the sub-regions (most specific M49 groupings) used for countries in it."""

# --- ISO 639-1 ------------------------------------------------------------------------------

_ISO_639_1 = (
    "aa ab ae af ak am an ar as av ay az",
    "ba be bg bi bm bn bo br bs",
    "ca ce ch co cr cs cu cv cy",
    "da de dv dz",
    "ee el en eo es et eu",
    "fa ff fi fj fo fr fy",
    "ga gd gl gn gu gv",
    "ha he hi ho hr ht hu hy hz",
    "ia id ie ig ii ik io is it iu",
    "ja jv",
    "ka kg ki kj kk kl km kn ko kr ks ku kv kw ky",
    "la lb lg li ln lo lt lu lv",
    "mg mh mi mk ml mn mr ms mt my",
    "na nb nd ne ng nl nn no nr nv ny",
    "oc oj om or os",
    "pa pi pl ps pt",
    "qu",
    "rm rn ro ru rw",
    "sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw",
    "ta te tg th ti tk tl tn to tr ts tt tw ty",
    "ug uk ur uz",
    "ve vi vo",
    "wa wo",
    "xh",
    "yi yo",
    "za zh zu",
)

LANGUAGES: frozenset[str] = frozenset(code for row in _ISO_639_1 for code in row.split())
"""The current ISO 639-1 two-letter language codes (183; the withdrawn "bh", "mo", "sh", "iw",
"in" and "ji" are not included)."""


# --- look-ups -------------------------------------------------------------------------------


def country(code: str) -> Country:
    """The country with this ISO 3166-1 alpha-2 code (case-insensitive, surrounding spaces ignored).

    Raises :class:`UnknownCountry` for anything else.
    """
    key = code.strip().upper()
    try:
        return COUNTRIES[key]
    except KeyError:
        raise UnknownCountry(key) from None


def is_country(code: str) -> bool:
    return code.strip().upper() in COUNTRIES


def is_region(region: str) -> bool:
    """Whether ``region`` is one of the region names used in :data:`REGIONS` (exact spelling)."""
    return region in REGIONS


def sub_regions(region: str) -> frozenset[str]:
    """The sub-regions of ``region``; empty for a name that is not a region."""
    return REGIONS.get(region, frozenset())


def is_language(code: str) -> bool:
    """Whether ``code`` is an ISO 639-1 code (case-insensitive, surrounding spaces ignored)."""
    return code.strip().lower() in LANGUAGES


# Alternate names (already in normalised form, see _normalise) -> code.
_ALTERNATES: dict[str, str] = {
    # United States
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    # United Kingdom and its nations
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    # official or older forms of the short names used above
    "turkey": "TR",
    "republic of turkiye": "TR",
    "ivory coast": "CI",
    "russian federation": "RU",
    "republic of korea": "KR",
    "korea republic of": "KR",
    "korea south": "KR",
    "democratic people s republic of korea": "KP",
    "korea democratic people s republic of": "KP",
    "korea north": "KP",
    "dprk": "KP",
    "viet nam": "VN",
    "syrian arab republic": "SY",
    "islamic republic of iran": "IR",
    "iran islamic republic of": "IR",
    "plurinational state of bolivia": "BO",
    "bolivia plurinational state of": "BO",
    "bolivarian republic of venezuela": "VE",
    "venezuela bolivarian republic of": "VE",
    "united republic of tanzania": "TZ",
    "tanzania united republic of": "TZ",
    "congo drc": "CD",
    "drc": "CD",
    "dr congo": "CD",
    "dr of the congo": "CD",
    "congo kinshasa": "CD",
    "congo democratic republic of the": "CD",
    "congo": "CG",
    "republic of congo": "CG",
    "congo republic": "CG",
    "congo republic of the": "CG",
    "congo brazzaville": "CG",
    "state of palestine": "PS",
    "palestine state of": "PS",
    "occupied palestinian territory": "PS",
    "palestinian territories": "PS",
    "czech republic": "CZ",
    "macedonia": "MK",
    "republic of north macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "burma": "MM",
    "lao people s democratic republic": "LA",
    "lao pdr": "LA",
    "republic of moldova": "MD",
    "moldova republic of": "MD",
    "vatican": "VA",
    "vatican city": "VA",
    "vatican city state": "VA",
    "brunei darussalam": "BN",
    "micronesia federated states of": "FM",
    "federated states of micronesia": "FM",
    "holland": "NL",
    "uae": "AE",
    "hong kong sar": "HK",
    "hong kong sar china": "HK",
    "macau": "MO",
    "macao sar": "MO",
    "macao sar china": "MO",
    "falkland islands malvinas": "FK",
    "svalbard": "SJ",
    "united states virgin islands": "VI",
    "virgin islands u s": "VI",
    "virgin islands british": "VG",
    "saint martin": "MF",
    "sint maarten": "SX",
    "pitcairn islands": "PN",
    "saint helena": "SH",
    "bonaire": "BQ",
    "caribbean netherlands": "BQ",
}


def _normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a country name."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.casefold().replace("&", " and ")
    words = re.sub(r"[^0-9a-z]+", " ", lowered).split()
    words = ["saint" if w == "st" else w for w in words]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _build_name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name in _NAMES.items():
        index[_normalise(name)] = code
    for alternate, code in _ALTERNATES.items():
        previous = index.get(alternate)
        if previous is not None and previous != code:
            raise AssertionError(f"name {alternate!r} is ambiguous: {previous} or {code}")
        index[alternate] = code
    return index


_BY_NAME: Mapping[str, str] = MappingProxyType(_build_name_index())


def find_country(name_or_code: str) -> Country | None:
    """The country for an ISO 3166-1 alpha-2 code or an English name, or None.

    Codes are matched case-insensitively; names case-, accent- and punctuation-insensitively,
    including common alternates ("USA", "UK", "England", "Turkey", "Ivory Coast", "DRC", ...).
    """
    text = name_or_code.strip()
    if not text:
        return None
    if len(text) == 2 and text.upper() in COUNTRIES:
        return COUNTRIES[text.upper()]
    code = _BY_NAME.get(_normalise(text))
    return COUNTRIES[code] if code is not None else None
