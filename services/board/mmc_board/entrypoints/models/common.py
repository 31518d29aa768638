"""What the board API's bodies share: bounded texts and ids.

Requests reject unknown fields and bound every string, number, date and list, so junk gets a 422
before it reaches the domain; the domain then checks the business rules and answers 422 for the
field at fault (request fields carry the domain's names, so its field paths are the body's).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from mmc_board.domain import REASON_MAX_LENGTH, STATEMENT_MAX_LENGTH, TEXT_MAX_LENGTH
from mmc_chassis.http_models import DAY_SCHEMA, EARLIEST, LATEST, Day, Text

__all__ = [
    "DAY_SCHEMA",
    "EARLIEST",
    "LATEST",
    "MAX_SEAT",
    "Day",
    "LongText",
    "PersonNameText",
    "ReasonText",
    "StatementText",
    "TitleText",
    "VoterId",
]

VOTER_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
MAX_SEAT = 1000

VoterId = Annotated[str, StringConstraints(pattern=VOTER_ID_PATTERN)]
PersonNameText = Annotated[str, StringConstraints(min_length=1, max_length=200), Text]
TitleText = Annotated[str, StringConstraints(min_length=1, max_length=200), Text]
StatementText = Annotated[
    str, StringConstraints(min_length=20, max_length=STATEMENT_MAX_LENGTH), Text
]
ReasonText = Annotated[str, StringConstraints(min_length=1, max_length=REASON_MAX_LENGTH), Text]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX_LENGTH), Text]
