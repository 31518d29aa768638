"""deploy/prometheus and deploy/grafana: promtool checks the alert rules, runs their unit tests
(alerts-test.yml), checks compose's Prometheus configuration, and parses every query of the
Grafana dashboard; the dashboard and the rules use only metrics the services export."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from tests.deploy.tools import ROOT, run, tool

PROMETHEUS = ROOT / "deploy" / "prometheus"
DASHBOARD = ROOT / "deploy" / "grafana" / "mmc-platform.json"
EXPORTED = ROOT / "chassis" / "mmc_chassis" / "metrics.py"


def test_alert_rules_pass_promtool_check() -> None:
    output = run(tool("promtool"), "check", "rules", PROMETHEUS / "alerts.yml")
    assert "SUCCESS: 6 rules found" in output, output


def test_alert_rules_fire_when_they_should_and_only_then() -> None:
    output = run(tool("promtool"), "test", "rules", PROMETHEUS / "alerts-test.yml")
    assert "SUCCESS" in output, output


def test_the_compose_prometheus_configuration_is_valid(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "deploy" / "compose" / "prometheus.yml").read_text())
    config["rule_files"] = [str(PROMETHEUS / "alerts.yml")]  # where compose mounts it
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    output = run(tool("promtool"), "check", "config", tmp_path / "prometheus.yml")
    assert "SUCCESS" in output, output


def queries() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def test_every_dashboard_query_parses(tmp_path: Path) -> None:
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query_{i}", "expr": expr}
                    for i, expr in enumerate(queries())
                ],
            }
        ]
    }
    (tmp_path / "queries.yml").write_text(yaml.safe_dump(rules))
    output = run(tool("promtool"), "check", "rules", tmp_path / "queries.yml")
    assert f"SUCCESS: {len(queries())} rules found" in output, output


def test_dashboard_and_rules_use_only_exported_metrics() -> None:
    exported = EXPORTED.read_text()
    alerts = (PROMETHEUS / "alerts.yml").read_text()
    used = set(re.findall(r"\bmmc_[a-z_]+", " ".join(queries()) + alerts))
    assert len(used) >= 8
    for name in used:
        base = re.sub(r"_(bucket|count|sum|total)$", "", name)
        assert f'"{base}"' in exported, f"{name} is not exported by the services"
