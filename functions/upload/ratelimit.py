"""How often one client may announce an upload: a sliding window per client address, and one for
everyone, so a flood of announcements (which need no file and no login) is refused with 429
instead of filling the store. Memory is bounded: at most MAX_CLIENTS addresses are remembered.

On AWS the API's throttling (template.yaml) brakes first; this limiter holds per warm instance
and is the brake of the local server and of a plain VM.
"""

from __future__ import annotations

import collections
import time

MAX_CLIENTS = 10_000


class Limiter:
    """allow(client) -> bool: whether one more announcement from `client` (an address; None for
    unknown) fits in the last window_s seconds: at most per_client for it, at most total for
    everyone. clock() -> Unix seconds (injectable)."""

    def __init__(self, per_client=30, total=600, window_s=600.0, clock=time.monotonic):
        self.per_client, self.total, self.window_s, self.clock = per_client, total, window_s, clock
        self.clients: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()
        self.everyone: collections.deque = collections.deque()

    def _trim(self, times: collections.deque, now: float) -> None:
        while times and times[0] <= now - self.window_s:
            times.popleft()

    def allow(self, client: str | None) -> bool:
        now = self.clock()
        key = client or "?"
        self._trim(self.everyone, now)
        times = self.clients.get(key)
        if times is None:
            times = self.clients[key] = collections.deque()
            while len(self.clients) > MAX_CLIENTS:
                self.clients.popitem(last=False)  # the longest unseen address is forgotten
        self.clients.move_to_end(key)
        self._trim(times, now)
        if len(times) >= self.per_client or len(self.everyone) >= self.total:
            return False
        times.append(now)
        self.everyone.append(now)
        return True

    def retry_after(self, client: str | None) -> int:
        """Seconds until the oldest counted announcement leaves the window (at least 1)."""
        now = self.clock()
        times = [t for t in (self.clients.get(client or "?") or ()) if t > now - self.window_s]
        oldest = min(times + list(self.everyone)) if times or self.everyone else now
        return max(1, int(oldest + self.window_s - now + 0.999))
