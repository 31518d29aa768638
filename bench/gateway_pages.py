"""`python -m bench.gateway_pages`: the gateway's page times with concurrent signed-in users.

Starts the cities, board and gateway services as processes on free ports (topics and databases
of their own, on the broker and database of `MMC_KAFKA_BOOTSTRAP_SERVERS` / `MMC_MONGODB_URL`),
registers a few cities, creates one account per user, then each user signs in and loads the
dashboard, the cities list, a city profile and the Board in a loop for `--seconds`. Prints the
p50, p95 and max page time per page and overall, and one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / ".local-infra" / "bench"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN = "development-only-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(module: str, env: dict[str, str], stack: ExitStack) -> str:
    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log = (LOGS / f"{module}.log").open("ab")
    stack.callback(log.close)
    process = subprocess.Popen(
        [sys.executable, "-m", module],
        env={**os.environ, **env, "MMC_HTTP_PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop() -> None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()

    stack.callback(stop)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{module} exited; see {LOGS / module}.log")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{module} not ready after 60 s")


async def signed_in(url: str, email: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=30)
    form = await client.get("/sign-in")
    signed = await client.post(
        "/sign-in",
        data={"email": email, "password": password, "csrf_token": CSRF.findall(form.text)[0]},
    )
    assert signed.status_code == 303, signed.text
    return client


async def browse(client: httpx.AsyncClient, until: float, times: dict[str, list[float]]) -> None:
    listed = await client.get("/cities")
    city = re.findall(r'href="(/cities/[0-9a-f]{32})"', listed.text)[0]
    pages = {"dashboard": "/", "cities": "/cities", "city": city, "board": "/board"}
    while time.monotonic() < until:
        for name, path in pages.items():
            started = time.perf_counter()
            response = await client.get(path)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, f"{path}: {response.status_code}"
            times[name].append(elapsed * 1000)
    await client.aclose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(url: str, accounts: list[tuple[str, str]], seconds: float) -> dict[str, Any]:
    times: dict[str, list[float]] = {"dashboard": [], "cities": [], "city": [], "board": []}
    clients = await asyncio.gather(*(signed_in(url, email, pw) for email, pw in accounts))
    until = time.monotonic() + seconds
    await asyncio.gather(*(browse(client, until, times) for client in clients))
    every = [t for values in times.values() for t in values]
    summary: dict[str, Any] = {
        name: {
            "pages": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "max_ms": round(max(values), 1),
        }
        for name, values in times.items()
    }
    summary["all"] = {
        "pages": len(every),
        "pages_per_second": round(len(every) / seconds, 1),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
    }
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway_pages", description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--cities", type=int, default=30)
    args = parser.parse_args(argv)
    run = uuid.uuid4().hex[:8]
    common = {
        "MMC_ENVIRONMENT": "development",
        "MMC_TOPIC_PREFIX": f"bench-gw-{run}.",
        "MMC_LOG_JSON": "true",
        "MMC_LOG_LEVEL": "WARNING",
    }
    databases = {name: f"bench_gw_{name}_{run}" for name in ("cities", "board", "gateway")}
    with ExitStack() as stack:
        cities = start(
            "mmc_cities.app", {**common, "MMC_MONGODB_DATABASE": databases["cities"]}, stack
        )
        board = start(
            "mmc_board.app", {**common, "MMC_MONGODB_DATABASE": databases["board"]}, stack
        )
        gateway_env = {
            **common,
            "MMC_MONGODB_DATABASE": databases["gateway"],
            "MMC_CITIES_URL": cities,
            "MMC_BOARD_URL": board,
            "MMC_COOKIE_SECURE": "false",
            "MMC_THROTTLE_PER_ADDRESS": "1000",
        }
        gateway = start("mmc_gateway.app", gateway_env, stack)
        headers = {"Authorization": f"Bearer {TOKEN}", "X-MMC-Actor": "staff-bench0000"}
        for n in range(args.cities):
            body = {
                "name": f"Bench City {run} {n}",
                "country_code": "KE",
                "size_class": "secondary",
            }
            httpx.post(
                f"{cities}/cities", json=body, headers=headers, timeout=30
            ).raise_for_status()
        accounts = []
        for n in range(args.users):
            email = f"bench-{run}-{n}@mmc.example.org"
            made = subprocess.run(
                [sys.executable, "-m", "mmc_gateway.admin", "create-admin", "--email", email],
                env={**os.environ, **gateway_env},
                capture_output=True,
                text=True,
                check=True,
            )
            accounts.append((email, made.stdout.strip().rsplit(" ", 1)[-1]))
        summary = asyncio.run(measure(gateway, accounts, args.seconds))
    print(f"gateway pages, {args.users} concurrent users, {args.seconds:.0f} s:")
    for name, row in summary.items():
        print(f"  {name:<10} " + "  ".join(f"{k}={v}" for k, v in row.items()))
    print(json.dumps({"bench": "gateway_pages", "users": args.users, **summary}))
    if os.environ.get("MMC_BENCH_KEEP") != "1":
        from pymongo import MongoClient

        client: MongoClient[dict[str, Any]] = MongoClient(
            os.environ.get("MMC_MONGODB_URL", "mongodb://127.0.0.1:37017/")
        )
        for name in databases.values():
            client.drop_database(name)
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
