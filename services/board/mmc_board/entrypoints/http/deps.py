"""What the board's routes share: the service's parts, path ids and documented errors.

Errors are not handled in the routes; the chassis maps them the same way for every route
(`mmc_chassis.http.install_error_handlers`), and nothing changes when the answer is an error:

* 422 - the request is malformed (FastAPI's validation), or the domain refuses a value
  (`InvalidValue`), pointing at the body field (`{"detail": [{"loc": ["body", "seat"], ...}]}`);
  also an id in the body that names nothing (an unknown city, vacancy or nomination).
* 404 - an unknown id in the path.
* 409 - the current state forbids the command (`RuleViolation`, `InvalidTransition`), a stale
  `expected_version` or a duplicate id.
"""

from __future__ import annotations

from typing import Annotated

from mmc_board.parts import BoardParts
from mmc_chassis.http_params import id_path, invalid
from mmc_chassis.wiring import parts_of

Board = Annotated[BoardParts, parts_of(BoardParts)]

MembershipId = Annotated[str, id_path("membership")]
VacancyId = Annotated[str, id_path("vacancy")]
NominationId = Annotated[str, id_path("nomination")]
RoundId = Annotated[str, id_path("selection round")]
MeetingId = Annotated[str, id_path("meeting")]
CityId = Annotated[str, id_path("city")]

INVALID = invalid(
    "A malformed request, or a value the Board's rules refuse (`loc` names the field), or an "
    "id in the body that names nothing."
)
INVALID_PARAMS = invalid("A malformed path or query parameter (`loc` names it).")
