"""No event schema has room for a person's contact details (ARCHITECTURE.md, "Personal data").

Walks every committed JSON Schema of every topic (what subscribers read, not only the Python
models), following `$ref`s, and fails on a property named like a contact detail (e-mail, phone,
postal address) and on any example, default or constant that looks like an e-mail address or a
phone number. The scan of what a demo run really publishes is in
tests/integration/test_no_contact_details_on_the_wire.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mmc_contracts.registry import ALL_EVENTS
from mmc_contracts.schema_gen import default_schemas_dir, schema_file_name
from mmc_contracts.topics import ALL_TOPICS

CONTACT_NAME = re.compile(r"e[-_]?mail|phone|mobile|\bfax|postal|street|address", re.IGNORECASE)
EMAIL = re.compile(r"[^@\s\"']+@[^@\s\"']+\.[a-z]{2,}", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w.:/-])\+?\(?\d[\d ()-]{5,}\d(?![\w.:/-])")
"""Seven or more digits, spaces, dashes or brackets: `+232 00 000000`, `(962) 555-0142`."""
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def _is_date_or_time(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


SCHEMAS = default_schemas_dir()
SEALED = "#/$defs/Sealed"
"""`mmc_contracts.sealed.Sealed`: a person's data encrypted with their key (crypto-shredding)."""


def event_schemas() -> dict[str, dict[str, Any]]:
    return {
        cls.event_type(): json.loads((SCHEMAS / schema_file_name(cls)).read_text("utf-8"))
        for cls in ALL_EVENTS
    }


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved: Mapping[str, Any] = root["$defs"][ref.removeprefix("#/$defs/")]
        return resolved
    return node


def _walk(
    node: Any, root: Mapping[str, Any], path: str, seen: frozenset[str]
) -> Iterator[tuple[str, Any]]:
    """(path, node) for every schema node reachable from `node`, each `$ref` once per branch."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, root, path, seen)
        return
    if not isinstance(node, Mapping):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in seen or ref == SEALED:
            return  # a sealed value is encrypted with the person's key: no text to scan
        seen = seen | {ref}
        node = _resolve(node, root)
    yield path, node
    for name, child in (node.get("properties") or {}).items():
        yield from _walk(child, root, f"{path}.{name}" if path else name, seen)
    for key in ("items", "anyOf", "oneOf", "allOf", "prefixItems", "additionalProperties"):
        if key in node:
            yield from _walk(node[key], root, f"{path}[]" if key == "items" else path, seen)


def _values(node: Mapping[str, Any]) -> Iterator[str]:
    for key in ("examples", "default", "const", "enum"):
        value = node.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield item
            elif isinstance(item, list | dict):
                yield json.dumps(item)


def looks_like_contact(text: str) -> bool:
    """An e-mail address anywhere in `text`, or a phone number (dates, times and uuids aside)."""
    if EMAIL.search(text):
        return True
    if _is_date_or_time(text) or UUID.match(text):
        return False
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in PHONE.finditer(text))


def offences(schema: Mapping[str, Any]) -> list[str]:
    """Where `schema` could hold a contact detail: property names, examples, defaults."""
    found: list[str] = []
    for path, node in _walk(schema, schema, "", frozenset()):
        leaf = path.rsplit(".", 1)[-1].removesuffix("[]")
        if leaf and CONTACT_NAME.search(leaf):
            found.append(f"property {path}")
        found.extend(
            f"{path or '(event)'}: value {value!r}"
            for value in _values(node)
            if looks_like_contact(value)
        )
    return list(dict.fromkeys(found))  # a nullable field reaches the same leaf twice


def test_every_topic_has_schemas_to_scan() -> None:
    topics = {schema["x-topic"] for schema in event_schemas().values()}
    assert topics == set(ALL_TOPICS)


@pytest.mark.parametrize("ce_type", sorted(event_schemas()))
def test_no_event_schema_holds_contact_details(ce_type: str) -> None:
    assert offences(event_schemas()[ce_type]) == []


def test_the_scan_finds_what_version_1_of_the_city_topic_carried() -> None:
    """The scan is not blind: the v1 `Contact` (e-mail and phone on the wire) fails it."""
    contact = {
        "properties": {
            "name": {"type": "string", "examples": ["Amina Diallo"]},
            "email": {"type": "string", "examples": ["a.diallo@city.example.org"]},
            "phone": {"type": "string", "examples": ["+232 00 000000"]},
        }
    }
    schema = {
        "properties": {"new_mayor": {"$ref": "#/$defs/Contact"}},
        "$defs": {"Contact": contact},
    }
    assert offences(schema) == [
        "property new_mayor.email",
        "new_mayor.email: value 'a.diallo@city.example.org'",
        "property new_mayor.phone",
        "new_mayor.phone: value '+232 00 000000'",
    ]
    assert offences({"properties": {"assignee": {"examples": ["staff@mmc.example.org"]}}}) == [
        "assignee: value 'staff@mmc.example.org'"
    ]
    sealed = {
        "properties": {"statement": {"$ref": SEALED}},
        "$defs": {"Sealed": {"properties": {"email": {"type": "string"}}}},
    }
    assert offences(sealed) == []  # encrypted fields are not text on the wire
    assert not looks_like_contact("2026-12-02T00:26:47.810452Z")
    assert not looks_like_contact("2026-12-02")
    assert not looks_like_contact("3f1c9a0d-1234-4abc-8def-1234567890ab")
    assert not looks_like_contact("250000.00")
    assert looks_like_contact("call (962) 555-0142 after noon")
    assert looks_like_contact("Write to desk@tapachula.example.org")


def test_schemas_directory_is_the_committed_one() -> None:
    assert Path(SCHEMAS, "index.json").is_file()
