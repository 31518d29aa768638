"""The material life cycle, the approver rules, dissemination and amplification."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mmc_advocacy.domain import (
    APPROVER_ROLE,
    MATERIAL_TRANSITIONS,
    Material,
    Measurement,
    NotPermitted,
    Publication,
)
from mmc_contracts import EventContext
from mmc_contracts.advocacy import (
    CityFeaturedInMaterial,
    MaterialDisseminated,
    MaterialKind,
    MaterialStatus,
    MaterialStatusChanged,
)
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)
WRITER = EventContext(actor="writer", at=AT)
APPROVER = EventContext(actor="approver", at=AT)
APPROVERS = frozenset({APPROVER_ROLE})
FIRST = Publication(channel="website", language="en", published_on=date(2026, 12, 1))


def draft(kind: MaterialKind = MaterialKind.OP_ED, named: list[str] | None = None) -> Material:
    return Material.draft(
        "m1",
        kind=kind,
        title="Cities welcome",
        language="en",
        text="First text",
        context=WRITER,
        named_city_ids=named,
    )


def at_status(status: MaterialStatus) -> Material:
    material = draft()
    path = {
        MaterialStatus.DRAFT: [],
        MaterialStatus.IN_REVIEW: [MaterialStatus.IN_REVIEW],
        MaterialStatus.APPROVED: [MaterialStatus.IN_REVIEW, MaterialStatus.APPROVED],
        MaterialStatus.PUBLISHED: [
            MaterialStatus.IN_REVIEW,
            MaterialStatus.APPROVED,
            MaterialStatus.PUBLISHED,
        ],
        MaterialStatus.ARCHIVED: [MaterialStatus.ARCHIVED],
    }[status]
    for step in path:
        material.change_status(step, APPROVER, roles=APPROVERS, publication=FIRST)
    material.pull_events()
    return material


@pytest.mark.parametrize("start", list(MaterialStatus))
@pytest.mark.parametrize("target", list(MaterialStatus))
def test_every_move_is_allowed_or_refused_by_the_life_cycle(
    start: MaterialStatus, target: MaterialStatus
) -> None:
    material = at_status(start)
    if target in MATERIAL_TRANSITIONS[start]:
        material.change_status(target, APPROVER, roles=APPROVERS, publication=FIRST)
        assert material.status is target
        changed = [e for e in material.pull_events() if isinstance(e, MaterialStatusChanged)]
        assert [(e.from_status, e.to_status) for e in changed] == [(start, target)]
    else:
        with pytest.raises(InvalidTransition):
            material.change_status(target, APPROVER, roles=APPROVERS, publication=FIRST)
        assert material.status is start
        assert material.pull_events() == []


def test_only_an_approver_approves() -> None:
    material = at_status(MaterialStatus.IN_REVIEW)
    with pytest.raises(NotPermitted, match="only an approver"):
        material.change_status(MaterialStatus.APPROVED, APPROVER, roles=frozenset({"editor"}))
    assert material.status is MaterialStatus.IN_REVIEW


def test_nobody_approves_their_own_draft_even_as_an_approver() -> None:
    material = at_status(MaterialStatus.IN_REVIEW)
    with pytest.raises(NotPermitted, match="wrote"):
        material.change_status(MaterialStatus.APPROVED, WRITER, roles=APPROVERS)


def test_a_co_writer_of_a_later_version_may_not_approve_either() -> None:
    material = draft()
    material.revise("Second text", EventContext(actor="approver", at=AT))
    material.change_status(MaterialStatus.IN_REVIEW, WRITER)
    with pytest.raises(NotPermitted):
        material.change_status(MaterialStatus.APPROVED, APPROVER, roles=APPROVERS)


def test_approval_records_who_and_when_and_going_back_to_draft_clears_it() -> None:
    material = at_status(MaterialStatus.IN_REVIEW)
    material.change_status(MaterialStatus.APPROVED, APPROVER, roles=APPROVERS)
    assert (material.approved_by, material.approved_at) == ("approver", AT)
    event = material.pull_events()[-1]
    assert isinstance(event, MaterialStatusChanged)
    assert event.approved_by == "approver"
    material.change_status(MaterialStatus.DRAFT, WRITER)
    assert material.approved_by is None


def test_versions_and_comments_follow_the_status() -> None:
    material = draft()
    material.revise("Second text", WRITER)
    assert [v.number for v in material.versions] == [1, 2]
    assert material.text == "Second text"
    with pytest.raises(RuleViolation):
        material.comment("Too early", APPROVER)
    material.change_status(MaterialStatus.IN_REVIEW, WRITER)
    material.comment("Cite the GCM objective", APPROVER)
    assert material.comments[0].text_version == 2
    with pytest.raises(RuleViolation):
        material.revise("Sneaky edit in review", WRITER)
    with pytest.raises(InvalidValue):
        material.comment("   ", APPROVER)


def test_publishing_needs_a_publication_and_names_the_featured_cities() -> None:
    material = at_status(MaterialStatus.APPROVED)
    with pytest.raises(InvalidValue):
        material.change_status(MaterialStatus.PUBLISHED, WRITER)
    material.change_status(
        MaterialStatus.PUBLISHED, WRITER, publication=FIRST, featured={"c1": True, "c2": False}
    )
    events = material.pull_events()
    assert [type(e) for e in events] == [
        MaterialStatusChanged,
        MaterialDisseminated,
        CityFeaturedInMaterial,
        CityFeaturedInMaterial,
    ]
    featured = [e for e in events if isinstance(e, CityFeaturedInMaterial)]
    assert [(e.city_id, e.as_signatory) for e in featured] == [("c1", True), ("c2", False)]
    assert [e.aggregate_version for e in events] == [4, 5, 6, 7]


def test_dissemination_and_amplification_only_once_published_and_summed() -> None:
    material = at_status(MaterialStatus.APPROVED)
    measure = Measurement(channel="x", measured_on=date(2026, 12, 1), reach=10, shares=2, pickups=0)
    with pytest.raises(RuleViolation):
        material.record_amplification(measure, WRITER)
    with pytest.raises(RuleViolation):
        material.add_publication(FIRST, WRITER)
    material.change_status(MaterialStatus.PUBLISHED, WRITER, publication=FIRST)
    material.add_publication(
        Publication(channel="op-ed", outlet="El País", language="es", published_on=AT.date()),
        WRITER,
    )
    material.record_amplification(measure, WRITER)
    material.record_amplification(measure.model_copy(update={"reach": 5, "pickups": 3}), WRITER)
    material.record_amplification(measure.model_copy(update={"channel": "radio"}), WRITER)
    total, by_channel = material.amplification_totals()
    assert (total.reach, total.shares, total.pickups) == (25, 6, 3)
    assert (by_channel["x"].reach, by_channel["radio"].reach) == (15, 10)
    assert len(material.publications) == 2
    with pytest.raises(InvalidValue):
        material.record_amplification(
            measure.model_copy(update={"measured_on": date(2027, 1, 1)}), WRITER
        )


def test_the_document_form_round_trips() -> None:
    material = at_status(MaterialStatus.PUBLISHED)
    document = material.to_document()
    assert document["_id"] == "m1"
    assert Material.from_document({**document, "outbox": {}}) == material
