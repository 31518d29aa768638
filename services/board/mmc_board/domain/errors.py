"""Errors the board domain raises when a command breaks a rule.

The same three kinds as the other services, so the entrypoints map them the same way:

* :class:`InvalidValue` - a value is malformed or not allowed: 422, pointing at ``field``.
* :class:`InvalidTransition` - the aggregate's status does not allow the requested move: 409.
* :class:`RuleViolation` - the command is well formed but the current state forbids it (the
  mayor has already left, the voter has already voted, the quorum is not reached): 409.
"""

from mmc_contracts.rules import DomainError, InvalidTransition, InvalidValue, RuleViolation

__all__ = ["DomainError", "InvalidTransition", "InvalidValue", "RuleViolation"]
