"""Staff accounts in the gateway's own database, with argon2id password hashes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from mmc_gateway.roles import Role

Document = dict[str, Any]
ACCOUNTS = "accounts"

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
# Verified when the account does not exist, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountExists(ValueError):
    """An account with that e-mail already exists."""


def new_staff_id() -> str:
    return f"staff-{secrets.token_hex(8)}"


def one_time_password() -> str:
    """A password to hand over once (printed, never stored in clear)."""
    return secrets.token_urlsafe(15)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Account:
    staff_id: str
    email: str
    name: str
    roles: frozenset[Role]
    approver: bool
    disabled: bool
    locale: str = "en"

    @classmethod
    def of(cls, document: Document) -> Account:
        return cls(
            staff_id=document["_id"],
            email=document["email"],
            name=document["name"],
            roles=frozenset(Role(role) for role in document.get("roles", [])),
            approver=bool(document.get("approver", False)),
            disabled=bool(document.get("disabled", False)),
            locale=str(document.get("locale", "en")),
        )


class Accounts:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("email", ASCENDING)], unique=True)

    async def create(
        self, *, email: str, name: str, roles: set[Role], approver: bool = False
    ) -> tuple[Account, str]:
        """A new account and its one-time password (only its hash is stored)."""
        password = one_time_password()
        document: Document = {
            "_id": new_staff_id(),
            "email": email.strip().lower(),
            "name": name.strip(),
            "roles": sorted(roles),
            "approver": approver,
            "disabled": False,
            "password_hash": hash_password(password),
            "created_at": datetime.now(UTC),
        }
        if await self.collection.find_one({"email": document["email"]}, {"_id": 1}):
            raise AccountExists(document["email"])
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError as error:
            raise AccountExists(document["email"]) from error
        return Account.of(document), password

    async def get(self, staff_id: str) -> Account | None:
        document = await self.collection.find_one({"_id": staff_id}, {"password_hash": 0})
        return Account.of(document) if document else None

    async def by_email(self, email: str) -> tuple[Account | None, str | None]:
        """The account and its password hash, or (None, None)."""
        document = await self.collection.find_one({"email": email.strip().lower()})
        if document is None:
            return None, None
        return Account.of(document), document.get("password_hash")

    async def all(self) -> list[Account]:
        cursor = self.collection.find({}, {"password_hash": 0}).sort("email", ASCENDING)
        return [Account.of(document) async for document in cursor]

    async def update(
        self, staff_id: str, *, roles: set[Role], approver: bool, disabled: bool
    ) -> bool:
        result = await self.collection.update_one(
            {"_id": staff_id},
            {"$set": {"roles": sorted(roles), "approver": approver, "disabled": disabled}},
        )
        return result.matched_count == 1

    async def set_locale(self, staff_id: str, locale: str) -> None:
        await self.collection.update_one({"_id": staff_id}, {"$set": {"locale": locale}})

    async def reset_password(self, staff_id: str) -> str | None:
        password = one_time_password()
        result = await self.collection.update_one(
            {"_id": staff_id}, {"$set": {"password_hash": hash_password(password)}}
        )
        return password if result.matched_count == 1 else None
