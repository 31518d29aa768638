"""Sign-in through the organisation's OpenID Connect provider (Authlib's client).

Authorization code flow with PKCE (S256), a fresh `state` and `nonce` per attempt, the ID token's
signature, issuer, audience, expiry and nonce verified by Authlib against the provider's
published keys. What the attempt must remember until the provider sends the person back
(state, nonce, PKCE verifier, where to go next) is kept in the gateway's database under the
state's SHA-256, deleted at first use, and bound to the browser by a cookie holding the state.

The provider says who the person is; the gateway decides whether they may come in: only an
account an admin created, found by the subject linked to it or else by a verified e-mail claim
(the subject is then linked, so a later change of e-mail at the provider still finds it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from mmc_gateway.accounts import Account, Accounts
from mmc_gateway.settings import GatewaySettings

Document = dict[str, Any]
PENDING = "oidc_pending"
STATE_COOKIE = "mmc_oidc_state"
PENDING_FOR = timedelta(minutes=10)
SUBJECT = "oidc_subject"


class OidcRefused(Exception):
    """The provider's answer is not accepted (state, token, or no account for the person)."""

    def __init__(self, reason: str, staff_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.staff_id = staff_id


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


@dataclass(frozen=True)
class Pending:
    redirect_uri: str
    next_url: str
    nonce: str
    code_verifier: str


class OidcSignIn:
    def __init__(
        self,
        settings: GatewaySettings,
        pending: AsyncCollection[Document],
        accounts: Accounts,
    ) -> None:
        if not (settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret):
            raise ValueError("OpenID Connect is not configured")
        self.pending = pending
        self.accounts = accounts
        registry = OAuth()
        self.client: StarletteOAuth2App = registry.register(
            name="organisation",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret.get_secret_value(),
            server_metadata_url=settings.oidc_issuer.rstrip("/")
            + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": "openid email",
                "code_challenge_method": "S256",
                "timeout": settings.service_timeout_seconds,
            },
        )

    async def ensure_indexes(self) -> None:
        await self.pending.create_index([("created_at", ASCENDING)])
        await self.accounts.collection.create_index([(SUBJECT, ASCENDING)])

    async def begin(self, redirect_uri: str, next_url: str) -> tuple[str, str]:
        """The provider's authorization URL and the state to bind to this browser."""
        try:
            started = await self.client.create_authorization_url(redirect_uri)
        except Exception as error:  # the provider unreachable or its discovery document bad
            raise OidcRefused("oidc.provider") from error
        now = datetime.now(UTC)
        await self.pending.insert_one(
            {
                "_id": _digest(started["state"]),
                "redirect_uri": redirect_uri,
                "next": next_url,
                "nonce": started["nonce"],
                "code_verifier": started["code_verifier"],
                "created_at": now,
            }
        )
        # Abandoned attempts are of no further use.
        await self.pending.delete_many({"created_at": {"$lt": now - PENDING_FOR}})
        return str(started["url"]), str(started["state"])

    async def take(self, state: str) -> Pending:
        """The attempt of `state`, once only; refused when unknown or too old."""
        document = await self.pending.find_one_and_delete({"_id": _digest(state)})
        if document is None:
            raise OidcRefused("oidc.state")
        created = document["created_at"]
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        if datetime.now(UTC) - created > PENDING_FOR:
            raise OidcRefused("oidc.state")
        return Pending(
            document["redirect_uri"],
            document["next"],
            document["nonce"],
            document["code_verifier"],
        )

    async def finish(self, pending: Pending, code: str) -> dict[str, Any]:
        """The code exchanged (with the PKCE verifier) and the ID token verified: its claims."""
        try:
            token = await self.client.fetch_access_token(
                redirect_uri=pending.redirect_uri,
                code=code,
                code_verifier=pending.code_verifier,
            )
            claims = dict(await self.client.parse_id_token(token, nonce=pending.nonce) or {})
            if claims.get("sub") and "email" not in claims:
                # Providers often put profile claims in userinfo only; its subject must match.
                info = dict(await self.client.userinfo(token=token))
                if info.get("sub") == claims["sub"]:
                    claims.update({k: info[k] for k in ("email", "email_verified") if k in info})
        except Exception as error:  # Authlib, joserfc and httpx raise many kinds; all mean "no".
            raise OidcRefused("oidc.token") from error
        if not claims.get("sub"):
            raise OidcRefused("oidc.token")
        return claims

    async def account_of(self, claims: dict[str, Any]) -> Account:
        """The account the provider's person maps to; refused when there is none."""
        subject = str(claims["sub"])[:500]
        document = await self.accounts.collection.find_one({SUBJECT: subject}, {"_id": 1})
        if document is None and claims.get("email_verified") is True and claims.get("email"):
            email = str(claims["email"]).strip().lower()[:320]
            account, _ = await self.accounts.by_email(email)
            if account is not None:
                linked = await self.accounts.collection.update_one(
                    {"_id": account.staff_id, SUBJECT: {"$exists": False}},
                    {"$set": {SUBJECT: subject}},
                )
                document = {"_id": account.staff_id} if linked.matched_count == 1 else None
        account = await self.accounts.get(document["_id"]) if document else None
        if account is None:
            raise OidcRefused("oidc.unknown")
        if account.disabled:
            raise OidcRefused("oidc.disabled", account.staff_id)
        return account
