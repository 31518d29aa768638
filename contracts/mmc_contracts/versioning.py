"""The package's version moves with its schemas.

`_version.py` records the version and a fingerprint of the schemas it was released with.
`python -m mmc_contracts.schema_gen` writes it anew whenever the schemas change: a compatible
change (the only kind it writes without `--allow-breaking`) bumps the minor version; a breaking
one, allowed only to start a new major version on new topics, bumps the major version.
`--check` fails while the record is stale, so a schema change cannot ship under an old version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

VERSION_FILE = Path(__file__).with_name("_version.py")


def fingerprint(files: Mapping[str, str]) -> str:
    """A digest of the schema files (name and text), independent of their order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()


def next_version(version: str, recorded: str, current: str, breaking: bool = False) -> str:
    """The version for schemas with fingerprint `current`, after `version` with `recorded`."""
    if recorded == current:
        return version
    major, minor, _patch = (int(part) for part in version.split("."))
    return f"{major + 1}.0.0" if breaking else f"{major}.{minor + 1}.0"


def render(version: str, schemas_fingerprint: str) -> str:
    return (
        '"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""\n'
        "\n"
        f'__version__ = "{version}"\n'
        f'SCHEMAS_FINGERPRINT = "{schemas_fingerprint}"\n'
    )


def expected_text(files: Mapping[str, str], breaking: bool = False) -> str:
    """What `_version.py` should hold for these schema files."""
    from mmc_contracts._version import SCHEMAS_FINGERPRINT, __version__

    current = fingerprint(files)
    return render(next_version(__version__, SCHEMAS_FINGERPRINT, current, breaking), current)
