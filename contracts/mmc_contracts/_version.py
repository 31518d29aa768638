"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "3.0.0"
SCHEMAS_FINGERPRINT = "e338a7054d0e525f3cca210e515f15de02d4b92222106bdadcd8789fb7bec99e"
