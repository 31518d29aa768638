"""The CSV form of the city registry, for bulk import and export.

Columns (the header row names them, in any order; only `name`, `country_code` and `size_class`
are required)::

    name,country_code,population,migrant_population,migration_contexts,size_class,networks,
    languages,mayor_name,mayor_title,partnership_status,website

Lists (`migration_contexts`, `networks`, `languages`) are separated by `;`. `country_code` may
be an ISO 3166-1 alpha-2 code or an English country name ("Sierra Leone", "USA", "Türkiye").
An empty `partnership_status` means `prospect`. Rows are numbered as a spreadsheet shows them:
the header is row 1, the first city row 2. The file is UTF-8 (a byte-order mark is fine).

Reading only turns text into the plain fields of a profile; the domain's rules (a real
language code, migrants not above the population, ...) are checked when the city is registered.
An export has the same columns, so importing it again finds every city already registered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mmc_cities.domain.city import City
from mmc_cities.domain.geography import find_country

__all__ = [
    "COLUMNS",
    "LIST_SEPARATOR",
    "MAX_NUMBER",
    "REQUIRED_COLUMNS",
    "CsvFileError",
    "CsvRow",
    "column_of",
    "decode",
    "export_header",
    "export_row",
    "read_rows",
]

COLUMNS: tuple[str, ...] = (
    "name",
    "country_code",
    "population",
    "migrant_population",
    "migration_contexts",
    "size_class",
    "networks",
    "languages",
    "mayor_name",
    "mayor_title",
    "partnership_status",
    "website",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "country_code", "size_class")
LIST_SEPARATOR = ";"
MAX_NUMBER = 10_000_000_000
"""The largest population accepted (bigger numbers are typing mistakes)."""

_NAME_IN_REPORT = 120
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvFileError(ValueError):
    """The file as a whole cannot be read (not UTF-8, no header, a required column missing)."""


@dataclass(frozen=True)
class CsvRow:
    """One city row: the profile's fields, or why the row cannot be read."""

    row: int
    name: str
    profile: dict[str, Any] | None
    partnership_status: str
    error: str | None = None


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(
            f"the file is not UTF-8 text (byte {error.start} cannot be decoded); "
            "save it as CSV UTF-8"
        ) from None


def read_rows(text: str) -> list[CsvRow]:
    """The city rows of a CSV text (empty rows skipped)."""
    if "\x00" in text:
        raise CsvFileError("the file contains NUL characters; it is not a CSV text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise CsvFileError("the file is empty: expected a header row naming the columns")
        columns = [cell.strip().lower() for cell in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise CsvFileError(
                f"missing column(s) {', '.join(missing)}; the header must name "
                f"{', '.join(REQUIRED_COLUMNS)} (optional: "
                f"{', '.join(c for c in COLUMNS if c not in REQUIRED_COLUMNS)})"
            )
        repeated = sorted({name for name in columns if name and columns.count(name) > 1})
        if repeated:
            raise CsvFileError(f"column(s) named twice in the header: {', '.join(repeated)}")
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(_read_row(number, columns, cells))
        return rows
    except csv.Error as error:
        raise CsvFileError(f"the file is not valid CSV: {error}") from None


def _read_row(number: int, columns: Sequence[str], cells: Sequence[str]) -> CsvRow:
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
        return _unreadable(
            number, cells, columns, f"has {len(cells)} fields, the header {len(columns)}"
        )
    values = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
    cell = {column: values.get(column, "").strip() for column in COLUMNS}
    status = cell["partnership_status"] or "prospect"
    if not cell["country_code"]:
        return _unreadable(number, cells, columns, "country_code: is required")
    found = find_country(cell["country_code"])
    if found is None:
        return _unreadable(
            number,
            cells,
            columns,
            f"country_code: {cell['country_code'][:80]!r} is not a country code or name",
        )
    profile: dict[str, Any] = {
        "name": cell["name"],
        "country_code": found.code,
        "migration_contexts": _list(cell["migration_contexts"]),
        "size_class": cell["size_class"],
        "networks": _list(cell["networks"]),
        "languages": _list(cell["languages"]),
        "website": cell["website"] or None,
    }
    for column in ("population", "migrant_population"):
        text = cell[column].replace(" ", "").replace("_", "")
        if not text:
            profile[column] = None
        elif not text.isascii() or not text.isdigit():
            return _unreadable(number, cells, columns, f"{column}: must be a whole number")
        elif int(text) > MAX_NUMBER:
            return _unreadable(number, cells, columns, f"{column}: must be at most {MAX_NUMBER}")
        else:
            profile[column] = int(text)
    if cell["mayor_name"]:
        profile["mayor"] = {
            "name": cell["mayor_name"],
            "role": "mayor",
            "title": cell["mayor_title"] or None,
        }
    return CsvRow(number, cell["name"][:_NAME_IN_REPORT], profile, status)


def _unreadable(number: int, cells: Sequence[str], columns: Sequence[str], why: str) -> CsvRow:
    name = ""
    if "name" in columns and columns.index("name") < len(cells):
        name = cells[columns.index("name")].strip()
    return CsvRow(number, name[:_NAME_IN_REPORT], None, "", why)


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def column_of(field: str) -> str:
    """The CSV column of a domain field path (`profile.languages.2` -> `languages`)."""
    parts = field.split(".")
    if parts[0] == "profile" and len(parts) > 1:
        parts = parts[1:]
    if parts[0] == "mayor":
        return "mayor_title" if parts[1:2] == ["title"] else "mayor_name"
    return parts[0]


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def _text(value: str | None) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_header() -> str:
    return _line(COLUMNS)


def export_row(city: City) -> str:
    profile = city.profile
    mayor = profile.mayor
    cells = [
        _text(profile.name),
        profile.country_code,
        "" if profile.population is None else str(profile.population),
        "" if profile.migrant_population is None else str(profile.migrant_population),
        LIST_SEPARATOR.join(str(context) for context in profile.migration_contexts),
        str(profile.size_class),
        _text(LIST_SEPARATOR.join(profile.networks)),
        LIST_SEPARATOR.join(profile.languages),
        _text(mayor.name if mayor else None),
        _text(mayor.title if mayor else None),
        str(city.partnership_status),
        _text(profile.website),
    ]
    return _line(cells)


def export_lines(cities: Iterator[City]) -> Iterator[str]:
    """The header and one line per city."""
    yield export_header()
    for city in cities:
        yield export_row(city)
