"""The schema generator: committed files are current, --check, refusal of breaking changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

import mmc_contracts
from mmc_contracts import ALL_EVENTS, Event, encode, topics
from mmc_contracts.cities import CityProfileUpdated, CityRegistered
from mmc_contracts.schema_gen import (
    asyncapi_document,
    event_schema,
    main,
    schema_file_name,
    schema_files,
)
from tests.unit.contracts.samples import SAMPLES

CONTRACTS = Path(mmc_contracts.__file__).resolve().parent.parent
COMMITTED_SCHEMAS = CONTRACTS / "schemas"
COMMITTED_ASYNCAPI = CONTRACTS / "asyncapi.json"
REGISTERED = schema_file_name(CityRegistered)


def read(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def write(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A freshly generated schemas directory (asyncapi.json lands next to it)."""
    schemas = tmp_path / "schemas"
    assert main(["--out", str(schemas)]) == 0
    return schemas


def snapshot(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.iterdir())}


# --------------------------------------------------------------------------------------------
# The committed files
# --------------------------------------------------------------------------------------------


def test_committed_schemas_are_not_stale(out: Path) -> None:
    assert snapshot(out) == snapshot(COMMITTED_SCHEMAS), (
        "contracts/schemas is stale: run `python -m mmc_contracts.schema_gen`"
    )
    assert (out.parent / "asyncapi.json").read_text(encoding="utf-8") == (
        COMMITTED_ASYNCAPI.read_text(encoding="utf-8")
    )


def test_check_on_the_committed_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# The documents
# --------------------------------------------------------------------------------------------


def test_output_is_deterministic() -> None:
    first, second = schema_files(), schema_files()
    assert first == second
    for text in first.values():
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_one_schema_per_event_and_an_index(out: Path) -> None:
    names = {path.name for path in out.iterdir()}
    assert names == {schema_file_name(cls) for cls in ALL_EVENTS} | {"index.json"}
    assert read(out / "index.json") == {
        "topics": {
            topic: [cls.event_type() for cls in ALL_EVENTS if cls.topic == topic]
            for topic in topics.ALL_TOPICS
        }
    }


