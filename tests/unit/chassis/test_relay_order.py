"""The relay's per-aggregate bookkeeping: what may go out, in which order (pure, no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

from mmc_chassis.backlog import Backlog
from mmc_chassis.mongo import Document


def entry(version: int, event_id: str | None = None) -> Document:
    return {"event_id": event_id or f"e{version}", "version": version, "at": datetime.now(UTC)}


def test_a_new_aggregate_may_go_out_at_once() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(1), entry(2)])
    assert backlog.in_order
    assert min(backlog.pending) == 1


def test_a_later_version_of_an_aggregate_of_unknown_history_waits_for_a_read() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(5)])
    assert not backlog.in_order, "an older version may still be in the outbox"


def test_reading_the_document_finds_older_entries_first() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(5)])
    backlog.read_document({"_id": "a", "version": 5, "outbox": {"e4": entry(4), "e5": entry(5)}})
    assert sorted(backlog.pending) == [4, 5]
    assert backlog.published_version == 3
    assert backlog.in_order


def test_reading_a_document_without_older_entries_settles_what_was_published() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(5)])
    backlog.read_document({"_id": "a", "version": 5, "outbox": {"e5": entry(5)}})
    assert backlog.published_version == 4
    assert backlog.in_order


def test_what_was_sent_is_not_taken_again_from_memory_or_from_the_document() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(1), entry(2)])
    backlog.sent(entry(1))
    backlog.learn([entry(1)])  # a sweep read it before it was removed
    backlog.read_document({"_id": "a", "version": 2, "outbox": {"e1": entry(1), "e2": entry(2)}})
    assert sorted(backlog.pending) == [2]
    assert backlog.published_ids == ["e1"]


def test_a_failure_holds_the_entry_first_in_line_with_capped_backoff() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(1), entry(2)])
    for attempt in range(1, 8):
        backlog.failed(TimeoutError("no ack"), now=100.0, base=0.5, cap=10.0)
        assert backlog.attempts == attempt
        assert backlog.retry_at == 100.0 + min(10.0, 0.5 * 2 ** (attempt - 1))
    assert sorted(backlog.pending) == [1, 2]
    assert backlog.last_error == "TimeoutError: no ack"
    backlog.sent(entry(1))
    cleared: tuple[object, ...] = (backlog.attempts, backlog.last_error, backlog.failing_since)
    assert cleared == (0, None, None)


def test_a_gap_after_what_was_published_needs_a_read() -> None:
    backlog = Backlog("cities", "a", published_version=3)
    backlog.learn([entry(5)])  # version 4 was written, but its write's answer was lost
    assert not backlog.in_order
    backlog.read_document({"_id": "a", "version": 5, "outbox": {"e4": entry(4), "e5": entry(5)}})
    assert sorted(backlog.pending) == [4, 5]
    assert backlog.in_order


def test_the_oldest_published_entry_still_in_the_document_dates_the_trim() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(1), entry(2)])
    backlog.sent(entry(1), now=10.0)
    backlog.sent(entry(2), now=12.0)
    assert backlog.published_at == 10.0, "the trim waits for the oldest, not the newest"
    backlog.published_ids = []  # the aggregate's next write removed them
    backlog.learn([entry(3)])
    backlog.sent(entry(3), now=20.0)
    assert backlog.published_at == 20.0


def test_a_marked_entry_in_the_document_is_published_and_so_is_every_older_one() -> None:
    backlog = Backlog("cities", "a")
    document = {"_id": "a", "version": 3, "outbox": {f"e{v}": entry(v) for v in (1, 2, 3)}}
    backlog.read_document(document, marked={"e2"})
    assert backlog.published_version == 2
    assert sorted(backlog.pending) == [3]
    assert sorted(backlog.published_ids) == ["e1", "e2"], "still in the document: to trim"


def test_an_unmarked_entry_after_the_marked_ones_still_goes_out() -> None:
    backlog = Backlog("cities", "a")
    backlog.learn([entry(1), entry(2)])  # known pending before the mark was read
    backlog.read_document(
        {"_id": "a", "version": 2, "outbox": {"e1": entry(1), "e2": entry(2)}}, marked={"e1"}
    )
    assert sorted(backlog.pending) == [2]
    assert backlog.in_order
