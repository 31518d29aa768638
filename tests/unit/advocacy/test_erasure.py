"""Erasing a person from advocacy's records: staff ids stay, addresses and their words go, public
facts stay, one tombstone per record, and a second erasure changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mmc_advocacy.domain import Consent, KnownCity, Material, Pledge, co_sign
from mmc_advocacy.domain.erasure import ERASED, PersonRef, erase_person, held_about
from mmc_contracts import EventContext
from mmc_contracts.advocacy import (
    ErasedPart,
    MaterialKind,
    MaterialPersonalDataErased,
    MaterialStatus,
    PledgePersonalDataErased,
    PledgeStatus,
)
from mmc_contracts.cities import PartnershipStatus

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)
ADDRESS = "rosa.writer@mmc.example.org"
FREETOWN = KnownCity("c-fre", "Freetown", "SL", "Africa", PartnershipStatus.PARTNER)
ADMIN = EventContext(actor="admin-1", at=AT)


def reviewed_statement() -> Material:
    """Drafted by an address (a client that named its actor so), reviewed by staff-7."""
    material = Material.draft(
        "s1",
        kind=MaterialKind.PUBLIC_STATEMENT,
        title="Mayors' call",
        language="en",
        text="We, the mayors...",
        context=EventContext(actor="Rosa.Writer@mmc.example.org", at=AT),
    )
    co_sign(
        material,
        FREETOWN,
        city_id=FREETOWN.id,
        mayor_name="Yvonne Aki-Sawyerr",
        mayor_title="Mayor",
        consent=Consent(given_by="Chief of staff", given_on=date(2026, 11, 30), method="email"),
        context=EventContext(actor="staff-7", at=AT),
    )
    material.change_status(MaterialStatus.IN_REVIEW, EventContext(actor="staff-7", at=AT))
    material.comment("Too long by half.", EventContext(actor="staff-7", at=AT))
    material.comment("Agreed.", EventContext(actor="staff-8", at=AT))
    material.pull_events()
    return material


def test_by_address_the_staff_fields_go_and_nothing_else() -> None:
    material = reviewed_statement()
    person = PersonRef(email_key=ADDRESS)
    assert held_about(material, person) == {
        "material": "Mayors' call",
        "author": True,
        "text versions written": [1],
    }

    assert erase_person(material, person, ADMIN) == 2
    assert material.author == ERASED
    assert material.versions[0].written_by == ERASED
    assert material.text == "We, the mayors..."  # the MMC's work stays
    (event,) = material.pull_events()
    assert isinstance(event, MaterialPersonalDataErased)
    assert event.parts == [ErasedPart.STAFF_ADDRESS]
    assert event.person_id is None
    assert held_about(material, person) == {}
    assert erase_person(material, person, ADMIN) == 0
    assert material.pull_events() == []


def test_by_staff_id_their_words_go_their_id_and_the_public_signature_stay() -> None:
    material = reviewed_statement()
    person = PersonRef(person_id="staff-7")
    version = material.version

    assert erase_person(material, person, ADMIN) == 1
    assert [c.text for c in material.comments] == [ERASED, "Agreed."]
    assert [c.reviewer for c in material.comments] == ["staff-7", "staff-8"]
    signature = material.signatures[0]
    assert (signature.recorded_by, signature.mayor_name) == ("staff-7", "Yvonne Aki-Sawyerr")
    assert signature.consent.given_by == "Chief of staff"
    (event,) = material.pull_events()
    assert isinstance(event, MaterialPersonalDataErased)
    assert event.person_id == "staff-7"
    assert material.version == version + 1
    assert erase_person(material, person, ADMIN) == 0


def test_a_consent_giver_named_with_the_address_goes_with_it() -> None:
    material = reviewed_statement()
    material.signatures[0].consent.given_by = "Ana López <ROSA.writer@mmc.example.org>"
    assert erase_person(material, PersonRef(email_key=ADDRESS), ADMIN) == 3
    assert material.signatures[0].consent.given_by == ERASED
    assert material.signatures[0].consent.method == "email"


def test_a_pledge_tombstone_names_its_city() -> None:
    pledge = Pledge.make(
        "p1",
        FREETOWN,
        city_id=FREETOWN.id,
        title="Inclusive schools",
        description="Every child in school within a term.",
        made_on=date(2026, 11, 1),
        gcm_objectives=[16],
        gcr_areas=[],
        context=ADMIN,
    )
    pledge.report_progress(
        reported_on=date(2026, 11, 30),
        status=PledgeStatus.IN_PROGRESS,
        narrative="Half way.",
        figures={},
        context=EventContext(actor=ADDRESS, at=AT),
    )
    pledge.pull_events()
    assert erase_person(pledge, PersonRef(email_key=ADDRESS), ADMIN) == 1
    (event,) = pledge.pull_events()
    assert isinstance(event, PledgePersonalDataErased)
    assert event.city_id == FREETOWN.id
    assert pledge.reports[0].recorded_by == ERASED
