"""How often one network may announce an upload: a sliding window per client network (an IPv4
address, an IPv6 /64, which one household or phone is given), so a flood of announcements (which
need no file and no login) is refused with 429 instead of filling the store. There is no shared
budget that a few addresses could spend for everyone: only a high safety cap on the total
(`total`, off by default), far above what honest candidates send. Memory is bounded: at most
MAX_CLIENTS networks are remembered.

On AWS the API's throttling (template.yaml) brakes first; this limiter holds per warm instance
and is the brake of the local server and of a plain VM.
"""

from __future__ import annotations

import collections
import time

MAX_CLIENTS = 10_000


def network(client: str | None) -> str:
    """The key an address is counted under: an IPv4 address whole, an IPv6 address by its /64
    (an IPv4-mapped IPv6 address as IPv4); anything else as it is."""
    if not client:
        return "?"
    import ipaddress  # here, not at import: the handler's cold start does not pay for it

    try:
        ip = ipaddress.ip_address(client.split("%", 1)[0])
    except ValueError:
        return client[:100]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class Limiter:
    """allow(client) -> bool: whether one more announcement from `client`'s network (an
    address; None for unknown) fits in the last window_s seconds: at most per_client for it
    and, when `total` is set, at most `total` for everyone. clock() -> seconds (injectable)."""

    def __init__(self, per_client=30, total=None, window_s=600.0, clock=time.monotonic):
        self.per_client, self.total, self.window_s, self.clock = per_client, total, window_s, clock
        self.clients: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()
        self.everyone: collections.deque = collections.deque()

    def _trim(self, times: collections.deque, now: float) -> None:
        while times and times[0] <= now - self.window_s:
            times.popleft()

    def allow(self, client: str | None) -> bool:
        now = self.clock()
        key = network(client)
        self._trim(self.everyone, now)
        times = self.clients.get(key)
        if times is None:
            times = self.clients[key] = collections.deque()
            while len(self.clients) > MAX_CLIENTS:
                self.clients.popitem(last=False)  # the longest unseen network is forgotten
        self.clients.move_to_end(key)
        self._trim(times, now)
        if len(times) >= self.per_client:
            return False
        if self.total and len(self.everyone) >= self.total:
            return False
        times.append(now)
        if self.total:
            self.everyone.append(now)
        return True

    def retry_after(self, client: str | None) -> int:
        """Seconds until the oldest counted announcement leaves the window (at least 1)."""
        now = self.clock()
        times = [t for t in (self.clients.get(network(client)) or ()) if t > now - self.window_s]
        if len(times) >= self.per_client:
            oldest = times[0]
        elif self.total and self.everyone and len(self.everyone) >= self.total:
            oldest = self.everyone[0]
        else:
            oldest = now - self.window_s
        return max(1, int(oldest + self.window_s - now + 0.999))
