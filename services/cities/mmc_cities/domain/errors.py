"""Errors the domain raises when a command breaks a rule.

The domain knows nothing about HTTP; the entrypoints map the classes to status codes:

* :class:`InvalidValue` - a value is malformed or not allowed: 422, pointing at ``field``.
* :class:`InvalidTransition` - the aggregate's status does not allow the requested move: 409.
* :class:`RuleViolation` - the command is well formed but the aggregate's current state forbids
  it (already in that status, delivering without a deliverable, ...): 409.
"""

from mmc_contracts.rules import DomainError, InvalidTransition, InvalidValue, RuleViolation

__all__ = ["DomainError", "InvalidTransition", "InvalidValue", "RuleViolation"]
