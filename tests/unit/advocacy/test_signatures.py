"""Co-signing a statement: known cities only, consent on record, withdrawal kept in history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_advocacy.domain import (
    Consent,
    KnownCity,
    Material,
    Publication,
    co_sign,
    public_signatories,
    withdraw,
)
from mmc_advocacy.domain.material import APPROVER_ROLE
from mmc_contracts import EventContext
from mmc_contracts.advocacy import (
    ConsentMethod,
    MaterialKind,
    MaterialStatus,
    StatementCoSigned,
    StatementSignatureWithdrawn,
)
from mmc_contracts.cities import PartnershipStatus
from mmc_contracts.rules import InvalidValue, RuleViolation

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)
STAFF = EventContext(actor="staff", at=AT)
CONSENT = Consent(given_by="Office of the Mayor", given_on=date(2026, 11, 30), method="email")
FREETOWN = KnownCity("c-fre", "Freetown", "SL", "Africa", PartnershipStatus.PARTNER)
ATHENS = KnownCity("c-ath", "Athens", "GR", "Europe", PartnershipStatus.ENGAGED)
GONE = KnownCity("c-gone", "Gone City", "FR", "Europe", PartnershipStatus.INACTIVE)


def statement() -> Material:
    return Material.draft(
        "s1",
        kind=MaterialKind.PUBLIC_STATEMENT,
        title="Mayors' call",
        language="en",
        text="We, the mayors...",
        context=EventContext(actor="writer", at=AT),
    )


def sign(material: Material, city: KnownCity | None, city_id: str | None = None) -> None:
    co_sign(
        material,
        city,
        city_id=city_id or (city.id if city else "nowhere"),
        mayor_name="A Mayor",
        mayor_title="Mayor",
        consent=CONSENT,
        context=STAFF,
    )


def publish(material: Material) -> None:
    approver = EventContext(actor="approver", at=AT)
    for step in (MaterialStatus.IN_REVIEW, MaterialStatus.APPROVED, MaterialStatus.PUBLISHED):
        material.change_status(
            step,
            approver,
            roles=frozenset({APPROVER_ROLE}),
            publication=Publication(channel="web", language="en", published_on=AT.date()),
        )


def test_a_known_city_signs_with_its_consent_on_record() -> None:
    material = statement()
    material.pull_events()
    sign(material, FREETOWN)
    signature = material.signatures[0]
    assert (signature.city_name, signature.consent.given_by) == ("Freetown", "Office of the Mayor")
    assert signature.consent.method is ConsentMethod.EMAIL
    assert signature.recorded_by == "staff"
    (event,) = material.pull_events()
    assert isinstance(event, StatementCoSigned)
    assert event.city_id == "c-fre"
    assert "Office" not in event.model_dump_json()  # who consented stays in the service


def test_an_unknown_city_is_a_bad_value() -> None:
    with pytest.raises(InvalidValue) as refused:
        sign(statement(), None, "c-unknown")
    assert refused.value.field == "city_id"


def test_a_city_that_left_the_partnership_cannot_sign_anew_but_keeps_its_signature() -> None:
    material = statement()
    sign(material, FREETOWN)
    with pytest.raises(RuleViolation, match="left"):
        sign(material, GONE)
    left = KnownCity("c-fre", "Freetown", "SL", "Africa", PartnershipStatus.INACTIVE)
    assert material.signatures[0].active  # its past signature stands
    withdraw(material, "c-fre", STAFF, None)
    with pytest.raises(RuleViolation):
        sign(material, left)


def test_only_statements_take_signatures_and_not_twice() -> None:
    op_ed = Material.draft(
        "o1", kind=MaterialKind.OP_ED, title="T", language="en", text="x", context=STAFF
    )
    with pytest.raises(RuleViolation):
        sign(op_ed, FREETOWN)
    material = statement()
    sign(material, FREETOWN)
    with pytest.raises(RuleViolation, match="already"):
        sign(material, FREETOWN)


def test_consent_cannot_be_given_in_the_future() -> None:
    material = statement()
    with pytest.raises(InvalidValue):
        co_sign(
            material,
            FREETOWN,
            city_id=FREETOWN.id,
            mayor_name="A",
            mayor_title="Mayor",
            consent=CONSENT.model_copy(update={"given_on": date(2026, 12, 2)}),
            context=STAFF,
        )


def test_the_list_is_public_once_published_and_a_withdrawal_leaves_it_but_stays_in_history() -> (
    None
):
    material = statement()
    sign(material, FREETOWN)
    sign(material, ATHENS)
    assert public_signatories(material) is None
    publish(material)
    assert [s.city_name for s in public_signatories(material) or []] == ["Athens", "Freetown"]
    material.pull_events()
    withdraw(material, "c-ath", STAFF, "The new council reconsidered")
    assert [s.city_name for s in public_signatories(material) or []] == ["Freetown"]
    history = [s for s in material.signatures if s.city_id == "c-ath"]
    assert history[0].withdrawn_at == AT
    assert history[0].withdrawal_reason
    (event,) = material.pull_events()
    assert isinstance(event, StatementSignatureWithdrawn)
    with pytest.raises(RuleViolation):
        withdraw(material, "c-ath", STAFF, None)
    sign(material, ATHENS)  # consent given again: a new signature, the old one stays in history
    assert len([s for s in material.signatures if s.city_id == "c-ath"]) == 2
    assert [s.city_name for s in public_signatories(material) or []] == ["Athens", "Freetown"]
    assert material.featured_cities() == {"c-fre": True, "c-ath": True}
