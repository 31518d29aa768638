"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.3.0"
SCHEMAS_FINGERPRINT = "d76b2ec2f1b9cebef3604176182e8344f39640c2aa405765faeb374bdc777bbb"
