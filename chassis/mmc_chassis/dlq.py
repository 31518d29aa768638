"""Dead letters, seen and replayed once their cause is fixed.

A dead letter is the original message (key, body, CloudEvents headers) on `<topic>.dlq`, with
`dlq_*` headers saying why, where it came from and which consumer group gave up. Replaying puts
the original body and headers back on the original topic: the event keeps its id and version,
so every consumer's idempotency holds (a group that applied it already changes nothing; the one
that failed applies it now). A marker record on the dead-letter topic remembers the replay, so
the list shows it as replayed and a second replay is refused unless forced.

    python -m mmc_chassis.dlq list [--topic T ...] [--group G] [--json]
    python -m mmc_chassis.dlq show TOPIC PARTITION OFFSET
    python -m mmc_chassis.dlq replay TOPIC PARTITION OFFSET --actor STAFF_ID [--force]

The command reads `MMC_KAFKA_BOOTSTRAP_SERVERS` and `MMC_TOPIC_PREFIX`; each service also
offers the same as HTTP routes (`/dead-letters`) for the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient

from mmc_chassis.errors import Conflict, NotFound
from mmc_chassis.topics import partitions_of
from mmc_contracts.topics import DEAD_LETTER_SUFFIX

REPLAY_OF = "dlq_replay_of"
"""Header of a marker record: `<partition>:<offset>` of the dead letter it replayed."""
REPLAYED_FROM = "mmc_replayed_from"
"""Header of a replayed event: the dead letter it came from."""


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    partition: int
    offset: int
    key: str | None
    event_id: str | None
    event_type: str | None
    original_topic: str
    original_partition: int | None
    original_offset: int | None
    consumer_group: str | None
    reason: str | None
    error: str | None
    error_type: str | None
    attempts: int | None
    failed_at: str | None
    body: str
    headers: dict[str, str]
    replayed_at: str | None = None
    replayed_by: str | None = None

    @property
    def coordinates(self) -> str:
        return f"{self.topic}:{self.partition}:{self.offset}"


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


Replays = dict[str, tuple[str, str]]
"""`<partition>:<offset>` of a replayed dead letter -> when, by whom."""


def _dead_letter(record: ConsumerRecord[Any, Any], replays: Replays) -> DeadLetter:
    headers = {name: value.decode(errors="replace") for name, value in record.headers}
    replay = replays.get(f"{record.partition}:{record.offset}")
    original = headers.get("dlq_original_topic") or record.topic.removesuffix(DEAD_LETTER_SUFFIX)
    return DeadLetter(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key is not None else None,
        event_id=headers.get("ce_id"),
        event_type=headers.get("ce_type"),
        original_topic=original,
        original_partition=_int(headers.get("dlq_original_partition")),
        original_offset=_int(headers.get("dlq_original_offset")),
        consumer_group=headers.get("dlq_consumer_group"),
        reason=headers.get("dlq_reason"),
        error=headers.get("dlq_error"),
        error_type=headers.get("dlq_error_type"),
        attempts=_int(headers.get("dlq_attempts")),
        failed_at=headers.get("dlq_failed_at"),
        body=(record.value or b"").decode(errors="replace"),
        headers={k: v for k, v in headers.items() if not k.startswith("dlq_")},
        replayed_at=replay[0] if replay else None,
        replayed_by=replay[1] if replay else None,
    )


class DeadLetters:
    """Reads and replays the dead letters of a cluster (under a topic prefix)."""

    def __init__(self, bootstrap_servers: str, *, topic_prefix: str = "") -> None:
        self.bootstrap_servers = bootstrap_servers
        self.topic_prefix = topic_prefix

    async def topics(self) -> list[str]:
        """Every dead-letter topic under the prefix."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers)
        await admin.start()
        try:
            names = await admin.list_topics()
        finally:
            await admin.close()
        return sorted(
            t for t in names if t.endswith(DEAD_LETTER_SUFFIX) and t.startswith(self.topic_prefix)
        )

    async def letters(
        self, topics: Iterable[str] | None = None, *, group_prefix: str | None = None
    ) -> list[DeadLetter]:
        """The dead letters on `topics` (default: every dead-letter topic), oldest first per
        topic; with `group_prefix`, only those of the consumer groups it starts."""
        wanted = sorted(set(topics)) if topics is not None else await self.topics()
        records = await self._read(wanted)
        letters: list[DeadLetter] = []
        for topic in wanted:
            replays: Replays = {}
            for record in records.get(topic, []):
                headers = {n: v.decode(errors="replace") for n, v in record.headers}
                if REPLAY_OF in headers:
                    replays[headers[REPLAY_OF]] = (
                        headers.get("dlq_replayed_at", ""),
                        headers.get("dlq_replayed_by", ""),
                    )
            for record in records.get(topic, []):
                if any(name == REPLAY_OF for name, _ in record.headers):
                    continue
                letter = _dead_letter(record, replays)
                if group_prefix is None or (letter.consumer_group or "").startswith(group_prefix):
                    letters.append(letter)
        return letters

    async def get(self, topic: str, partition: int, offset: int) -> DeadLetter:
        if not topic.endswith(DEAD_LETTER_SUFFIX):
            raise NotFound("dead letter", f"{topic}:{partition}:{offset}")
        for letter in await self.letters([topic]):
            if letter.partition == partition and letter.offset == offset:
                return letter
        raise NotFound("dead letter", f"{topic}:{partition}:{offset}")

    async def replay(
        self, topic: str, partition: int, offset: int, *, actor: str, force: bool = False
    ) -> DeadLetter:
        """Put the dead letter back on its original topic, then mark it replayed."""
        letter = await self.get(topic, partition, offset)
        if letter.replayed_at and not force:
            raise Conflict(
                f"dead letter {letter.coordinates} was replayed at {letter.replayed_at} by "
                f"{letter.replayed_by}"
            )
        now = datetime.now(UTC).isoformat()
        producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers, acks="all", enable_idempotence=True
        )
        await producer.start()
        try:
            headers = [(k, v.encode()) for k, v in letter.headers.items()]
            await producer.send_and_wait(
                letter.original_topic,
                letter.body.encode(),
                key=letter.key.encode() if letter.key is not None else None,
                headers=[*headers, (REPLAYED_FROM, letter.coordinates.encode())],
            )
            await producer.send_and_wait(
                topic,
                b"",
                key=letter.key.encode() if letter.key is not None else None,
                headers=[
                    (REPLAY_OF, f"{partition}:{offset}".encode()),
                    ("dlq_replayed_at", now.encode()),
                    ("dlq_replayed_by", actor.encode()),
                ],
            )
        finally:
            await producer.stop()
        return DeadLetter(**{**asdict(letter), "replayed_at": now, "replayed_by": actor})

    async def _read(self, topics: list[str]) -> dict[str, list[ConsumerRecord[Any, Any]]]:
        """Every record of `topics`, read from the beginning to the end as of now."""
        found: dict[str, list[ConsumerRecord[Any, Any]]] = {t: [] for t in topics}
        if not topics:
            return found
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers, enable_auto_commit=False, group_id=None
        )
        await consumer.start()
        try:
            partitions = [tp for t in topics for tp in await partitions_of(consumer, t)]
            if not partitions:
                return found
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            left = {tp for tp in partitions if ends[tp] > 0}
            while left:
                batches = await consumer.getmany(*left, timeout_ms=1000)
                for tp, records in batches.items():
                    found[tp.topic].extend(r for r in records if r.offset < ends[tp])
                for tp in list(left):
                    if await consumer.position(tp) >= ends[tp]:
                        left.discard(tp)
        finally:
            await consumer.stop()
        return found


