"""The knowledge repository's search index, held in memory.

FerretDB has no `$text`, and on it every query that is not a lookup by `_id` reads the whole
collection (about a second for 1,000 resources on a loaded machine). So the service keeps the
resources, with their stored search terms, in memory, and ranks there (`domain.search.rank`):
a search costs no database round trip. The index is filled at the first search, takes this
process's own writes at once (`put`), and picks up other instances' writes by a refresh every
`search_refresh_seconds` (a chassis `periodic.every` task) that reads only the resources changed
since the last one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from mmc_advocacy.adapters.repository import Repository
from mmc_advocacy.domain import Resource
from mmc_advocacy.domain.search import SearchFields, parse_query, rank
from mmc_contracts.advocacy import ResearchStatus, ResourceKind


@dataclass(frozen=True)
class ResourceFilter:
    kind: ResourceKind | None = None
    topic: str | None = None
    region: str | None = None
    language: str | None = None
    research_status: ResearchStatus | None = None

    def accepts(self, resource: Resource) -> bool:
        return (
            (self.kind is None or resource.kind is self.kind)
            and (self.topic is None or self.topic in resource.topics)
            and (self.region is None or resource.region == self.region)
            and (self.language is None or resource.language == self.language)
            and (self.research_status is None or resource.research_status is self.research_status)
        )


class ResourceIndex:
    def __init__(self, resources: Repository[Resource]) -> None:
        self.resources = resources
        self._entries: dict[str, tuple[Resource, SearchFields]] = {}
        self._since: str | None = None
        self._loaded = False
        self._lock = asyncio.Lock()

    def put(self, resource: Resource) -> None:
        """A resource this process just wrote."""
        self._entries[resource.id] = (resource, resource.search_fields())

    async def refresh(self) -> int:
        """Read the resources changed since the last refresh (all, the first time)."""
        async with self._lock:
            # Timestamps are stored as ISO text, whose fractional seconds do not sort as text
            # does: ask from the start of the last second seen, and take each document again.
            query = {} if self._since is None else {"updated_at": {"$gte": self._since[:19]}}
            changed = await self.resources.list(query, [("_id", 1)])
            for resource in changed:
                self.put(resource)
                stamp = resource.to_document()["updated_at"]
                if self._since is None or stamp[:19] > self._since[:19]:
                    self._since = stamp
            self._loaded = True
            return len(changed)

    async def search(self, text: str, where: ResourceFilter) -> list[tuple[Resource, float]]:
        if not self._loaded:
            await self.refresh()
        query = parse_query(text)
        if not query.words:
            return []
        candidates = {r.id: (r, f) for r, f in self._entries.values() if where.accepts(r)}
        ranked = rank(query, (fields for _, fields in candidates.values()))
        return [(candidates[rid][0], score) for rid, score in ranked]
