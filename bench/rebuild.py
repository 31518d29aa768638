"""(d) A read model rebuilt from a topic of `events` city events with `mmc_chassis.rebuild`.

`prepare` (the projection scenario's) produces the events; `platform` drops the projection's
collection and replays the topic from offset 0 under a new consumer group, with the same batch
handler as the projection scenario (`ProjectionBatch`), and reports the seconds it took.
"""

from __future__ import annotations

import sys
from typing import Any

from bench.common import Params, platform_logging
from bench.memory import Measured, side_main
from bench.projection import CITIES_CITY, city_projection, prepare


async def platform(params: Params) -> dict[str, Any]:
    from mmc_chassis.rebuild import rebuild  # the platform side only
    from mmc_chassis.runtime import ServiceRuntime

    platform_logging()
    runtime = ServiceRuntime(
        params.settings(f"bench-rebuild-{params.tag}"), title="bench", description="rebuild"
    )
    name = f"rebuild_{params.tag}"
    project, project_batch = city_projection(runtime.database[name])
    runtime.consumer.subscribe(CITIES_CITY, group="rebuild", handler=project, batch=project_batch)
    try:
        with Measured(params) as measured:
            rebuilt = await rebuild(
                runtime,
                "rebuild",
                [name],
                batch_size=params.option("batch"),
                progress=lambda line: print(f"bench: {line}", file=sys.stderr, flush=True),
                progress_seconds=5.0,
            )
        documents = await runtime.database[name].estimated_document_count()
    finally:
        await runtime.mongo.close()
    return {
        "side": "platform",
        "events": rebuilt.events,
        "failed": rebuilt.failed,
        "skipped": rebuilt.skipped,
        "documents": documents,
        "seconds": rebuilt.seconds,
        "per_second": rebuilt.per_second,
        "rss_start_mb": round(measured.rss_start_mb, 1),
    }


if __name__ == "__main__":
    side_main({"prepare": prepare, "platform": platform})
