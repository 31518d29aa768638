"""The models and annotations every service's HTTP API shares, so input is checked one way.

`Printable` refuses control characters and lone surrogates (text that cannot be stored or shown)
and says so in the JSON Schema; `NotBlank` refuses white space alone.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

T = TypeVar("T")

MAX_VERSION = 1_000_000_000
"""The largest `expected_version` a request may name."""

# C0 controls except tab, line feed and carriage return; DEL; lone surrogates (not UTF-8).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
PRINTABLE_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _refuse_controls(value: str) -> str:
    if _FORBIDDEN.search(value):
        raise ValueError("must not contain control characters")
    return value


def _refuse_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


class _Printable:
    """Refuses control characters in a string, and says so in the JSON Schema (`pattern`)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_refuse_controls, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = PRINTABLE_PATTERN
        return json_schema


class _NotBlank:
    """Refuses a string of white space only."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_refuse_blank, handler(source))


Printable = _Printable()
NotBlank = _NotBlank()


# --------------------------------------------------------------------------------------------
# What every service's API shares: ids, bodies, errors and pages
# --------------------------------------------------------------------------------------------

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
"""Aggregate ids: the hex uuids the services make, or a caller's own slug."""

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION)]


class Strict(BaseModel):
    """A request body: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(BaseModel):
    detail: str = Field(examples=["city 'a1b2' not found"])


class ValidationErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(BaseModel):
    detail: list[ValidationErrorItem]


class Page(BaseModel, Generic[T]):
    """One page of a list, and how many items match across all pages."""

    items: list[T]
    total: int = Field(description="How many items match, across all pages.", examples=[1])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


# --------------------------------------------------------------------------------------------
# Days: a bounded range, stated in the schema (a `date` has no JSON Schema minimum)
# --------------------------------------------------------------------------------------------

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
"""Days the APIs accept: far enough either way, and a two-year term from the last one ends."""

DAY_PATTERN = r"^(19\d\d|2[01]\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
DAY_SCHEMA: dict[str, Any] = {"pattern": DAY_PATTERN}
"""What a day's JSON Schema adds to `format: date`: the years 1900 to 2199."""

_DAY = re.compile(DAY_PATTERN)


def _iso_day(value: Any) -> Any:
    """Only a `YYYY-MM-DD` text from 1900 to 2199 (or a date in that range) is a day: not a
    number read as a timestamp."""
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise ValueError("must be a day as YYYY-MM-DD")
    if isinstance(value, str) and not _DAY.match(value):
        raise ValueError("must be a day from 1900-01-01 to 2199-12-31, as YYYY-MM-DD")
    if isinstance(value, date) and not EARLIEST <= value <= LATEST:
        raise ValueError("must be a day from 1900-01-01 to 2199-12-31")
    return value


IsoDay = BeforeValidator(_iso_day)

Day = Annotated[
    date,
    IsoDay,
    Field(description="A day from 1900-01-01 to 2199-12-31.", json_schema_extra=DAY_SCHEMA),
]
"""A day in a body or a path: `YYYY-MM-DD` from 1900-01-01 to 2199-12-31, as the schema says."""


# --------------------------------------------------------------------------------------------
# Text: printable and not blank, both stated in the schema by one pattern
# --------------------------------------------------------------------------------------------

# What `str.strip()` removes that is not a control character already refused: the spaces.
_SPACES = "\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
_CONTROLS = "\\u0000-\\u001f\\u007f"
_NOT_PRINTABLE = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f"


def text_pattern(refused: str = "") -> str:
    """Printable (tab, line feed and carriage return allowed), one character that is not a
    space, and none of `refused` (characters that need no escaping in a class, such as `@`)."""
    return (
        f"^[^{_NOT_PRINTABLE}{refused}]*[^{_CONTROLS}{_SPACES}{refused}]"
        f"[^{_NOT_PRINTABLE}{refused}]*$"
    )


TEXT_PATTERN = text_pattern()


class _Text:
    """Refuses control characters, white space alone and the `refused` characters; the schema's
    one `pattern` says all three (a second `pattern` would overwrite the first)."""

    def __init__(self, refused: str = "") -> None:
        self.refused = refused
        self.pattern = text_pattern(refused)

    def _check(self, value: str) -> str:
        value = _refuse_blank(_refuse_controls(value))
        for character in self.refused:
            if character in value:
                raise ValueError(f"must not contain {character!r}")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


Text = _Text()
"""`Annotated[str, StringConstraints(max_length=...), Text]`: printable, not blank."""

TextWithoutAt = _Text(refused="@")
"""Text that cannot be an e-mail address: a name or a staff id, never an address (it goes out in
events)."""
