"""compat.breaking_changes on synthetic schema pairs and on the real event schemas."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from mmc_contracts import ALL_EVENTS
from mmc_contracts.cities import CityRegistered
from mmc_contracts.compat import breaking_changes
from mmc_contracts.schema_gen import event_schema

Mutation = Callable[[dict[str, Any]], None]


def base() -> dict[str, Any]:
    """A schema shaped like pydantic's: `$defs`, `$ref`s, `anyOf` for optional fields."""
    return {
        "title": "Sample",
        "type": "object",
        "x-topic": "mmc.sample.thing.v1",
        "properties": {
            "name": {"type": "string"},
            "count": {"type": "integer"},
            "when": {"type": "string", "format": "date-time"},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
            "status": {"$ref": "#/$defs/Status", "description": "siblings of $ref are kept"},
            "place": {"$ref": "#/$defs/Place"},
            "tags": {"type": "array", "items": {"$ref": "#/$defs/Status"}},
            "people": {"type": "array", "items": {"$ref": "#/$defs/Person"}},
            "owner": {"anyOf": [{"$ref": "#/$defs/Person"}, {"type": "null"}], "default": None},
        },
        "required": ["name", "count", "when", "status", "place"],
        "$defs": {
            "Status": {"title": "Status", "type": "string", "enum": ["open", "closed"]},
            "Place": {
                "title": "Place",
                "type": "object",
                "properties": {
                    "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    "population": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                },
                "required": ["code"],
            },
            "Person": {
                "title": "Person",
                "type": "object",
                "properties": {"email": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
            },
        },
    }


def changed(mutation: Mutation) -> list[str]:
    old = base()
    new = copy.deepcopy(old)
    mutation(new)
    return breaking_changes(old, new)


def props(schema: dict[str, Any], definition: str | None = None) -> dict[str, Any]:
    node = schema["$defs"][definition] if definition else schema
    result: dict[str, Any] = node["properties"]
    return result


def test_identical_schemas_are_compatible() -> None:
    assert breaking_changes(base(), base()) == []


# --------------------------------------------------------------------------------------------
# Breaking
# --------------------------------------------------------------------------------------------


def remove_name(s: dict[str, Any]) -> None:
    del props(s)["name"]
    s["required"].remove("name")


def rename_name(s: dict[str, Any]) -> None:
    props(s)["full_name"] = props(s).pop("name")
    s["required"] = ["full_name" if r == "name" else r for r in s["required"]]


def remove_optional_note(s: dict[str, Any]) -> None:
    del props(s)["note"]


def remove_nested(s: dict[str, Any]) -> None:
    del props(s, "Place")["population"]


def remove_in_array_items(s: dict[str, Any]) -> None:
    del props(s, "Person")["email"]


def string_to_integer(s: dict[str, Any]) -> None:
    props(s)["name"] = {"type": "integer"}


def integer_to_number(s: dict[str, Any]) -> None:
    props(s)["count"] = {"type": "number"}


def optional_string_to_integer(s: dict[str, Any]) -> None:
    props(s)["note"]["anyOf"][0] = {"type": "integer"}


def nullable_made_non_nullable(s: dict[str, Any]) -> None:
    props(s)["note"] = {"type": "string"}


def nested_nullable_made_non_nullable(s: dict[str, Any]) -> None:
    props(s, "Place")["population"] = {"type": "integer"}


def made_nullable(s: dict[str, Any]) -> None:
    props(s)["name"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def type_list_made_non_nullable(s: dict[str, Any]) -> None:
    props(s, "Person")["email"] = {"type": "string"}


def enum_value_removed(s: dict[str, Any]) -> None:
    s["$defs"]["Status"]["enum"] = ["open"]


def restricted_to_enum(s: dict[str, Any]) -> None:
    props(s)["name"] = {"type": "string", "enum": ["a", "b"]}


def format_changed(s: dict[str, Any]) -> None:
    props(s)["when"]["format"] = "date"


def format_added(s: dict[str, Any]) -> None:
    props(s)["name"]["format"] = "email"


def format_removed(s: dict[str, Any]) -> None:
    del props(s)["when"]["format"]


def new_required(s: dict[str, Any]) -> None:
    props(s)["priority"] = {"type": "integer"}
    s["required"].append("priority")


def new_required_nested(s: dict[str, Any]) -> None:
    props(s, "Person")["role"] = {"type": "string"}
    s["$defs"]["Person"]["required"] = ["role"]


def optional_made_required(s: dict[str, Any]) -> None:
    s["required"].append("note")


def object_to_string(s: dict[str, Any]) -> None:
    props(s)["place"] = {"type": "string"}


def moved_topic(s: dict[str, Any]) -> None:
    s["x-topic"] = "mmc.sample.thing.v2"


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (remove_name, ["property name removed"]),
        (rename_name, ["property name removed", "new required property full_name"]),
        (remove_optional_note, ["property note removed"]),
        (remove_nested, ["property place.population removed"]),
        (
            remove_in_array_items,
            ["property people[].email removed", "property owner.email removed"],
        ),
        (string_to_integer, ["property name type changed from string to integer"]),
        (integer_to_number, ["property count type changed from integer to number"]),
        (optional_string_to_integer, ["property note type changed from string to integer"]),
        (nullable_made_non_nullable, ["property note is no longer nullable"]),
        (nested_nullable_made_non_nullable, ["property place.population is no longer nullable"]),
        (made_nullable, ["property name became nullable"]),
        (
            type_list_made_non_nullable,
            [
                "property people[].email is no longer nullable",
                "property owner.email is no longer nullable",
            ],
        ),
        (
            enum_value_removed,
            [
                "property status enum value 'closed' removed",
                "property tags[] enum value 'closed' removed",
            ],
        ),
        (restricted_to_enum, ["property name restricted to the values 'a', 'b'"]),
        (format_changed, ["property when format changed from date-time to date"]),
        (format_added, ["property name format changed from (none) to email"]),
        (format_removed, ["property when format changed from date-time to (none)"]),
        (new_required, ["new required property priority"]),
        (
            new_required_nested,
            ["new required property people[].role", "new required property owner.role"],
        ),
        (optional_made_required, ["property note became required"]),
        (object_to_string, ["property place type changed from object to string"]),
        (moved_topic, ["topic changed from mmc.sample.thing.v1 to mmc.sample.thing.v2"]),
    ],
    ids=lambda value: value.__name__ if callable(value) else "",
)
def test_breaking(mutation: Mutation, expected: list[str]) -> None:
    assert sorted(changed(mutation)) == sorted(f"Sample: {message}" for message in expected)


# --------------------------------------------------------------------------------------------
# Compatible
# --------------------------------------------------------------------------------------------


def add_optional(s: dict[str, Any]) -> None:
    props(s)["priority"] = {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None}


def add_optional_nested(s: dict[str, Any]) -> None:
    props(s, "Place")["region"] = {"type": "string", "default": ""}


def add_enum_value(s: dict[str, Any]) -> None:
    s["$defs"]["Status"]["enum"].append("archived")


def required_made_optional(s: dict[str, Any]) -> None:
    s["required"].remove("count")


def description_changed(s: dict[str, Any]) -> None:
    props(s)["name"]["description"] = "Now documented."
    s["$defs"]["Place"]["title"] = "Place"


def inline_instead_of_ref(s: dict[str, Any]) -> None:
    props(s)["place"] = copy.deepcopy(s["$defs"]["Place"])


def ref_wrapped_in_all_of(s: dict[str, Any]) -> None:
    props(s)["status"] = {"allOf": [{"$ref": "#/$defs/Status"}]}


def definition_renamed(s: dict[str, Any]) -> None:
    s["$defs"]["Location"] = s["$defs"].pop("Place")
    props(s)["place"] = {"$ref": "#/$defs/Location"}


@pytest.mark.parametrize(
    "mutation",
    [
        add_optional,
        add_optional_nested,
        add_enum_value,
        required_made_optional,
        description_changed,
        inline_instead_of_ref,
        ref_wrapped_in_all_of,
        definition_renamed,
    ],
    ids=lambda mutation: mutation.__name__,
)
def test_compatible(mutation: Mutation) -> None:
    assert changed(mutation) == []


# --------------------------------------------------------------------------------------------
# Recursion, references, real schemas
# --------------------------------------------------------------------------------------------


def tree() -> dict[str, Any]:
    return {
        "title": "Tree",
        "$ref": "#/$defs/Node",
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                },
            }
        },
    }


