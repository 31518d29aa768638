"""Written by `python -m mmc_contracts.schema_gen`: do not edit (see versioning.py)."""

__version__ = "1.4.0"
SCHEMAS_FINGERPRINT = "7b6cddb30c8694eed7ee51138f0553d6803c17bf507401924bbaee2787f4e019"
