"""The `Material` aggregate: a public statement, op-ed, social media campaign or policy brief.

Life cycle: draft → in review → approved → published → archived. A review may send it back to
draft (changes requested), an approved text may go back to draft before it is published, and a
draft may be archived (abandoned). Only an approver approves, and never a text they wrote a
version of. The text is versioned (only a draft is revised); reviewers comment while it is in
review. Once published, its dissemination (channels, outlets, languages, dates, links) and its
amplification (reach, shares, pick-ups per channel over time) are recorded.

A public statement collects co-signatures (`signatures.py`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from pydantic import BaseModel, Field

from mmc_advocacy.domain.rules import (
    NotPermitted,
    check_move,
    not_after,
    required_text,
)
from mmc_advocacy.domain.signatures import Signature
from mmc_chassis.aggregate import TimedModelAggregate
from mmc_contracts.advocacy import (
    CityFeaturedInMaterial,
    MaterialAmplificationRecorded,
    MaterialDisseminated,
    MaterialDrafted,
    MaterialKind,
    MaterialReviewCommented,
    MaterialRevised,
    MaterialStatus,
    MaterialStatusChanged,
)
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue, RuleViolation

__all__ = [
    "APPROVER_ROLE",
    "MATERIAL_TRANSITIONS",
    "TEXT_MAX_LENGTH",
    "AmplificationTotals",
    "Material",
    "Measurement",
    "Publication",
    "ReviewComment",
    "TextVersion",
]

APPROVER_ROLE = "approver"
TEXT_MAX_LENGTH = 50_000

MATERIAL_TRANSITIONS: dict[MaterialStatus, tuple[MaterialStatus, ...]] = {
    MaterialStatus.DRAFT: (MaterialStatus.IN_REVIEW, MaterialStatus.ARCHIVED),
    MaterialStatus.IN_REVIEW: (MaterialStatus.DRAFT, MaterialStatus.APPROVED),
    MaterialStatus.APPROVED: (MaterialStatus.PUBLISHED, MaterialStatus.DRAFT),
    MaterialStatus.PUBLISHED: (MaterialStatus.ARCHIVED,),
    MaterialStatus.ARCHIVED: (),
}


class TextVersion(BaseModel):
    number: int
    text: str
    written_by: str
    written_at: datetime


class ReviewComment(BaseModel):
    reviewer: str
    text: str
    text_version: int
    at: datetime


class Publication(BaseModel):
    channel: str
    outlet: str | None = None
    language: str
    published_on: date
    url: str | None = None


class Measurement(BaseModel):
    channel: str
    measured_on: date
    reach: int
    shares: int
    pickups: int


class AmplificationTotals(BaseModel):
    reach: int = 0
    shares: int = 0
    pickups: int = 0

    def add(self, other: Measurement | AmplificationTotals) -> None:
        self.reach += other.reach
        self.shares += other.shares
        self.pickups += other.pickups


class Material(TimedModelAggregate):
    campaign_id: str | None = None
    kind: MaterialKind
    title: str
    language: str
    status: MaterialStatus = MaterialStatus.DRAFT
    author: str
    versions: list[TextVersion]
    comments: list[ReviewComment] = Field(default_factory=list)
    approved_by: str | None = None
    approved_at: datetime | None = None
    published_at: datetime | None = None
    named_city_ids: list[str] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    amplification: list[Measurement] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)

    # --- creation and text --------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        material_id: str,
        *,
        kind: MaterialKind,
        title: str,
        language: str,
        text: str,
        context: EventContext,
        campaign_id: str | None = None,
        named_city_ids: list[str] | None = None,
    ) -> Material:
        title = required_text(title, "title")
        text = required_text(text, "text", TEXT_MAX_LENGTH)
        material = cls(
            id=material_id,
            created_at=context.at,
            updated_at=context.at,
            campaign_id=campaign_id,
            kind=MaterialKind(kind),
            title=title,
            language=language,
            author=context.actor,
            versions=[
                TextVersion(number=1, text=text, written_by=context.actor, written_at=context.at)
            ],
            named_city_ids=sorted(set(named_city_ids or ())),
        )
        material._record(
            MaterialDrafted,
            context,
            campaign_id=campaign_id,
            kind=material.kind,
            title=title,
            language=language,
        )
        return material

    @property
    def text(self) -> str:
        return self.versions[-1].text

    @property
    def writers(self) -> set[str]:
        """Everyone who wrote a version of the text: none of them may approve it."""
        return {self.author, *(version.written_by for version in self.versions)}

    def revise(self, text: str, context: EventContext) -> None:
        if self.status is not MaterialStatus.DRAFT:
            raise RuleViolation(f"only a draft is revised; this material is {self.status}")
        text = required_text(text, "text", TEXT_MAX_LENGTH)
        number = len(self.versions) + 1
        self.versions.append(
            TextVersion(number=number, text=text, written_by=context.actor, written_at=context.at)
        )
        self._record(MaterialRevised, context, text_version=number)

    def comment(self, text: str, context: EventContext) -> None:
        if self.status is not MaterialStatus.IN_REVIEW:
            raise RuleViolation(f"comments are made in review; this material is {self.status}")
        text = required_text(text, "text", 5000)
        number = len(self.versions)
        self.comments.append(
            ReviewComment(reviewer=context.actor, text=text, text_version=number, at=context.at)
        )
        self._record(MaterialReviewCommented, context, reviewer=context.actor, text_version=number)

    # --- life cycle ---------------------------------------------------------------------------

    def change_status(
        self,
        to_status: MaterialStatus,
        context: EventContext,
        *,
        roles: frozenset[str] = frozenset(),
        publication: Publication | None = None,
        featured: dict[str, bool] | None = None,
    ) -> None:
        """Move the material; approving needs the approver role and someone who wrote none of
        the text; publishing needs its first publication, and names the `featured` cities
        (city id -> whether as a signatory) on their timelines."""
        to_status = MaterialStatus(to_status)
        check_move(MATERIAL_TRANSITIONS, self.status, to_status)
        approved_by = None
        if to_status is MaterialStatus.APPROVED:
            if APPROVER_ROLE not in roles:
                raise NotPermitted("only an approver may approve a material")
            if context.actor in self.writers:
                raise NotPermitted("nobody approves a text they wrote")
            approved_by = context.actor
        if to_status is MaterialStatus.PUBLISHED and publication is None:
            raise InvalidValue("publication", "publishing needs the first publication")
        from_status, self.status = self.status, to_status
        if to_status is MaterialStatus.APPROVED:
            self.approved_by, self.approved_at = approved_by, context.at
        elif to_status is MaterialStatus.DRAFT:
            self.approved_by = self.approved_at = None
        self._record(
            MaterialStatusChanged,
            context,
            from_status=from_status,
            to_status=to_status,
            approved_by=approved_by,
        )
        if to_status is MaterialStatus.PUBLISHED:
            assert publication is not None
            self.published_at = context.at
            self.add_publication(publication, context)
            for city_id, as_signatory in sorted((featured or {}).items()):
                self._record(
                    CityFeaturedInMaterial,
                    context,
                    city_id=city_id,
                    kind=self.kind,
                    title=self.title,
                    as_signatory=as_signatory,
                )

    def featured_cities(self) -> dict[str, bool]:
        """The cities a publication names: active signatories, and cities named in the text."""
        featured = dict.fromkeys(self.named_city_ids, False)
        featured |= {signature.city_id: True for signature in self.signatures if signature.active}
        return featured

    # --- dissemination and amplification --------------------------------------------------------

    def add_publication(self, publication: Publication, context: EventContext) -> None:
        if self.status is not MaterialStatus.PUBLISHED:
            raise RuleViolation(f"only a published material is disseminated; it is {self.status}")
        not_after(publication.published_on, context.at.date(), "publication.published_on")
        self.publications.append(publication)
        self._record(MaterialDisseminated, context, **publication.model_dump())

    def record_amplification(self, measurement: Measurement, context: EventContext) -> None:
        if self.status not in (MaterialStatus.PUBLISHED, MaterialStatus.ARCHIVED):
            raise RuleViolation(f"only a published material is amplified; it is {self.status}")
        not_after(measurement.measured_on, context.at.date(), "measured_on")
        first = min((p.published_on for p in self.publications), default=None)
        if first is not None and measurement.measured_on < first:
            raise InvalidValue("measured_on", "must not be before the first publication")
        self.amplification.append(measurement)
        self._record(MaterialAmplificationRecorded, context, **measurement.model_dump())

    def amplification_totals(self) -> tuple[AmplificationTotals, dict[str, AmplificationTotals]]:
        """The sums over every measurement, and per channel."""
        total = AmplificationTotals()
        by_channel: dict[str, AmplificationTotals] = defaultdict(AmplificationTotals)
        for measurement in self.amplification:
            total.add(measurement)
            by_channel[measurement.channel].add(measurement)
        return total, dict(sorted(by_channel.items()))
