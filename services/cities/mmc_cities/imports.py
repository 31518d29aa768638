"""Registering cities in bulk from the rows of a CSV file (`csv_io`), with progress."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from mmc_chassis.ids import new_id
from mmc_cities.adapters.repository import CityRepository, DuplicateCity
from mmc_cities.csv_io import CsvRow, column_of
from mmc_cities.domain.city import City
from mmc_cities.domain.errors import InvalidValue
from mmc_contracts import EventContext


@dataclass(frozen=True)
class ImportCities:
    rows: Sequence[CsvRow]
    context: EventContext
    progress_every: int = 100


@dataclass(frozen=True)
class RejectedRow:
    row: int
    name: str
    reason: str


@dataclass(frozen=True)
class DuplicateRow:
    row: int
    name: str
    existing_id: str | None = None  # the registered city it repeats
    first_row: int | None = None  # or the earlier row of the same file


@dataclass(frozen=True)
class ImportProgress:
    processed: int
    total: int


@dataclass
class ImportReport:
    total: int
    imported: int = 0
    duplicates: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    duplicate_rows: list[DuplicateRow] = field(default_factory=list)

    def duplicate(self, row: CsvRow, existing_id: str | None, first_row: int | None) -> None:
        self.duplicates += 1
        self.duplicate_rows.append(DuplicateRow(row.row, row.name, existing_id, first_row))


async def import_cities(
    command: ImportCities, *, cities: CityRepository
) -> AsyncIterator[ImportProgress | ImportReport]:
    """Register every valid row that is not already registered; yields progress, then the report.

    A row repeats another when its name and country give the same `name_key`: the registry's
    city (`existing_id`) or an earlier row of the file (`first_row`). Progress comes every
    `progress_every` rows; the last item is the `ImportReport`.
    """
    rows = list(command.rows)
    report = ImportReport(total=len(rows))
    first_rows: dict[str, int] = {}
    step = max(1, command.progress_every)
    for start in range(0, len(rows), step):
        batch = rows[start : start + step]
        candidates: list[tuple[CsvRow, City]] = []
        for row in batch:
            city = _city_from_row(row, command.context, report)
            if city is None:
                continue
            if city.name_key in first_rows:
                report.duplicate(row, None, first_rows[city.name_key])
                continue
            first_rows[city.name_key] = row.row
            candidates.append((row, city))
        registered = await cities.ids_by_name_key(city.name_key for _, city in candidates)
        for row, city in candidates:
            if city.name_key in registered:
                report.duplicate(row, registered[city.name_key], None)
                continue
            try:
                await cities.add(city)
            except DuplicateCity as duplicate:  # registered meanwhile
                report.duplicate(row, duplicate.existing_id, None)
                continue
            report.imported += 1
        yield ImportProgress(processed=start + len(batch), total=len(rows))
    yield report


def _city_from_row(row: CsvRow, context: EventContext, report: ImportReport) -> City | None:
    if row.profile is None:
        report.rejected.append(RejectedRow(row.row, row.name, row.error or "cannot be read"))
        return None
    try:
        return City.register(
            new_id(),
            row.profile,
            context,
            row.partnership_status,  # type: ignore[arg-type]  # the domain checks the value
        )
    except InvalidValue as error:
        reason = f"{column_of(error.field)}: {error.message}"
        report.rejected.append(RejectedRow(row.row, row.name, reason))
        return None
