"""`python -m bench`: every scenario, platform next to raw, then the table and a JSON line."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from aiokafka.errors import KafkaError
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from bench.common import Params, delete_topics_with_prefix
from bench.latency import pool_rounds
from bench.memory import ROOT, run_side
from bench.report import P99_TARGET_MS, Rounds, publish, summarize

SIDE_TIMEOUT = 300.0
SEARCH_SAMPLES = 200  # commands in a rate search's measured run, at least (up to 20 s)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--commands", type=int, default=4000, help="commands measured in (a)")
    parser.add_argument("--concurrency", type=int, default=32, help="commands in flight in (a)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=30.0,
        help="(a) starts no new command after this long; the rate counts those done (0: none)",
    )
    parser.add_argument("--events", type=int, default=1000, help="events measured in (b)")
    parser.add_argument(
        "--rebuild-events", type=int, default=100_000, help="events replayed in (d) (0: none)"
    )
    parser.add_argument("--rate", type=float, default=200.0, help="commands per second in (c)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds of (c)")
    parser.add_argument(
        "--low-rate", type=float, default=10.0, help="(c) also measured at this rate (0: not)"
    )
    parser.add_argument("--drain", type=float, default=10.0, help="seconds (c) waits at the end")
    parser.add_argument(
        "--search-steps",
        type=int,
        default=6,
        help="(c) runs at most this many more rates for the highest with p99 within target (0: no)",
    )
    parser.add_argument(
        "--search-seconds", type=float, default=6.0, help="measured seconds of each search run"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="rounds of (a), (b), (c): raw, platform, platform, raw (the machine's drift cancels)",
    )
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--profile", type=Path, help="write a cProfile of each measured part here")
    args = parser.parse_args(argv)
    if args.quick:
        args.commands, args.events, args.seconds, args.low_rate, args.drain = 200, 200, 3, 0, 5
        args.rebuild_events, args.search_steps = 1000, 0
    return args


def order(rounds: int) -> list[str]:
    """raw, platform, platform, raw, ...: neither side always runs first."""
    sides: list[str] = []
    for r in range(rounds):
        sides += ["raw", "platform"] if r % 2 == 0 else ["platform", "raw"]
    return sides


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Run:
    """One run: its own topics and databases, removed at the end."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.kafka = os.environ.get("MMC_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:39092")
        self.mongodb_url = os.environ.get("MMC_MONGODB_URL", "mongodb://127.0.0.1:37017/")
        self.id = uuid.uuid4().hex[:8]
        self.database_prefix = f"bench_{self.id}"
        self.topic_prefix = f"bench-{self.id}-"
        self.databases: set[str] = set()
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        say(f"run {self.id}: Kafka {self.kafka}, MongoDB {self.mongodb_url}")
        self.templates = self.side("samples", "templates", self.params("samples", "t"))
        for key in ("peak_rss_mb", "vm_hwm_mb"):
            self.templates.pop(key)

    def params(self, scenario: str, tag: str, **options: Any) -> Params:
        if self.args.profile:
            options["profile"] = str(self.args.profile.resolve() / f"{scenario}-{tag}.prof")
        database = f"{self.database_prefix}_{scenario[0]}{tag}"
        self.databases.add(database)
        return Params(
            kafka=self.kafka,
            mongodb_url=self.mongodb_url,
            database=database,
            topic_prefix=f"{self.topic_prefix}{scenario[0]}{tag}.",
            tag=tag,
            options=options,
        )

    def side(self, module: str, side: str, params: Params) -> dict[str, Any]:
        started = time.perf_counter()
        result = run_side(module, side, params, SIDE_TIMEOUT)
        keys = ("per_second", "commands", "failed", "peak_rss_mb", "seconds")
        shown = {k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}
        shown = {k: v for k, v in shown.items() if k in keys}
        for phase in ("low", "main"):
            if phase in result:
                shown[f"{phase} p99_ms"] = result[phase]["p99_ms"]
        say(f"{module} {side} ({params.tag}): {shown} in {time.perf_counter() - started:.0f}s")
        return result

    def write_path(self) -> Rounds:
        results: Rounds = {"platform": [], "raw": []}

        def params(tag: str) -> Params:
            return self.params(
                "write_path",
                tag,
                commands=self.args.commands,
                warmup=max(50, self.args.commands // 10),
                concurrency=self.args.concurrency,
                max_seconds=self.args.max_seconds,
                templates=self.templates,
            )

        for i, side in enumerate(order(self.args.rounds)):
            measured = params(f"{i}{side[0]}")
            if side == "raw":
                self.side("samples", "indexes", measured)
            results[side].append(self.side("write_path", side, measured))
        floor = params("fo")
        self.side("samples", "indexes", floor)
        results["raw_outbox"] = [self.side("write_path", "raw_outbox", floor)]
        return results

    def projection(self) -> Rounds:
        results: Rounds = {"platform": [], "raw": []}
        prepared = self.params(
            "projection",
            "all",
            events=self.args.events,
            warmup=max(100, self.args.events // 10),
            commit_every=500,
        )
        self.side("projection", "prepare", prepared)
        for i, side in enumerate(order(self.args.rounds)):
            # The same topic and database for every round; a group and a collection each.
            tag = f"{i}{side[0]}"
            options = dict(prepared.options)
            if self.args.profile:
                options["profile"] = str(self.args.profile.resolve() / f"projection-{tag}.prof")
            params = replace(prepared, tag=tag, options=options)
            results[side].append(self.side("projection", side, params))
        return results

    def rebuild(self) -> Rounds:
        """(d): the platform alone (the target is absolute); the raw list stays empty."""
        results: Rounds = {"platform": [], "raw": []}
        if self.args.rebuild_events <= 0:
            return results
        params = self.params("rebuild", "p", warmup=0, events=self.args.rebuild_events, batch=500)
        prepared = self.side("rebuild", "prepare", params)
        say(f"rebuild: {prepared['produced']:,} events produced")
        results["platform"].append(self.side("rebuild", "platform", params))
        return results

    def latency(self) -> Rounds:
        results: Rounds = {"platform": [], "raw": []}
        for i, side in enumerate(order(self.args.rounds)):
            params = self.params(
                "latency",
                f"{i}{side[0]}",
                rate=self.args.rate,
                low_rate=self.args.low_rate,
                seconds=self.args.seconds,
                warmup_seconds=min(2.0, self.args.seconds),
                drain_seconds=self.args.drain,
                templates=self.templates,
            )
            results[side].append(self.side("latency", side, params))
        return results

    def rate_search(self, measured: dict[str, Any]) -> dict[str, Any]:
        """(c)'s highest rate with a platform p99 within target. The main and low runs are
        the first bounds (below the lowest failing rate, halving until one passes); then
        geometric bisection. Each try is a platform run of its own, long enough for at least
        `SEARCH_SAMPLES` commands (a p99 of fewer is one outlier), at most 20 s."""

        def passes(p99: float | None) -> bool:
            return p99 is not None and p99 <= P99_TARGET_MS

        tried: list[tuple[float, float | None]] = [
            (rate, measured[phase]["p99_ms"])
            for phase, rate in (("main", self.args.rate), ("low", self.args.low_rate))
            if phase in measured
        ]
        passed = max((rate for rate, p99 in tried if passes(p99)), default=None)
        failed = min((rate for rate, p99 in tried if not passes(p99)), default=None)
        if failed is None or self.args.search_steps <= 0:
            return {"rate": passed, "at_least": failed is None, "tried": tried}
        for step in range(self.args.search_steps):
            if passed is not None and failed / passed < 1.25:
                break  # close enough for a noisy machine
            rate = failed / 2 if passed is None else (passed * failed) ** 0.5
            if rate < 1:
                break
            seconds = min(20.0, max(self.args.search_seconds, SEARCH_SAMPLES / rate))
            params = self.params(
                "latency",
                f"s{step}",
                rate=rate,
                low_rate=0,
                seconds=seconds,
                warmup_seconds=2.0,
                drain_seconds=min(self.args.drain, 5.0),
                templates=self.templates,
            )
            p99 = self.side("latency", "platform", params)["main"]["p99_ms"]
            tried.append((round(rate, 1), p99))
            if passes(p99):
                passed = rate
            else:
                failed = rate
        return {
            "rate": None if passed is None else round(passed, 1),
            "at_least": False,
            "tried": tried,
        }

    def clean_up(self) -> None:
        """Drop the run's databases by name (FerretDB's `listDatabases` can take minutes when
        it holds many) and delete its topics; a failure is reported, not raised."""
        client: MongoClient[dict[str, Any]] = MongoClient(
            self.mongodb_url, serverSelectionTimeoutMS=5000, socketTimeoutMS=60_000
        )
        dropped = 0
        try:
            for name in sorted(self.databases):
                try:
                    client.drop_database(name)
                    dropped += 1
                except PyMongoError as error:
                    say(f"could not drop database {name}: {error}")
        finally:
            client.close()
        try:
            topics = asyncio.run(
                asyncio.wait_for(delete_topics_with_prefix(self.kafka, (self.topic_prefix,)), 60)
            )
        except (TimeoutError, KafkaError) as error:
            say(f"could not delete the topics {self.topic_prefix}*: {error!r}")
            topics = 0
        say(f"removed {dropped} databases and {topics} topics")


def code_state() -> dict[str, Any]:
    """Which code was measured: others change the repository while runs go on (read only)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", *args],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = git("status", "--porcelain", "--", "chassis", "contracts", "services/cities")
    return {"head": git("rev-parse", "--short", "HEAD"), "uncommitted": changed.splitlines()}


def main() -> None:
    args = parse()
    started = time.perf_counter()
    run = Run(args)
    try:
        results = {
            "write_path": run.write_path(),
            "projection": run.projection(),
            "latency": run.latency(),
        }
        search = run.rate_search(pool_rounds(results["latency"]["platform"]))
        # Last: its 100,000 events and 25,000 documents leave the database busy for a while
        # (checkpoints, autovacuum), which would show as (c)'s latency.
        results["rebuild"] = run.rebuild()
    finally:
        run.clean_up()
    info = {
        "id": run.id,
        "kafka": run.kafka,
        "commands": args.commands,
        "concurrency": args.concurrency,
        "max_seconds": args.max_seconds,
        "events": args.events,
        "rebuild_events": args.rebuild_events,
        "rate": args.rate,
        "low_rate": args.low_rate,
        "seconds": args.seconds,
        "drain_seconds": args.drain,
        "rounds": args.rounds,
        "quick": args.quick,
        "wall_seconds": round(time.perf_counter() - started, 1),
        "python": sys.version.split()[0],
        "code": code_state(),
    }
    print(publish(summarize(results, info, search)))


if __name__ == "__main__":
    main()
