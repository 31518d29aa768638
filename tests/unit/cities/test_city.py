"""The City aggregate: registration, profile rules, partnership, mayor, storage form."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from mmc_cities.domain.city import (
    NETWORK_MAX_LENGTH,
    UPDATABLE_PROFILE_FIELDS,
    City,
    validate_profile,
)
from mmc_cities.domain.errors import InvalidTransition, InvalidValue, RuleViolation
from mmc_cities.domain.partnership import PartnershipChange
from mmc_contracts.cities import (
    CityMayorChanged,
    CityPartnershipStatusChanged,
    CityProfileUpdated,
    CityRegistered,
    Contact,
    ContactRole,
    MigrationContext,
    PartnershipStatus,
    PublicCityProfile,
    PublicContact,
    SizeClass,
)
from mmc_contracts.envelope import EventContext

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
P = PartnershipStatus


def ctx(minutes: int = 0, actor: str = "staff@mmc.example.org") -> EventContext:
    return EventContext(
        actor=actor,
        at=T0 + timedelta(minutes=minutes),
        correlation_id="corr-1",
        causation_id="cmd-1",
    )


def freetown(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Freetown",
        "country_code": "SL",
        "population": 1_200_000,
        "migrant_population": 150_000,
        "migration_contexts": ["internal_displacement", "destination"],
        "size_class": "primary",
        "networks": ["Mayors Migration Council", "C40 Cities"],
        "languages": ["en"],
        "mayor": {"name": "Yvonne Aki-Sawyerr", "role": "mayor", "title": "Mayor"},
        "contacts": [{"name": "Amina Diallo", "role": "focal_point", "email": "a@fcc.example.org"}],
        "website": "https://fcc.example.org",
    }
    data.update(overrides)
    return data


def registered(**overrides: Any) -> City:
    city = City.register("city-freetown", freetown(**overrides), ctx())
    city.pull_events()
    return city


def invalid_field(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(InvalidValue) as caught:
        call(*args, **kwargs)
    return caught.value.field


# --- registration ----------------------------------------------------------------------------


def test_register_records_city_registered_at_version_1() -> None:
    city = City.register("city-freetown", freetown(), ctx())

    assert city.id == "city-freetown"
    assert city.version == 1
    assert city.partnership_status is P.PROSPECT
    assert city.partnership_history == []
    assert city.registered_at == T0
    assert city.updated_at == T0
    assert city.profile.region == "Africa"
    assert city.profile.sub_region == "Western Africa"

    [event] = city.pull_events()
    assert isinstance(event, CityRegistered)
    assert event.aggregate_id == "city-freetown"
    assert event.aggregate_version == 1
    assert event.occurred_at == T0
    assert event.actor == "staff@mmc.example.org"
    assert event.correlation_id == "corr-1"
    assert event.causation_id == "cmd-1"
    assert event.profile == PublicCityProfile.model_validate(city.profile)
    assert event.partnership_status is P.PROSPECT
    assert city.pull_events() == []
    assert city.pending_events == []


def test_register_with_another_status_and_a_profile_instance() -> None:
    profile = validate_profile(freetown())
    city = City.register("c1", profile, ctx(), partnership_status=P.PARTNER)
    assert city.partnership_status is P.PARTNER
    assert city.profile == profile
    [event] = city.pull_events()
    assert isinstance(event, CityRegistered)
    assert event.partnership_status is P.PARTNER


def test_register_keeps_time_in_utc() -> None:
    at = datetime(2026, 3, 2, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    city = City.register("c1", freetown(), EventContext(actor="a", at=at))
    assert city.registered_at == at
    assert city.registered_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("city_id", ["", "   "])
def test_register_needs_an_id(city_id: str) -> None:
    assert invalid_field(City.register, city_id, freetown(), ctx()) == "city_id"


def test_register_rejects_an_unknown_partnership_status() -> None:
    field = invalid_field(
        City.register,
        "c1",
        freetown(),
        ctx(),
        partnership_status="friend",
    )
    assert field == "partnership_status"


def test_name_key_for_duplicate_detection() -> None:
    assert registered(name="  Freetown ").name_key == "SL:freetown"


# --- profile rules -------------------------------------------------------------------------


def test_region_given_and_consistent_is_accepted_in_reference_spelling() -> None:
    profile = validate_profile(freetown(region="africa", sub_region=" WESTERN AFRICA "))
    assert (profile.region, profile.sub_region) == ("Africa", "Western Africa")


@pytest.mark.parametrize(("key", "value"), [("region", "Europe"), ("sub_region", "Eastern Africa")])
def test_region_contradicting_the_country_is_refused(key: str, value: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_profile(freetown(**{key: value}))
    assert caught.value.field == f"profile.{key}"
    assert "Sierra Leone" in caught.value.message


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_blank_region_is_filled_from_the_country(blank: str | None) -> None:
    profile = validate_profile(freetown(region=blank, sub_region=blank))
    assert (profile.region, profile.sub_region) == ("Africa", "Western Africa")


@pytest.mark.parametrize("code", ["XX", "ZZ", "S", "SLE", "", 42])
def test_country_must_be_a_real_iso_code(code: object) -> None:
    assert invalid_field(validate_profile, freetown(country_code=code)) == "profile.country_code"


def test_country_is_required() -> None:
    data = freetown()
    del data["country_code"]
    assert invalid_field(validate_profile, data) == "profile.country_code"


def test_country_code_in_any_case() -> None:
    profile = validate_profile(freetown(name="Zürich", country_code=" ch "))
    assert profile.country_code == "CH"
    assert profile.region == "Europe"
    assert profile.sub_region == "Western Europe"


def test_languages_are_iso_639_1_codes() -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_profile(freetown(languages=["en", "xx"]))
    assert caught.value.field == "profile.languages.1"
    assert "'xx'" in caught.value.message


def test_languages_are_lowercased_and_deduplicated_in_order() -> None:
    profile = validate_profile(freetown(languages=["FR", "en", " fr", "kr"]))
    assert profile.languages == ["fr", "en", "kr"]


@pytest.mark.parametrize(
    ("population", "migrants", "ok"),
    [
        (100, 100, True),
        (100, 101, False),
        (None, 101, True),
        (100, None, True),
        (0, 0, True),
    ],
)
def test_migrants_do_not_exceed_population(
    population: int | None, migrants: int | None, ok: bool
) -> None:
    data = freetown(population=population, migrant_population=migrants)
    if ok:
        assert validate_profile(data).migrant_population == migrants
    else:
        assert invalid_field(validate_profile, data) == "profile.migrant_population"


def test_negative_population_is_refused() -> None:
    assert invalid_field(validate_profile, freetown(population=-1)) == "profile.population"


def test_migration_contexts_are_deduplicated_and_sorted() -> None:
    profile = validate_profile(
        freetown(migration_contexts=["transit", "destination", "transit", "climate_mobility"])
    )
    assert profile.migration_contexts == [
        MigrationContext.CLIMATE_MOBILITY,
        MigrationContext.DESTINATION,
        MigrationContext.TRANSIT,
    ]


def test_unknown_migration_context_is_refused_with_its_path() -> None:
    field = invalid_field(validate_profile, freetown(migration_contexts=["transit", "tourism"]))
    assert field == "profile.migration_contexts.1"


def test_networks_are_trimmed_deduplicated_and_sorted() -> None:
    profile = validate_profile(
        freetown(networks=["  UCLG ", "C40  Cities", "uclg", "Eurocities", "C40 Cities"])
    )
    assert profile.networks == ["C40 Cities", "Eurocities", "UCLG"]


@pytest.mark.parametrize(
    "networks",
    [["C40", ""], ["C40", "   "], ["C40", "x" * (NETWORK_MAX_LENGTH + 1)], ["C40", 7]],
)
def test_bad_network_names_are_refused(networks: list[Any]) -> None:
    assert invalid_field(validate_profile, freetown(networks=networks)) == "profile.networks.1"


def test_network_name_of_maximum_length_is_accepted() -> None:
    name = "x" * NETWORK_MAX_LENGTH
    assert validate_profile(freetown(networks=[name])).networks == [name]


def test_at_most_one_mayor_among_contacts() -> None:
    one = {"name": "Former Mayor", "role": "mayor"}
    two = {"name": "Another Mayor", "role": "mayor"}
    focal = {"name": "Focal", "role": "focal_point"}
    assert len(validate_profile(freetown(contacts=[focal, one])).contacts) == 2
    field = invalid_field(validate_profile, freetown(contacts=[one, focal, two]))
    assert field == "profile.contacts.2.role"


def test_mayor_role_is_set_to_mayor() -> None:
    profile = validate_profile(freetown(mayor={"name": "Y. Aki-Sawyerr", "role": "focal_point"}))
    assert profile.mayor is not None
    assert profile.mayor.role is ContactRole.MAYOR
    instance = Contact(name="Y. Aki-Sawyerr", role=ContactRole.SENIOR_STAFF)
    profile = validate_profile(freetown(mayor=instance))
    assert profile.mayor == Contact(name="Y. Aki-Sawyerr", role=ContactRole.MAYOR)


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_name_is_required(name: str) -> None:
    assert invalid_field(validate_profile, freetown(name=name)) == "profile.name"


def test_name_is_trimmed_and_collapsed() -> None:
    assert validate_profile(freetown(name="  Free   town ")).name == "Free town"


def test_name_too_long() -> None:
    assert invalid_field(validate_profile, freetown(name="x" * 121)) == "profile.name"


@pytest.mark.parametrize(
    ("website", "expected"), [("  ", None), (" https://a.example ", "https://a.example")]
)
def test_website_is_trimmed(website: str, expected: str | None) -> None:
    assert validate_profile(freetown(website=website)).website == expected


def test_website_must_be_http() -> None:
    assert invalid_field(validate_profile, freetown(website="ftp://x.example")) == "profile.website"


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"size_class": "huge"}, "profile.size_class"),
        (
            {"contacts": [{"name": "A", "role": "focal_point", "email": "nope"}]},
            "profile.contacts.0.email",
        ),
        ({"contacts": [{"name": "A"}]}, "profile.contacts.0.role"),
        ({"population": "many"}, "profile.population"),
        ({"mayor": {"name": ""}}, "profile.mayor.name"),
        ({"nickname": "Salone"}, "profile.nickname"),
    ],
)
def test_shape_errors_carry_their_field_path(overrides: dict[str, Any], path: str) -> None:
    assert invalid_field(validate_profile, freetown(**overrides)) == path


def test_missing_size_class_points_at_it() -> None:
    data = freetown()
    del data["size_class"]
    assert invalid_field(validate_profile, data) == "profile.size_class"


def test_field_prefix_can_be_chosen() -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_profile(freetown(country_code="XX"), field_prefix="")
    assert caught.value.field == "country_code"
    with pytest.raises(InvalidValue) as caught:
        validate_profile(freetown(country_code="XX"), field_prefix="body.city")
    assert caught.value.field == "body.city.country_code"


def test_register_validates_the_profile() -> None:
    assert invalid_field(City.register, "c1", freetown(languages=["zz"]), ctx()) == (
        "profile.languages.0"
    )


# --- update_profile ------------------------------------------------------------------------


def test_update_profile_records_the_full_profile_and_changed_fields() -> None:
    city = registered()
    city.update_profile({"population": 1_300_000, "languages": ["en", "kr"]}, ctx(5))

    assert city.version == 2
    assert city.updated_at == T0 + timedelta(minutes=5)
    assert city.profile.population == 1_300_000
    [event] = city.pull_events()
    assert isinstance(event, CityProfileUpdated)
    assert event.aggregate_version == 2
    assert event.aggregate_id == city.id
    assert event.changed_fields == ["languages", "population"]
    assert event.profile == PublicCityProfile.model_validate(city.profile)
    assert event.profile.mayor is not None  # the full profile, not just the changes


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"population": 1_200_000},
        {"networks": ["C40 Cities", "Mayors Migration Council"]},
        {"networks": [" C40 Cities ", "Mayors Migration Council", "c40 cities"]},
        {"migration_contexts": ["destination", "internal_displacement", "destination"]},
        {"name": " Freetown  ", "country_code": "sl"},
    ],
)
def test_update_without_a_real_change_records_nothing(changes: dict[str, Any]) -> None:
    city = registered()
    before = city.to_document()
    city.update_profile(changes, ctx(5))
    assert city.version == 1
    assert city.pending_events == []
    assert city.to_document() == before


def test_changing_the_country_moves_region_and_sub_region() -> None:
    city = registered()
    city.update_profile({"country_code": "GN"}, ctx(1))  # Guinea: same region and sub-region
    [event] = city.pull_events()
    assert isinstance(event, CityProfileUpdated)
    assert event.changed_fields == ["country_code"]

    city.update_profile({"country_code": "GR", "languages": ["el"]}, ctx(2))
    [event] = city.pull_events()
    assert isinstance(event, CityProfileUpdated)
    assert event.changed_fields == ["country_code", "languages", "region", "sub_region"]
    assert (city.profile.region, city.profile.sub_region) == ("Europe", "Southern Europe")
    assert city.version == 3


@pytest.mark.parametrize(
    ("key", "message"),
    [("mayor", "change_mayor"), ("region", "country"), ("sub_region", "country")],
)
def test_read_only_fields_are_refused(key: str, message: str) -> None:
    city = registered()
    with pytest.raises(InvalidValue, match=message) as caught:
        city.update_profile({key: None, "population": 5}, ctx())
    assert caught.value.field == f"profile.{key}"
    assert city.version == 1


def test_unknown_field_is_refused() -> None:
    city = registered()
    assert invalid_field(city.update_profile, {"nickname": "x"}, ctx()) == "profile.nickname"


def test_updatable_fields() -> None:
    assert "mayor" not in UPDATABLE_PROFILE_FIELDS
    assert "region" not in UPDATABLE_PROFILE_FIELDS
    assert {"name", "country_code", "contacts", "networks"} <= UPDATABLE_PROFILE_FIELDS


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"country_code": "QQ"}, "profile.country_code"),
        ({"migrant_population": 2_000_000}, "profile.migrant_population"),
        ({"languages": ["en", "english"]}, "profile.languages.1"),
        ({"name": ""}, "profile.name"),
        ({"size_class": None}, "profile.size_class"),
    ],
)
def test_invalid_update_changes_nothing(changes: dict[str, Any], path: str) -> None:
    city = registered()
    before = city.to_document()
    assert invalid_field(city.update_profile, changes, ctx(1)) == path
    assert city.to_document() == before
    assert city.pending_events == []


def test_update_accepts_model_instances_for_contacts() -> None:
    city = registered()
    contact = Contact(name="New Focal", role=ContactRole.FOCAL_POINT)
    city.update_profile({"contacts": [contact], "size_class": SizeClass.SECONDARY}, ctx(1))
    assert city.profile.contacts == [contact]
    [event] = city.pull_events()
    assert isinstance(event, CityProfileUpdated)
    assert event.changed_fields == ["contacts", "size_class"]


# --- partnership ---------------------------------------------------------------------------


def test_change_partnership_status_records_history_and_event() -> None:
    city = registered()
    city.change_partnership_status(P.ENGAGED, "  First workshop held. ", ctx(10, actor="lead"))

    assert city.partnership_status is P.ENGAGED
    assert city.version == 2
    assert city.partnership_history == [
        PartnershipChange(
            from_status=P.PROSPECT,
            to_status=P.ENGAGED,
            actor="lead",
            reason="First workshop held.",
            at=T0 + timedelta(minutes=10),
        )
    ]
    [event] = city.pull_events()
    assert isinstance(event, CityPartnershipStatusChanged)
    assert (event.from_status, event.to_status) == (P.PROSPECT, P.ENGAGED)
    assert event.reason == "First workshop held."
    assert event.aggregate_version == 2
    assert event.actor == "lead"


def test_a_walk_through_the_life_cycle_gives_consecutive_versions() -> None:
    city = registered()
    steps = [P.ENGAGED, P.PARTNER, P.INACTIVE, P.ENGAGED, P.PROSPECT]
    for minute, status in enumerate(steps, start=1):
        city.change_partnership_status(status, f"step {minute}", ctx(minute))
    events = city.pull_events()
    assert [e.aggregate_version for e in events] == [2, 3, 4, 5, 6]
    assert [e.to_status for e in events if isinstance(e, CityPartnershipStatusChanged)] == steps
    assert [c.to_status for c in city.partnership_history] == steps
    assert city.version == 6


def test_same_status_is_a_rule_violation() -> None:
    city = registered()
    with pytest.raises(RuleViolation):
        city.change_partnership_status(P.PROSPECT, "again", ctx())
    assert city.version == 1


def test_refused_transition_changes_nothing() -> None:
    city = registered()
    with pytest.raises(InvalidTransition) as caught:
        city.change_partnership_status(P.PARTNER, "skip ahead", ctx())
    assert caught.value.allowed == ("engaged", "inactive")
    assert city.partnership_status is P.PROSPECT
    assert city.version == 1
    assert city.partnership_history == []
    assert city.pending_events == []


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_partnership_change_needs_a_reason(reason: str) -> None:
    city = registered()
    assert invalid_field(city.change_partnership_status, P.ENGAGED, reason, ctx()) == "reason"
    assert city.version == 1


def test_partnership_status_as_plain_string() -> None:
    city = registered()
    city.change_partnership_status("engaged", "ok", ctx())  # type: ignore[arg-type]
    assert city.partnership_status is P.ENGAGED
    assert invalid_field(city.change_partnership_status, "friend", "ok", ctx()) == "to_status"


# --- mayor -----------------------------------------------------------------------------------


def test_first_mayor() -> None:
    city = registered(mayor=None)
    new = Contact(name="Yvonne Aki-Sawyerr", role=ContactRole.FOCAL_POINT, title="Mayor")
    city.change_mayor(new, date(2018, 5, 9), ctx(1))

    assert city.profile.mayor == Contact(
        name="Yvonne Aki-Sawyerr", role=ContactRole.MAYOR, title="Mayor"
    )
    assert city.version == 2
    [event] = city.pull_events()
    assert isinstance(event, CityMayorChanged)
    assert event.previous_mayor is None
    assert event.new_mayor == PublicContact.model_validate(city.profile.mayor)
    assert event.took_office_on == date(2018, 5, 9)
    assert event.aggregate_version == 2


def test_new_mayor_replaces_the_previous_one() -> None:
    city = registered()
    previous = city.profile.mayor
    new = Contact(name="Ibrahim Kamara", role=ContactRole.MAYOR, email="mayor@fcc.example.org")
    city.change_mayor(new, None, ctx(1))
    [event] = city.pull_events()
    assert isinstance(event, CityMayorChanged)
    assert event.previous_mayor == PublicContact.model_validate(previous)
    assert event.new_mayor == PublicContact.model_validate(new)
    assert "mayor@fcc.example.org" not in event.model_dump_json()  # e-mails stay in cities
    assert event.took_office_on is None
    assert city.profile.mayor == new
    # the rest of the profile is untouched
    assert city.profile.contacts == registered().profile.contacts


def test_same_mayor_again_records_nothing() -> None:
    city = registered()
    again = Contact(name="Yvonne Aki-Sawyerr", role=ContactRole.FOCAL_POINT, title="Mayor")
    city.change_mayor(again, None, ctx(1))
    assert city.version == 1
    assert city.pending_events == []
    # the same person with other details: a profile update, not a new mayor
    same = Contact(name="Yvonne Aki-Sawyerr", role=ContactRole.MAYOR, title="Mayor of Freetown")
    city.change_mayor(same, date(2023, 6, 24), ctx(2))
    [event] = city.pull_events()
    assert isinstance(event, CityProfileUpdated)
    assert event.changed_fields == ["mayor"]
    assert city.profile.mayor == same
    assert city.version == 2


def test_same_person_is_matched_ignoring_case_and_spacing() -> None:
    city = registered()
    city.change_mayor(
        Contact(name="  yvonne  AKI-SAWYERR", role=ContactRole.MAYOR, title="Mayor"), None, ctx(1)
    )
    [event] = city.pull_events()
    assert isinstance(event, CityProfileUpdated)  # the spelling of the name changed, not the mayor


def test_mayor_and_other_changes_give_consecutive_versions() -> None:
    city = City.register("c1", freetown(mayor=None), ctx())
    city.change_mayor(Contact(name="A", role=ContactRole.MAYOR), None, ctx(1))
    city.update_profile({"population": 2_000_000}, ctx(2))
    city.change_partnership_status(P.ENGAGED, "call", ctx(3))
    events = city.pull_events()
    assert [type(e) for e in events] == [
        CityRegistered,
        CityMayorChanged,
        CityProfileUpdated,
        CityPartnershipStatusChanged,
    ]
    assert [e.aggregate_version for e in events] == [1, 2, 3, 4]
    assert all(e.aggregate_id == "c1" for e in events)


# --- storage form --------------------------------------------------------------------------


def busy_city() -> City:
    city = City.register("city-freetown", freetown(), ctx())
    city.change_partnership_status(P.ENGAGED, "Workshop.", ctx(1, actor="a"))
    city.change_partnership_status(P.PARTNER, "Agreement signed.", ctx(2, actor="b"))
    city.change_mayor(Contact(name="Ibrahim Kamara", role=ContactRole.MAYOR), None, ctx(3))
    city.update_profile({"population": 1_300_000, "languages": ["en", "fr"]}, ctx(4))
    return city


def test_document_is_plain_json_with_id_version_and_history() -> None:
    city = busy_city()
    document = city.to_document()

    assert json.loads(json.dumps(document)) == document
    assert document["_id"] == "city-freetown"
    assert document["version"] == 5
    assert document["name_key"] == "SL:freetown"
    assert document["partnership_status"] == "partner"
    assert document["profile"]["mayor"]["name"] == "Ibrahim Kamara"
    assert document["profile"]["region"] == "Africa"
    assert [c["to_status"] for c in document["partnership_history"]] == ["engaged", "partner"]
    assert document["partnership_history"][1]["actor"] == "b"
    assert document["registered_at"].startswith("2026-03-02T09:30:00")
    assert "pending_events" not in document
    assert "id" not in document


def test_document_round_trip_is_lossless() -> None:
    city = busy_city()
    document = city.to_document()
    loaded = City.from_document(document)

    assert loaded == city
    assert loaded.to_document() == document
    assert loaded.pending_events == []
    assert loaded.registered_at.tzinfo is not None


def test_fresh_city_round_trip() -> None:
    city = City.register("c1", freetown(mayor=None, contacts=[], website=None), ctx())
    assert City.from_document(city.to_document()) == city


def test_loaded_city_continues_with_the_next_version() -> None:
    loaded = City.from_document(busy_city().to_document())
    loaded.change_partnership_status(P.INACTIVE, "Funding ended.", ctx(9))
    [event] = loaded.pull_events()
    assert event.aggregate_version == 6
    assert loaded.version == 6


def test_from_document_ignores_unknown_keys() -> None:
    document = busy_city().to_document()
    document["_class"] = "legacy"
    document["name_key"] = "stale"
    assert City.from_document(document) == busy_city()


def test_pending_events_are_not_part_of_equality() -> None:
    city = busy_city()
    other = City.from_document(city.to_document())
    assert city.pending_events
    assert not other.pending_events
    assert city == other


def test_a_document_that_is_not_a_city_is_refused() -> None:
    with pytest.raises(ValidationError):
        City.from_document({"_id": "c1", "version": 0})


# --- purity ----------------------------------------------------------------------------------


def test_domain_imports_no_io_library() -> None:
    """The domain package must stay importable without web, messaging or database code."""
    forbidden = ["fastapi", "faststream", "pymongo", "aiokafka", "motor", "httpx", "starlette"]
    code = (
        "import sys, mmc_cities.domain, mmc_cities.domain.city, mmc_cities.domain.assistance\n"
        f"print(sorted(m for m in {forbidden!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
