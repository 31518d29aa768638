"""A person's data across the services: what each holds (export) and its erasure.

Every service that holds personal data answers the same two routes, built here around its own
rules (a `PersonalData` it implements):

    GET  /personal-data?email=...|person_id=...   what it holds about the person (JSON)
    POST /personal-data/erasure                   {"email": ...} or {"person_id": ...}: delete or
                                                  anonymise it; public facts stay and are named

and one command runs a request across the services, printing each one's answer:

    python -m mmc_chassis.personal_data export --email a.person@example.org
    python -m mmc_chassis.personal_data erase --email a.person@example.org --actor staff-1

Services come from `--service name=URL` (repeatable), else `MMC_PERSONAL_DATA_SERVICES`
(`name=URL,name=URL`), else the local ports of `make run`. A service that does not answer is
reported as such; the others still run. Erasure is idempotent: asking again erases nothing more.

Per-person keys for crypto-shredding (a field an event must carry, sealed with a key only the
owning service holds; deleting the key makes every copy unreadable) are in `person_keys.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Protocol

import httpx
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, StringConstraints, model_validator

from mmc_chassis.http import Actor
from mmc_chassis.http_models import ID_PATTERN, ErrorOut, Strict
from mmc_chassis.http_params import invalid
from mmc_chassis.settings import DEVELOPMENT_API_TOKEN
from mmc_contracts import EventContext

EMAIL_LIKE = r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+$"
"""One `@`, no space nor control character (the database cannot search for a NUL)."""
EmailText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_LIKE)
]
PersonId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

LOCAL_SERVICES: dict[str, str] = {
    "cities": "http://127.0.0.1:8101",
    "board": "http://127.0.0.1:8102",
    "advocacy": "http://127.0.0.1:8103",
    "outreach": "http://127.0.0.1:8104",
    "webhooks": "http://127.0.0.1:8105",
    "gateway": "http://127.0.0.1:8100",
}
"""The services of `make run` (the gateway for its staff accounts)."""


def same_email(email_key: str) -> dict[str, str]:
    """A filter value matching the address whatever its case (addresses are stored as typed)."""
    return {"$regex": f"^{re.escape(email_key)}$", "$options": "i"}


class PersonQuery(Strict):
    """Who the request is about: an e-mail address, a service's id of the person, or both."""

    email: EmailText | None = Field(default=None, examples=["a.person@example.org"])
    person_id: PersonId | None = Field(default=None, examples=["staff-3f1c9a0d"])

    @model_validator(mode="after")
    def _names_someone(self) -> PersonQuery:
        if self.email is None and self.person_id is None:
            raise ValueError("give an email or a person_id")
        return self

    @property
    def email_key(self) -> str | None:
        """The e-mail as stored matches it: compared without case."""
        return self.email.casefold() if self.email else None


class Held(BaseModel):
    """One record a service holds about the person, as it holds it."""

    kind: str = Field(examples=["inquiry"])
    id: str = Field(examples=["3f1c9a0d"])
    data: dict[str, Any] = Field(description="The personal data in the record.")


class ExportOut(BaseModel):
    service: str = Field(examples=["outreach"])
    held: list[Held] = Field(description="Every record holding the person's data (may be empty).")


class Erased(BaseModel):
    """What one service erased, and what it kept on purpose (public facts)."""

    erased: list[str] = Field(
        default_factory=list, description="Records erased or anonymised, `kind id`."
    )
    kept: list[str] = Field(
        default_factory=list, description="Public facts kept, and why (`kind id: why`)."
    )


class ErasureOut(Erased):
    service: str = Field(examples=["outreach"])


class PersonalData(Protocol):
    """A service's own rules for a person's data (implemented by each service)."""

    async def export(self, person: PersonQuery) -> list[Held]: ...

    async def erase(self, person: PersonQuery, context: EventContext) -> Erased: ...


