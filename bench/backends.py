"""`python -m bench.backends [bench options]`: the bench on each FerretDB backend from one run.

First against the Kafka and MongoDB given (`MMC_KAFKA_BOOTSTRAP_SERVERS`, `MMC_MONGODB_URL`;
`make bench` starts the default backend's), labelled with `MMC_FERRETDB_BACKEND` (default
postgresql); then against FerretDB over the other backend, started for the run on ports of its
own in a state directory of its own (`deploy/local/infra.sh up`) and stopped at the end with
the same variables, so no infrastructure anyone else uses is touched. Each backend's table is
printed under its name; raw and platform of one table ran side by side on the same broker and
database, so the ratios are what compare across backends on a shared machine.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

from bench.memory import ROOT

BACKLOG_ARGS = ("--seconds", "8", "--every", "1", "--drain", "8")
INFRA = ROOT / "deploy" / "local" / "infra.sh"
SIDE_INFRA: dict[str, dict[str, str]] = {
    "sqlite": {
        "MMC_STATE_DIR": "/var/tmp/mmc-perf-sqlite",
        "MMC_KAFKA_PORT": "49092",
        "MMC_KAFKA_CONTROLLER_PORT": "49093",
        "MMC_FERRETDB_PORT": "47017",
        "MMC_POSTGRES_PORT": "45432",
        "MMC_FERRETDB_BACKEND": "sqlite",
    },
    "postgresql": {
        "MMC_STATE_DIR": "/var/tmp/mmc-perf-pg",
        "MMC_KAFKA_PORT": "49192",
        "MMC_KAFKA_CONTROLLER_PORT": "49193",
        "MMC_FERRETDB_PORT": "47117",
        "MMC_POSTGRES_PORT": "45532",
        "MMC_FERRETDB_BACKEND": "postgresql",
    },
}


def bench(label: str, env: dict[str, str], argv: list[str]) -> str:
    print(f"bench: --- FerretDB over {label} ---", file=sys.stderr, flush=True)
    completed = subprocess.run(
        [sys.executable, "-m", "bench", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return f"the bench failed on {label} (exit {completed.returncode})"
    return completed.stdout.strip() + "\n\n" + backlog(env)


def backlog(env: dict[str, str]) -> str:
    """The outbox backlog from `/metrics` of the cities service under load, then drained."""
    port = str(18000 + random.randrange(1000))
    completed = subprocess.run(
        [sys.executable, "-m", "bench.backlog", *BACKLOG_ARGS, "--port", port],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
        timeout=300,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        return f"/metrics backlog: the scenario failed (exit {completed.returncode})"
    scrapes = [json.loads(line) for line in lines[:-1]]
    shown = ", ".join(
        f"{s['t']:.0f}s:{s.get('mmc_outbox_backlog', 0):.0f}"
        f"/{s.get('mmc_outbox_oldest_entry_age_seconds', 0):.1f}s"
        for s in scrapes
    )
    return f"/metrics while 8 s of commands then 8 s idle (t: backlog/oldest age): {shown}\n" + (
        f"/metrics summary: {lines[-1]}"
    )


def main() -> None:
    argv = sys.argv[1:]
    given = os.environ.get("MMC_FERRETDB_BACKEND", "postgresql")
    other = "sqlite" if given == "postgresql" else "postgresql"
    tables = [(given, bench(given, dict(os.environ), argv))]
    side = dict(os.environ) | SIDE_INFRA[other]
    side["MMC_KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{side['MMC_KAFKA_PORT']}"
    side["MMC_MONGODB_URL"] = f"mongodb://127.0.0.1:{side['MMC_FERRETDB_PORT']}/"
    try:
        subprocess.run([str(INFRA), "up"], env=side, check=True, stdout=sys.stderr)
        tables.append((other, bench(other, side, argv)))
    finally:
        subprocess.run([str(INFRA), "down"], env=side, check=False, stdout=sys.stderr)
    for label, table in tables:
        print(f"=== FerretDB over {label} ===\n{table}\n")


if __name__ == "__main__":
    main()
