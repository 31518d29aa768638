"""`python -m bench.backlog`: the outbox backlog in `/metrics` while the cities service is under
write load, then drained: the service runs as its own process (development settings, topics
and database of its own), commands go in at a fixed concurrency for `--seconds`, and /metrics
is scraped every `--every` seconds throughout and for `--drain` seconds after.

Prints one line per scrape (time, commands done, backlog, oldest entry age, published) and a
summary JSON line with the peak backlog and when it was back to zero.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.memory import ROOT


def sample(text: str) -> dict[str, float]:
    wanted = {"mmc_outbox_backlog", "mmc_outbox_oldest_entry_age_seconds", "mmc_outbox_published"}
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name in wanted:
            found[family.name] = sum(
                s.value for s in family.samples if s.name.endswith(("backlog", "seconds", "total"))
            )
    return found


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.backlog", description=__doc__)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--every", type=float, default=0.25)
    parser.add_argument("--drain", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=18181)
    args = parser.parse_args(argv)
    tag = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "MMC_ENVIRONMENT": "development",
        "MMC_HTTP_PORT": str(args.port),
        "MMC_TOPIC_PREFIX": f"backlog_{tag}.",
        "MMC_MONGODB_DATABASE": f"backlog_{tag}",
        "MMC_SERVICE_NAME": f"backlog-{tag}",
        "MMC_LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "mmc_cities.app", env=env, cwd=ROOT
    )
    url = f"http://127.0.0.1:{args.port}"
    headers = {"Authorization": "Bearer development-only-token", "X-MMC-Actor": "bench"}
    done = 0
    try:
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
            for _ in range(240):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.25)
            started = time.monotonic()
            stop_at = started + args.seconds

            async def writer(worker: int) -> None:
                nonlocal done
                n = 0
                while time.monotonic() < stop_at:
                    n += 1
                    body = {
                        "name": f"Bench {worker}-{n}",
                        "country_code": "KE",
                        "size_class": "secondary",
                    }
                    response = await client.post("/cities", json=body)
                    if response.status_code == 201:
                        done += 1

            series: list[dict[str, float]] = []

            async def scraper() -> None:
                end = stop_at + args.drain
                while time.monotonic() < end:
                    values = sample((await client.get("/metrics")).text)
                    values |= {"t": round(time.monotonic() - started, 2), "done": done}
                    series.append(values)
                    print(json.dumps(values), flush=True)
                    await asyncio.sleep(args.every)

            await asyncio.gather(scraper(), *(writer(i) for i in range(args.concurrency)))
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)
    backlogs = [s.get("mmc_outbox_backlog", 0.0) for s in series]
    peak = max(backlogs)
    peak_at = series[backlogs.index(peak)]["t"]
    zero_after = next(
        (s["t"] for s in series if s["t"] > args.seconds and s.get("mmc_outbox_backlog") == 0), None
    )
    print(
        json.dumps(
            {
                "commands": done,
                "seconds": args.seconds,
                "scrapes": len(series),
                "peak_backlog": peak,
                "peak_at": peak_at,
                "peak_oldest_age": max(
                    s.get("mmc_outbox_oldest_entry_age_seconds", 0.0) for s in series
                ),
                "nonzero_scrapes": sum(1 for b in backlogs if b > 0),
                "zero_again_at": zero_after,
                "published": series[-1].get("mmc_outbox_published", 0.0),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
