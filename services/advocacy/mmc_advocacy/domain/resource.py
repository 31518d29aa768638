"""The `Resource` aggregate: the knowledge repository's commissioned research and its tools,
guides and reports, tagged by topic, region and language, with their search terms.

Commissioned research goes commissioned → in progress → published (the day it is published is
kept); other resources are published when added. A resource points at its file by a link.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from mmc_advocacy.domain.rules import check_move, not_after, required_text
from mmc_advocacy.domain.search import SearchFields, index_fields
from mmc_chassis.aggregate import TimedModelAggregate
from mmc_contracts.advocacy import (
    ResearchStatus,
    ResearchStatusChanged,
    ResourceAdded,
    ResourceFileAttached,
    ResourceKind,
)
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue, RuleViolation

__all__ = ["RESEARCH_TRANSITIONS", "Resource", "StoredFile"]

RESEARCH_TRANSITIONS: dict[ResearchStatus, tuple[ResearchStatus, ...]] = {
    ResearchStatus.COMMISSIONED: (ResearchStatus.IN_PROGRESS,),
    ResearchStatus.IN_PROGRESS: (ResearchStatus.PUBLISHED,),
    ResearchStatus.PUBLISHED: (),
}


class StoredFile(BaseModel):
    file_id: str
    file_name: str
    content_type: str
    size: int


class Resource(TimedModelAggregate):
    kind: ResourceKind
    title: str
    summary: str
    topics: list[str]
    region: str | None = None
    language: str
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    funder: str | None = None
    commissioned_on: date | None = None
    published_on: date | None = None
    research_status: ResearchStatus | None = None
    file: StoredFile | None = None
    search: dict[str, list[str]] = Field(default_factory=dict)
    search_terms: list[str] = Field(default_factory=list)

    @classmethod
    def add(
        cls,
        resource_id: str,
        *,
        kind: ResourceKind,
        title: str,
        summary: str,
        topics: list[str],
        language: str,
        context: EventContext,
        region: str | None = None,
        url: str | None = None,
        authors: list[str] | None = None,
        funder: str | None = None,
        commissioned_on: date | None = None,
        published_on: date | None = None,
    ) -> Resource:
        kind = ResourceKind(kind)
        today = context.at.date()
        status: ResearchStatus | None = None
        if kind is ResourceKind.RESEARCH:
            if commissioned_on is None:
                raise InvalidValue("commissioned_on", "commissioned research has a start day")
            not_after(commissioned_on, today, "commissioned_on")
            if published_on is not None:
                raise InvalidValue("published_on", "research is published through its status")
            status = ResearchStatus.COMMISSIONED
        else:
            if commissioned_on is not None:
                raise InvalidValue("commissioned_on", "only research is commissioned")
            published_on = not_after(published_on or today, today, "published_on")
        resource = cls(
            id=resource_id,
            created_at=context.at,
            updated_at=context.at,
            kind=kind,
            title=required_text(title, "title", 300),
            summary=required_text(summary, "summary", 5000),
            topics=sorted({required_text(t, f"topics.{i}", 80) for i, t in enumerate(topics)}),
            region=region,
            language=language,
            url=url,
            authors=[required_text(a, f"authors.{i}") for i, a in enumerate(authors or [])],
            funder=funder,
            commissioned_on=commissioned_on,
            published_on=published_on,
            research_status=status,
        )
        resource._index()
        resource._record(
            ResourceAdded,
            context,
            kind=kind,
            title=resource.title,
            language=language,
            topics=resource.topics,
            region=region,
            research_status=status,
        )
        return resource

    def _index(self) -> None:
        fields = index_fields(self.title, self.topics, self.summary, self.language)
        self.search_terms = fields.pop("search_terms")
        self.search = fields

    def change_research_status(
        self, to_status: ResearchStatus, context: EventContext, *, on: date | None = None
    ) -> None:
        if self.research_status is None:
            raise RuleViolation(f"a {self.kind} has no research status")
        to_status = ResearchStatus(to_status)
        check_move(RESEARCH_TRANSITIONS, self.research_status, to_status)
        if to_status is ResearchStatus.PUBLISHED:
            day = not_after(on or context.at.date(), context.at.date(), "published_on")
            if self.commissioned_on is not None and day < self.commissioned_on:
                raise InvalidValue("published_on", "must not be before it was commissioned")
            self.published_on = day
        from_status, self.research_status = self.research_status, to_status
        self._record(ResearchStatusChanged, context, from_status=from_status, to_status=to_status)

    def attach_file(self, file: StoredFile, context: EventContext) -> str | None:
        """Store `file` with the resource; the id of the file it replaces, if any."""
        required_text(file.file_name, "file_name", 200)
        previous = None if self.file is None else self.file.file_id
        self.file = file
        self._record(
            ResourceFileAttached,
            context,
            file_name=file.file_name,
            content_type=file.content_type,
            size=file.size,
        )
        return previous

    def search_fields(self) -> SearchFields:
        return search_fields_of(self.id, self.title, self.search)


def search_fields_of(resource_id: str, title: str, search: dict[str, list[str]]) -> SearchFields:
    """The stored search terms as the ranking reads them."""
    return SearchFields(
        id=resource_id,
        title=title,
        title_words=frozenset(search.get("title_words", ())),
        title_stems=frozenset(search.get("title_stems", ())),
        tag_words=frozenset(search.get("tag_words", ())),
        tag_stems=frozenset(search.get("tag_stems", ())),
        summary_words=frozenset(search.get("summary_words", ())),
        summary_stems=frozenset(search.get("summary_stems", ())),
    )
