"""The cities service, except that its process dies the moment the relay would first publish.

Run as `python -m tests.e2e.crashing_cities`: a real crash after the MongoDB write (state and
outbox stored) and before the publish, without any fault hook in the service's own code.
"""

from __future__ import annotations

import os
from typing import Any

from mmc_cities.app import build


def main() -> None:
    runtime = build()

    async def die(entry: Any) -> Any:
        os._exit(137)

    runtime.relay._send = die  # the relay's send hook: the only seam this crash needs
    runtime.run()


if __name__ == "__main__":
    main()