def test_recursive_schemas_terminate() -> None:
    assert breaking_changes(tree(), tree()) == []
    new = tree()
    new["$defs"]["Node"]["properties"]["label"] = {"type": "integer"}
    # Reported where the recursion starts, not again at every level.
    assert breaking_changes(tree(), new) == [
        "Tree: property label type changed from string to integer"
    ]


def test_unresolvable_ref() -> None:
    new = base()
    props(new)["place"] = {"$ref": "#/$defs/Nowhere"}
    with pytest.raises(ValueError, match="cannot resolve"):
        breaking_changes(base(), new)
    props(new)["place"] = {"$ref": "https://example.org/place.json"}
    with pytest.raises(ValueError, match="non-local"):
        breaking_changes(base(), new)


@pytest.mark.parametrize("cls", ALL_EVENTS, ids=lambda cls: cls.__name__)
def test_real_schemas_are_compatible_with_themselves(cls: type) -> None:
    assert breaking_changes(event_schema(cls), event_schema(cls)) == []


def test_real_schema_property_removed() -> None:
    old = event_schema(CityRegistered)
    new = copy.deepcopy(old)
    del new["$defs"]["PublicCityProfile"]["properties"]["population"]

    assert breaking_changes(old, new) == ["CityRegistered: property profile.population removed"]


def test_real_schema_enum_value_removed_everywhere() -> None:
    old = event_schema(CityRegistered)
    new = copy.deepcopy(old)
    new["$defs"]["ContactRole"]["enum"].remove("focal_point")

    assert breaking_changes(old, new) == [
        "CityRegistered: property profile.mayor.role enum value 'focal_point' removed",
        "CityRegistered: property profile.contacts[].role enum value 'focal_point' removed",
    ]
