"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "2.2.0"
SCHEMAS_FINGERPRINT = "454d6ac2be49b41d021c4ff3c158552a2f418eed06ad9cbb6295f94b29539126"
