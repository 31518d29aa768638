"""The chassis modules a domain may import stay pure: no database, web or broker library."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = ("mmc_chassis.aggregate", "mmc_chassis.ids")
IMPURE = ("pymongo", "fastapi", "faststream", "aiokafka", "starlette")


@pytest.mark.parametrize("module", PURE)
def test_importing_a_pure_module_loads_no_io_library(module: str) -> None:
    probe = f"import sys, {module}; print(','.join(sorted(sys.modules)))"
    loaded = set(subprocess.check_output([sys.executable, "-c", probe], text=True).split(","))
    assert not {name for name in loaded if name.split(".")[0] in IMPURE}
