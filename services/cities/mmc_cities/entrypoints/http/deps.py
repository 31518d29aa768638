"""What the cities service's routes share: its parts, path ids, list filters, documented errors,
and the translation of the domain's field paths to the request body's.

Errors are not handled in the routes: the chassis maps the domain's `InvalidValue` to 422
(pointing at the field), `InvalidTransition` and `RuleViolation` to 409, `NotFound` to 404 and
`Conflict` (`StaleVersion`, `AlreadyExists`, `DuplicateCity`) to 409. Request bodies are flat
(`{"name": ..., "country_code": ...}`), so a domain error about `profile.name` is reported at
`name` (`reported_at`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

from fastapi import Depends, Query
from pydantic import ValidationError

from mmc_chassis.http_params import FilterText, conflict, id_path, invalid, not_found
from mmc_chassis.wiring import parts_of
from mmc_cities.adapters.repository import CityFilter
from mmc_cities.domain.errors import InvalidValue
from mmc_cities.parts import CitiesParts
from mmc_contracts.cities import MigrationContext, PartnershipStatus, SizeClass

T = TypeVar("T")

Cities = Annotated[CitiesParts, parts_of(CitiesParts)]
CityId = Annotated[str, id_path("city")]
RequestId = Annotated[str, id_path("assistance request")]

NO_CITY = not_found("No city with this id.")
NO_REQUEST = not_found("No assistance request with this id.")
INVALID = invalid(
    "A malformed request, or a value the registry's rules refuse (`loc` names the field)."
)
INVALID_PARAMS = invalid("A malformed path or query parameter (`loc` names it).")
STALE = "`expected_version` is stale (the city changed since it was read)"


def conflicts(*reasons: str) -> dict[int | str, dict[str, object]]:
    return conflict("The current state forbids it: " + "; ".join(reasons) + ".")


def city_filter(
    region: Annotated[FilterText, Query(description="UN M49 region, e.g. `Africa`.")] = None,
    sub_region: Annotated[
        FilterText, Query(description="UN M49 sub-region, e.g. `Western Africa`.")
    ] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.", examples=["SL"]),
    ] = None,
    migration_context: MigrationContext | None = None,
    size_class: SizeClass | None = None,
    partnership_status: PartnershipStatus | None = None,
    network: Annotated[FilterText, Query(description="A city network, e.g. `C40 Cities`.")] = None,
    q: Annotated[
        FilterText,
        Query(description="Part of the name; case, accents and punctuation do not matter."),
    ] = None,
) -> CityFilter:
    return CityFilter(
        region=region,
        sub_region=sub_region,
        country=country,
        migration_context=migration_context,
        size_class=size_class,
        partnership_status=partnership_status,
        network=network,
        q=q,
    )


Filters = Annotated[CityFilter, Depends(city_filter)]


@contextmanager
def reported_at(*renames: tuple[str, str]) -> Iterator[None]:
    """Re-point the domain's field paths at the request body's (`profile.name` -> `name`)."""
    try:
        yield
    except InvalidValue as error:
        for prefix, replacement in renames:
            if error.field == prefix.rstrip(".") or error.field.startswith(prefix):
                field = replacement + error.field[len(prefix) :]
                raise InvalidValue(field.strip(".") or "body", error.message) from error
        raise


PROFILE = ("profile.", "")


def build_value(build: Callable[[], T], field_prefix: str = "") -> T:
    """A contract value built from request data; its validation errors become `InvalidValue`."""
    try:
        return build()
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        path = ".".join(str(part) for part in (field_prefix, *first["loc"]) if part != "")
        raise InvalidValue(path or "body", first["msg"]) from None
