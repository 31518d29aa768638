"""Load the demo cities (the founding Leadership Board's cities and more) into a running service.

    python -m mmc_cities.demo.load --url http://127.0.0.1:8101 [--token TOKEN] [--file FILE]

Posts the CSV to `POST /cities/import` and prints the import report as one JSON line. Running it
again changes nothing: every city is reported as a duplicate.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import httpx

from mmc_chassis.settings import DEVELOPMENT_API_TOKEN

DEFAULT_URL = "http://127.0.0.1:8101"


def demo_csv() -> bytes:
    return resources.files("mmc_cities.demo").joinpath("cities.csv").read_bytes()


def load(url: str, token: str, data: bytes, actor: str = "demo-loader") -> dict[str, object]:
    """Import `data` (CSV) into the cities service at `url`; the import report."""
    with httpx.Client(base_url=url, timeout=httpx.Timeout(120.0, connect=5.0)) as client:
        response = client.post(
            "/cities/import",
            files={"file": ("cities.csv", data, "text/csv")},
            headers={"Authorization": f"Bearer {token}", "X-MMC-Actor": actor},
        )
    response.raise_for_status()
    report: dict[str, object] = response.json()
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmc_cities.demo.load", description="Load the demo cities."
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("MMC_CITIES_URL", DEFAULT_URL),
        help=f"the cities service (default: $MMC_CITIES_URL or {DEFAULT_URL})",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("MMC_API_TOKEN", DEVELOPMENT_API_TOKEN),
        help="the API token (default: $MMC_API_TOKEN, else the development token)",
    )
    parser.add_argument("--file", type=Path, help="a CSV file to load instead of the demo cities")
    parser.add_argument("--actor", default="demo-loader", help="who loads, for the record")
    args = parser.parse_args(argv)
    data = args.file.read_bytes() if args.file else demo_csv()
    try:
        report = load(args.url, args.token, data, args.actor)
    except httpx.HTTPStatusError as error:
        print(
            f"the import failed: {error.response.status_code} {error.response.text}",
            file=sys.stderr,
        )
        return 1
    except httpx.HTTPError as error:
        print(f"cannot reach the cities service at {args.url}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
