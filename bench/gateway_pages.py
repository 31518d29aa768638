"""`python -m bench.gateway_pages`: the gateway's page times with concurrent signed-in users.

Starts the cities, board, advocacy, outreach and gateway services as processes on free ports
(topics and databases of their own, on the broker and database of
`MMC_KAFKA_BOOTSTRAP_SERVERS` / `MMC_MONGODB_URL`), registers a few cities, creates one account
per user, then each user signs in and loads the dashboard and the cities list (`--pages`) in a
loop for `--seconds`. Then as many clients, for as long, make the underlying service calls
themselves, as the gateway makes them: the cities list's one call to cities, and the
dashboard's ten calls to cities, board, advocacy and outreach at once (a dashboard "call" lasts
until the slowest answered, as the page waits for it). Prints p50, p95 and max per page and per
underlying call, side by side, and one JSON line.
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


async def browse(
    client: httpx.AsyncClient, until: float, times: dict[str, list[float]], names: list[str]
) -> None:
    listed = await client.get("/cities")
    city = re.findall(r'href="(/cities/[0-9a-f]{32})"', listed.text)[0]
    pages = {"dashboard": "/", "cities": "/cities", "city": city, "board": "/board"}
    while time.monotonic() < until:
        for name in names:
            started = time.perf_counter()
            response = await client.get(pages[name])
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, f"{pages[name]}: {response.status_code}"
            times[name].append(elapsed * 1000)
    await client.aclose()


# What the pages ask the services (mmc_gateway.pages.home / .attention / .cities): per page,
# (service, path, query) made at once; the page waits for the slowest.
OPEN_INQUIRIES = ("received", "triaged", "assigned")
UNDERLYING: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "dashboard": [
        ("board", "/vacancies", {"status": "open", "limit": 1}),
        ("board", "/rounds", {"status": "open", "limit": 1}),
        ("board", "/nominations", {"status": "received", "limit": 1}),
        ("cities", "/assistance-requests", {"status": "received", "limit": 1}),
        ("board", "/board", {}),
        ("advocacy", "/materials", {"status": "in_review", "limit": 100}),
        ("advocacy", "/policy-moments", {"limit": 200}),
        *(("outreach", "/inquiries", {"status": s, "limit": 200}) for s in OPEN_INQUIRIES),
        ("outreach", "/funding/connections", {"limit": 200}),
    ],
    "cities": [("cities", "/cities", {"limit": 50, "offset": 0})],
}


async def call_services(
    urls: dict[str, str], until: float, times: dict[str, list[float]], names: list[str]
) -> None:
    """One user's loop of the pages' service calls, made directly (as the gateway does)."""
    headers = {"Authorization": f"Bearer {TOKEN}", "X-MMC-Actor": "staff-bench0000"}
    # Idle connections are dropped before uvicorn's 5 s keep-alive ends: a request sent on
    # a connection the server is closing fails with a ReadError.
    limits = httpx.Limits(keepalive_expiry=2.0)
    async with httpx.AsyncClient(timeout=30, headers=headers, limits=limits) as client:

        async def one(service: str, path: str, query: dict[str, Any]) -> None:
            response = await client.get(urls[service] + path, params=query)
            assert response.status_code == 200, f"{service} {path}: {response.status_code}"

        while time.monotonic() < until:
            for name in names:
                started = time.perf_counter()
                await asyncio.gather(*(one(*call) for call in UNDERLYING[name]))
                times[name].append((time.perf_counter() - started) * 1000)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summarize(times: dict[str, list[float]], seconds: float, unit: str) -> dict[str, Any]:
    """p50, p95 and max per name and overall; `unit` names what was counted."""
    every = [t for values in times.values() for t in values]
    summary: dict[str, Any] = {
        name: {
            unit: len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "max_ms": round(max(values), 1),
        }
        for name, values in times.items()
    }
    summary["all"] = {
        unit: len(every),
        f"{unit}_per_second": round(len(every) / seconds, 1),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
    }
    return summary


async def measure(
    url: str,
    accounts: list[tuple[str, str]],
    seconds: float,
    names: list[str],
    services: dict[str, str],
) -> dict[str, Any]:
    """The pages through the gateway, then the same users making the pages' service calls."""
    times: dict[str, list[float]] = {name: [] for name in names}
    clients = await asyncio.gather(*(signed_in(url, email, pw) for email, pw in accounts))
    until = time.monotonic() + seconds
    await asyncio.gather(*(browse(client, until, times, names) for client in clients))
    pages = summarize(times, seconds, "pages")
    calls: dict[str, list[float]] = {name: [] for name in names if name in UNDERLYING}
    until = time.monotonic() + seconds
    await asyncio.gather(*(call_services(services, until, calls, list(calls)) for _ in accounts))
    return {"pages": pages, "underlying": summarize(calls, seconds, "rounds")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway_pages", description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--cities", type=int, default=30)
    parser.add_argument(
        "--pages",
        default="dashboard,cities",
        help="pages each user loads in turn, of dashboard, cities, city, board",
    )
    args = parser.parse_args(argv)
    run = uuid.uuid4().hex[:8]
    common = {
        "MMC_ENVIRONMENT": "development",
        "MMC_TOPIC_PREFIX": f"bench-gw-{run}.",
        "MMC_LOG_JSON": "true",
        "MMC_LOG_LEVEL": "WARNING",
    }
    names = [name.strip() for name in args.pages.split(",") if name.strip()]
    services = ("cities", "board", "advocacy", "outreach")
    databases = {name: f"bench_gw_{name}_{run}" for name in (*services, "gateway")}
    with ExitStack() as stack:
        urls = {
            name: start(
                f"mmc_{name}.app", {**common, "MMC_MONGODB_DATABASE": databases[name]}, stack
            )
            for name in services
        }
        cities = urls["cities"]
        gateway_env = {
            **common,
            "MMC_MONGODB_DATABASE": databases["gateway"],
            **{f"MMC_{name.upper()}_URL": url for name, url in urls.items()},
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
        summary = asyncio.run(measure(gateway, accounts, args.seconds, names, urls))
    for part, title in (("pages", "gateway pages"), ("underlying", "underlying service calls")):
        print(f"{title}, {args.users} concurrent users, {args.seconds:.0f} s:")
        for name, row in summary[part].items():
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
