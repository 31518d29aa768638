"""What the relay knows of one aggregate: its entries not yet published, the last version that
is, and its failures; pure bookkeeping (no I/O), so its rules are unit-tested on their own."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mmc_chassis.mongo import Document
from mmc_chassis.outbox import entries_of


@dataclass
class Backlog:
    """One aggregate as the relay knows it."""

    collection: str
    aggregate_id: str
    pending: dict[int, Document] = field(default_factory=dict)
    """Entries not yet on their topic, by version."""
    published_version: int | None = None
    """Every version up to this one is on its topic (None: not known yet)."""
    published_ids: list[str] = field(default_factory=list)
    """Published entries still in the document."""
    published_at: float = 0.0
    """When (event-loop time) the oldest of `published_ids` went out: the relay trims an entry
    only after a while, since the aggregate's next write removes it for free."""
    attempts: int = 0
    last_error: str | None = None
    failing_since: datetime | None = None
    retry_at: float = 0.0

    @property
    def in_order(self) -> bool:
        """Whether the first pending entry may go out now (nothing older is missing)."""
        first = min(self.pending)
        return first == 1 or (
            self.published_version is not None and first <= self.published_version + 1
        )

    def learn(self, entries: Iterable[Document], marked: Container[str] = ()) -> None:
        """Entries seen in memory or in the document; what is published already is ignored.
        A `marked` entry is published (a relay marked it), and so is every older one."""
        entries = list(entries)
        marked_versions = [int(e["version"]) for e in entries if e["event_id"] in marked]
        if marked_versions:
            self.published_version = max(self.published_version or 0, *marked_versions)
            for version in [v for v in self.pending if v <= self.published_version]:
                del self.pending[version]
        for entry in entries:
            version = int(entry["version"])
            published = self.published_version is not None and version <= self.published_version
            if entry["event_id"] in self.published_ids:
                continue
            if not published:
                self.pending[version] = entry
            elif marked_versions:
                self.published_ids.append(entry["event_id"])  # still in its document: to trim

    def read_document(self, document: Document | None, marked: Container[str] = ()) -> None:
        """The document's outbox as stored: whatever older than our first pending entry is
        not in it has been published (by us, before a restart, or by another instance)."""
        if document is not None:
            self.learn(entries_of(document), marked)
        if self.pending:
            floor = min(self.pending) - 1
        else:
            floor = int(document.get("version", 0)) if document is not None else 0
        self.published_version = max(self.published_version or 0, floor)

    def sent(self, entry: Document, now: float = 0.0) -> None:
        version = int(entry["version"])
        self.pending.pop(version, None)
        self.published_version = max(self.published_version or 0, version)
        if not self.published_ids:
            self.published_at = now
        self.published_ids.append(entry["event_id"])
        self.attempts, self.last_error, self.failing_since = 0, None, None

    def failed(self, error: BaseException, now: float, base: float, cap: float) -> None:
        self.attempts += 1
        self.last_error = f"{type(error).__name__}: {error}"[:500]
        self.failing_since = self.failing_since or datetime.now(UTC)
        self.retry_at = now + min(cap, base * 2 ** (self.attempts - 1))

    @property
    def settled(self) -> bool:
        return not self.pending and not self.published_ids and not self.attempts


@dataclass(frozen=True)
class StuckAggregate:
    collection: str
    aggregate_id: str
    pending: int
    attempts: int
    last_error: str | None
    failing_since: datetime | None


@dataclass(frozen=True)
class RelayStatus:
    backlog: int
    """Entries not yet published."""
    oldest_entry_at: datetime | None
    stuck: list[StuckAggregate]
    published: int


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def relay_status(backlogs: Iterable[Backlog], fresh: list[Document], published: int) -> RelayStatus:
    """What is not yet published: in the aggregates' backlogs, and `fresh` (written, waiting
    for the round in hand to end)."""
    backlogs = list(backlogs)
    pending = [entry for b in backlogs for entry in b.pending.values()] + fresh
    stuck = [
        StuckAggregate(
            b.collection, b.aggregate_id, len(b.pending), b.attempts, b.last_error, b.failing_since
        )
        for b in backlogs
        if b.attempts
    ]
    return RelayStatus(
        backlog=len(pending),
        oldest_entry_at=min((as_utc(e["at"]) for e in pending if "at" in e), default=None),
        stuck=stuck,
        published=published,
    )
