"""Checks of command values shared by the board's aggregates; each raises `InvalidValue`."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

from mmc_board.domain.errors import InvalidValue

__all__ = [
    "ID_MAX_LENGTH",
    "REASON_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "calendar_day",
    "normalize_text",
    "optional_text",
    "required_id",
    "required_text",
    "seat_number",
    "text_list",
]

ID_MAX_LENGTH = 200
REASON_MAX_LENGTH = 1000
"""The longest reason or note accepted."""
TEXT_MAX_LENGTH = 2000
"""The longest recommendation or decision accepted."""


def normalize_text(text: str) -> str:
    """NFC, trimmed, inner white space collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def required_id(value: object, field: str) -> str:
    """An id: a string, trimmed, non-empty, at most :data:`ID_MAX_LENGTH` characters."""
    if not isinstance(value, str):
        raise InvalidValue(field, "must be a string")
    text = value.strip()
    if not text:
        raise InvalidValue(field, "must not be empty")
    if len(text) > ID_MAX_LENGTH:
        raise InvalidValue(field, f"must be at most {ID_MAX_LENGTH} characters")
    return text


def required_text(
    value: object, field: str, max_length: int, *, min_length: int = 1, collapse: bool = True
) -> str:
    """``value`` trimmed (inner white space collapsed unless ``collapse`` is false), with
    ``min_length`` to ``max_length`` characters."""
    if not isinstance(value, str):
        raise InvalidValue(field, "must be a string")
    text = normalize_text(value) if collapse else unicodedata.normalize("NFC", value).strip()
    if not text:
        raise InvalidValue(field, "must not be empty")
    if len(text) < min_length:
        raise InvalidValue(field, f"must be at least {min_length} characters")
    if len(text) > max_length:
        raise InvalidValue(field, f"must be at most {max_length} characters")
    return text


def optional_text(value: object, field: str, max_length: int = REASON_MAX_LENGTH) -> str | None:
    """``value`` trimmed, or ``None`` when missing or blank; at most ``max_length`` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(field, "must be a string")
    text = value.strip()
    if len(text) > max_length:
        raise InvalidValue(field, f"must be at most {max_length} characters")
    return text or None


def text_list(values: object, field: str, max_length: int = TEXT_MAX_LENGTH) -> list[str]:
    """A list of non-empty texts, each trimmed; an offending item is reported as
    ``field.<index>``."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValue(field, "must be a list of texts")
    return [
        required_text(value, f"{field}.{index}", max_length, collapse=False)
        for index, value in enumerate(values)
    ]


def seat_number(value: object, field: str = "seat") -> int:
    """A seat number: an integer, 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, "must be a whole number")
    if value < 1:
        raise InvalidValue(field, "must be 1 or more")
    return value


def calendar_day(value: object, field: str) -> date:
    """A calendar day (a :class:`~datetime.date`, not a datetime)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValue(field, "must be a calendar day")
    return value
