"""Cities: registration, profile, partnership, mayor, and the engagement timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from mmc_chassis.errors import NotFound
from mmc_chassis.http import Actor
from mmc_chassis.http_links import links_to
from mmc_chassis.http_paging import Paging, paged
from mmc_cities.commands import (
    ChangeMayor,
    ChangePartnershipStatus,
    RegisterCity,
    UpdateProfile,
    change_mayor,
    change_partnership_status,
    register_city,
    update_profile,
)
from mmc_cities.entrypoints.http.deps import (
    INVALID,
    INVALID_PARAMS,
    NO_CITY,
    PROFILE,
    STALE,
    Cities,
    CityId,
    Filters,
    build_value,
    conflicts,
    reported_at,
)
from mmc_cities.entrypoints.models import (
    ChangeMayorIn,
    ChangePartnershipIn,
    CityOut,
    CityPage,
    PartnershipHistoryOut,
    RegisterCityIn,
    TimelineEntryOut,
    TimelinePage,
    UpdateCityIn,
)

router = APIRouter(tags=["cities"])

FREETOWN = {
    "summary": "A partner city with its mayor",
    "value": {
        "name": "Freetown",
        "country_code": "SL",
        "population": 1_050_000,
        "migration_contexts": ["destination", "climate_mobility"],
        "size_class": "primary",
        "networks": ["Mayors Migration Council", "C40 Cities"],
        "languages": ["en"],
        "mayor": {"name": "Yvonne Aki-Sawyerr", "title": "Mayor"},
        "partnership_status": "partner",
        "website": "https://fcc.gov.sl",
    },
}
NEW_CENSUS = {
    "summary": "New census figures",
    "value": {"expected_version": 1, "population": 1_200_000, "migrant_population": 160_000},
}


@router.post(
    "/cities",
    status_code=201,
    summary="Register a city",
    description="Region and sub-region follow from the country.",
    response_model=CityOut,
    responses={
        **links_to(
            "city_id",
            "get /cities/{city_id}",
            "patch /cities/{city_id}",
            "post /cities/{city_id}/partnership",
            "get /cities/{city_id}/partnership/history",
            "post /cities/{city_id}/mayor",
            "get /cities/{city_id}/timeline",
            "post /cities/{city_id}/assistance-requests",
        ),
        **INVALID,
        **conflicts(
            "a city with the same name (ignoring case, accents and punctuation) is registered "
            "in the country"
        ),
    },
)
async def register(
    body: Annotated[RegisterCityIn, Body(openapi_examples={"freetown": FREETOWN})],
    context: Actor,
    parts: Cities,
) -> CityOut:
    with reported_at(PROFILE):
        city = await register_city(
            RegisterCity(
                profile=body.profile(),
                context=context,
                partnership_status=body.partnership_status,
            ),
            cities=parts.cities,
        )
    return CityOut.of(city)


@router.get(
    "/cities",
    summary="List and search cities",
    description="Filters combine with AND; cities come by name.",
    response_model=CityPage,
    responses=INVALID_PARAMS,
)
async def list_cities(parts: Cities, where: Filters, paging: Paging) -> CityPage:
    return await paged(CityPage, parts.cities, where, paging, CityOut.of)


@router.get(
    "/cities/{city_id}",
    summary="A city",
    response_model=CityOut,
    responses={**NO_CITY, **INVALID_PARAMS},
)
async def get_city(city_id: CityId, parts: Cities) -> CityOut:
    return CityOut.of(await parts.cities.get(city_id))


@router.patch(
    "/cities/{city_id}",
    summary="Change a city's profile",
    description=(
        "Send the fields to change and the `version` you saw as `expected_version`: if the "
        "city changed since, nothing is changed and the answer is 409."
    ),
    response_model=CityOut,
    responses={
        **NO_CITY,
        **INVALID,
        **conflicts(STALE, "the new name is another city's in the country"),
    },
)
async def update(
    city_id: CityId,
    body: Annotated[UpdateCityIn, Body(openapi_examples={"population": NEW_CENSUS})],
    context: Actor,
    parts: Cities,
) -> CityOut:
    with reported_at(PROFILE):
        city = await update_profile(
            UpdateProfile(
                city_id=city_id,
                expected_version=body.expected_version,
                changes=body.changes(),
                context=context,
            ),
            cities=parts.cities,
        )
    return CityOut.of(city)


@router.post(
    "/cities/{city_id}/partnership",
    summary="Change the partnership status",
    description=(
        "prospect → engaged | inactive; engaged → partner | prospect | inactive; "
        "partner → inactive; inactive → engaged."
    ),
    response_model=CityOut,
    responses={
        **NO_CITY,
        **INVALID,
        **conflicts("the life cycle does not allow the move, or the city has that status", STALE),
    },
)
async def change_partnership(
    city_id: CityId, body: ChangePartnershipIn, context: Actor, parts: Cities
) -> CityOut:
    city = await change_partnership_status(
        ChangePartnershipStatus(
            city_id=city_id,
            to_status=body.to_status,
            reason=body.reason,
            context=context,
            expected_version=body.expected_version,
        ),
        cities=parts.cities,
    )
    return CityOut.of(city)


@router.get(
    "/cities/{city_id}/partnership/history",
    summary="The partnership's history",
    response_model=PartnershipHistoryOut,
    responses={**NO_CITY, **INVALID_PARAMS},
)
async def partnership_history(city_id: CityId, parts: Cities) -> PartnershipHistoryOut:
    city = await parts.cities.get(city_id)
    return PartnershipHistoryOut(
        city_id=city.id,
        partnership_status=city.partnership_status,
        history=list(city.partnership_history),
    )


@router.post(
    "/cities/{city_id}/mayor",
    summary="Record a new mayor",
    description=(
        "Records `CityMayorChanged`; sending the current mayor with new details (title, "
        "e-mail) updates the profile instead."
    ),
    response_model=CityOut,
    responses={**NO_CITY, **INVALID, **conflicts(STALE)},
)
async def new_mayor(city_id: CityId, body: ChangeMayorIn, context: Actor, parts: Cities) -> CityOut:
    mayor = build_value(body.contact)
    with reported_at(("profile.mayor.", ""), ("new_mayor.", "")):
        city = await change_mayor(
            ChangeMayor(
                city_id=city_id,
                mayor=mayor,
                took_office_on=body.took_office_on,
                context=context,
                expected_version=body.expected_version,
            ),
            cities=parts.cities,
        )
    return CityOut.of(city)


@router.get(
    "/cities/{city_id}/timeline",
    summary="The city's engagement timeline",
    description=(
        "Everything that happened with the city, in every service, newest first. Built "
        "from the events, so a change shows here a moment after it is made."
    ),
    response_model=TimelinePage,
    responses={**NO_CITY, **INVALID_PARAMS},
)
async def timeline(city_id: CityId, parts: Cities, paging: Paging) -> TimelinePage:
    if not await parts.cities.exists(city_id):
        raise NotFound("city", city_id)
    return await paged(TimelinePage, parts.timeline, city_id, paging, TimelineEntryOut.of)