def test_schema_metadata(out: Path) -> None:
    schema = read(out / REGISTERED)
    assert schema["$id"].endswith("/org.mayorsmigrationcouncil.cities.CityRegistered.v2.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["x-topic"] == "mmc.cities.city.v2"
    assert schema["x-ce-type"] == "org.mayorsmigrationcouncil.cities.CityRegistered.v2"
    assert schema["x-aggregate"] == "city"
    assert schema["title"] == "CityRegistered"
    assert "event_id" in schema["required"]


@pytest.mark.parametrize("cls", ALL_EVENTS, ids=lambda cls: cls.__name__)
def test_encoded_events_match_their_schema(cls: type[Event]) -> None:
    validator = jsonschema_rs.validator_for(event_schema(cls))
    body = json.loads(encode(SAMPLES[cls]).value)
    assert validator.is_valid(body)
    del body["event_id"]
    assert not validator.is_valid(body)


def test_schema_rejects_what_the_model_rejects() -> None:
    validator = jsonschema_rs.validator_for(event_schema(CityRegistered))
    body = json.loads(encode(SAMPLES[CityRegistered]).value)
    body["profile"]["country_code"] = "sl"
    assert not validator.is_valid(body)


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def test_asyncapi_document() -> None:
    document = asyncapi_document()

    assert document["asyncapi"] == "3.0.0"
    assert set(document["channels"]) == set(topics.ALL_TOPICS)
    for topic, channel in document["channels"].items():
        assert channel["address"] == topic
        on_topic = {cls.__name__ for cls in ALL_EVENTS if cls.topic == topic}
        assert set(channel["messages"]) == on_topic
    messages = document["components"]["messages"]
    assert set(messages) == {cls.__name__ for cls in ALL_EVENTS}
    updated = messages["CityProfileUpdated"]
    assert updated["contentType"] == "application/json"
    assert updated["headers"]["properties"]["ce_type"] == {"const": CityProfileUpdated.event_type()}
    assert (
        updated["payload"]["properties"]["profile"]["$ref"]
        == "#/components/schemas/PublicCityProfile"
    )
    assert "$defs" not in json.dumps(document)
    for ref in refs(document):
        assert ref.startswith("#/")
        assert resolve(document, ref) is not None, ref


def test_asyncapi_headers_describe_encoded_records() -> None:
    document = asyncapi_document()
    headers_schema = dict(document["components"]["schemas"]["CloudEventsHeaders"])
    validator = jsonschema_rs.validator_for(headers_schema)
    record = encode(SAMPLES[CityRegistered], {"traceparent": "00-abc-def-01"})
    assert validator.is_valid({name: value.decode() for name, value in record.headers})


# --------------------------------------------------------------------------------------------
# --check
# --------------------------------------------------------------------------------------------


def test_check_lists_stale_missing_and_extra(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = out / schema_file_name(CityProfileUpdated)
    stale.write_text("{}\n", encoding="utf-8")
    (out / REGISTERED).unlink()
    (out / "org.mayorsmigrationcouncil.cities.CityTwinned.v1.json").write_text("{}\n")
    before = snapshot(out)
    capsys.readouterr()

    assert main(["--out", str(out), "--check"]) == 1

    report = capsys.readouterr().out
    assert f"stale:   {stale}" in report
    assert f"missing: {out / REGISTERED}" in report
    assert "extra:   " in report
    assert "CityTwinned" in report
    assert snapshot(out) == before  # --check writes nothing


def test_check_on_a_missing_directory(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path / "none"), "--check"]) == 1
    assert not (tmp_path / "none").exists()


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def test_write_refuses_a_breaking_change(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The committed (old) schema has a property the models no longer have.
    old = read(out / REGISTERED)
    old["properties"]["legacy_code"] = {"type": "string", "title": "Legacy Code"}
    write(out / REGISTERED, old)
    # A compatible change elsewhere must not be written either: all or nothing.
    updated = out / schema_file_name(CityProfileUpdated)
    older = read(updated)
    del older["$defs"]["PublicCityProfile"]["properties"]["website"]
    write(updated, older)
    before = snapshot(out)
    capsys.readouterr()

    assert main(["--out", str(out)]) == 1

    error = capsys.readouterr().err
    assert "refusing to write" in error
    assert "CityRegistered: property legacy_code removed" in error
    assert "CityProfileUpdated" not in error
    assert snapshot(out) == before


def test_allow_breaking_writes(out: Path) -> None:
    old = read(out / REGISTERED)
    old["properties"]["legacy_code"] = {"type": "string"}
    write(out / REGISTERED, old)

    assert main(["--out", str(out), "--allow-breaking"]) == 0
    assert snapshot(out) == snapshot(COMMITTED_SCHEMAS)


def test_compatible_change_is_written(out: Path) -> None:
    """Adding an optional property (here: the old schema lacks `website`) is compatible."""
    old = read(out / REGISTERED)
    del old["$defs"]["PublicCityProfile"]["properties"]["website"]
    write(out / REGISTERED, old)

    assert main(["--out", str(out)]) == 0
    assert (out / REGISTERED).read_text() == schema_files()[REGISTERED]


def test_removing_an_event_type_is_breaking(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    removed = out / "org.mayorsmigrationcouncil.cities.CityTwinned.v1.json"
    removed.write_text("{}\n", encoding="utf-8")
    capsys.readouterr()

    assert main(["--out", str(out)]) == 1
    assert "org.mayorsmigrationcouncil.cities.CityTwinned.v1: event type removed" in (
        capsys.readouterr().err
    )
    assert removed.exists()

    assert main(["--out", str(out), "--allow-breaking"]) == 0
    assert not removed.exists()


def test_foreign_files_are_left_alone(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = out / "notes.json"
    foreign.write_text("{}\n", encoding="utf-8")

    assert main(["--out", str(out)]) == 0
    assert foreign.exists()
    assert "remove it by hand" in capsys.readouterr().err


def test_asyncapi_location(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "events.json"
    assert main(["--out", str(tmp_path / "schemas"), "--asyncapi", str(target)]) == 0
    assert read(target)["asyncapi"] == "3.0.0"
    assert not (tmp_path / "asyncapi.json").exists()
