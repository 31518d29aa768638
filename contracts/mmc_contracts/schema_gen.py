"""Generate the JSON Schemas and the AsyncAPI document of the events; check they are current.

    python -m mmc_contracts.schema_gen            # write contracts/schemas/ and asyncapi.json
    python -m mmc_contracts.schema_gen --check    # exit 1 if they are stale, write nothing

Writes one JSON Schema per event, `<ce_type>.json` (pydantic's schema plus `$id`, `x-topic`,
`x-ce-type`, `x-aggregate`), an `index.json` (topic -> event types) and, next to the schemas
directory, `asyncapi.json` (AsyncAPI 3.0). Output is deterministic: sorted keys, 2-space indent,
a final newline.

Writing refuses a change that breaks existing consumers (see `mmc_contracts.compat`) unless
`--allow-breaking` is given, which is only for introducing a new major version on a new topic.
It also moves the package's version with the schemas (`mmc_contracts/_version.py`, see
`mmc_contracts.versioning`): minor for a compatible change, major for an allowed breaking one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mmc_contracts.cloudevents import CONTENT_TYPE, REQUIRED_HEADERS, SPECVERSION
from mmc_contracts.compat import breaking_changes
from mmc_contracts.envelope import TYPE_PREFIX, Event
from mmc_contracts.registry import ALL_EVENTS
from mmc_contracts.topics import ALL_TOPICS
from mmc_contracts.versioning import VERSION_FILE, expected_text

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID_BASE = "https://mayorsmigrationcouncil.org/schemas/events/"
"""Base of the schemas' `$id`s: identifiers, not necessarily URLs that resolve."""

INDEX_FILE = "index.json"
ASYNCAPI_FILE = "asyncapi.json"
API_VERSION = "1"
"""AsyncAPI `info.version`: the major version of the topics (compatible changes keep it)."""

KAFKA_BINDING_VERSION = "0.5.0"


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


def schema_file_name(cls: type[Event]) -> str:
    """`org.mayorsmigrationcouncil.cities.CityRegistered.v1.json`."""
    return f"{cls.event_type()}.json"


def event_schema(cls: type[Event]) -> dict[str, Any]:
    """The JSON Schema (2020-12) of an event's body, with its topic and CloudEvents type."""
    schema = cls.model_json_schema()
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["$id"] = SCHEMA_ID_BASE + schema_file_name(cls)
    schema["x-topic"] = cls.topic
    schema["x-ce-type"] = cls.event_type()
    schema["x-aggregate"] = cls.aggregate
    return schema


def index_document(events: Sequence[type[Event]] = ALL_EVENTS) -> dict[str, Any]:
    """Topic -> the event types published on it (whose schemas are `<type>.json`)."""
    return {
        "topics": {
            topic: [cls.event_type() for cls in events if cls.topic == topic]
            for topic in ALL_TOPICS
        }
    }


