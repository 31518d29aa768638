"""The nominator's part of a nomination: their name, role and statement (personal data).

Checked here (`checked_nominator`) before the command seals them with the nominator's key; the
`Nomination` aggregate (`nomination.py`) holds them in clear and writes `ERASED` over them when
the nominator is erased.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mmc_board.domain.checks import required_text
from mmc_contracts.sealed import Sealed

__all__ = [
    "EMAIL_MAX_LENGTH",
    "ERASED",
    "NAME_MAX_LENGTH",
    "ROLE_MAX_LENGTH",
    "STATEMENT_MAX_LENGTH",
    "STATEMENT_MIN_LENGTH",
    "NominatorDetails",
    "Seal",
    "checked_nominator",
]

STATEMENT_MIN_LENGTH = 20
STATEMENT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
ROLE_MAX_LENGTH = 200

ERASED = "(erased)"
"""What stands for the nominator's name, role and statement once they are erased."""

Seal = Callable[[str], Sealed]
"""Seals one of the nominator's texts with their key (the command looks the key up)."""


@dataclass(frozen=True)
class NominatorDetails:
    """The nominator's personal data, checked: what the event carries sealed."""

    name: str
    role: str
    statement: str

    def texts(self) -> tuple[str, str, str]:
        return (self.name, self.role, self.statement)


def checked_nominator(name: object, role: object, statement: object) -> NominatorDetails:
    """The nominator's name, role and statement, trimmed and checked.

    :raises InvalidValue: the name or role missing or over 200 characters; the statement not
        :data:`STATEMENT_MIN_LENGTH` .. :data:`STATEMENT_MAX_LENGTH` characters after trimming.
    """
    return NominatorDetails(
        name=required_text(name, "nominated_by_name", NAME_MAX_LENGTH),
        role=required_text(role, "nominated_by_role", ROLE_MAX_LENGTH),
        statement=required_text(
            statement,
            "statement",
            STATEMENT_MAX_LENGTH,
            min_length=STATEMENT_MIN_LENGTH,
            collapse=False,
        ),
    )
