"""Which events are tombstones naming a person, and how a document is written once they are
erased (pure parts of `mmc_chassis.projection`; the database parts are tested end to end in
tests/integration/advocacy/test_erased_people_replay.py)."""

from __future__ import annotations

from mmc_chassis.projection import ERASED, _scrubbed, erased_person
from mmc_contracts import EventContext
from mmc_contracts.advocacy import ErasedPart, MaterialPersonalDataErased, MaterialRevised
from mmc_contracts.gateway import AuditOutcome, AuditRecorded

CONTEXT = EventContext(actor="admin-1")


def audit(action: str, outcome: AuditOutcome, target: str | None) -> AuditRecorded:
    return AuditRecorded.stamp(
        CONTEXT,
        aggregate_id="audit-1",
        aggregate_version=1,
        staff_id="staff-0000a0a0",
        action=action,
        outcome=outcome,
        target=target,
    )


def test_tombstones_name_the_erased_id_and_other_events_none() -> None:
    tombstone = MaterialPersonalDataErased.stamp(
        CONTEXT,
        aggregate_id="m1",
        aggregate_version=5,
        parts=[ErasedPart.REVIEW_COMMENT],
        entries_erased=1,
        person_id="staff-7",
    )
    assert erased_person(tombstone) == "staff-7"
    by_address = tombstone.model_copy(update={"person_id": None})
    assert erased_person(by_address) is None
    assert erased_person(audit("accounts.erase", AuditOutcome.SUCCEEDED, "staff-7")) == "staff-7"
    assert erased_person(audit("accounts.erase", AuditOutcome.FAILED, "staff-7")) is None
    assert erased_person(audit("cities.edit", AuditOutcome.SUCCEEDED, "staff-7")) is None
    revised = MaterialRevised.stamp(CONTEXT, aggregate_id="m1", aggregate_version=2, text_version=2)
    assert erased_person(revised) is None


def test_every_value_that_is_an_erased_id_is_written_erased_and_nothing_else() -> None:
    document = {
        "_id": "e1",
        "actor": "staff-7",
        "nested": {"by": ["staff-7", "staff-8"], "n": 3},
        "note": "staff-7 wrote it",  # a value that merely contains the id is not an id
    }
    assert _scrubbed(document, {"staff-7"}) == {
        "_id": "e1",
        "actor": ERASED,
        "nested": {"by": [ERASED, "staff-8"], "n": 3},
        "note": "staff-7 wrote it",
    }
