"""Where the service may send: hosts and networks an admin allowed. Pure.

An entry is a host name (`hooks.partner.org`), a host pattern (`*.partner.org`), an address or a
network (`203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`). A target passes when every address
its host resolves to is allowed: its name is listed or the address is in a listed network. An
address that is not public (loopback, private, link-local, reserved, multicast, unspecified) is
refused unless a listed network contains it: a listed name resolving to 10.0.0.5 is refused, so
a partner's DNS cannot point the service at the internal network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Allowlist:
    hosts: frozenset[str]
    suffixes: tuple[str, ...]
    networks: tuple[Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowlist:
        hosts: set[str] = set()
        suffixes: list[str] = []
        networks: list[Network] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if entry.startswith("*."):
                suffixes.append(entry[1:])  # ".partner.org"
            elif "/" in entry or " " in entry:
                raise ValueError(f"not a host, pattern or network: {raw!r}")
            else:
                hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(suffixes), tuple(networks))

    def host_listed(self, host: str) -> bool:
        name = host.lower().rstrip(".")
        return name in self.hosts or any(name.endswith(suffix) for suffix in self.suffixes)

    def refusal(self, host: str, addresses: Sequence[str]) -> str | None:
        """Why sending to `host` (resolved to `addresses`) is not allowed, or None if it is."""
        if not addresses:
            return f"{host} resolves to no address"
        listed = self.host_listed(host)
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            in_network = any(address in network for network in self.networks)
            if not is_public(address) and not in_network:
                return f"{host} resolves to {address}, a non-public address not allowed"
            if not (listed or in_network):
                return f"{host} ({address}) is not on the allowlist"
        return None


def is_public(address: Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )
