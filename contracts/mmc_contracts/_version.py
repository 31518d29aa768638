"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "2.3.0"
SCHEMAS_FINGERPRINT = "e69e2fab1bae8728bffb9efed7dfd5b54c1988bd61cffd5e4ac69c5ada919889"
