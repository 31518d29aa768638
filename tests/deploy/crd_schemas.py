"""The operators' CRDs (deploy/k8s/crds/, copied from their releases) as JSON Schemas that
kubeconform reads: `<dir>/<group>/<kind>_<version>.json`.

An openAPIV3Schema is almost a JSON Schema; what differs is made explicit: `nullable`, and
`x-kubernetes-int-or-string`. Objects with declared properties refuse unknown fields, as the
API server does for structural schemas (unless `x-kubernetes-preserve-unknown-fields`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

CRDS = Path(__file__).resolve().parents[2] / "deploy" / "k8s" / "crds"


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _convert(value) for key, value in node.items()}
    if out.pop("x-kubernetes-int-or-string", False):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if out.pop("nullable", False) and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    preserve = out.pop("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in out and "additionalProperties" not in out and not preserve:
        out["additionalProperties"] = False
    for key in [k for k in out if k.startswith("x-kubernetes-")]:
        del out[key]
    return out


def write_schemas(directory: Path) -> list[str]:
    """Writes one schema per served version of every CRD; returns `group/kind_version`."""
    written = []
    for path in sorted(CRDS.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"].lower()
        for version in crd["spec"]["versions"]:
            if not version.get("served", True):
                continue
            schema = _convert(version["schema"]["openAPIV3Schema"])
            properties = schema.setdefault("properties", {})
            properties.update(
                apiVersion={"type": "string"}, kind={"type": "string"}, metadata={"type": "object"}
            )
            target = directory / group / f"{kind}_{version['name']}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(schema))
            written.append(f"{group}/{kind}_{version['name']}")
    return written


def schema_location(directory: Path) -> str:
    return str(directory) + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
