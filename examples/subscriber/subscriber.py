"""A small subscriber to the MMC platform's events: reads the city and Board topics and prints
a summary. Copy this directory; it needs only `mmc-contracts` and `aiokafka`.

    python subscriber.py --bootstrap kafka.example.org:9092 --group my-organisation
    python subscriber.py --bootstrap ... --from-beginning --idle-exit 10   # read all, then stop

Delivery is at least once: an event may come twice (after a restart, a rebalance), so the
summary skips an `event_id` it has seen. Events of a type this version of `mmc-contracts` does
not know yet are counted and skipped (upgrade the package to read them). Offsets are committed
after each batch is summarised, so a restarted subscriber goes on where it stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from collections import Counter
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer

from mmc_contracts import MalformedEvent, UnknownEventType, decode
from mmc_contracts.board import MayorLeftBoard, MayorSeated, SeatVacated
from mmc_contracts.cities import CityPartnershipStatusChanged, CityRegistered
from mmc_contracts.envelope import Event
from mmc_contracts.topics import (
    BOARD_MEMBERSHIP,
    BOARD_NOMINATION,
    BOARD_SELECTION_ROUND,
    BOARD_VACANCY,
    CITIES_CITY,
)

TOPICS = (CITIES_CITY, BOARD_MEMBERSHIP, BOARD_VACANCY, BOARD_NOMINATION, BOARD_SELECTION_ROUND)


@dataclass
class Summary:
    """What the events said, as a partner organisation might want to know it."""

    seen: set[str] = field(default_factory=set)
    by_type: Counter[str] = field(default_factory=Counter)
    cities: dict[str, str] = field(default_factory=dict)
    partners: set[str] = field(default_factory=set)
    board: dict[int, str] = field(default_factory=dict)
    vacancies: int = 0
    duplicates: int = 0
    unreadable: int = 0

    def add(self, event: Event) -> None:
        if str(event.event_id) in self.seen:
            self.duplicates += 1
            return
        self.seen.add(str(event.event_id))
        self.by_type[type(event).__name__] += 1
        if isinstance(event, CityRegistered):
            profile = event.profile
            self.cities[event.aggregate_id] = f"{profile.name} ({profile.country_code})"
        elif isinstance(event, CityPartnershipStatusChanged):
            if event.to_status == "partner":
                self.partners.add(event.aggregate_id)
            else:
                self.partners.discard(event.aggregate_id)
        elif isinstance(event, MayorSeated):
            self.board[event.seat] = f"{event.mayor.name}, {event.mayor.city_name}"
        elif isinstance(event, MayorLeftBoard):
            self.board.pop(event.seat, None)
        elif isinstance(event, SeatVacated):
            self.vacancies += 1

    def lines(self) -> list[str]:
        out = [
            f"events: {len(self.seen)} ({self.duplicates} duplicates skipped, "
            f"{self.unreadable} unreadable)"
        ]
        out += [f"  {name}: {count}" for name, count in sorted(self.by_type.items())]
        out.append(f"cities registered: {len(self.cities)}")
        out += [f"  {name}" for name in sorted(self.cities.values())]
        out.append(f"partner cities: {len(self.partners)}")
        out.append(f"board seats filled: {len(self.board)}; seats vacated: {self.vacancies}")
        out += [f"  seat {seat}: {who}" for seat, who in sorted(self.board.items())]
        return out


async def run(args: argparse.Namespace) -> Summary:
    summary = Summary()
    consumer = AIOKafkaConsumer(
        *(args.topic_prefix + topic for topic in TOPICS),
        bootstrap_servers=args.bootstrap,
        group_id=args.group,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if args.from_beginning else "latest",
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await consumer.start()
    try:
        idle = 0.0
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=1000, max_records=500)
            records = [record for batch in batches.values() for record in batch]
            if not records:
                idle += 1
                if args.idle_exit and idle >= args.idle_exit:
                    break
                continue
            idle = 0.0
            for record in records:
                try:
                    summary.add(decode(record.value, record.headers))
                except (UnknownEventType, MalformedEvent):
                    summary.unreadable += 1
            await consumer.commit()
    finally:
        await consumer.stop()
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers")
    parser.add_argument("--group", required=True, help="your consumer group (one per reader)")
    parser.add_argument("--topic-prefix", default="", help="if the platform runs under one")
    parser.add_argument("--from-beginning", action="store_true", help="read the whole history")
    parser.add_argument(
        "--idle-exit", type=float, default=0, help="stop after this many idle seconds (0: never)"
    )
    summary = asyncio.run(run(parser.parse_args()))
    print("\n".join(summary.lines()))


if __name__ == "__main__":
    main()
