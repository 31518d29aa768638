"""What advocacy's erasure tombstones say (`...PersonalDataErased`, one per topic, in
`advocacy.py`): the kinds of personal data that went, never whose (a staff id at most)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class ErasedPart(StrEnum):
    """A kind of personal data an erasure took from an advocacy record."""

    REVIEW_COMMENT = "review_comment"
    """The words of a reviewer's comment (the comment's date and text version stay)."""
    CONSENT_GIVER = "consent_giver"
    """Who gave a city's consent to co-sign (the consent's method and date stay)."""
    RESOURCE_AUTHOR = "resource_author"
    """An author named on a knowledge resource."""
    STAFF_ADDRESS = "staff_address"
    """A staff member recorded by e-mail address instead of staff id (author, reviewer...)."""


class PersonalDataErasedFacts(BaseModel):
    """What every advocacy tombstone says (mixed into one event per topic)."""

    parts: list[ErasedPart] = Field(
        min_length=1, description="The kinds of personal data that went, each named once."
    )
    entries_erased: int = Field(ge=1, description="How many values went in this record.")
    person_id: str | None = Field(
        default=None,
        max_length=64,
        description=(
            "The staff id the request named, when it named one (an id, never an address), so "
            "that projections remember it; absent for a request by e-mail."
        ),
    )
