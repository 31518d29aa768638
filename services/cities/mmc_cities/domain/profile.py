"""A city's profile: the business rules every profile obeys, and the fields a change may touch.

Pure: the country's region and sub-region come from the geography table, nothing else is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from mmc_cities.domain.errors import InvalidValue
from mmc_cities.domain.geography import UnknownCountry, country, is_language
from mmc_cities.domain.names import normalize_name
from mmc_contracts.cities import CityProfile, Contact, ContactRole

__all__ = [
    "NETWORK_MAX_LENGTH",
    "PROFILE_FIELDS",
    "READ_ONLY_REASONS",
    "UPDATABLE_PROFILE_FIELDS",
    "same_person",
    "validate_profile",
]

PROFILE_FIELDS: tuple[str, ...] = tuple(CityProfile.model_fields)
"""Every top-level field of a profile."""

UPDATABLE_PROFILE_FIELDS: frozenset[str] = frozenset(PROFILE_FIELDS) - {
    "mayor",
    "region",
    "sub_region",
}
"""The fields `City.update_profile` accepts: not the mayor (`City.change_mayor`), not the region
and sub-region (they follow the country)."""

NETWORK_MAX_LENGTH = 120
"""The longest network name accepted (stricter than the contract's limit on purpose)."""

READ_ONLY_REASONS = {
    "mayor": "the mayor changes with change_mayor, not with a profile update",
    "region": "the region follows the country; change country_code instead",
    "sub_region": "the sub-region follows the country; change country_code instead",
}


def validate_profile(
    profile: CityProfile | Mapping[str, Any], *, field_prefix: str = "profile"
) -> CityProfile:
    """The profile with the business rules checked and its values normalised.

    ``profile`` is a :class:`CityProfile` or the plain fields of one, where ``region`` and
    ``sub_region`` may be missing or ``None``: they are then taken from the country. Rules:

    * ``name`` is non-empty after trimming; inner white space is collapsed.
    * ``country_code`` is a real ISO 3166-1 alpha-2 code (any case); stored upper-case.
    * ``region`` / ``sub_region``, when given, are the country's (compared case-insensitively,
      stored in the reference spelling).
    * ``languages`` are ISO 639-1 codes (any case); stored lower-case, without duplicates, in
      the order given.
    * ``migrant_population`` is at most ``population`` when both are known.
    * ``migration_contexts`` are stored without duplicates, sorted.
    * ``networks`` are trimmed, non-empty, at most :data:`NETWORK_MAX_LENGTH` characters, and
      stored without duplicates (case-insensitively, first spelling kept), sorted.
    * the mayor's role is ``mayor``; at most one of ``contacts`` has the role ``mayor`` (the
      current mayor belongs in ``mayor``).
    * ``website``, when given, is an ``http://`` or ``https://`` address.

    :raises InvalidValue: with ``field`` the dotted path of the first offending value, prefixed
        by ``field_prefix`` (``"profile.country_code"``, ``"profile.languages.2"``, ...).
    """
    prefix = f"{field_prefix}." if field_prefix else ""
    if isinstance(profile, CityProfile):
        data: dict[str, Any] = profile.model_dump()
    else:
        data = dict(profile)
        for key in sorted(data):
            if key not in CityProfile.model_fields:
                raise InvalidValue(f"{prefix}{key}", "unknown profile field")

    name = data.get("name")
    if isinstance(name, str):
        data["name"] = normalize_name(name)
        if not data["name"]:
            raise InvalidValue(f"{prefix}name", "must not be empty")

    code = data.get("country_code")
    if code is None:
        raise InvalidValue(f"{prefix}country_code", "is required")
    if not isinstance(code, str):
        raise InvalidValue(f"{prefix}country_code", "must be an ISO 3166-1 alpha-2 code")
    try:
        found = country(code)
    except UnknownCountry as exc:
        raise InvalidValue(f"{prefix}country_code", str(exc)) from None
    data["country_code"] = found.code
    for key, expected in (("region", found.region), ("sub_region", found.sub_region)):
        given = data.get(key)
        blank = given is None or (isinstance(given, str) and not given.strip())
        if blank or (isinstance(given, str) and given.strip().casefold() == expected.casefold()):
            data[key] = expected
        else:
            raise InvalidValue(
                f"{prefix}{key}",
                f"{found.name} ({found.code}) is in {key.replace('_', '-')} {expected!r}, "
                f"not {given!r}",
            )

    languages = data.get("languages")
    if isinstance(languages, list | tuple):
        cleaned: list[Any] = []
        for index, language in enumerate(languages):
            if isinstance(language, str):
                if not is_language(language):
                    raise InvalidValue(
                        f"{prefix}languages.{index}", f"{language!r} is not an ISO 639-1 code"
                    )
                language = language.strip().lower()
            cleaned.append(language)
        data["languages"] = cleaned

    networks = data.get("networks")
    if isinstance(networks, list | tuple):
        seen: dict[str, str] = {}
        for index, network in enumerate(networks):
            if not isinstance(network, str):
                raise InvalidValue(f"{prefix}networks.{index}", "must be a string")
            text = " ".join(network.split())
            if not text:
                raise InvalidValue(f"{prefix}networks.{index}", "must not be empty")
            if len(text) > NETWORK_MAX_LENGTH:
                raise InvalidValue(
                    f"{prefix}networks.{index}",
                    f"must be at most {NETWORK_MAX_LENGTH} characters",
                )
            seen.setdefault(text.casefold(), text)
        data["networks"] = sorted(seen.values())

    website = data.get("website")
    if isinstance(website, str):
        website = website.strip() or None
        if website is not None and not website.lower().startswith(("http://", "https://")):
            raise InvalidValue(f"{prefix}website", "must start with http:// or https://")
        data["website"] = website

    mayor = data.get("mayor")
    if isinstance(mayor, Contact):
        data["mayor"] = mayor.model_copy(update={"role": ContactRole.MAYOR})
    elif isinstance(mayor, Mapping):
        data["mayor"] = {**mayor, "role": ContactRole.MAYOR}

    try:
        result = CityProfile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(part) for part in error["loc"])
        raise InvalidValue(f"{prefix}{path}", error["msg"]) from None

    if (
        result.population is not None
        and result.migrant_population is not None
        and result.migrant_population > result.population
    ):
        raise InvalidValue(
            f"{prefix}migrant_population",
            f"must not exceed the population ({result.population})",
        )
    mayors = [i for i, contact in enumerate(result.contacts) if contact.role is ContactRole.MAYOR]
    if len(mayors) > 1:
        raise InvalidValue(
            f"{prefix}contacts.{mayors[1]}.role",
            "at most one contact may have the role mayor; the current mayor belongs in 'mayor'",
        )
    return result


def same_person(one: Contact, other: Contact) -> bool:
    return normalize_name(one.name).casefold() == normalize_name(other.name).casefold()
