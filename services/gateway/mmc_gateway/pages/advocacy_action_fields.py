"""The advocacy action forms' fields (what each form asks, bounded like the advocacy API's
request bodies) and the API body each form's values make."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mmc_contracts.advocacy import (
    GcrArea,
    InputKind,
    InputStatus,
    MomentScope,
    MomentSeries,
    PledgeStatus,
    ResearchStatus,
    ResourceKind,
)
from mmc_gateway.i18n import N_
from mmc_gateway.pages.advocacy_forms import (
    Field,
    Options,
    Values,
    day,
    lines,
    listed,
    number_or_text,
    optional,
    text,
)

ID = 64


def codes(values: Iterable[Any]) -> Options:
    return [(str(v), str(v)) for v in values]


CAMPAIGN = [
    Field("name", N_("Name"), required=True),
    Field("goal", N_("Goal"), "textarea", True, 5000),
    listed("audiences", N_("Audiences")),
    day("starts_on", N_("Starts on"), required=True),
    day("ends_on", N_("Ends on"), required=True),
    Field("policy_moment_id", N_("Policy moment it prepares"), "select", maxlength=ID),
    Field("owner", N_("Led by"), required=True, hint=N_("The staff member who leads it.")),
]
MOMENT = [
    Field("name", N_("Name"), required=True),
    Field("series", N_("Series"), "select", True, 40, options=codes(MomentSeries)),
    Field("scope", N_("Scope"), "select", True, 20, options=codes(MomentScope)),
    Field("region", N_("Region"), hint=N_("A regional moment names its region.")),
    day("starts_on", N_("Starts on"), required=True),
    day("ends_on", N_("Ends on"), required=True),
    Field("venue", N_("Venue"), required=True),
    Field("description", N_("Description"), "textarea", maxlength=5000),
    Field("url", N_("Public page"), "url", maxlength=2010),
    Field("dates_confirmed", N_("The dates are confirmed by a public source"), "checkbox"),
]
INPUT = [
    Field("city_id", N_("City"), "select", True, ID),
    Field("kind", N_("Kind"), "select", True, 40, options=codes(InputKind), translate_options=True),
    Field("title", N_("Title"), required=True),
    Field(
        "status",
        N_("Status"),
        "select",
        True,
        20,
        options=codes([InputStatus.PLANNED, InputStatus.SUBMITTED]),
        translate_options=True,
    ),
]
PLEDGE = [
    Field("city_id", N_("City"), "select", True, ID),
    Field("title", N_("Title"), required=True),
    Field("description", N_("Description"), "textarea", True, 5000),
    day("made_on", N_("Made on"), required=True),
    Field(
        "gcm_objectives",
        N_("Global Compact for Migration objectives"),
        "checks",
        maxlength=2,
        options=[(str(n), str(n)) for n in range(1, 24)],
        hint=N_("A pledge is tagged with an objective or a refugee compact area."),
    ),
    Field(
        "gcr_areas",
        N_("Global Compact on Refugees areas"),
        "checks",
        maxlength=60,
        options=codes(GcrArea),
        translate_options=True,
    ),
    Field("policy_moment_id", N_("Made at the policy moment"), "select", maxlength=ID),
]
RESOURCE = [
    Field("kind", N_("Kind"), "select", True, 20, options=codes(ResourceKind)),
    Field("title", N_("Title"), required=True, maxlength=300),
    Field("summary", N_("Summary"), "textarea", True, 5000),
    listed("topics", N_("Topics")),
    Field("region", N_("Region")),
    Field("language", N_("Language code"), required=True, maxlength=2, hint=N_("Two letters.")),
    Field("url", N_("Link"), "url", maxlength=2010),
    listed("authors", N_("Authors")),
    Field("funder", N_("Funder")),
    day(
        "commissioned_on",
        N_("Commissioned on"),
        hint=N_("Only for research the MMC commissions; it is published later."),
    ),
    day("published_on", N_("Published on")),
]
RESEARCH = [
    Field("to_status", N_("Move to"), "select", True, 20, options=codes(ResearchStatus)),
    day("published_on", N_("Published on")),
    Field("expected_version", "", "hidden", maxlength=12),
]
REVISION = [
    Field("text", N_("Text"), "textarea", True, 50_000),
    Field("expected_version", "", "hidden", maxlength=12),
]


def campaign_body(v: Values) -> dict[str, Any]:
    return {
        "name": text(v, "name"),
        "goal": text(v, "goal"),
        "audiences": lines(v.get("audiences", "")),
        "starts_on": text(v, "starts_on"),
        "ends_on": text(v, "ends_on"),
        "policy_moment_id": optional(v, "policy_moment_id"),
        "owner": text(v, "owner"),
    }


def moment_body(v: Values) -> dict[str, Any]:
    return {
        "name": text(v, "name"),
        "series": text(v, "series"),
        "scope": text(v, "scope"),
        "region": optional(v, "region"),
        "starts_on": text(v, "starts_on"),
        "ends_on": text(v, "ends_on"),
        "venue": text(v, "venue"),
        "description": optional(v, "description"),
        "url": optional(v, "url"),
        "dates_confirmed": v.get("dates_confirmed") == "yes",
    }


def pledge_body(v: Values) -> dict[str, Any]:
    return {
        "city_id": text(v, "city_id"),
        "title": text(v, "title"),
        "description": text(v, "description"),
        "made_on": text(v, "made_on"),
        "gcm_objectives": [number_or_text(o) for o in lines(v.get("gcm_objectives", []))],
        "gcr_areas": lines(v.get("gcr_areas", [])),
        "policy_moment_id": optional(v, "policy_moment_id"),
    }


def resource_body(v: Values) -> dict[str, Any]:
    return {
        "kind": text(v, "kind"),
        "title": text(v, "title"),
        "summary": text(v, "summary"),
        "topics": lines(v.get("topics", "")),
        "region": optional(v, "region"),
        "language": text(v, "language"),
        "url": optional(v, "url"),
        "authors": lines(v.get("authors", "")),
        "funder": optional(v, "funder"),
        "commissioned_on": optional(v, "commissioned_on"),
        "published_on": optional(v, "published_on"),
    }


def version(v: Values) -> int | str | None:
    given = text(v, "expected_version")
    return number_or_text(given) if given else None


FIGURES_HINT = N_("One a line, as name = number (e.g. people_served = 1200).")
REPORT = [
    day("reported_on", N_("Reported on"), required=True),
    Field("status", N_("Status"), "select", True, 20, options=codes(PledgeStatus)),
    Field("narrative", N_("What was done"), "textarea", True, 5000),
    listed("figures", N_("Figures"), FIGURES_HINT),
    Field("expected_version", "", "hidden", maxlength=12),
]
FIGURE_FORMAT = N_("Write each figure as name = number.")


def figures(given: str | list[str]) -> dict[str, float | str] | None:
    """`name = number` lines as the API takes them (a value that is no number goes as typed,
    for the API to refuse at its name); None when a line has no `=`."""
    found: dict[str, float | str] = {}
    for line in lines(given):
        name, equals, value = line.partition("=")
        if not equals:
            return None
        try:
            found[name.strip()] = float(value.strip().replace(",", ""))
        except ValueError:
            found[name.strip()] = value.strip()
    return found


# The material page's hand-written forms (pages/advocacy.py): API location -> form field.
TypedForm = tuple[str, dict[str, Any], Mapping[str, str]]
"""A hand-written form of the material page: its name, the values typed, API location -> field."""
SIGNATURE_AT = {
    "city_id": "city_id",
    "mayor_name": "mayor_name",
    "mayor_title": "mayor_name",
    "consent.given_by": "given_by",
    "consent.given_on": "given_on",
    "consent.method": "method",
    "consent": "given_by",
}
AMPLIFICATION_AT = {n: n for n in ("channel", "measured_on", "reach", "shares", "pickups")}
