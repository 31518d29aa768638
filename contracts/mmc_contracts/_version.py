"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "3.1.0"
SCHEMAS_FINGERPRINT = "702430ed076a89bbd14034c3bc0bf13706506890e9e4c0d5e6f4039b8378d459"