# --- the command -----------------------------------------------------------------------------


def _print(letter: DeadLetter, *, full: bool) -> None:
    state = "open"
    if letter.replayed_at:
        state = f"replayed {letter.replayed_at} by {letter.replayed_by}"
    print(
        f"{letter.coordinates}  {letter.event_type or '?'}  {letter.event_id or '?'}  "
        f"group={letter.consumer_group}  reason={letter.reason}  [{state}]"
    )
    if full:
        origin = f"{letter.original_topic}:{letter.original_partition}:{letter.original_offset}"
        print(f"  from {origin}")
        print(f"  error ({letter.error_type}, {letter.attempts} attempts): {letter.error}")
        print(f"  body: {letter.body}")


async def _main(args: argparse.Namespace) -> int:
    letters = DeadLetters(
        os.environ.get("MMC_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:39092"),
        topic_prefix=os.environ.get("MMC_TOPIC_PREFIX", ""),
    )
    try:
        if args.command == "list":
            found = await letters.letters(args.topic or None, group_prefix=args.group)
            if args.json:
                print(json.dumps([asdict(letter) for letter in found], indent=2))
            else:
                for letter in found:
                    _print(letter, full=False)
                print(f"{len(found)} dead letter(s)", file=sys.stderr)
        elif args.command == "show":
            _print(await letters.get(args.topic, args.partition, args.offset), full=True)
        else:
            letter = await letters.replay(
                args.topic, args.partition, args.offset, actor=args.actor, force=args.force
            )
            print(f"replayed {letter.coordinates} onto {letter.original_topic}")
    except (NotFound, Conflict) as error:
        print(f"dlq: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmc_chassis.dlq", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="the dead letters")
    listing.add_argument("--topic", action="append", help="a dead-letter topic (repeatable)")
    listing.add_argument("--group", help="only those of consumer groups starting with this")
    listing.add_argument("--json", action="store_true")
    for name in ("show", "replay"):
        command = commands.add_parser(name)
        command.add_argument("topic")
        command.add_argument("partition", type=int)
        command.add_argument("offset", type=int)
        if name == "replay":
            command.add_argument("--actor", required=True, help="staff id, on record")
            command.add_argument("--force", action="store_true", help="replay again")
    return asyncio.run(_main(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
