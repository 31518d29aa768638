"""The webhooks service's storage: endpoints (aggregates) and the delivery log."""
