"""deploy/k8s: every overlay builds with kustomize; its Kubernetes resources pass
kubernetes-validate (strict, with the schemas that package ships); the Strimzi and MongoDB
custom resources pass kubeconform against their operators' CRD schemas; kube-score finds
nothing but the findings explained below; and the platform's own rules hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mmc_contracts.topics import ALL_TOPICS, dead_letter_topic
from tests.deploy.crd_schemas import schema_location, write_schemas
from tests.deploy.tools import ROOT, run, tool, venv_tool

K8S = ROOT / "deploy" / "k8s"
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir())
KUBERNETES_VERSION = "1.34.0"
CUSTOM_KINDS = {"Kafka", "KafkaNodePool", "KafkaTopic", "MongoDBCommunity"}
# kube-score findings accepted on purpose, each with its reason: {(overlay, check): why}.
EXPLAINED = {
    ("dev", "Deployment few replicas"): "a development cluster runs one replica of each service",
    ("dev", "HPA few replicas"): "and lets the gateway's autoscaler go down to one as well",
    # The webhooks service runs one instance, replaced by Recreate (two would deliver twice).
    **{
        (overlay, f"webhooks/{namespace} apps/v1/Deployment: {check}"): "one instance"
        for overlay, namespace in (("dev", "mmc-dev"), ("prod", "mmc"))
        for check in ("Deployment update strategy", "Deployment few replicas")
    },
}

Resource = dict[str, Any]


def build(overlay: str) -> list[Resource]:
    output = run(tool("kustomize"), "build", K8S / "overlays" / overlay)
    return [doc for doc in yaml.safe_load_all(output) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> tuple[str, list[Resource]]:
    return request.param, build(request.param)


def test_both_overlays_exist() -> None:
    assert OVERLAYS == ["dev", "prod"]


def test_kubernetes_resources_pass_strict_schema_validation(
    overlay: tuple[str, list[Resource]], tmp_path: Path
) -> None:
    name, resources = overlay
    core = [r for r in resources if r["kind"] not in CUSTOM_KINDS]
    files = [tmp_path / f"{name}.yaml"]
    files[0].write_text(yaml.safe_dump_all(core))
    output = run(venv_tool("kubernetes-validate"), "--strict", "-k", KUBERNETES_VERSION, *files)
    passed = [line for line in output.splitlines() if line.startswith("INFO") and "passed" in line]
    assert len(passed) == len(core), output
    assert "WARN" not in output, output


def test_custom_resources_pass_their_operators_crd_schemas(
    overlay: tuple[str, list[Resource]], tmp_path: Path
) -> None:
    name, resources = overlay
    custom = [r for r in resources if r["kind"] in CUSTOM_KINDS]
    assert {r["kind"] for r in custom} == CUSTOM_KINDS
    schemas = tmp_path / "schemas"
    write_schemas(schemas)
    manifest = tmp_path / f"{name}-custom.yaml"
    manifest.write_text(yaml.safe_dump_all(custom))
    output = run(
        tool("kubeconform"),
        "-strict",
        "-summary",
        "-schema-location",
        schema_location(schemas),
        manifest,
    )
    assert f"Valid: {len(custom)}, Invalid: 0, Errors: 0, Skipped: 0" in output, output


def test_the_crd_check_refuses_a_misspelt_field(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    write_schemas(schemas)
    manifest = tmp_path / "bad.yaml"
    manifest.write_text(
        "apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: t}\n"
        "spec: {partitons: 3, replicas: 3}\n"
    )
    with pytest.raises(AssertionError, match="additional properties 'partitons' not allowed"):
        run(tool("kubeconform"), "-strict", "-schema-location", schema_location(schemas), manifest)


def test_kube_score_finds_nothing_unexplained(overlay: tuple[str, list[Resource]]) -> None:
    name, _ = overlay
    output = run(
        tool("kube-score"),
        "score",
        "--output-format",
        "ci",
        "--exit-one-on-warning=false",
        "-",
        stdin=run(tool("kustomize"), "build", K8S / "overlays" / name),
    )
    findings = [line for line in output.splitlines() if not line.startswith(("[OK]", "[SKIPPED]"))]
    unexplained = [
        f for f in findings if not any(check in f for (o, check) in EXPLAINED if o == name)
    ]
    assert not unexplained, "\n".join(unexplained)
    assert sum(line.startswith("[OK]") for line in output.splitlines()) > 20


def test_deployments_are_locked_down_and_each_has_its_policy_and_budget(
    overlay: tuple[str, list[Resource]],
) -> None:
    _, resources = overlay
    by_kind: dict[str, dict[str, Resource]] = {}
    for resource in resources:
        by_kind.setdefault(resource["kind"], {})[resource["metadata"]["name"]] = resource
    assert "Secret" not in by_kind, "secrets are referenced, never committed"
    deployments = by_kind["Deployment"]
    assert deployments
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False
        assert pod["securityContext"]["runAsNonRoot"] is True
        (container,) = pod["containers"]
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"] == {"drop": ["ALL"]}
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        secrets = {
            e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"] if "valueFrom" in e
        }
        assert secrets == {"mmc-api-token", "mmc-mongodb-connection"}
        assert name in by_kind["NetworkPolicy"]
        assert name in by_kind["PodDisruptionBudget"]
        egress = by_kind["NetworkPolicy"][name]["spec"]["egress"]
        reached = {port["port"] for rule in egress for port in rule["ports"]}
        # Services reach only Kafka, MongoDB, DNS and OTLP; the gateway also the services' APIs;
        # the webhooks service also partners' endpoints (public addresses, 80 and 443).
        extra = {
            "gateway": {8101, 8102, 8103, 8104, 8105},
            "webhooks": {80, 443},
        }.get(name, set())
        assert reached == {9092, 27017, 53, 4318} | extra, name
    assert set(by_kind["Ingress"]) == {"gateway"}, "only the gateway is reachable from outside"
    assert set(by_kind["HorizontalPodAutoscaler"]) == {"gateway"}
    assert "replicas" not in deployments["gateway"]["spec"], "its HPA sets the replicas"


def test_every_topic_and_dead_letter_topic_is_a_kafka_topic() -> None:
    resources = build("prod")
    topics = {r["spec"]["topicName"]: r["spec"] for r in resources if r["kind"] == "KafkaTopic"}
    expected = {t for topic in ALL_TOPICS for t in (topic, dead_letter_topic(topic))}
    assert set(topics) == expected
    for spec in topics.values():
        assert spec["replicas"] == 3
        assert spec["config"]["min.insync.replicas"] == 2
    (mongodb,) = [r for r in resources if r["kind"] == "MongoDBCommunity"]
    assert mongodb["spec"]["members"] == 3


def test_the_gateway_file_has_tls_ingress_and_autoscaling() -> None:
    docs = {
        d["kind"]: d
        for d in yaml.safe_load_all((K8S / "base/services/gateway.yaml").read_text())
        if d
    }
    assert docs["Ingress"]["spec"]["tls"][0]["secretName"] == "mmc-gateway-tls"
    assert docs["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"] == "gateway"
