"""Sending many HTTP requests at once, under a provider's rate (plain Python).

``RateLimiter`` spaces requests to at most ``rate`` a second with a burst of ``burst``
(the generic cell rate algorithm: each call reserves the next slot; it waits only when
it is ahead of its slot by more than the burst). ``send_all`` runs a function over many
items with at most ``in_flight`` at once, each through the limiter, and returns the
results in the items' order; an exception raised for one item is its result, the others
go on. The threads do nothing but call the function: no database in them.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor


class RateLimiter:
    def __init__(self, rate, burst=1, clock=time.monotonic, sleep=time.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.tolerance = self.interval * max(burst - 1, 0)
        self.clock, self.sleep = clock, sleep
        self._next = None
        self._lock = threading.Lock()

    def acquire(self):
        """Wait, if needed, until this call may go; return the seconds waited."""
        with self._lock:
            now = self.clock()
            slot = now if self._next is None else max(now, self._next)
            self._next = slot + self.interval
            wait = slot - now - self.tolerance
        if wait > 0:
            self.sleep(wait)
            return wait
        return 0.0


def send_all(items, send, in_flight=8, limiter=None):
    """[(item, result, exception)] of ``send(item)`` for each item, in order."""
    items = list(items)

    def one(item):
        if limiter is not None:
            limiter.acquire()
        try:
            return item, send(item), None
        except Exception as exc:  # noqa: BLE001 - reported per item, the others go on
            return item, None, exc

    if len(items) <= 1 or in_flight <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(in_flight, len(items))) as pool:
        return list(pool.map(one, items))
