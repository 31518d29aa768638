"""A real OpenID Connect provider for the gateway's tests: the npm package `oidc-provider`
(tests/oidc/provider.js), installed by deploy/local/fetch-oidc-provider.sh from the committed
package-lock.json and run as a process of its own."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.faults import free_port

ROOT = Path(__file__).resolve().parents[1]
PROVIDER_DIR = ROOT / "tests" / "oidc"


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


@contextmanager
def oidc_provider(redirect_uri: str, log: Path, client_id: str) -> Iterator[Provider]:
    """The provider, with one client allowed to send people back to `redirect_uri`; its
    development-mode warnings and any server_error go to `log`."""
    subprocess.run([str(ROOT / "deploy/local/fetch-oidc-provider.sh")], check=True, timeout=300)
    port = free_port()
    secret = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": client_id,
        "CLIENT_SECRET": secret,
        "REDIRECT_URI": redirect_uri,
    }
    with log.open("w") as errors:
        process = subprocess.Popen(
            ["node", "provider.js"],
            cwd=PROVIDER_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            assert process.stdout is not None
            ready = process.stdout.readline()
            assert "ready" in ready, f"oidc-provider did not start: {ready!r}, see {log}"
            yield Provider(f"http://127.0.0.1:{port}", client_id, secret)
        finally:
            process.terminate()
            process.wait(timeout=10)
