"""Demo accounts for `make run` (development only): an admin and one account per role.

    python -m mmc_gateway.demo.load --url http://127.0.0.1:8100

Then seeds today's Board through the board service's API (`demo/board.py`: a current Board,
an open selection round with ballots, a meeting; marked as demo data). Writes to the gateway's
own database (accounts have no HTTP API) and prints each e-mail and
a fresh one-time password once, in the terminal. Run again, it gives the same accounts new
passwords. Refused outside MMC_ENVIRONMENT=development: production's first admin comes from
`python -m mmc_gateway.admin create-admin`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

import httpx

from mmc_chassis.mongo import connect
from mmc_gateway.accounts import ACCOUNTS, AccountExists, Accounts
from mmc_gateway.demo import activity
from mmc_gateway.demo.board import BoardDemoError, load_board
from mmc_gateway.roles import Role
from mmc_gateway.settings import GatewaySettings

DEMO_ACCOUNTS: tuple[tuple[str, str, Role, bool], ...] = (
    ("admin@demo.mmc.example.org", "Demo Admin", Role.ADMIN, False),
    ("secretariat@demo.mmc.example.org", "Demo Secretariat", Role.SECRETARIAT, False),
    ("advocacy@demo.mmc.example.org", "Demo Advocacy (approver)", Role.ADVOCACY, True),
    ("outreach@demo.mmc.example.org", "Demo Outreach", Role.OUTREACH, False),
    ("viewer@demo.mmc.example.org", "Demo Viewer", Role.VIEWER, False),
)


async def load(settings: GatewaySettings) -> list[tuple[str, Role, str]]:
    client = connect(settings.mongodb_url, app_name="gateway-demo")
    printed: list[tuple[str, Role, str]] = []
    try:
        accounts = Accounts(client[settings.database_name][ACCOUNTS])
        await accounts.ensure_indexes()
        for email, name, role, approver in DEMO_ACCOUNTS:
            try:
                _, password = await accounts.create(
                    email=email, name=name, roles={role}, approver=approver
                )
            except AccountExists:
                account, _ = await accounts.by_email(email)
                assert account is not None
                reset = await accounts.reset_password(account.staff_id)
                assert reset is not None
                password = reset
            printed.append((email, role, password))
    finally:
        await client.close()
    return printed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmc_gateway.demo.load")
    parser.add_argument("--url", default="http://127.0.0.1:8100", help="the gateway's URL")
    parser.add_argument(
        "--no-board", action="store_true", help="do not seed today's Board (demo accounts only)"
    )
    args = parser.parse_args(argv)
    settings = GatewaySettings()
    if settings.environment != "development":
        print("demo accounts are for MMC_ENVIRONMENT=development only", file=sys.stderr)
        return 1
    printed = asyncio.run(load(settings))
    print(f"MMC staff UI: {args.url}  (demo accounts, passwords shown once, development only)")
    for email, role, password in printed:
        print(f"  {role:<12} {email:<36} {password}")
    try:  # today's advocacy activity, for the dashboard
        print(f"  advocacy demo: {activity.load(settings)}")
    except httpx.HTTPError as error:
        print(f"  advocacy demo activity not loaded: {error}", file=sys.stderr)
    if args.no_board:
        return 0
    try:
        report = load_board(settings.board_url, settings.api_token.get_secret_value())
    except (BoardDemoError, httpx.HTTPError) as error:
        print(f"today's Board (demo) was not loaded: {error}", file=sys.stderr)
        return 1
    print(f"today's Board (demo data): {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
