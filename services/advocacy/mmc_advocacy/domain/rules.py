"""The checks every advocacy aggregate makes: a permitted person, an allowed move, a text
that is not blank, a day not in the future.

The aggregates themselves are `mmc_chassis.aggregate.TimedModelAggregate`s (pydantic models
that record past-tense events with `_record`, which bumps the version). Nothing here reads a
clock or makes an id: both come in with the command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import TypeVar

from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

__all__ = ["NotPermitted", "check_move", "not_after", "required_text"]

S = TypeVar("S", bound=StrEnum)


class NotPermitted(RuleViolation):
    """The person acting lacks the role, or the rule forbids them in person (HTTP 403)."""


def check_move(
    transitions: Mapping[S, Iterable[S]], current: S, wanted: S, *, subject: str = "status"
) -> None:
    """Refuse a move the life cycle does not allow (409, naming what is allowed)."""
    allowed = tuple(transitions.get(current, ()))
    if wanted not in allowed:
        raise InvalidTransition(current, wanted, allowed, subject=subject)


def required_text(value: str, field: str, max_length: int = 200) -> str:
    text = value.strip()
    if not text:
        raise InvalidValue(field, "must not be blank")
    if len(text) > max_length:
        raise InvalidValue(field, f"must be at most {max_length} characters")
    return text


def not_after(day: date, limit: date, field: str, what: str = "today") -> date:
    if day > limit:
        raise InvalidValue(field, f"must not be after {what} ({limit.isoformat()})")
    return day
