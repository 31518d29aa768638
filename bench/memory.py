"""One process per measured part: its peak memory, its optional profile, its result line.

The orchestrator starts `python -m bench.<scenario> <side> <params>`; the side runs, then prints
one line `RESULT {json}` with its numbers and `resource.getrusage(RUSAGE_SELF).ru_maxrss` (the
process' peak resident set) taken from within. The RSS just before the measured phase is
reported too, so what the workload itself adds can be told apart from what the imports cost.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from bench.common import Params, quiet_logging

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "RESULT "

Side = Callable[[Params], Coroutine[Any, Any, dict[str, Any]]]


def peak_rss_mb() -> float:
    """The peak resident set of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def high_water_mb() -> float:
    """The kernel's high-water mark of this process image's RSS (`VmHWM`): unlike `ru_maxrss`,
    it starts afresh at `exec`, so it cross-checks that the parent did not inflate the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class Measured:
    """The measured phase of a side: RSS at its start, and a cProfile of it if asked for."""

    def __init__(self, params: Params) -> None:
        self._profile_path: str | None = params.options.get("profile")
        self._profiler: cProfile.Profile | None = None
        self.rss_start_mb = 0.0
        self.cpu_seconds = 0.0
        """CPU (user and system) this process spent in the measured phase."""

    def __enter__(self) -> Measured:
        self.rss_start_mb = current_rss_mb()
        self.cpu_seconds = -time.process_time()
        if self._profile_path:
            self._profiler = cProfile.Profile()
            self._profiler.enable()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.cpu_seconds += time.process_time()
        if self._profiler is not None and self._profile_path:
            self._profiler.disable()
            self._profiler.dump_stats(self._profile_path)


def side_main(sides: Mapping[str, Side]) -> None:
    """`python -m bench.<scenario> <side> <params-json>`: run it, print its result line."""
    if len(sys.argv) != 3 or sys.argv[1] not in sides:
        raise SystemExit(f"usage: python -m {sys.argv[0]} {{{','.join(sides)}}} PARAMS_JSON")
    quiet_logging()
    params = Params.from_json(sys.argv[2])
    result = asyncio.run(sides[sys.argv[1]](params))
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    result["vm_hwm_mb"] = round(high_water_mb(), 1)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def cpu_ticks() -> tuple[int, int]:
    """The machine's CPU ticks so far (`/proc/stat`): stolen, and all. On a virtual machine the
    hypervisor may give the CPU to others meanwhile; that shows as steal, not as this run's."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    return (fields[7] if len(fields) == 8 else 0), sum(fields)


def run_side(module: str, side: str, params: Params, timeout: float) -> dict[str, Any]:
    """Run one side in its own interpreter and return its result, with the share of the
    machine's CPU stolen by the hypervisor while it ran (`steal_pct`)."""
    stolen, ticks = cpu_ticks()
    completed = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", side, params.to_json()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if completed.returncode != 0 or not lines:
        tail = "\n".join(completed.stderr.splitlines()[-30:])
        raise RuntimeError(f"bench.{module} {side} failed ({completed.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX) :])
    stolen_after, ticks_after = cpu_ticks()
    result["steal_pct"] = round(100 * (stolen_after - stolen) / max(1, ticks_after - ticks), 1)
    return result
