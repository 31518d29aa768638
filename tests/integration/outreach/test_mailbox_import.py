"""Importing the shared mailbox: a 1,000-message mbox file with duplicates and malformed
messages, and a folder of `.eml` files, on the real database."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from tests.integration.outreach.conftest import Outreach

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def message(number: int, *, attachment: bool = False, message_id: bool = True) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"Staff {number} <staff{number}@city{number % 40}.example.org>"
    mail["To"] = "info@mayorsmigrationcouncil.example.org"
    mail["Subject"] = f"Question {number} about the Global Compact"
    mail["Date"] = format_datetime(START + timedelta(minutes=number))
    if message_id:
        mail["Message-ID"] = f"<m{number}@city.example.org>"
    question = f"Dear MMC,\nwhen is the next consultation? ({number})\n"
    mail.set_content(question + f"City: Town {number % 7}\nCountry: JO\n")
    if attachment:
        mail.add_attachment(
            b"%PDF-1.4", maintype="application", subtype="pdf", filename=f"brief-{number}.pdf"
        )
    return mail.as_bytes()


def mbox(messages: list[bytes]) -> bytes:
    out = bytearray()
    for raw in messages:
        out += b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n"
        out += raw.replace(b"\nFrom ", b"\n>From ")
        out += b"\n"
    return bytes(out)


@pytest.mark.timeout(300)
async def test_a_thousand_messages_duplicates_skipped_malformed_reported(
    outreach: Outreach,
) -> None:
    messages: list[bytes] = []
    # one in ten without a Message-ID: recognised by sender, date and subject
    for number in range(950):
        messages.append(message(number, attachment=number % 50 == 0, message_id=number % 10 != 0))
    messages += [message(n, message_id=n % 10 != 0) for n in range(1, 31)]  # 30 repeats
    malformed = [
        b"Subject: no sender\nDate: Mon, 30 Nov 2026 10:00:00 +0000\n\nbody\n",
        b"From: someone@city.example.org\nSubject: no date\n\nbody\n",
    ] * 10
    messages += malformed
    assert len(messages) == 1000
    data = mbox(messages)

    started = time.perf_counter()
    report = await outreach.ok(
        "POST", "/inquiries/import", content=data, headers={"Content-Type": "application/mbox"}
    )
    seconds = time.perf_counter() - started
    print(
        f"\nmbox import of 1,000 messages ({len(data)} bytes): {seconds:.2f} s; "
        f"imported {report['imported']}, duplicates {report['duplicates']}, "
        f"malformed {len(report['malformed'])}"
    )
    assert report["messages"] == 1000
    assert report["imported"] == 950
    assert report["duplicates"] == 30
    assert len(report["malformed"]) == 20
    assert {m["reason"].split(": ", 1)[1] for m in report["malformed"]} == {
        "no sender address (From)",
        "no valid Date header",
    }
    started = time.perf_counter()
    page = await outreach.ok("GET", "/inquiries", params={"limit": 1})
    print(f"listing: {time.perf_counter() - started:.2f} s")
    assert page["total"] == 950
    with_attachment = await outreach.ok("GET", f"/inquiries/{report['inquiry_ids'][0]}")
    assert with_attachment["attachments"] == ["brief-0.pdf"]
    assert with_attachment["sender"]["email"] == "staff0@city0.example.org"
    assert with_attachment["channel"] == "email"

    started = time.perf_counter()
    again = await outreach.ok(
        "POST", "/inquiries/import", content=data, headers={"Content-Type": "application/mbox"}
    )
    print(f"the same file again: {time.perf_counter() - started:.2f} s, all duplicates")
    assert again["imported"] == 0
    assert again["duplicates"] == 980
    assert (await outreach.ok("GET", "/inquiries", params={"limit": 1}))["total"] == 950


async def test_eml_files_as_multipart(outreach: Outreach) -> None:
    files = [
        ("files", (f"m{number}.eml", message(5000 + number), "message/rfc822"))
        for number in range(3)
    ]
    files.append(("files", ("broken.eml", b"\x00\x01 not an e-mail", "message/rfc822")))
    report = await outreach.ok("POST", "/inquiries/import", files=files)
    assert report["imported"] == 3
    assert len(report["malformed"]) == 1
    assert report["malformed"][0]["reason"].startswith("broken.eml")
    again = await outreach.ok("POST", "/inquiries/import", files=files[:1])
    assert again["duplicates"] == 1


async def test_not_an_mailbox_is_refused(outreach: Outreach) -> None:
    response = await outreach.client.post(
        "/inquiries/import", content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 415