def asyncapi_document(events: Sequence[type[Event]] = ALL_EVENTS) -> dict[str, Any]:
    """An AsyncAPI 3.0 document: one channel per topic, one message per event type.

    The events' `$defs` become shared `components.schemas`; the message payloads are the event
    schemas with their `$ref`s pointing there.
    """
    schemas: dict[str, Any] = {"CloudEventsHeaders": _headers_schema()}
    messages: dict[str, Any] = {}
    for cls in events:
        payload = event_schema(cls)
        for name, definition in payload.pop("$defs", {}).items():
            definition = _rewrite_refs(definition)
            if schemas.setdefault(name, definition) != definition:
                raise ValueError(f"two different schemas are both named {name}")
        for key in ("$schema", "$id", "x-topic", "x-ce-type", "x-aggregate"):
            payload.pop(key)
        messages[cls.__name__] = {
            "name": cls.__name__,
            "title": _words(cls.__name__),
            "summary": _summary(cls),
            "contentType": CONTENT_TYPE,
            "headers": {
                "type": "object",
                "allOf": [{"$ref": "#/components/schemas/CloudEventsHeaders"}],
                "properties": {
                    "ce_type": {"const": cls.event_type()},
                    "ce_source": {"const": cls.source()},
                },
            },
            "payload": _rewrite_refs(payload),
            "bindings": {
                "kafka": {
                    "key": {"type": "string", "description": "The aggregate id (= ce_subject)."},
                    "bindingVersion": KAFKA_BINDING_VERSION,
                }
            },
        }
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        on_topic = [cls for cls in events if cls.topic == topic]
        if not on_topic:
            continue
        first = on_topic[0]
        channels[topic] = {
            "address": topic,
            "title": f"{first.service} {first.aggregate}",
            "description": (
                f"Events of the `{first.aggregate}` aggregate of the {first.service} service, "
                "keyed by aggregate id (one aggregate's events are in order on one partition)."
            ),
            "messages": {
                cls.__name__: {"$ref": f"#/components/messages/{cls.__name__}"} for cls in on_topic
            },
            "bindings": {"kafka": {"topic": topic, "bindingVersion": KAFKA_BINDING_VERSION}},
        }
        operations[f"publish.{topic}"] = {
            "action": "send",
            "title": f"The {first.service} service publishes on {topic}",
            "channel": {"$ref": f"#/channels/{topic}"},
            "messages": [
                {"$ref": f"#/channels/{topic}/messages/{cls.__name__}"} for cls in on_topic
            ],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "MMC operations platform events",
            "version": API_VERSION,
            "description": (
                "Events of the Mayors Migration Council operations platform: CloudEvents 1.0 "
                "in Kafka binary mode (attributes in `ce_*` headers, the event's JSON as the "
                "value, the aggregate id as the key). Consumers ignore unknown properties."
            ),
        },
        "defaultContentType": CONTENT_TYPE,
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


def _headers_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "CloudEvents attributes (Kafka protocol binding, binary content mode).",
        "required": list(REQUIRED_HEADERS),
        "properties": {
            "ce_specversion": {"type": "string", "const": SPECVERSION},
            "ce_id": {"type": "string", "format": "uuid", "description": "= event_id."},
            "ce_source": {"type": "string", "description": "/mmc/<service>."},
            "ce_type": {"type": "string", "description": "The event type, versioned."},
            "ce_time": {"type": "string", "format": "date-time", "description": "= occurred_at."},
            "ce_subject": {"type": "string", "description": "= aggregate_id (the record key)."},
            "content-type": {"type": "string", "const": CONTENT_TYPE},
            "traceparent": {"type": "string", "description": "W3C trace context, if traced."},
        },
    }


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                value.replace("#/$defs/", "#/components/schemas/", 1)
                if key == "$ref" and isinstance(value, str)
                else _rewrite_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def _summary(cls: type[Event]) -> str:
    lines = (cls.__doc__ or "").strip().splitlines()
    return lines[0] if lines else _words(cls.__name__)


def _words(name: str) -> str:
    """`CityMayorChanged` -> `City mayor changed`."""
    words = re.findall(r"[A-Z][a-z0-9]*", name)
    return " ".join([words[0], *(word.lower() for word in words[1:])]) if words else name


def render(document: Any) -> str:
    """Deterministic JSON text: sorted keys, 2-space indent, final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files(events: Sequence[type[Event]] = ALL_EVENTS) -> dict[str, str]:
    """The schemas directory's files: name -> text."""
    files = {schema_file_name(cls): render(event_schema(cls)) for cls in events}
    files[INDEX_FILE] = render(index_document(events))
    return files


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def default_schemas_dir() -> Path:
    """`contracts/schemas` of the source checkout this package runs from."""
    contracts = Path(__file__).resolve().parent.parent
    if not (contracts / "pyproject.toml").is_file():
        raise FileNotFoundError(
            f"{contracts} is not the contracts/ source directory (installed package?); "
            "pass --out DIR"
        )
    return contracts / "schemas"


def _expected(schemas_dir: Path, asyncapi_path: Path) -> dict[Path, str]:
    expected = {schemas_dir / name: text for name, text in schema_files().items()}
    expected[asyncapi_path] = render(asyncapi_document())
    return expected


