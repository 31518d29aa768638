"""deploy/docker/Dockerfile: hadolint (the PyPI build of it) reports nothing at any level,
and the recipe keeps its promises: slim base, two stages, non-root, HEALTHCHECK, one service."""

from __future__ import annotations

import json

from tests.deploy.tools import ROOT, run, venv_tool

DOCKERFILE = ROOT / "deploy" / "docker" / "Dockerfile"


def test_hadolint_reports_nothing() -> None:
    output = run(
        venv_tool("hadolint"), "--format", "json", "--failure-threshold", "style", DOCKERFILE
    )
    assert json.loads(output) == []
    assert "hadolint ignore" not in DOCKERFILE.read_text()


def test_the_image_recipe() -> None:
    text = DOCKERFILE.read_text()
    stages = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(stages) == 2
    assert "slim" in text.split("ARG PYTHON_IMAGE=")[1].splitlines()[0]
    assert "USER 10001:10001" in text
    assert "HEALTHCHECK" in text
    assert "/readyz" in text
    assert "COPY services/${SERVICE}/ services/${SERVICE}/" in text  # that one service only
    assert "--no-cache-dir" in text
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignored[ignored.index("*") + 1 :][:4] == [  # everything but what the image needs
        "!requirements.lock",
        "!contracts/",
        "!chassis/",
        "!services/",
    ]
