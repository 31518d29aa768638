"""The numbers of one run: combined across rounds, set side by side, compared with the targets."""

from __future__ import annotations

import json
from statistics import mean
from typing import Any

from bench.latency import pool_rounds, without_samples
from bench.memory import ROOT

LATEST = ROOT / ".local-infra" / "bench-latest.json"

WRITE_PATH_TARGET = 0.8  # platform ÷ raw commands per second, at least
PROJECTION_TARGET = 0.8  # platform ÷ raw events per second, at least
REBUILD_TARGET_SECONDS = 60.0  # (d) replaying 100,000 events, at most
REBUILD_TARGET_EVENTS = 100_000
P99_TARGET_MS = 250.0  # platform p99 at the main rate, at most

Rounds = dict[str, list[dict[str, Any]]]  # side -> one result per round


def _ratio(platform: float | None, raw: float | None) -> float | None:
    if platform is None or raw is None or raw == 0:
        return None
    return round(platform / raw, 3)


def _throughput(rounds: Rounds, target: float) -> dict[str, Any]:
    platform = mean(r["per_second"] for r in rounds["platform"])
    raw = mean(r["per_second"] for r in rounds["raw"])
    ratio = _ratio(platform, raw)
    return {
        "platform_per_second": round(platform, 1),
        "raw_per_second": round(raw, 1),
        "ratio": ratio,
        "target_ratio": target,
        "meets": ratio is not None and ratio >= target,
        "platform_rounds": [round(r["per_second"], 1) for r in rounds["platform"]],
        "raw_rounds": [round(r["per_second"], 1) for r in rounds["raw"]],
    }


def _memory(rounds: Rounds) -> dict[str, Any]:
    platform = max(r["peak_rss_mb"] for r in rounds["platform"])
    raw = max(r["peak_rss_mb"] for r in rounds["raw"])
    return {
        "platform_peak_mb": platform,
        "raw_peak_mb": raw,
        "ratio": _ratio(platform, raw),
        "platform_start_mb": max(r["rss_start_mb"] for r in rounds["platform"]),
        "raw_start_mb": max(r["rss_start_mb"] for r in rounds["raw"]),
        "platform_vm_hwm_mb": max(r["vm_hwm_mb"] for r in rounds["platform"]),
        "raw_vm_hwm_mb": max(r["vm_hwm_mb"] for r in rounds["raw"]),
    }


def _latency(platform: dict[str, Any], raw: dict[str, Any], phase: str) -> dict[str, Any]:
    mine, theirs = platform[phase], raw[phase]
    return {
        "rate": mine["rate"],
        "platform": mine,
        "raw": theirs,
        "p99_ratio": _ratio(mine["p99_ms"], theirs["p99_ms"]),
    }


def summarize(
    results: dict[str, Rounds], run: dict[str, Any], search: dict[str, Any] | None = None
) -> dict[str, Any]:
    platform_latency = pool_rounds(results["latency"]["platform"])
    raw_latency = pool_rounds(results["latency"]["raw"])
    latency_runs = results["latency"]
    details = results | {
        "latency": {side: [without_samples(r) for r in runs] for side, runs in latency_runs.items()}
    }
    main = _latency(platform_latency, raw_latency, "main")
    p99 = main["platform"]["p99_ms"]
    main |= {"target_p99_ms": P99_TARGET_MS, "meets": p99 is not None and p99 <= P99_TARGET_MS}
    latency: dict[str, Any] = {"main": main, "first_error": platform_latency["first_error"]}
    if search is not None:
        latency["search"] = search
    if "low" in platform_latency:
        latency["low"] = _latency(platform_latency, raw_latency, "low")
    platform_writes = results["write_path"]["platform"]
    return {
        "run": run,
        "write_path": _throughput(results["write_path"], WRITE_PATH_TARGET)
        | {
            "platform_failed": sum(r["failed"] for r in platform_writes),
            "raw_failed": sum(r["failed"] for r in results["write_path"]["raw"]),
            "platform_first_failure": next(
                (r["first_failure"] for r in platform_writes if r["first_failure"]), None
            ),
            "updates_not_stored": sum(r["updates_not_stored"] for r in platform_writes),
            "published_minus_succeeded": sum(
                r["published_minus_succeeded"] for r in platform_writes
            ),
            "documents_with_unpublished_events": sum(
                r["documents_with_unpublished_events"] for r in platform_writes
            ),
        },
        "steal": {
            scenario: {
                side: [r.get("steal_pct") for r in rounds[side]]
                for side in ("raw", "platform")
                if rounds.get(side)
            }
            for scenario, rounds in results.items()
        },
        "projection": _throughput(results["projection"], PROJECTION_TARGET),
        "rebuild": _rebuild(results.get("rebuild", {}).get("platform", [])),
        "latency": latency,
        "memory": {
            scenario: _memory(results[scenario])
            for scenario in ("write_path", "projection", "latency")
        },
        "details": details,
    }


