"""A service run as a real process, so that tests can SIGTERM or SIGKILL it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.faults import free_port

API_TOKEN = "development-only-token"  # the development default the services accept
HEADERS = {"Authorization": f"Bearer {API_TOKEN}", "X-MMC-Actor": "e2e-test"}


class ServiceProcess:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.env = {**os.environ, **env, "MMC_HTTP_PORT": str(self.port), "MMC_LOG_JSON": "true"}
        self.args = args
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> ServiceProcess:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, *self.args], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        started = time.monotonic()
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.args} exited at start: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() - started > timeout:
                raise AssertionError(f"{self.args} not ready after {timeout}s; log: {self.log}")
            time.sleep(0.2)

    def signal(self, signum: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    def wait(self, timeout: float = 30) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
