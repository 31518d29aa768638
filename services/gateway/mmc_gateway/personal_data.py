"""The gateway's rules for a person's data: staff accounts (the chassis' `/personal-data` routes,
behind the API token, and the admin page call them).

A staff member is found by e-mail or by staff id. Erasure anonymises the account (e-mail, name
and password go; it is disabled and its sessions end) and forgets the failed sign-ins counted
against the address. The staff id stays: the audit trail names who did what by staff id only,
and that record of staff actions is kept (it is said so under `kept`). The erasure itself goes
on the audit trail (`accounts.erase`, the staff id as target), published like every entry.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from mmc_chassis.personal_data import Erased, Held, PersonQuery
from mmc_contracts import EventContext
from mmc_contracts.gateway import STAFF_ID_PATTERN, AuditOutcome
from mmc_gateway.accounts import Accounts
from mmc_gateway.audit import AuditLog
from mmc_gateway.sessions import Sessions
from mmc_gateway.throttle import Throttle

ERASED = "[erased]"
Document = dict[str, Any]


def erased_email(staff_id: str) -> str:
    """What an anonymised account holds instead of an address (unique, never an address)."""
    return f"erased:{staff_id}"


class StaffPersonalData:
    def __init__(
        self, accounts: Accounts, sessions: Sessions, throttle: Throttle, audit: AuditLog
    ) -> None:
        self.accounts = accounts
        self.sessions = sessions
        self.throttle = throttle
        self.audit = audit

    async def _accounts(self, person: PersonQuery) -> list[Document]:
        wanted: list[Document] = []
        if person.email_key is not None:
            wanted.append({"email": person.email_key})
        if person.person_id is not None:
            wanted.append({"_id": person.person_id})
        cursor = self.accounts.collection.find({"$or": wanted}, {"password_hash": 0})
        return [
            document
            async for document in cursor
            if not str(document.get("email", "")).startswith("erased:")
        ]

    async def export(self, person: PersonQuery) -> list[Held]:
        held: list[Held] = []
        for document in await self._accounts(person):
            staff_id = str(document["_id"])
            failures = await self.throttle.collection.count_documents(
                {"key": f"account:{document['email']}"}
            )
            sessions = await self.sessions.collection.count_documents({"staff_id": staff_id})
            data = {
                "email": document["email"],
                "name": document.get("name"),
                "roles": document.get("roles", []),
                "approver": document.get("approver", False),
                "disabled": document.get("disabled", False),
                "locale": document.get("locale", "en"),
                "created_at": str(document.get("created_at", "")),
                "open_sessions": sessions,
                "failed_sign_ins_counted": failures,
            }
            held.append(Held(kind="staff account", id=staff_id, data=data))
        return held

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased:
        result = Erased()
        for document in await self._accounts(person):
            staff_id = str(document["_id"])
            await self.accounts.collection.update_one(
                {"_id": staff_id},
                {
                    "$set": {
                        "email": erased_email(staff_id),
                        "name": ERASED,
                        "disabled": True,
                        "erased_at": datetime.now(UTC),
                    },
                    "$unset": {"password_hash": ""},
                },
            )
            await self.sessions.end_all(staff_id)
            await self.throttle.collection.delete_many({"key": f"account:{document['email']}"})
            await self.audit.record(
                # The command may be run by an operator who is not staff: then nobody is named.
                staff_id=context.actor if re.fullmatch(STAFF_ID_PATTERN, context.actor) else None,
                action="accounts.erase",
                outcome=AuditOutcome.SUCCEEDED,
                address="api",
                target=staff_id,
            )
            result.erased.append(f"staff account {staff_id}")
            result.kept.append(
                f"staff account {staff_id}: the staff id, so the audit trail still says who did "
                "what (by staff id only; no e-mail, no name)"
            )
        return result
