"""Advocacy's events about a city read as one sentence on the city's timeline (cities service),
and those not about one city stay off it."""

from __future__ import annotations

from mmc_cities.adapters.timeline import timeline_entry
from mmc_contracts import Event
from mmc_contracts.advocacy import (
    CampaignLaunched,
    CityFeaturedInMaterial,
    CityInputStatusChanged,
    CityInputSubmitted,
    MaterialDrafted,
    PledgeMade,
    PledgeProgressReported,
    PolicyMomentApproaching,
    ResourceAdded,
    StatementCoSigned,
    StatementSignatureWithdrawn,
)
from tests.unit.contracts.samples import CITY_ID, SAMPLES

ON_TIMELINE: dict[type[Event], str] = {
    StatementCoSigned: "Yvonne Aki-Sawyerr (Mayor) co-signed the statement",
    StatementSignatureWithdrawn: "Signature withdrawn",
    CityFeaturedInMaterial: "Published public statement as a signatory",
    CityInputSubmitted: "Input to Global Refugee Forum 2027 (position paper, submitted)",
    CityInputStatusChanged: "Input to Global Refugee Forum 2027 accepted",
    PledgeMade: "Pledge made: Inclusive city services for refugees (GCM objectives 15, 16)",
    PledgeProgressReported: "Pledge progress reported (in progress)",
}


def test_each_city_event_of_advocacy_reads_on_the_city_timeline() -> None:
    for event_type, words in ON_TIMELINE.items():
        entry = timeline_entry(SAMPLES[event_type])
        assert entry is not None, event_type
        assert entry["city_id"] == CITY_ID
        assert words in entry["summary"], entry["summary"]
        assert entry["service"] == "advocacy"


def test_events_about_no_single_city_stay_off_the_timeline() -> None:
    for event_type in (CampaignLaunched, MaterialDrafted, PolicyMomentApproaching, ResourceAdded):
        assert timeline_entry(SAMPLES[event_type]) is None
