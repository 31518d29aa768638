"""The services' enumerated values (statuses, kinds, regions, ...) in the person's language.

The services send codes (`refugee_hosting`, `not_selected`, `Western Africa`); a page shows
them through `label(code)` in its template, which translates through the gettext catalogs.
A code not listed here is shown as it came (a service may add a value in a compatible
release). Pages of any service may use it: add the new codes to `LABELS` (marked with `N_`)
and their translations to the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable

from mmc_gateway.i18n import N_

LABELS: dict[str, str] = {
    # cities: partnership status, size class, migration context
    "prospect": N_("prospect"),
    "engaged": N_("engaged"),
    "partner": N_("partner"),
    "inactive": N_("inactive"),
    "global": N_("global city"),
    "primary": N_("primary city"),
    "secondary": N_("secondary city"),
    "destination": N_("destination"),
    "transit": N_("transit"),
    "origin": N_("origin"),
    "return": N_("return"),
    "refugee_hosting": N_("refugee hosting"),
    "internal_displacement": N_("internal displacement"),
    "climate_mobility": N_("climate mobility"),
    # cities: assistance kinds and statuses
    "strategy_development": N_("strategy development"),
    "coalition_building": N_("coalition building"),
    "policy_engagement": N_("policy engagement"),
    "funding_access": N_("funding access"),
    "advocacy_support": N_("advocacy support"),
    "triaged": N_("triaged"),
    "accepted": N_("accepted"),
    "declined": N_("declined"),
    "in_progress": N_("in progress"),
    "delivered": N_("delivered"),
    # board: nominations, rounds, vacancies, memberships, voters
    "received": N_("received"),
    "candidate": N_("candidate"),
    "selected": N_("selected"),
    "not_selected": N_("not selected"),
    "withdrawn": N_("withdrawn"),
    "open": N_("open"),
    "closed": N_("closed"),
    "filled": N_("filled"),
    "serving": N_("serving"),
    "ended": N_("ended"),
    "founding": N_("founding Board"),
    "selection": N_("selection round"),
    "renewal": N_("renewal"),
    "appointment": N_("appointment"),
    "term_ended": N_("term ended"),
    "resigned": N_("resigned"),
    "left_office": N_("left office"),
    "board_mayor": N_("Board mayor"),
    "supporting_partner": N_("supporting partner"),
    # UN M49 regions and sub-regions (as the cities service names them)
    "Africa": N_("Africa"),
    "Americas": N_("Americas"),
    "Asia": N_("Asia"),
    "Europe": N_("Europe"),
    "Oceania": N_("Oceania"),
    "Antarctica": N_("Antarctica"),
    "Northern Africa": N_("Northern Africa"),
    "Eastern Africa": N_("Eastern Africa"),
    "Middle Africa": N_("Middle Africa"),
    "Southern Africa": N_("Southern Africa"),
    "Western Africa": N_("Western Africa"),
    "Caribbean": N_("Caribbean"),
    "Central America": N_("Central America"),
    "South America": N_("South America"),
    "Northern America": N_("Northern America"),
    "Central Asia": N_("Central Asia"),
    "Eastern Asia": N_("Eastern Asia"),
    "South-eastern Asia": N_("South-eastern Asia"),
    "Southern Asia": N_("Southern Asia"),
    "Western Asia": N_("Western Asia"),
    "Eastern Europe": N_("Eastern Europe"),
    "Northern Europe": N_("Northern Europe"),
    "Southern Europe": N_("Southern Europe"),
    "Western Europe": N_("Western Europe"),
    "Channel Islands": N_("Channel Islands"),
    "Australia and New Zealand": N_("Australia and New Zealand"),
    "Melanesia": N_("Melanesia"),
    "Micronesia": N_("Micronesia"),
    "Polynesia": N_("Polynesia"),
    # --- advocacy's city inputs and the Global Compact on Refugees' areas
    "planned": N_("planned"),
    "submitted": N_("submitted"),
    "position_paper": N_("position paper"),
    "speaking_slot": N_("speaking slot"),
    "statement": N_("statement"),
    "education": N_("education"),
    "jobs_and_livelihoods": N_("jobs and livelihoods"),
    "health": N_("health"),
    "women_and_girls": N_("women and girls"),
    "children_and_youth": N_("children and youth"),
    "accommodation_energy_and_natural_resources": N_("accommodation, energy and natural resources"),
    "food_security_and_nutrition": N_("food security and nutrition"),
    "civil_registries": N_("civil registries"),
    "statelessness": N_("statelessness"),
    "fostering_good_relations": N_("fostering good relations"),
    "durable_solutions": N_("durable solutions"),
    "reception_and_admission": N_("reception and admission"),
    # --- outreach's organisation kinds, coalition members, activities, stages
    "strategic_partner": N_("strategic partner"),
    "city_network": N_("city network"),
    "international_organisation": N_("international organisation"),
    "funder": N_("funder"),
    "city": N_("city"),
    "organisation": N_("organisation"),
    "email": N_("e-mail"),
    "call": N_("call"),
    "meeting": N_("meeting"),
    "event": N_("event"),
    "identified": N_("identified"),
    "contacted": N_("contacted"),
    "in_conversation": N_("in conversation"),
    "converted": N_("converted"),
    "paused": N_("paused"),
    "intake": N_("intake"),
    "concept_note": N_("concept note"),
    "review": N_("review"),
    "awarded": N_("awarded"),
    "reporting": N_("reporting"),
}
"""Code -> its English label (the msgid); the catalogs translate the label."""


def labeller(gettext: Callable[[str], str]) -> Callable[[object], str]:
    """`label(code)` for templates: the code's label in the language of `gettext`."""

    def label(code: object) -> str:
        if code is None:
            return ""
        text = str(code)
        known = LABELS.get(text)
        return gettext(known) if known is not None else text

    return label
