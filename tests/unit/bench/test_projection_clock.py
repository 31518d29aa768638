"""The (b) clock: it starts with the handling that holds the last warm-up event and counts every
event handled from there, so a batch straddling the warm-up's end is measured whole."""

from __future__ import annotations

from bench.projection import Counter


async def test_a_batch_straddling_the_warm_up_is_measured_whole() -> None:
    counter = Counter(warmup=100, events=1000)
    counter.begin(60)  # warm-up only: no clock yet
    for _ in range(60):
        counter.tick()
    assert counter.started_at_count is None

    counter.begin(500)  # holds events 61-560: the last 40 of the warm-up and 460 measured
    assert counter.started_at_count == 60
    for _ in range(1040):
        counter.tick()
    assert counter.done.is_set()
    assert counter.measured == 1040  # not 1000 over the time of 600


async def test_one_event_at_a_time_starts_the_clock_at_the_last_warm_up_event() -> None:
    counter = Counter(warmup=3, events=5)
    started = []
    for _ in range(8):
        counter.begin(1)
        started.append(counter.started_at_count)
        counter.tick()
    assert started == [None, None, 2, 2, 2, 2, 2, 2]
    assert counter.measured == 6
