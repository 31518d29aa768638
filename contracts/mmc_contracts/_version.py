"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.0.0"
SCHEMAS_FINGERPRINT = "ef967fee231cc24c870f9e8c89f3207250d102cd100fb53406e96516e21dfd16"
