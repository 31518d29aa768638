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

from mmc_gateway.pages.service_commands import REFUSALS, place_at, send_command
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, gateway_of, see_other

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
    """The service's messages by form field (`aliases`: a service field -> the form field
    showing its messages); the rest apart."""
    return place_at(messages, {name: name for name in names} | (aliases or {}))


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
    outreach = gateway_of(request).services.outreach
    call = ("POST", command.path, command.body)
    try:
        answer = await send_command(
            request, staff, outreach, call, action=command.action, target=target
        )
    except ServiceError as error:
        if error.status not in REFUSALS:
            raise
        names = set(values) | set(command.body) | set(command.aliases.values())
        by_field, general = split_messages(error.messages, names, command.aliases)
        return await reshow(Failed(command.form, error.status, values, by_field, general))
    return see_other(then(answer))


ItemPage = Callable[[Request, str, Failed], Awaitable[Response]]
"""One item's page (a target, a call, a partner…), shown with a refused form's messages."""


async def item_command(
    request: Request,
    staff: Staff,
    command: Command,
    values: dict[str, str],
    page: ItemPage,
    item_id: str,
    back: str,
) -> Response:
    """Send `command` from the page of one item (audited on it): done, back to `back`; refused,
    that page again (`page`) with the messages."""

    async def reshow(failed: Failed) -> Response:
        return await page(request, item_id, failed)

    return await outreach_command(request, staff, command, values, reshow, lambda _: back, item_id)
