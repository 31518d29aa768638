"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.5.0"
SCHEMAS_FINGERPRINT = "d63b3c1eea08095b771f825ca6d67ad1451e3e759409c73d30095cc598b3ffa2"