def _extra(schemas_dir: Path, expected: Iterable[Path]) -> list[Path]:
    if not schemas_dir.is_dir():
        return []
    known = set(expected)
    return sorted(path for path in schemas_dir.glob("*.json") if path not in known)


def _is_event_schema(path: Path) -> bool:
    return path.name.startswith(f"{TYPE_PREFIX}.") and path.suffix == ".json"


def _breaking(expected: dict[Path, str], extra: Iterable[Path]) -> list[str]:
    problems: list[str] = []
    for path, text in expected.items():
        if not (_is_event_schema(path) and path.is_file()):
            continue
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{path.name}: cannot read the current schema ({exc})")
            continue
        problems.extend(breaking_changes(old, json.loads(text)))
    problems.extend(
        f"{path.name.removesuffix('.json')}: event type removed"
        for path in extra
        if _is_event_schema(path)
    )
    return problems


def _check(expected: dict[Path, str], extra: list[Path]) -> int:
    lines = [f"missing: {path}" for path, _ in expected.items() if not path.is_file()]
    lines += [
        f"stale:   {path}"
        for path, text in expected.items()
        if path.is_file() and path.read_text(encoding="utf-8") != text
    ]
    lines += [f"extra:   {path}" for path in extra]
    if not lines:
        print("schemas are up to date")
        return 0
    print("\n".join(lines))
    breaking = _breaking(expected, extra)
    if breaking:
        print("breaking changes:\n" + "\n".join(f"  - {problem}" for problem in breaking))
    print("run `python -m mmc_contracts.schema_gen` and commit the result", file=sys.stderr)
    return 1


def _write(expected: dict[Path, str], extra: list[Path], allow_breaking: bool) -> int:
    breaking = _breaking(expected, extra)
    if breaking and not allow_breaking:
        print(
            "refusing to write: these changes break existing consumers:\n"
            + "\n".join(f"  - {problem}" for problem in breaking)
            + "\nMake the change compatible (add optional properties instead), or publish a "
            "new major version on a new topic; --allow-breaking is only for that.",
            file=sys.stderr,
        )
        return 1
    written = 0
    for path, text in expected.items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    removed = 0
    for path in extra:
        if _is_event_schema(path):
            path.unlink()
            removed += 1
        else:
            print(f"warning: {path} was not generated here; remove it by hand", file=sys.stderr)
    if breaking:
        print("written despite breaking changes (--allow-breaking):\n" + "\n".join(breaking))
    print(f"{written} file(s) written, {removed} removed, {len(expected) - written} unchanged")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_contracts.schema_gen",
        description="Generate the events' JSON Schemas and AsyncAPI document.",
    )
    parser.add_argument(
        "--out", type=Path, help="schemas directory (default: contracts/schemas of the checkout)"
    )
    parser.add_argument(
        "--asyncapi",
        type=Path,
        help=f"AsyncAPI file (default: {ASYNCAPI_FILE} next to the schemas directory)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if files are stale, missing or extra"
    )
    parser.add_argument(
        "--allow-breaking",
        action="store_true",
        help="write even if existing consumers break: only for a new major version on a new topic",
    )
    args = parser.parse_args(argv)
    try:
        schemas_dir: Path = args.out or default_schemas_dir()
    except FileNotFoundError as exc:
        parser.error(str(exc))
    asyncapi_path: Path = args.asyncapi or schemas_dir.parent / ASYNCAPI_FILE
    expected = _expected(schemas_dir, asyncapi_path)
    extra = _extra(schemas_dir, expected)
    if args.out is None:  # the checkout's schemas: the package version moves with them
        breaking = args.allow_breaking and bool(_breaking(expected, extra))
        expected[VERSION_FILE] = expected_text(schema_files(), breaking)
    if args.check:
        return _check(expected, extra)
    return _write(expected, extra, args.allow_breaking)


if __name__ == "__main__":
    raise SystemExit(main())
