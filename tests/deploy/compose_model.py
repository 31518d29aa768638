"""deploy/compose/compose.yaml read as compose reads it: YAML anchors and merge keys, then
`${VAR}`, `${VAR:-default}`, `${VAR:?error}` and `$$` interpolation from a given environment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "deploy" / "compose" / "compose.yaml"

_VARIABLE = re.compile(
    r"\$(?:\$|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\})"
)


class MissingVariable(ValueError):
    """A `${VAR:?message}` whose variable is unset or empty."""


def raw() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return loaded


def interpolate(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name"), match.group("op"), match.group("arg")
        found = env.get(name)
        if op in (":?", "?") and (found is None or (op == ":?" and not found)):
            raise MissingVariable(f"{name}: {arg}")
        if op in (":-", "-") and (found is None or (op == ":-" and not found)):
            return arg
        return found or ""

    return _VARIABLE.sub(replace, value)


def model(env: dict[str, str]) -> dict[str, Any]:
    """The compose model with every variable resolved from `env`."""
    resolved: dict[str, Any] = interpolate(raw(), env)
    return resolved


def platform_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The MMC services (built from this repository), by name."""
    return {name: spec for name, spec in compose["services"].items() if "build" in spec}
