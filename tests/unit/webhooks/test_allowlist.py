"""The outbound allowlist, applied to the addresses a host resolves to."""

from __future__ import annotations

import pytest

from mmc_webhooks.domain.allowlist import Allowlist
from mmc_webhooks.sender import pinned

LIST = Allowlist.parse(["hooks.partner.org", "*.un.example", "203.0.113.0/24", "127.0.0.1"])


def test_a_listed_host_resolving_to_public_addresses_passes() -> None:
    assert LIST.refusal("hooks.partner.org", ["93.184.215.14"]) is None
    assert LIST.refusal("HOOKS.partner.org.", ["93.184.215.14"]) is None
    assert LIST.refusal("feed.un.example", ["2001:4860::1"]) is None


def test_an_address_in_a_listed_network_passes_whatever_the_name() -> None:
    assert LIST.refusal("anything.example", ["203.0.113.9"]) is None
    assert LIST.refusal("127.0.0.1", ["127.0.0.1"]) is None


def test_an_unlisted_host_is_refused() -> None:
    assert "not on the allowlist" in (LIST.refusal("evil.example", ["93.184.215.14"]) or "")
    assert LIST.refusal("un.example", ["93.184.215.14"]) is not None  # the pattern needs a label


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "127.0.0.2",
        "::1",
        "fd00::1",
        "0.0.0.0",
        "::ffff:10.0.0.1",
    ],
)
def test_a_listed_name_resolving_to_an_internal_address_is_refused(address: str) -> None:
    assert "non-public" in (LIST.refusal("hooks.partner.org", [address]) or "")


def test_every_address_must_pass_and_none_is_refused() -> None:
    assert LIST.refusal("hooks.partner.org", ["93.184.215.14", "10.0.0.1"]) is not None
    assert "no address" in (LIST.refusal("hooks.partner.org", []) or "")


def test_an_empty_list_allows_nothing_and_junk_is_refused() -> None:
    assert Allowlist.parse([]).refusal("hooks.partner.org", ["93.184.215.14"]) is not None
    with pytest.raises(ValueError, match="not a host"):
        Allowlist.parse(["http://x/y"])


def test_the_connection_goes_to_the_address_that_was_checked() -> None:
    assert pinned("https://hooks.partner.org/mmc?x=1", "93.184.215.14") == (
        "https://93.184.215.14/mmc?x=1"
    )
    assert pinned("http://hooks.partner.org:8080/a", "2001:db8::7") == "http://[2001:db8::7]:8080/a"
