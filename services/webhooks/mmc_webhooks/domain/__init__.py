"""The webhooks service's pure rules: endpoints, signatures, backoff, allowlist, matching."""
