"""Importing the shared mailbox: one inquiry per message, bounded in time and round trips.

* the files are parsed once, in a worker thread (parsing 1,000 messages is CPU work that would
  otherwise stop the event loop, and with it the Kafka consumers' heartbeats);
* a message seen earlier in the import (same key) is a duplicate without asking the database;
* one query for the ids already stored (`$in`: FerretDB v1 reads the whole collection for it,
  so once per import, not per batch);
* per batch of `IMPORT_BATCH` messages: one query for the registry's cities the batch names
  that were not looked up yet, one `insert_many` for the new
  inquiries (state and outbox in each document); an id stored meanwhile by a concurrent import
  is refused by the unique `_id` and counted as a duplicate;
* before each batch, the relay has published the previous one, so that no relay round holds
  more than a batch (see `adapters/relay_pace.py`: a larger round hangs FerretDB over PostgreSQL).

So the database sees about 2 round trips per 50 messages, not 2 per message. An inquiry's id
derives from its message key: importing the same message again finds it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

from mmc_contracts import EventContext
from mmc_contracts.outreach import InquiryChannel
from mmc_contracts.rules import InvalidValue
from mmc_outreach.adapters.cities_view import KnownCities, known_city
from mmc_outreach.adapters.relay_pace import Relay, relayed
from mmc_outreach.domain.cities_view import KnownCity
from mmc_outreach.domain.inquiry import Inquiry, Sender
from mmc_outreach.domain.names import city_key
from mmc_outreach.handlers import Inquiries, derived_id
from mmc_outreach.mail import Malformed, ParsedMessage, parse_mbox, parse_message

IMPORT_BATCH = 50

CityRef = tuple[str | None, str | None, str | None]  # the registry's id, the name, the country


@dataclass
class ImportReport:
    messages: int = 0
    imported: int = 0
    duplicates: int = 0
    malformed: list[Malformed] = field(default_factory=list)
    inquiry_ids: list[str] = field(default_factory=list)


def read_files(files: Iterable[tuple[str, bytes]]) -> tuple[ImportReport, list[ParsedMessage]]:
    """Parse mbox and `.eml` files: the report so far (messages, malformed, duplicates within
    the files) and the messages to import, each key once, in file order."""
    report = ImportReport()
    seen: set[str] = set()
    fresh: list[ParsedMessage] = []
    for name, data in files:
        if name.lower().endswith(".eml"):
            parsed: Iterable[ParsedMessage | Malformed] = [parse_message(data, 1)]
        else:
            parsed = parse_mbox(data)
        for message in parsed:
            report.messages += 1
            if isinstance(message, Malformed):
                report.malformed.append(Malformed(message.position, f"{name}: {message.reason}"))
            elif message.key in seen:
                report.duplicates += 1
            else:
                seen.add(message.key)
                fresh.append(message)
    return report, fresh


async def import_messages(
    files: Iterable[tuple[str, bytes]],
    context: EventContext,
    *,
    inquiries: Inquiries,
    relay: Relay,
    cities: KnownCities,
) -> ImportReport:
    """Import mbox files and `.eml` files: one inquiry per message, a message seen before (same
    key, in the database or earlier in the import) skipped, a malformed one reported."""
    report, fresh = await asyncio.to_thread(read_files, list(files))
    named: dict[tuple[str, str], CityRef] = {}
    all_ids = [derived_id("message", message.key) for message in fresh]
    # One query for the whole import: FerretDB v1 answers `$in` by reading the collection.
    cursor = inquiries.collection.find({"_id": {"$in": all_ids}}, {"_id": 1})
    stored = {str(document["_id"]) async for document in cursor}
    for start in range(0, len(fresh), IMPORT_BATCH):
        batch = fresh[start : start + IMPORT_BATCH]
        ids = all_ids[start : start + IMPORT_BATCH]
        await _look_up_cities(batch, cities, named)
        new: list[Inquiry] = []
        for message, inquiry_id in zip(batch, ids, strict=True):
            if inquiry_id in stored:
                report.duplicates += 1
                continue
            inquiry = _inquiry(message, inquiry_id, context, named, report)
            if inquiry is not None:
                new.append(inquiry)
        await relayed(relay)  # the previous batch first: see `relay_pace.py`
        inserted = await inquiries.add_many(new)
        for inquiry in new:
            if inquiry.id in inserted:
                report.imported += 1
                report.inquiry_ids.append(inquiry.id)
            else:  # imported meanwhile by a concurrent import
                report.duplicates += 1
    return report


async def _look_up_cities(
    batch: list[ParsedMessage], cities: KnownCities, named: dict[tuple[str, str], CityRef]
) -> None:
    """The registry's city for each (name, country) the batch names and `named` lacks: one
    query for them all (a mailbox names few cities, many times)."""
    wanted = {
        (m.city_name, m.country_code)
        for m in batch
        if m.city_name is not None and m.country_code is not None
    } - named.keys()
    if not wanted:
        return
    keys = {city_key(name, code): (name, code) for name, code in wanted}
    found: dict[str, KnownCity] = {}
    async for document in cities.collection.find({"city_key": {"$in": list(keys)}}):
        city = known_city(document)
        if city is not None:
            found[str(document["city_key"])] = city
    for key, (name, code) in keys.items():
        city = found.get(key)
        named[(name, code)] = (
            (city.id, city.name, city.country_code) if city is not None else (None, name, code)
        )


def _inquiry(
    message: ParsedMessage,
    inquiry_id: str,
    context: EventContext,
    named: dict[tuple[str, str], CityRef],
    report: ImportReport,
) -> Inquiry | None:
    city: CityRef = (None, None, None)
    if message.city_name is not None and message.country_code is not None:
        city = named[(message.city_name, message.country_code)]
    city_id, name, code = city
    try:
        return Inquiry.receive(
            inquiry_id,
            channel=InquiryChannel.EMAIL,
            received_at=message.date,
            context=context,
            sender=Sender(name=message.sender_name, email=message.sender_email),
            subject=message.subject,
            body=message.body,
            attachments=message.attachments,
            message_key=message.key,
            city_id=city_id,
            city_name=name,
            country_code=code,
        )
    except InvalidValue as error:
        report.malformed.append(Malformed(0, f"{message.key}: {error}"))
        return None
