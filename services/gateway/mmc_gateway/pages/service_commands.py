"""What every action form shares: one command sent to a service as the signed-in staff member,
audited whether it is done or refused, and the service's messages placed next to the form's
fields. The service checks the input; its 422 messages are the ones shown, beside the fields
they name (`field.sub: message`, as `ServiceError` gives them), the rest above the form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request

from mmc_contracts.gateway import AuditOutcome
from mmc_gateway.services import ServiceClient, ServiceError
from mmc_gateway.web import Staff, audit_action

REFUSALS = (404, 409, 422)
"""A service's answers that say "no" to the person: shown on the form, not as an error."""


def place_at(
    messages: list[str], locations: Mapping[str, str]
) -> tuple[dict[str, list[str]], list[str]]:
    """The messages by form field: `locations` maps the API's field location (`consent.given_on`,
    or its first part) to the form's field name; what names no field stays apart."""
    placed: dict[str, list[str]] = {}
    general: list[str] = []
    for message in messages:
        where, separator, said = message.partition(": ")
        name = locations.get(where) or locations.get(where.split(".")[0])
        if separator and name:
            placed.setdefault(name, []).append(said)
        else:
            general.append(message)
    return placed, general


async def send_command(
    request: Request,
    staff: Staff,
    service: ServiceClient,
    call: tuple[str, str, dict[str, Any]],
    *,
    action: str,
    target: str | None = None,
    target_of: Callable[[Any], str | None] = lambda answer: (
        answer.get("id") if isinstance(answer, dict) else None
    ),
) -> Any:
    """Send one command (method, path, body) as `staff` and return the service's answer, audited
    as done (on `target`, else `target_of(answer)`, by default its id, else the path). A
    refusal (`REFUSALS`) is audited as failed and raised for the form to show; any other error
    is raised as it came."""
    method, path, body = call
    try:
        answer = await service.call(method, path, actor=staff.staff_id, json=body)
    except ServiceError as error:
        if error.status in REFUSALS:
            await audit_action(request, staff, action, target or path, AuditOutcome.FAILED)
        raise
    await audit_action(request, staff, action, str(target or target_of(answer) or path))
    return answer
