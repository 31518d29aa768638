"""Reading the shared mailbox: headers decoded, the body and attachments found, a message that
cannot be an inquiry reported with its reason."""

from __future__ import annotations

from email.message import EmailMessage

from mmc_outreach.mail import Malformed, ParsedMessage, parse_mbox, parse_message


def test_encoded_headers_html_body_and_attachments() -> None:
    mail = EmailMessage()
    mail["From"] = "=?utf-8?q?M=C3=BCller=2C_Anna?= <Anna@City.example.org>"
    mail["Subject"] = "=?utf-8?b?w4l0w6kgw6AgR2Vuw6h2ZQ==?= and more"
    mail["Date"] = "Mon, 30 Nov 2026 10:00:00 +0100"
    mail.set_content("<p>City: Tunis</p>", subtype="html")
    mail.add_attachment(b"x", maintype="application", subtype="pdf", filename="Résumé été.pdf")
    parsed = parse_message(mail.as_bytes(), 1)
    assert isinstance(parsed, ParsedMessage)
    assert parsed.sender_name == "Müller, Anna"  # the comma did not split the address
    assert parsed.sender_email == "anna@city.example.org"
    assert parsed.subject == "Été à Genève and more"
    assert parsed.date.isoformat() == "2026-11-30T09:00:00+00:00"
    assert parsed.body.startswith("<p>City: Tunis</p>")
    assert parsed.attachments == ["Résumé été.pdf"]
    assert parsed.key.startswith("sha256:")  # no Message-ID: sender, date and subject


def test_plain_text_city_and_message_id() -> None:
    mail = EmailMessage()
    mail["From"] = "Ana Lopez <ana@y.example.org>"
    mail["Subject"] = "A question"
    mail["Date"] = "30 Nov 2026 10:00 -0500"
    mail["Message-ID"] = "<Q1@Y.example.org>"
    mail.set_content("Héllo\nCity: Ciudad Juárez\nCountry: mx\n", charset="latin-1")
    parsed = parse_message(mail.as_bytes(), 1)
    assert isinstance(parsed, ParsedMessage)
    assert parsed.key == "mid:q1@y.example.org"
    assert parsed.body.startswith("Héllo")
    assert (parsed.city_name, parsed.country_code) == ("Ciudad Juárez", "MX")
    assert parsed.attachments == []


def test_malformed_messages_are_reported_not_fatal() -> None:
    mbox = (
        b"From a Mon Nov 30 10:00:00 2026\nSubject: no sender\n"
        b"Date: Mon, 30 Nov 2026 10:00:00 +0000\n\nbody\n"
        b"From b Mon Nov 30 10:00:00 2026\nFrom: x@y.example.org\nDate: garbage\n\nbody\n"
        b"From c Mon Nov 30 10:00:00 2026\nFrom: x@y.example.org\n"
        b"Date: Mon, 30 Nov 2026 10:00:00 +0000\n\nfine\n>From here on\n"
    )
    results = list(parse_mbox(mbox))
    assert [type(r).__name__ for r in results] == ["Malformed", "Malformed", "ParsedMessage"]
    assert isinstance(results[0], Malformed)
    assert results[0].reason == "no sender address (From)"
    assert isinstance(results[1], Malformed)
    assert results[1].reason == "no valid Date header"
    assert isinstance(results[2], ParsedMessage)
    assert results[2].body == "fine\nFrom here on\n"
