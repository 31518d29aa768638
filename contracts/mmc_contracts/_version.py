"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "2.0.0"
SCHEMAS_FINGERPRINT = "a6de0aaa1188a2fe8ea4ce8c77d885c8a1c0d2d6b95030cd211492745255a82a"
