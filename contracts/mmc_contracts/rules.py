"""The errors with which every service's domain refuses a command.

They are shared, like the events, because their shape is part of what clients read: the
services' HTTP edges map them the same way, and the gateway shows them the same way.

* :class:`InvalidValue` - a value is malformed or not allowed: 422, pointing at ``field``.
* :class:`InvalidTransition` - the aggregate's status does not allow the requested move: 409.
* :class:`RuleViolation` - the command is well formed but the aggregate's current state forbids
  it (already in that status, the voter has already voted, ...): 409.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DomainError", "InvalidTransition", "InvalidValue", "RuleViolation"]


class DomainError(Exception):
    """Base of every error raised by the domain; ``message`` is safe to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidValue(DomainError):
    """A value is malformed or not allowed.

    ``field`` is the dotted path of the offending value in the command, e.g.
    ``"profile.country_code"`` or ``"profile.contacts.1.role"``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidTransition(DomainError):
    """A status change the life cycle does not allow.

    ``from_status`` and ``to_status`` are the requested move, ``allowed`` the statuses that may
    follow ``from_status`` (in life-cycle order; empty for a final status).
    """

    def __init__(
        self,
        from_status: str,
        to_status: str,
        allowed: Iterable[str],
        *,
        subject: str = "status",
    ) -> None:
        self.from_status = str(from_status)
        self.to_status = str(to_status)
        self.allowed: tuple[str, ...] = tuple(str(status) for status in allowed)
        if self.allowed:
            options = "allowed next: " + ", ".join(self.allowed)
        else:
            options = f"{self.from_status!r} is final"
        super().__init__(
            f"cannot change {subject} from {self.from_status!r} to {self.to_status!r}; {options}"
        )


class RuleViolation(DomainError):
    """The command is well formed but the aggregate's current state does not allow it."""
