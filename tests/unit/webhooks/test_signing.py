"""Standard Webhooks signatures: the scheme's own verifier accepts them, forgeries fail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from mmc_webhooks.domain.signing import secret_from, secret_key, sign, signature_headers

SECRET = secret_from(bytes(range(24)))
OTHER = secret_from(bytes(range(1, 25)))
BODY = b'{"event_id":"8c6f1e4e-0000-4000-8000-000000000001","aggregate_version":1}'


def test_a_secret_is_whsec_and_base64_of_its_key() -> None:
    assert SECRET.startswith("whsec_")
    assert secret_key(SECRET) == bytes(range(24))
    with pytest.raises(ValueError, match="at least"):
        secret_from(b"short")


def test_the_signature_is_hmac_sha256_over_id_timestamp_and_body() -> None:
    expected = hmac.new(bytes(range(24)), b"msg_1.1700000000." + BODY, hashlib.sha256).digest()
    assert sign(SECRET, "msg_1", 1700000000, BODY) == "v1," + base64.b64encode(expected).decode()


def test_the_standard_verifier_accepts_each_live_secret_during_a_rotation() -> None:
    now = int(time.time())
    headers = signature_headers([OTHER, SECRET], "msg_2", now, BODY)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (SECRET, OTHER):
        assert Webhook(secret).verify(BODY, headers) is not None


def test_the_standard_verifier_refuses_a_forged_body_a_wrong_secret_and_an_old_timestamp() -> None:
    now = int(time.time())
    headers = signature_headers([SECRET], "msg_3", now, BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(BODY.replace(b"1}", b"2}"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(OTHER).verify(BODY, headers)
    replayed = signature_headers([SECRET], "msg_3", now - 600, BODY)  # tolerance: 5 minutes
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(BODY, replayed)


def test_no_live_secret_is_a_bug() -> None:
    with pytest.raises(ValueError, match="live secret"):
        signature_headers([], "msg", 1, BODY)
