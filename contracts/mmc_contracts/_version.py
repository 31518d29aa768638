"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.4.0"
SCHEMAS_FINGERPRINT = "95b2ec9babd9ccc0a954ddf38aec9ad6dde4de918e2f88224800c92008e8b970"
