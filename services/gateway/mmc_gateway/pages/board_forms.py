"""What the board's pages share: a service command whose refusal (404, 409, 422) is shown as
clear messages on the page it came from, not as an error page, and is audited (`failed`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from mmc_gateway.pages.service_commands import REFUSALS, send_command
from mmc_gateway.services import ServiceError
from mmc_gateway.web import Staff, gateway_of, see_other

Reshow = Callable[[int, list[str]], Awaitable[Response]]


async def board_command(
    request: Request,
    staff: Staff,
    method_path: tuple[str, str],
    body: dict[str, Any],
    action: str,
    reshow: Reshow,
    then: Callable[[Any], str],
    target: str | None = None,
) -> Response:
    """Send one command to the board as `staff`; on success audit it and go to `then(answer)`,
    on a refusal show the page again (`reshow`) with the board's messages."""
    method, path = method_path
    board = gateway_of(request).services.board
    try:
        # Audited as done or, refused, as failed (the board's messages stay on the page).
        answer = await send_command(
            request,
            staff,
            board,
            (method, path, body),
            action=action,
            target=target,
            target_of=lambda answer: _target(answer, path),
        )
    except ServiceError as error:
        if error.status not in REFUSALS:
            raise
        return await reshow(error.status, error.messages)
    return see_other(then(answer))


def _target(answer: Any, path: str) -> str:
    if isinstance(answer, dict):
        if isinstance(answer.get("id"), str):
            return str(answer["id"])
        inner = answer.get("membership")
        if isinstance(inner, dict) and isinstance(inner.get("id"), str):
            return str(inner["id"])
    return path


def lines(text: str, limit: int = 50) -> list[str]:
    """A textarea's non-empty lines (one recommendation or decision each)."""
    return [line.strip() for line in text.splitlines() if line.strip()][:limit]


def day_or_none(text: str) -> str | None:
    """A form's date field: "" means not given; the board checks the rest."""
    return text or None


def today() -> str:
    return date.today().isoformat()
