"""Is a new JSON Schema of an event still readable by the consumers of the old one?

Consumers are tolerant readers: they ignore properties they do not know and accept enum values
added later. So adding an optional property or an enum value is compatible. Breaking, because an
existing consumer or a replay of old events would fail, are:

* a property removed (a rename shows as a removal plus an addition),
* a new required property, or an optional one made required,
* a type changed (`string` to `integer`, nullable to non-nullable or the reverse),
* an enum value removed, or a free value restricted to an enum or a constant,
* a `format` changed, added or removed (`date-time` to `date`),
* the event moved to another topic.

Length, range and pattern constraints are not compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Schema = Mapping[str, Any]

_MAX_DEPTH = 64


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """The breaking changes from `old` to `new`, two JSON Schemas of the same event.

    Messages read like `CityRegistered: property profile.population removed`; an empty list
    means the change is compatible. `$ref`s must be local (`#/$defs/...`).
    """
    name = new.get("title") or old.get("title") or "schema"
    comparison = _Comparison(old, new)
    for key, what in (("x-topic", "topic"), ("x-ce-type", "event type")):
        if key in old and old.get(key) != new.get(key):
            comparison.problems.append(f"{what} changed from {old[key]} to {new.get(key)}")
    comparison.compare(old, new, "", ())
    return [f"{name}: {problem}" for problem in comparison.problems]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _kinds(variant: Schema) -> set[str]:
    """The JSON types a (resolved, non-union) schema admits; `any` if it does not say."""
    declared = variant.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(item) for item in declared}
    if "const" in variant:
        return {_json_type(variant["const"])}
    if "enum" in variant:
        return {_json_type(item) for item in variant["enum"]}
    if "properties" in variant or "additionalProperties" in variant:
        return {"object"}
    if "items" in variant or "prefixItems" in variant:
        return {"array"}
    return {"any"}


def _allowed_values(variant: Schema) -> list[Any] | None:
    if "enum" in variant:
        return list(variant["enum"])
    if "const" in variant:
        return [variant["const"]]
    return None


def _where(path: str) -> str:
    return f"property {path}" if path else "the event"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Comparison:
    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.problems: list[str] = []

    def compare(
        self, old: Schema, new: Schema, path: str, stack: tuple[tuple[int, int], ...]
    ) -> None:
        old_id, old = _resolve(old, self.old_root)
        new_id, new = _resolve(new, self.new_root)
        if (old_id, new_id) in stack or len(stack) > _MAX_DEPTH:
            return  # a recursive schema: this pair is being compared further up
        stack = (*stack, (old_id, new_id))
        old_by_kind = _by_kind(_variants(old, self.old_root))
        new_by_kind = _by_kind(_variants(new, self.new_root))
        where = _where(path)
        if "any" in new_by_kind:
            if "any" not in old_by_kind:
                self.problems.append(f"{where} type changed to any value")
            return
        if "null" in old_by_kind and "null" not in new_by_kind:
            self.problems.append(f"{where} is no longer nullable")
        if "null" in new_by_kind and "null" not in old_by_kind:
            self.problems.append(f"{where} became nullable")
        old_kinds = set(old_by_kind) - {"null"}
        new_kinds = set(new_by_kind) - {"null"}
        if old_kinds != new_kinds:
            self.problems.append(
                f"{where} type changed from {'|'.join(sorted(old_kinds)) or 'null'} "
                f"to {'|'.join(sorted(new_kinds)) or 'null'}"
            )
        for kind in sorted(old_kinds & new_kinds - {"any"}):
            for old_variant, new_variant in _pairs(old_by_kind[kind], new_by_kind[kind]):
                self._compare_variant(kind, old_variant, new_variant, path, stack)

    def _compare_variant(
        self,
        kind: str,
        old: Schema,
        new: Schema,
        path: str,
        stack: tuple[tuple[int, int], ...],
    ) -> None:
        where = _where(path)
        old_values = _allowed_values(old)
        new_values = _allowed_values(new)
        if new_values is not None:
            if old_values is None:
                shown = ", ".join(repr(value) for value in new_values)
                self.problems.append(f"{where} restricted to the values {shown}")
            else:
                for value in old_values:
                    if value not in new_values:
                        self.problems.append(f"{where} enum value {value!r} removed")
        if old.get("format") != new.get("format"):
            self.problems.append(
                f"{where} format changed from {old.get('format', '(none)')} "
                f"to {new.get('format', '(none)')}"
            )
        if kind == "object":
            self._compare_objects(old, new, path, stack)
        elif kind == "array":
            old_items, new_items = old.get("items"), new.get("items")
            if isinstance(old_items, Mapping) and isinstance(new_items, Mapping):
                self.compare(old_items, new_items, f"{path}[]", stack)

    def _compare_objects(
        self, old: Schema, new: Schema, path: str, stack: tuple[tuple[int, int], ...]
    ) -> None:
        old_properties: Schema = old.get("properties", {})
        new_properties: Schema = new.get("properties", {})
        old_required = set(old.get("required", ()))
        new_required = set(new.get("required", ()))
        for name, old_property in old_properties.items():
            sub = _join(path, name)
            if name not in new_properties:
                self.problems.append(f"property {sub} removed")
                continue
            if name in new_required and name not in old_required:
                self.problems.append(f"property {sub} became required")
            self.compare(old_property, new_properties[name], sub, stack)
        for name in new_properties:
            if name not in old_properties and name in new_required:
                self.problems.append(f"new required property {_join(path, name)}")
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, Mapping) and isinstance(new_extra, Mapping):
            self.compare(old_extra, new_extra, _join(path, "*"), stack)


def _resolve(node: Schema, root: Schema) -> tuple[int, Schema]:
    """Follow `$ref`s (and one-element `allOf`s), keeping sibling keywords such as descriptions.

    Also returns the id of the last schema object reached in the document, which identifies
    the node for cycle detection.
    """
    identity = id(node)
    for _ in range(_MAX_DEPTH):
        if "$ref" in node:
            target = _pointer(root, str(node["$ref"]))
            identity = id(target)
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            node = {**target, **siblings}
        elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            (target,) = node["allOf"]
            identity = id(target)
            siblings = {key: value for key, value in node.items() if key != "allOf"}
            node = {**target, **siblings}
        else:
            return identity, node
    raise ValueError("$ref chain too long (a $ref cycle?)")


def _pointer(root: Schema, ref: str) -> Schema:
    if not ref.startswith("#"):
        raise ValueError(f"cannot resolve non-local $ref {ref!r}")
    node: Any = root
    for part in ref[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            raise ValueError(f"cannot resolve $ref {ref!r}")
        node = node[part]
    if not isinstance(node, Mapping):
        raise ValueError(f"$ref {ref!r} does not point to a schema")
    return node


def _variants(node: Schema, root: Schema) -> list[Schema]:
    """The alternatives of a union (`anyOf`/`oneOf`, flattened), or the schema itself."""
    members = node.get("anyOf") or node.get("oneOf")
    if not isinstance(members, list):
        return [node]
    result: list[Schema] = []
    for member in members:
        _, resolved = _resolve(member, root)
        result.extend(_variants(resolved, root))
    return result


def _by_kind(variants: Sequence[Schema]) -> dict[str, list[Schema]]:
    result: dict[str, list[Schema]] = {}
    for variant in variants:
        for kind in _kinds(variant):
            result.setdefault(kind, []).append(variant)
    return result


def _pairs(old: Sequence[Schema], new: Sequence[Schema]) -> list[tuple[Schema, Schema]]:
    """Pairs of alternatives to compare: the only one of each side, or those with one title."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    new_by_title = {variant.get("title"): variant for variant in new if variant.get("title")}
    return [
        (variant, new_by_title[variant["title"]])
        for variant in old
        if variant.get("title") in new_by_title
    ]
