"""Reading the shared mailbox: an mbox file or `.eml` files, with the standard library.

Pure: bytes in, parsed messages (or the reason one cannot be read) out. A message's key is its
`Message-ID`, else a hash of sender, date and subject, so the same message imported twice is
recognised. The city may be named in the body by lines `City: ...` and `Country: XX` (as the
web form's e-mails do); otherwise staff link it later.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

MAX_BODY = 20_000
_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)
_CITY = re.compile(r"^\s*City:\s*(.{1,120}?)\s*$", re.MULTILINE | re.IGNORECASE)
_COUNTRY = re.compile(r"^\s*Country(?: code)?:\s*([A-Za-z]{2})\s*$", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class ParsedMessage:
    key: str
    sender_name: str | None
    sender_email: str
    subject: str
    date: datetime
    body: str
    attachments: list[str] = field(default_factory=list)
    city_name: str | None = None
    country_code: str | None = None


@dataclass(frozen=True)
class Malformed:
    position: int
    reason: str


def split_mbox(data: bytes) -> Iterator[bytes]:
    """The messages of an mbox file (each without its `From ` separator line)."""
    starts = [m.start() for m in _FROM_LINE.finditer(data)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(data)
        chunk = data[start:end]
        if chunk.startswith(b"From "):
            newline = chunk.find(b"\n")
            chunk = chunk[newline + 1 :] if newline >= 0 else b""
        # mboxo/mboxrd escaping: a body line starting ">From " was "From " before.
        chunk = re.sub(rb"^>(>*From )", rb"\1", chunk, flags=re.MULTILINE)
        if chunk.strip():
            yield chunk


def message_key(message_id: str | None, sender: str, date: str, subject: str) -> str:
    if message_id and message_id.strip():
        return "mid:" + message_id.strip().strip("<>").casefold()[:300]
    digest = hashlib.sha256(f"{sender}\n{date}\n{subject}".encode()).hexdigest()
    return "sha256:" + digest


def parse_message(raw: bytes, position: int) -> ParsedMessage | Malformed:
    """One message, or why it cannot be an inquiry (no sender, no date, unreadable)."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        senders = getaddresses([str(message.get("From", ""))])
        name, address = senders[0] if senders else ("", "")
        if "@" not in address:
            return Malformed(position, "no sender address (From)")
        date_header = str(message.get("Date", "")).strip()
        try:
            date = parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            return Malformed(position, "no valid Date header")
        if date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        subject = " ".join(str(message.get("Subject", "")).split())[:300]
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = body_part.get_content() if body_part is not None else ""
        if not isinstance(body, str):
            body = ""
        attachments = [part.get_filename() or "unnamed" for part in message.iter_attachments()]
        key = message_key(message.get("Message-ID"), address, date_header, subject)
    except Exception as error:  # the email package raises many kinds on broken input
        return Malformed(position, f"cannot be read: {type(error).__name__}")
    city = _CITY.search(body)
    country = _COUNTRY.search(body)
    return ParsedMessage(
        key=key,
        sender_name=name.strip() or None,
        sender_email=address.strip().lower()[:254],
        subject=subject,
        date=date.astimezone(UTC),
        body=body[:MAX_BODY],
        attachments=attachments[:50],
        city_name=city.group(1) if city else None,
        country_code=country.group(1).upper() if country and city else None,
    )


def parse_mbox(data: bytes) -> Iterator[ParsedMessage | Malformed]:
    for position, raw in enumerate(split_mbox(data), start=1):
        yield parse_message(raw, position)
