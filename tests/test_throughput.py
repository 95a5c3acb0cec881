import threading
import time

import pytest

from cobranca_tools.throughput import RateLimiter, send_all


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_limiter_lets_a_burst_through_then_spaces_calls():
    clock = FakeClock()
    limiter = RateLimiter(rate=10, burst=3, clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(6)]
    # three at once (the burst), then one every 0.1 s
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == pytest.approx([0.1, 0.1, 0.1])
    assert clock.now == pytest.approx(0.3)


def test_limiter_never_exceeds_the_rate_over_a_window():
    clock = FakeClock()
    limiter = RateLimiter(rate=80, burst=80, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(400):
        limiter.acquire()
        times.append(clock.now)
    # any one-second window holds at most rate + burst calls
    for start in times:
        assert sum(1 for t in times if start <= t < start + 1) <= 160
    # 400 calls at 80/s with a burst of 80: (400 - 80) / 80 = 4 s
    assert clock.now == pytest.approx(4.0)


def test_limiter_refuses_a_zero_rate():
    with pytest.raises(ValueError):
        RateLimiter(rate=0)


def test_send_all_keeps_order_isolates_failures_and_bounds_concurrency():
    lock = threading.Lock()
    running = [0]
    peak = [0]

    def send(n):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        if n == 3:
            raise RuntimeError("refused")
        return n * 10

    results = send_all(range(20), send, in_flight=4)
    assert [item for item, _r, _e in results] == list(range(20))
    assert results[3][1] is None and str(results[3][2]) == "refused"
    assert [r for n, r, e in results if n != 3] == [n * 10 for n in range(20) if n != 3]
    assert 1 < peak[0] <= 4


def test_send_all_runs_in_parallel():
    start = time.monotonic()
    send_all(range(8), lambda n: time.sleep(0.1), in_flight=8)
    assert time.monotonic() - start < 0.5  # 8 × 0.1 s in sequence would be 0.8 s
