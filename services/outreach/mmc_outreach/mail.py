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
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
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


def _header(message: Message, name: str, *, decode: bool = True) -> str:
    """A header's text, unfolded and with RFC 2047 encoded words decoded ("" if absent)."""
    value = message.get(name)
    if value is None:
        return ""
    text = str(value).replace("\r\n", "").replace("\n", "")
    return _decoded(text) if decode else text


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # an unknown charset
        return payload.decode("utf-8", errors="replace")


def _body_and_attachments(message: Message) -> tuple[str, list[str]]:
    """The first plain-text part not attached (else the first HTML one), and the names of the
    attached files."""
    plain: Message | None = None
    html: Message | None = None
    attachments: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if part.get_content_disposition() == "attachment" or (
            filename and part.get_content_maintype() != "text"
        ):
            attachments.append(_decoded(filename) if filename else "unnamed")
        elif part.get_content_type() == "text/plain" and plain is None:
            plain = part
        elif part.get_content_type() == "text/html" and html is None:
            html = part
    chosen = plain or html
    return (_text(chosen) if chosen is not None else ""), attachments


def _decoded(value: str) -> str:
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return value


def parse_message(raw: bytes, position: int) -> ParsedMessage | Malformed:
    """One message, or why it cannot be an inquiry (no sender, no date, unreadable).

    Parsed with the `compat32` policy and only the headers needed decoded: the default policy
    parses every header into objects, which cost about 5 ms a message (most of a 1,000-message
    import's parsing time).
    """
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
        # Split the addresses first: a decoded name may hold a comma.
        senders = getaddresses([_header(message, "From", decode=False)])
        name, address = senders[0] if senders else ("", "")
        name = _decoded(name)
        if "@" not in address:
            return Malformed(position, "no sender address (From)")
        date_header = _header(message, "Date").strip()
        try:
            date = parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            return Malformed(position, "no valid Date header")
        if date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        subject = " ".join(_header(message, "Subject").split())[:300]
        body, attachments = _body_and_attachments(message)
        key = message_key(_header(message, "Message-ID"), address, date_header, subject)
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