def personal_data_router(service: str, holder: PersonalData) -> APIRouter:
    """The two routes, answered by `holder`; include it with the runtime's `include`."""
    router = APIRouter(tags=["personal data"])

    @router.get(
        "/personal-data",
        response_model=ExportOut,
        responses=invalid("Neither email nor person_id, or a malformed one."),
        summary="What this service holds about a person",
    )
    async def export(person: Annotated[PersonQuery, Query()]) -> ExportOut:
        return ExportOut(service=service, held=await holder.export(person))

    @router.post(
        "/personal-data/erasure",
        response_model=ErasureOut,
        responses={
            **invalid("Neither email nor person_id, or a malformed one."),
            400: {"model": ErrorOut, "description": "The body is not valid JSON."},
        },
        summary="Erase or anonymise what this service holds about a person",
        description=(
            "Deletes or anonymises the person's data and announces it by event (ids only), so "
            "that every copy follows; public facts stay and are listed under `kept`. Asking "
            "again erases nothing more."
        ),
    )
    async def erase(person: PersonQuery, context: Actor) -> ErasureOut:
        erased = await holder.erase(person, context)
        return ErasureOut(service=service, **erased.model_dump())

    return router


# --------------------------------------------------------------------------------------------
# Across the services: the command (and the gateway page) send one request to each
# --------------------------------------------------------------------------------------------

Action = Literal["export", "erase"]


async def ask_service(
    client: httpx.AsyncClient, url: str, action: Action, person: PersonQuery, actor: str
) -> dict[str, Any]:
    """One service's answer, or `{"error": ...}` when it fails or does not answer."""
    query = person.model_dump(exclude_none=True)
    try:
        if action == "export":
            response = await client.get(f"{url}/personal-data", params=query)
        else:
            response = await client.post(
                f"{url}/personal-data/erasure", json=query, headers={"X-MMC-Actor": actor}
            )
    except httpx.HTTPError as error:
        return {"error": f"no answer: {type(error).__name__}"}
    if response.status_code != 200:
        return {"error": f"HTTP {response.status_code}", "body": response.text[:500]}
    answer: dict[str, Any] = response.json()
    return answer


async def ask_services(
    services: Mapping[str, str],
    action: Action,
    person: PersonQuery,
    *,
    token: str,
    actor: str,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 30.0,
) -> dict[str, dict[str, Any]]:
    """Every service's answer to one request, by service name (all asked at once)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=timeout, transport=transport) as client:
        answers = await asyncio.gather(
            *(
                ask_service(client, url.rstrip("/"), action, person, actor)
                for url in services.values()
            )
        )
    return dict(zip(services, answers, strict=True))


def services_from(given: Sequence[str], environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """`name=URL` pairs from the command line, else the environment, else `LOCAL_SERVICES`."""
    pairs = list(given) or [
        pair for pair in environ.get("MMC_PERSONAL_DATA_SERVICES", "").split(",") if pair.strip()
    ]
    if not pairs:
        return dict(LOCAL_SERVICES)
    services: dict[str, str] = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        if not (sep and name.strip() and url.strip()):
            raise ValueError(f"not name=URL: {pair!r}")
        services[name.strip()] = url.strip()
    return services


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_chassis.personal_data",
        description="Export or erase a person's data in every service; prints each answer.",
    )
    parser.add_argument("action", choices=["export", "erase"])
    parser.add_argument("--email")
    parser.add_argument("--person-id")
    parser.add_argument("--service", action="append", default=[], metavar="NAME=URL")
    parser.add_argument("--actor", default=os.environ.get("MMC_ACTOR", ""))
    parser.add_argument("--token", default=os.environ.get("MMC_API_TOKEN", DEVELOPMENT_API_TOKEN))
    args = parser.parse_args(argv)
    if args.action == "erase" and not args.actor.strip():
        parser.error("erase needs --actor (your staff id): it goes on record")
    try:
        person = PersonQuery(email=args.email, person_id=args.person_id)
        services = services_from(args.service)
    except ValueError as error:
        parser.error(str(error))
    answers = asyncio.run(
        ask_services(services, args.action, person, token=args.token, actor=args.actor or "cli")
    )
    json.dump(answers, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 1 if any("error" in answer for answer in answers.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