def _rebuild(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    if not rounds:
        return {}
    result = rounds[0]
    full = result["events"] >= REBUILD_TARGET_EVENTS
    return {
        "events": result["events"],
        "seconds": round(result["seconds"], 1),
        "per_second": round(result["per_second"], 1),
        "failed": result["failed"],
        "documents": result["documents"],
        "peak_rss_mb": result["peak_rss_mb"],
        "target_seconds": REBUILD_TARGET_SECONDS,
        "meets": full and result["failed"] == 0 and result["seconds"] <= REBUILD_TARGET_SECONDS,
    }


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def _times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def _verdict(meets: bool) -> str:
    return "meets" if meets else "MISSES"


Row = tuple[str, str, str, str, str, str]


def _latency_rows(latency: dict[str, Any], drain: float, target: bool) -> list[Row]:
    mine, theirs, rate = latency["platform"], latency["raw"], latency["rate"]

    def ms(side: dict[str, Any], key: str) -> str:
        value = side[key]
        return f"> {drain * 1000:,.0f} ms" if value is None else f"{value:,.1f} ms"

    def ratio(key: str) -> str:
        return _times(_ratio(mine[key], theirs[key]))

    def row(label: str, key: str, target: str = "", verdict: str = "") -> Row:
        mine_ms, theirs_ms = ms(mine, key), ms(theirs, key)
        ratio = _times(_ratio(mine[key], theirs[key]))
        return (f"(c) latency {label} at {rate:g}/s", mine_ms, theirs_ms, ratio, target, verdict)

    p99 = row("p99", "p99_ms")
    if target:
        p99 = row("p99", "p99_ms", f"≤ {P99_TARGET_MS:.0f} ms", _verdict(latency["meets"]))
    return [
        row("p50", "p50_ms"),
        p99,
        row("max", "max_ms"),
        (
            f"(c) through/sent (failed) at {rate:g}/s",
            f"{mine['received']}/{mine['sent']} ({mine['errors']})",
            f"{theirs['received']}/{theirs['sent']} ({theirs['errors']})",
            "",
            "",
            "",
        ),
    ]


def render(summary: dict[str, Any]) -> str:
    run = summary["run"]
    w, p, lat, mem = (summary[k] for k in ("write_path", "projection", "latency", "memory"))
    rows: list[Row] = [
        (
            f"(a) write path, commands/s ({run['concurrency']} in flight)",
            _number(w["platform_per_second"]),
            _number(w["raw_per_second"]),
            _times(w["ratio"]),
            f"≥ {WRITE_PATH_TARGET:.2f}×",
            _verdict(w["meets"]),
        ),
        (
            "(b) projection, events/s",
            _number(p["platform_per_second"]),
            _number(p["raw_per_second"]),
            _times(p["ratio"]),
            f"≥ {PROJECTION_TARGET:.2f}×",
            _verdict(p["meets"]),
        ),
    ]
    rebuilt = summary.get("rebuild") or {}
    if rebuilt:
        rows.append(
            (
                f"(d) rebuild of {rebuilt['events']:,} events, s ({rebuilt['per_second']:,.0f}/s)",
                f"{rebuilt['seconds']:,.1f}",
                "",
                "",
                f"≤ {REBUILD_TARGET_SECONDS:.0f} s for {REBUILD_TARGET_EVENTS:,}",
                _verdict(rebuilt["meets"]),
            )
        )
    rows += _latency_rows(lat["main"], run["drain_seconds"], target=True)
    if "low" in lat:
        rows += _latency_rows(lat["low"], run["drain_seconds"], target=False)
    if "search" in lat:
        best, at_least = lat["search"]["rate"], lat["search"]["at_least"]
        shown = "none tried" if best is None else f"{'≥ ' if at_least else ''}{best:g}/s"
        rows.append((f"(c) highest rate with p99 ≤ {P99_TARGET_MS:.0f} ms", shown, "", "", "", ""))
    for scenario, label in (("write_path", "(a)"), ("projection", "(b)"), ("latency", "(c)")):
        m = mem[scenario]
        rows.append(
            (
                f"(e) peak RSS of {label}, MB (at measure start)",
                f"{m['platform_peak_mb']:.0f} ({m['platform_start_mb']:.0f})",
                f"{m['raw_peak_mb']:.0f} ({m['raw_start_mb']:.0f})",
                _times(m["ratio"]),
                "",
                "",
            )
        )
    header: Row = ("scenario", "platform", "raw baseline", "ratio", "target", "")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in rows]
    details = summary["details"]["write_path"]
    lines += [
        "",
        f"(a) per round: platform {w['platform_rounds']} raw {w['raw_rounds']} commands/s;"
        f" commands done: platform {[r['commands'] for r in details['platform']]}"
        f" raw {[r['commands'] for r in details['raw']]}"
        f" (failed: platform {w['platform_failed']}, raw {w['raw_failed']});"
        f" CPU ms per command in the client process: platform"
        f" {[r.get('cpu_ms_per_command') for r in details['platform']]}"
        f" raw {[r.get('cpu_ms_per_command') for r in details['raw']]}",
        f"(a) platform consistency: updates not stored {w['updates_not_stored']},"
        f" events published minus commands succeeded {w['published_minus_succeeded']:+d},"
        f" documents with unpublished events {w['documents_with_unpublished_events']}",
        f"(b) per round: platform {p['platform_rounds']} raw {p['raw_rounds']} events/s",
        f"(c) p99 per round at {lat['main']['rate']:g}/s (the table pools the rounds' samples):"
        f" platform {lat['main']['platform']['rounds_p99_ms']}"
        f" raw {lat['main']['raw']['rounds_p99_ms']} ms",
    ]
    for floor in details.get("raw_outbox", []):
        rate, raw_rate = floor["per_second"], w["raw_per_second"]
        lines.append(
            f"(a) the outbox's floor: raw with the event stored beside the state in the same"
            f" update {rate:,.1f} commands/s = {rate / raw_rate:.2f}× raw; the platform"
            f" {w['platform_per_second'] / rate:.2f}× that"
        )
    for r in details["platform"]:
        if "round_trips" in r and r["commands"]:
            per = {k: round(v / r["commands"], 3) for k, v in r["round_trips"]["during"].items()}
            lines.append(
                f"(a) platform database commands per command while measured: {per};"
                f" after it (idle trims, the bench's polls): {r['round_trips']['trims_after']}"
            )
    if w["platform_first_failure"]:
        lines.append(f"(a) first platform failure: {w['platform_first_failure']}")
    if lat["first_error"]:
        lines.append(f"(c) first platform failure: {lat['first_error']}")
    for phase in ("main", "low"):
        if phase in lat and lat[phase]["platform"].get("answered_p50_ms") is not None:
            mine = lat[phase]["platform"]
            lines.append(
                f"(c) at {mine['rate']:g}/s the command answered (state and outbox stored) at"
                f" p50 {mine['answered_p50_ms']:,.1f} / p99 {mine['answered_p99_ms']:,.1f} ms;"
                f" the rest, to the projection, is the relay, the broker and the consumer"
            )
    if "search" in lat:
        tried = ", ".join(
            f"{rate:g}/s: {'> drain' if p99 is None else f'{p99:,.0f} ms'}"
            for rate, p99 in lat["search"]["tried"]
        )
        lines.append(f"(c) rate search, platform p99 per rate tried: {tried}")
    stolen = summary.get("steal")
    if stolen:
        lines.append(
            "machine: CPU stolen by the hypervisor while each side ran, % (a noisy neighbour"
            f" slows both sides, not their ratio alone): {stolen}"
        )
    hwm = {s: (m["platform_vm_hwm_mb"], m["raw_vm_hwm_mb"]) for s, m in mem.items()}
    lines.append(f"(e) cross-check, VmHWM platform/raw MB: {hwm}")
    code = run.get("code", {})
    lines.append(
        f"code: HEAD {code.get('head')}, uncommitted in chassis/contracts/cities:"
        f" {code.get('uncommitted') or 'none'}; wall {run['wall_seconds']}s"
    )
    return "\n".join(lines)


def publish(summary: dict[str, Any]) -> str:
    """The table and the JSON line; the JSON is also kept in .local-infra (not tracked)."""
    text = json.dumps(summary, sort_keys=True)
    LATEST.parent.mkdir(parents=True, exist_ok=True)
    LATEST.write_text(text + "\n")
    return render(summary) + "\n\nBENCH_JSON " + text + f"\n(written to {LATEST})"
