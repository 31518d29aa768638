"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "2.1.0"
SCHEMAS_FINGERPRINT = "06ab3fccbc339707e30514eec860317c70d90c06880fe71794fed9d7c13abf09"
