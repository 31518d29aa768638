"""(c)'s rounds pooled: percentiles over every round's samples, missing commands counted slowest."""

from __future__ import annotations

from typing import Any

from bench.latency import ANSWERED, SAMPLES, pool_rounds, without_samples


def phase(latencies: list[float], sent: int, p99: float) -> dict[str, Any]:
    return {
        "sent": sent,
        "errors": 0,
        "rate": 200.0,
        "achieved_rate": 199.0,
        "p99_ms": p99,
        SAMPLES: sorted(latencies),
        ANSWERED: [0.001] * len(latencies),
    }


def test_percentiles_are_taken_over_the_samples_of_every_round() -> None:
    quick = phase([0.010] * 99 + [0.500], 100, 500.0)  # one outlier in 100: its p99 is 10 ms
    slow = phase([0.020] * 98 + [0.300, 0.400], 100, 300.0)
    pooled = pool_rounds([{"main": quick, "first_error": None}, {"main": slow, "first_error": "E"}])
    main = pooled["main"]
    assert (main["sent"], main["received"], main["missing"]) == (200, 200, 0)
    assert main["p50_ms"] == 20.0  # 99 of 10 ms, then 98 of 20 ms: the 100th is 20 ms
    assert main["p99_ms"] == 300.0  # the 198th of 200
    assert main["max_ms"] == 500.0
    assert main["rounds_p99_ms"] == [500.0, 300.0]
    assert pooled["first_error"] == "E"


def test_a_missing_command_counts_as_slower_than_any_other() -> None:
    arrived = phase([0.010] * 95, 100, None)  # type: ignore[arg-type]
    main = pool_rounds([{"main": arrived, "first_error": None}])["main"]
    assert (main["received"], main["missing"]) == (95, 5)
    assert main["p99_ms"] is None
    assert main["max_ms"] is None
    assert main["p90_ms"] == 10.0


def test_the_report_keeps_no_samples() -> None:
    side = {"main": phase([0.01], 1, 10.0), "peak_rss_mb": 80.0}
    kept = without_samples(side)
    assert SAMPLES not in kept["main"]
    assert ANSWERED not in kept["main"]
    assert kept["peak_rss_mb"] == 80.0
