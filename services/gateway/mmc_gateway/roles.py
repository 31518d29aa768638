"""Roles and what each may do: the ONE table every page and action is checked against.

A page or action names a permission; `ALLOWED[permission]` is the set of roles that hold it.
The README's role x page table is this table, and `tests/integration/gateway/test_roles.py`
walks every cell of it. A later service (advocacy, outreach) adds its permissions here.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    ADVOCACY = "advocacy"
    OUTREACH = "outreach"
    VIEWER = "viewer"


EVERYONE = frozenset(Role)
STAFF_WRITERS = frozenset({Role.ADMIN, Role.SECRETARIAT})
ADMINS = frozenset({Role.ADMIN})

ALLOWED: dict[str, frozenset[Role]] = {
    "dashboard.view": EVERYONE,
    "cities.view": EVERYONE,
    "cities.edit": STAFF_WRITERS,
    "board.view": EVERYONE,
    "board.edit": STAFF_WRITERS,
    "events.view": EVERYONE,
    "preferences.edit": EVERYONE,
    "accounts.manage": ADMINS,
    "dead_letters.manage": ADMINS,
    "audit.view": ADMINS,
    # --- advocacy and outreach (approving a material also needs the account's approver flag)
    "advocacy.view": EVERYONE,
    "advocacy.edit": frozenset({Role.ADMIN, Role.ADVOCACY}),
    "advocacy.approve": frozenset({Role.ADMIN, Role.ADVOCACY}),
    "outreach.view": EVERYONE,
    "outreach.edit": frozenset({Role.ADMIN, Role.OUTREACH}),
}
"""Permission -> roles holding it. Read-only roles (viewer, and advocacy/outreach outside their
own services) see pages but change nothing."""


def allowed(roles: frozenset[Role] | set[Role], permission: str) -> bool:
    """Whether any of `roles` holds `permission`; an unknown permission is refused."""
    return bool(ALLOWED.get(permission, frozenset()) & roles)
