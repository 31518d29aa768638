"""The HTTP edge every service shares: the caller's identity, and errors that say what is wrong.

Service APIs are internal: the gateway (or an operator's tool) calls them with the shared API
token and names the staff member who acts in `X-MMC-Actor`, which goes on record in every event.
"""

from __future__ import annotations

import hmac
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pymongo.errors import ConnectionFailure, OperationFailure

from mmc_chassis.errors import Conflict, NotFound
from mmc_chassis.mongo import DatabaseBusy
from mmc_contracts import EventContext
from mmc_contracts.rules import InvalidTransition, InvalidValue, RuleViolation

log = logging.getLogger("mmc.http")

_bearer = HTTPBearer(auto_error=False, description="The services' shared API token.")


def token_guard(expected: Callable[[], str]) -> Callable[..., None]:
    def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode(), expected().encode()):
            raise HTTPException(
                401, "missing or wrong API token", headers={"WWW-Authenticate": "Bearer"}
            )

    return check


def command_context(
    x_mmc_actor: Annotated[
        str,
        Header(
            min_length=1,
            max_length=200,
            # No `@`: the actor goes on record in every event, which never carry an address.
            pattern=r"^[^\x00-\x1f\x7f@]*[^\s\x00-\x1f\x7f@][^\x00-\x1f\x7f@]*$",
            description="The staff id of the person acting (never an e-mail address); it goes "
            "on record in every event.",
            examples=["staff-3f1c9a0d"],
        ),
    ],
    x_correlation_id: Annotated[
        str | None,
        Header(
            max_length=200,
            pattern=r"^[^\x00-\x1f\x7f]*$",
            description="Business flow this request belongs to.",
        ),
    ] = None,
) -> EventContext:
    """Who acts, and the flow it belongs to: stamped on every event the request causes.

    A command without `X-MMC-Actor` is refused (422): an event on record must name who caused
    it, never a made-up "api".
    """
    return EventContext(
        actor=x_mmc_actor.strip(),
        correlation_id=x_correlation_id or str(uuid.uuid4()),
    )


Actor = Annotated[EventContext, Depends(command_context)]


def error_body(message: str, field: str | None = None) -> dict[str, Any]:
    if field is None:
        return {"detail": message}
    # The shape FastAPI uses for validation errors, so clients read one format.
    return {"detail": [{"loc": ["body", *field.split(".")], "msg": message, "type": "value_error"}]}


def _printable(value: Any) -> Any:
    """Text that can be encoded as UTF-8 (a lone surrogate cannot)."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value if isinstance(value, int) else str(value)


async def request_validation_error(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 without echoing the input: it may hold personal data, or text that cannot
    be encoded as UTF-8 (a lone surrogate made the default handler fail with a 500)."""
    assert isinstance(error, RequestValidationError)
    detail = [
        {
            "loc": [_printable(part) for part in item.get("loc", ())],
            "msg": _printable(item.get("msg", "")),
            "type": _printable(item.get("type", "value_error")),
        }
        for item in error.errors()
    ]
    return JSONResponse({"detail": detail}, 422)


RETRY_AFTER_SECONDS = 5

UNAVAILABLE: tuple[type[Exception], ...] = (DatabaseBusy, ConnectionFailure)
"""The database is down or busy: nothing was changed, the client may try again (503)."""


async def database_unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("answering 503: %s: %s", type(error).__name__, error)
    return JSONResponse(
        {"detail": "the database is unavailable or busy; nothing was changed, try again shortly"},
        503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def unstorable(error: OperationFailure) -> bool:
    """PostgreSQL (under FerretDB) refuses text holding NUL (`\\u0000`): jsonb cannot store it."""
    text = str(error)
    return "22P05" in text or "unsupported Unicode escape sequence" in text


async def database_refused(request: Request, error: Exception) -> JSONResponse:
    """A value the database cannot store is the request's fault (422), never a 500; any other
    refusal the code did not expect is logged and answered as an internal error."""
    assert isinstance(error, OperationFailure)
    if unstorable(error):
        message = "contains characters that cannot be stored (NUL); nothing was changed"
        return JSONResponse(
            {"detail": [{"loc": ["body"], "msg": message, "type": "value_error"}]}, 422
        )
    log.error("the database refused an operation: %s", error)
    return JSONResponse({"detail": "internal error"}, 500)


def install_error_handlers(
    app: FastAPI, statuses: Mapping[type[Exception], int] | None = None
) -> None:
    """The same answer for the same error in every service: 422 for a value the domain refuses
    (pointing at the field), 404 for an unknown id, 409 for a state that forbids the command,
    503 (with `Retry-After`) when the database is unreachable; a service adds its own."""
    app.add_exception_handler(RequestValidationError, request_validation_error)
    for unavailable in UNAVAILABLE:
        app.add_exception_handler(unavailable, database_unavailable)
    app.add_exception_handler(OperationFailure, database_refused)
    mapping: dict[type[Exception], int] = {
        NotFound: 404,
        Conflict: 409,
        InvalidValue: 422,
        InvalidTransition: 409,
        RuleViolation: 409,
        **(statuses or {}),
    }

    for kind, status in mapping.items():

        async def handle(request: Request, error: Exception, status: int = status) -> JSONResponse:
            field = getattr(error, "field", None)
            message = getattr(error, "message", None) or str(error)
            return JSONResponse(error_body(message, field if status == 422 else None), status)

        app.add_exception_handler(kind, handle)
