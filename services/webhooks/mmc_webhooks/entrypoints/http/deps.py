"""What the webhooks routes share: the parts, path ids and documented errors."""

from __future__ import annotations

from typing import Annotated

from mmc_chassis.http_params import conflict, id_path, invalid, not_found
from mmc_chassis.wiring import parts_of
from mmc_webhooks.parts import WebhooksParts

Webhooks = Annotated[WebhooksParts, parts_of(WebhooksParts)]
EndpointId = Annotated[str, id_path("endpoint")]
ReplayId = Annotated[str, id_path("replay")]

NO_ENDPOINT = not_found("No endpoint with this id.")
INVALID = invalid("A malformed request, or a value the rules refuse (`loc` names the field).")
INVALID_PARAMS = invalid("A malformed path or query parameter (`loc` names it).")
STALE = conflict("`expected_version` is stale, or the endpoint is already in that status.")
