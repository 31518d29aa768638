"""mmc-contracts for subscribers: the wheel builds (its version is the schemas' version), the
version moves with the schemas, the AsyncAPI parser reads the AsyncAPI document without an
error, and examples/subscriber runs against the real broker with only the wheel and aiokafka."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

import mmc_contracts
from mmc_contracts import encode
from mmc_contracts.board import MayorSeated, SeatVacated
from mmc_contracts.cities import CityPartnershipStatusChanged, CityRegistered
from mmc_contracts.schema_gen import main as schema_gen
from mmc_contracts.schema_gen import schema_files
from mmc_contracts.topics import ALL_TOPICS, BOARD_MEMBERSHIP, BOARD_VACANCY, CITIES_CITY
from mmc_contracts.versioning import VERSION_FILE, expected_text, fingerprint, next_version
from tests.conftest import unique
from tests.deploy.tools import ROOT, node_package, run
from tests.unit.contracts.samples import SAMPLES

CONTRACTS = ROOT / "contracts"
SUBSCRIBER = ROOT / "examples" / "subscriber"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", out, CONTRACTS, timeout=300)
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_builds_with_the_schemas_version(wheel: Path) -> None:
    assert wheel.name == f"mmc_contracts-{mmc_contracts.__version__}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "mmc_contracts/py.typed" in names
    assert "mmc_contracts/_version.py" in names
    assert {name.split("/")[0] for name in names} == {
        "mmc_contracts",
        f"mmc_contracts-{mmc_contracts.__version__}.dist-info",
    }


def test_the_version_record_matches_the_committed_schemas() -> None:
    assert schema_gen(["--check"]) == 0
    assert fingerprint(schema_files()) == mmc_contracts._version.SCHEMAS_FINGERPRINT


def test_a_compatible_addition_bumps_the_minor_version() -> None:
    files = schema_files()
    name = next(n for n in files if n.endswith("CityRegistered.v2.json"))
    schema = json.loads(files[name])
    schema["properties"]["motto"] = {"type": "string"}  # a new optional property
    added = {**files, name: json.dumps(schema)}
    major, minor, _ = (int(p) for p in mmc_contracts.__version__.split("."))
    assert f'__version__ = "{major}.{minor + 1}.0"' in expected_text(added)
    assert f'__version__ = "{major + 1}.0.0"' in expected_text(added, breaking=True)
    assert expected_text(files) == VERSION_FILE.read_text()  # unchanged schemas: no bump
    assert next_version("1.4.2", "a", "a") == "1.4.2"
    assert next_version("1.4.2", "a", "b") == "1.5.0"
    assert next_version("1.4.2", "a", "b", breaking=True) == "2.0.0"


def test_the_asyncapi_parser_reports_no_error() -> None:
    output = run(
        "node",
        ROOT / "deploy" / "tools" / "asyncapi-validate.cjs",
        CONTRACTS / "asyncapi.json",
        env={**os.environ, "NODE_PATH": str(node_package("@asyncapi/parser"))},
    )
    report = json.loads(output)
    assert report["parsed"] is True
    assert report["errors"] == 0, report["diagnostics"]
    assert report["warnings"] == 0, report["diagnostics"]
    assert report["channels"] == len(ALL_TOPICS)
    assert report["messages"] == len(mmc_contracts.ALL_EVENTS)


@pytest.mark.integration
async def test_the_example_subscriber_reads_the_city_and_board_topics(
    wheel: Path, kafka_bootstrap: str, kafka_admin: AIOKafkaAdminClient, tmp_path: Path
) -> None:
    venv = tmp_path / "partner-venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--constraint",
        ROOT / "requirements.lock",
        wheel,
        "aiokafka==0.14.0",
        timeout=300,
    )
    installed = run(python, "-m", "pip", "list", "--format=freeze").lower()
    assert "mmc-contracts" in installed
    assert "mmc-chassis" not in installed
    assert "faststream" not in installed

    prefix = unique("partner").replace("-", "_") + "."
    await kafka_admin.create_topics(
        [NewTopic(prefix + t, 3, 1) for t in (CITIES_CITY, BOARD_MEMBERSHIP, BOARD_VACANCY)]
    )
    events = [SAMPLES[cls] for cls in (CityRegistered, CityPartnershipStatusChanged, MayorSeated)]
    events += [SAMPLES[SeatVacated], SAMPLES[CityRegistered]]  # the last one a redelivery
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for event in events:
            record = encode(event)
            await producer.send_and_wait(
                prefix + record.topic, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()

    process = await asyncio.create_subprocess_exec(
        str(python),
        str(SUBSCRIBER / "subscriber.py"),
        "--bootstrap",
        kafka_bootstrap,
        "--group",
        unique("partner"),
        "--topic-prefix",
        prefix,
        "--from-beginning",
        "--idle-exit",
        "4",
        cwd=tmp_path,  # not the repository: only what the venv installed is importable
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    text = output.decode()
    assert process.returncode == 0, text
    registered = SAMPLES[CityRegistered]
    seated = SAMPLES[MayorSeated]
    assert isinstance(registered, CityRegistered)
    assert isinstance(seated, MayorSeated)
    assert "events: 4 (1 duplicates skipped, 0 unreadable)" in text, text
    assert f"{registered.profile.name} ({registered.profile.country_code})" in text
    assert f"seat {seated.seat}: {seated.mayor.name}" in text
    assert "seats vacated: 1" in text
