"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.2.0"
SCHEMAS_FINGERPRINT = "ac99d4e8edd79214eec89df8890c54812a55ec5d0a94c3c7f2bd36bdf8d73fd0"
