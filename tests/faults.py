"""Fault injection helpers: a broker of a test's own, that the test may kill."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.infra import INFRA_SCRIPT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DedicatedInfra:
    env: dict[str, str]
    state_dir: Path

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.env['MMC_KAFKA_PORT']}"

    @property
    def mongodb_url(self) -> str:
        return f"mongodb://127.0.0.1:{self.env['MMC_FERRETDB_PORT']}/"

    def kill_kafka(self) -> None:
        """SIGKILL: the broker gets no chance to say goodbye."""
        pid = int((self.state_dir / "kafka" / "pid").read_text())
        os.kill(pid, signal.SIGKILL)

    def stop_ferretdb(self) -> None:
        """SIGTERM to the database server, and wait until it is gone."""
        pid = int((self.state_dir / "ferretdb" / "pid").read_text())
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)

    def start(self) -> None:
        """Start again whatever of the two is not running (`infra.sh up`)."""
        done = subprocess.run([str(INFRA_SCRIPT), "up"], env=self.env, capture_output=True)
        if done.returncode != 0:
            raise AssertionError(f"infra.sh up failed: {done.stdout!r} {done.stderr!r}")


@contextmanager
def dedicated_infra(tmp_path: Path) -> Iterator[DedicatedInfra]:
    """A Kafka broker and FerretDB of the test's own (local processes), stopped afterwards.

    FerretDB stores in SQLite here whatever the session uses: these tests break the broker, not
    the database, and PostgreSQL (which refuses root) could not enter pytest's private tmp_path.
    """
    env = {
        **os.environ,
        "MMC_STATE_DIR": str(tmp_path / "infra"),
        "MMC_KAFKA_PORT": str(free_port()),
        "MMC_KAFKA_CONTROLLER_PORT": str(free_port()),
        "MMC_FERRETDB_PORT": str(free_port()),
        "MMC_FERRETDB_BACKEND": "sqlite",
        "MMC_POSTGRES_PORT": str(free_port()),
    }
    subprocess.run([str(INFRA_SCRIPT), "up"], check=True, env=env, capture_output=True)
    try:
        yield DedicatedInfra(env, tmp_path / "infra")
    finally:
        subprocess.run([str(INFRA_SCRIPT), "down"], check=False, env=env, capture_output=True)
