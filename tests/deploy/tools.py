"""Where the checking tools are: built once by deploy/tools/install.sh (`make deploy-tools`,
called by `make test`) into the user's cache, at the versions of deploy/tools/versions.txt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = ROOT / "deploy" / "tools" / "versions.txt"


def _cache() -> Path:
    if "MMC_CACHE_DIR" in os.environ:
        return Path(os.environ["MMC_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mmc-platform"


def versions() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in VERSIONS.read_text().splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            found[parts[0]] = parts[1] if parts[0].startswith("npm:") else parts[3]
    return found


def tool(name: str) -> Path:
    """The path of a Go tool; fails (never skips) when it is not installed."""
    path = _cache() / "tools" / f"{name}-{versions()[name]}" / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed at {path}: run `make deploy-tools`")
    return path


def node_package(name: str) -> Path:
    """The node_modules directory holding an npm package of versions.txt."""
    spec = f"{name}@{versions()['npm:' + name]}"
    path = _cache() / "tools" / ("node-" + spec.replace("/", "_").replace("@", "_"))
    if not (path / ".complete").is_file():
        pytest.fail(f"{spec} is not installed in {path}: run `make deploy-tools`")
    return path / "node_modules"


def venv_tool(name: str) -> str:
    """A command the virtual environment installs (hadolint, kubernetes-validate)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: run `make venv`")
    return found


def run(
    *command: str | Path,
    stdin: str | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> str:
    """Runs a tool; fails with its output unless it exits 0."""
    done = subprocess.run(
        [str(part) for part in command],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout
