"""What the outreach action pages share: a form's typed values read as sent (the outreach service
checks them, so its 422 messages are the ones shown), one command sent as the signed-in person,
and a refusal shown on the form's own page: each field's messages next to the field, the typed
values kept, the attempt audited (`failed`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, audit_action, client_address, gateway_of, see_other

REFUSALS = (404, 409, 422)
"""Outreach's answers that say "no" to the staff member (shown on the form's page)."""

LONGEST = 20_000
"""A form value longer than any field outreach takes is cut here (outreach then refuses it)."""


@dataclass
class Failed:
    """A refused form: which form, what was typed, the messages per field and the rest."""

    form: str = ""
    status: int = 200
    values: dict[str, str] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        return {
            "failed": self.form,
            "values": self.values,
            "field_errors": self.fields,
            "errors": self.general,
        }


Reshow = Callable[[Failed], Awaitable[Response]]


async def form_values(request: Request) -> dict[str, str]:
    """The posted form's text fields (the CSRF token left out); a repeated field's values are
    joined by newlines (checkbox groups)."""
    form = await request.form()
    found: dict[str, str] = {}
    for key in form:
        if key == "csrf_token":
            continue
        texts = [v[:LONGEST] for v in form.getlist(key) if isinstance(v, str)]
        found[key[:100]] = "\n".join(texts)
    return found


def optional(text: str | None) -> str | None:
    """An empty field means "not given"."""
    return text.strip() if text and text.strip() else None


def split_messages(
    messages: list[str], names: set[str], aliases: dict[str, str] | None = None
) -> tuple[dict[str, list[str]], list[str]]:
    """The service's messages ("field: message" for a 422) by form field; the rest apart."""
    aliases = aliases or {}
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for message in messages:
        where, sep, text = message.partition(": ")
        name = aliases.get(where, where)
        if sep and name in names:
            by_field.setdefault(name, []).append(text)
        else:
            general.append(message)
    return by_field, general


@dataclass(frozen=True)
class Command:
    """One outreach command a form sends."""

    form: str
    """The form's name on its page (its fields' ids start with it)."""
    path: str
    body: dict[str, Any]
    action: str
    """The audit trail's name for it."""
    aliases: dict[str, str] = field(default_factory=dict)
    """A service field name -> the form field showing its messages."""


async def outreach_command(
    request: Request,
    staff: Staff,
    command: Command,
    values: dict[str, str],
    reshow: Reshow,
    then: Callable[[Any], str],
    target: str | None = None,
) -> Response:
    """Send `command` to outreach as `staff`; on success audit it and go to `then(answer)`, on
    a refusal show the form's page again (`reshow`) with the messages and the typed values."""
    try:
        answer = await gateway_of(request).services.outreach.call(
            "POST", command.path, actor=staff.staff_id, json=command.body
        )
    except ServiceError as error:
        if error.status not in REFUSALS:
            raise
        await gateway_of(request).audit.record(
            staff_id=staff.staff_id,
            action=command.action,
            outcome=AuditOutcome.FAILED,
            address=client_address(request),
            target=target or command.path,
        )
        names = set(values) | set(command.body) | set(command.aliases.values())
        by_field, general = split_messages(error.messages, names, command.aliases)
        return await reshow(Failed(command.form, error.status, values, by_field, general))
    done = target or (answer.get("id") if isinstance(answer, dict) else None) or command.path
    await audit_action(request, staff, command.action, str(done))
    return see_other(then(answer))
