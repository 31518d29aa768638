"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.1.0"
SCHEMAS_FINGERPRINT = "169dd3c075510cdedade59c4e0e1ef51a3f711026e4f9bb4fd29638465859c1d"
