"""Administration commands of the gateway.

python -m mmc_gateway.admin create-admin --email ada@mmc.example.org [--name "Ada"]

Creates an admin account and prints its one-time password once: there is no default password.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from mmc_chassis.mongo import connect
from mmc_gateway.accounts import ACCOUNTS, AccountExists, Accounts
from mmc_gateway.roles import Role
from mmc_gateway.settings import GatewaySettings


async def create_account(email: str, name: str, roles: set[Role]) -> tuple[str, str]:
    settings = GatewaySettings()
    client = connect(settings.mongodb_url, app_name="gateway-admin")
    try:
        accounts = Accounts(client[settings.database_name][ACCOUNTS])
        await accounts.ensure_indexes()
        account, password = await accounts.create(email=email, name=name, roles=roles)
        return account.staff_id, password
    finally:
        await client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmc_gateway.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create an admin; prints its password once")
    create.add_argument("--email", required=True)
    create.add_argument("--name", default="Administrator")
    args = parser.parse_args(argv)
    try:
        staff_id, password = asyncio.run(create_account(args.email, args.name, {Role.ADMIN}))
    except AccountExists:
        print(f"an account with {args.email} exists already", file=sys.stderr)
        return 1
    print(f"admin {args.email} created ({staff_id})")
    print(f"one-time password (shown once, never stored in clear): {password}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
