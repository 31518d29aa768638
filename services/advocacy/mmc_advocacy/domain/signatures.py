"""Co-signing a public statement: cities (their mayors, by name and title) endorse it, each with
the consent on record (who gave it, when, how).

Only a city the registry knows signs, and not one that has left the MMC's partnership (status
`inactive`): it keeps its past signatures but signs nothing anew. A withdrawn consent takes the
signature off the list (it stays in the history, with when it was withdrawn); the city may sign
again later. The list of signatories is public once the statement is published.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from mmc_advocacy.domain.cities import KnownCity
from mmc_advocacy.domain.rules import not_after, required_text
from mmc_contracts.advocacy import (
    ConsentMethod,
    MaterialKind,
    MaterialStatus,
    StatementCoSigned,
    StatementSignatureWithdrawn,
)
from mmc_contracts.cities import PartnershipStatus
from mmc_contracts.envelope import EventContext
from mmc_contracts.rules import InvalidValue, RuleViolation

if TYPE_CHECKING:
    from mmc_advocacy.domain.material import Material

__all__ = ["Consent", "PublicSignatory", "Signature", "co_sign", "public_signatories", "withdraw"]


class Consent(BaseModel):
    given_by: str
    """Who gave the city's consent (the mayor, or their office)."""
    given_on: date
    method: ConsentMethod


class Signature(BaseModel):
    city_id: str
    city_name: str
    country_code: str
    mayor_name: str
    mayor_title: str
    consent: Consent
    signed_at: datetime
    recorded_by: str
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawal_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class PublicSignatory(BaseModel):
    city_id: str
    city_name: str
    country_code: str
    mayor_name: str
    mayor_title: str
    signed_on: date


def co_sign(
    material: Material,
    city: KnownCity | None,
    *,
    city_id: str,
    mayor_name: str,
    mayor_title: str,
    consent: Consent,
    context: EventContext,
) -> Signature:
    """The city signs the statement; `city` is the registry's city, None when unknown (422)."""
    if material.kind is not MaterialKind.PUBLIC_STATEMENT:
        raise RuleViolation(f"only a public statement is co-signed; this is a {material.kind}")
    if material.status is MaterialStatus.ARCHIVED:
        raise RuleViolation("an archived statement takes no more signatures")
    if city is None:
        raise InvalidValue("city_id", f"the registry knows no city {city_id!r}")
    if city.partnership_status is PartnershipStatus.INACTIVE:
        raise RuleViolation(
            f"{city.name} has left the MMC's partnership: it keeps its past signatures but "
            "cannot sign anew"
        )
    if any(s.city_id == city.id and s.active for s in material.signatures):
        raise RuleViolation(f"{city.name} has already signed this statement")
    mayor_name = required_text(mayor_name, "mayor_name")
    mayor_title = required_text(mayor_title, "mayor_title")
    given_by = required_text(consent.given_by, "consent.given_by")
    not_after(consent.given_on, context.at.date(), "consent.given_on")
    signature = Signature(
        city_id=city.id,
        city_name=city.name,
        country_code=city.country_code,
        mayor_name=mayor_name,
        mayor_title=mayor_title,
        consent=consent.model_copy(update={"given_by": given_by}),
        signed_at=context.at,
        recorded_by=context.actor,
    )
    material.signatures.append(signature)
    material._record(
        StatementCoSigned,
        context,
        city_id=city.id,
        city_name=city.name,
        mayor_name=mayor_name,
        mayor_title=mayor_title,
        consent_method=consent.method,
        consent_given_on=consent.given_on,
        statement_title=material.title,
    )
    return signature


def withdraw(material: Material, city_id: str, context: EventContext, reason: str | None) -> None:
    """The city withdrew its consent: the signature leaves the list, and stays in history."""
    for signature in material.signatures:
        if signature.city_id == city_id and signature.active:
            signature.withdrawn_at = context.at
            signature.withdrawn_by = context.actor
            signature.withdrawal_reason = reason
            material._record(
                StatementSignatureWithdrawn,
                context,
                city_id=city_id,
                city_name=signature.city_name,
                statement_title=material.title,
            )
            return
    raise RuleViolation(f"city {city_id!r} has no signature on this statement to withdraw")


def public_signatories(material: Material) -> list[PublicSignatory] | None:
    """The published list (active signatures, by city name); None while it is not public."""
    if material.status not in (MaterialStatus.PUBLISHED, MaterialStatus.ARCHIVED):
        return None
    active = [s for s in material.signatures if s.active]
    return [
        PublicSignatory(
            city_id=s.city_id,
            city_name=s.city_name,
            country_code=s.country_code,
            mayor_name=s.mayor_name,
            mayor_title=s.mayor_title,
            signed_on=s.signed_at.date(),
        )
        for s in sorted(active, key=lambda s: (s.city_name.casefold(), s.city_id))
    ]
