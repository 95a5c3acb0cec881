"""Payer ranking maths (plain Python, no Odoo): class, score and early warning.

The database aggregates each customer's paid invoices (set-based SQL); this module
turns one customer's aggregates into a class and a score, so that the rules are
readable and tested without a database.

Classes (``PayerStats`` → ``classify``):

- ``new``: fewer than ``min_paid`` paid invoices in the look-back period;
- ``d`` (chronic, *devedor viciado*): pays ``d_min_days`` or more late on average, or
  has an invoice open ``d_min_days`` or more past its due date now;
- ``a`` (punctual): at most ``a_max_days`` late on average and at least
  ``a_min_on_time`` of the invoices paid on time;
- ``b`` (good): at most ``b_max_days`` late on average (and at least ``b_min_on_time``
  on time, a condition off by default: a customer who always pays a few days late is
  a good, predictable payer);
- ``c`` (irregular): everything else.

Score (0-100, higher is better)::

    score = 100 × (0.5 × on_time_rate
                   + 0.4 × max(0, 1 − avg_days_late / 60)
                   + 0.1 × (1 − min(1, max_open_overdue_days / 60)))

Half of it is punctuality, 40 % how late the late payments are (60 days late or more
scores 0), 10 % what is overdue right now. Without any paid invoice the score is 50.

Broken promises to pay (promises whose date passed with the invoice still open, in the
look-back period) then take points off, whatever the history::

    score −= 10 × min(broken_promises, 3)

A promise is the customer's own word about a date: breaking it says more about the
next promise than a payment a few days late, hence a fixed 10 points each (at most
30, so that one bad quarter cannot outweigh a year of payments). A customer without
history who broke a promise scores 40.

Early warning (``early_warning``): the latest paid invoice, or the oldest invoice
open now, is late by the customer's usual delay plus ``warning_days`` or more (needs
``min_paid`` paid invoices); or the customer broke a promise on an invoice that is
still open (no history needed: the promise itself was the customer's statement).
"""

from dataclasses import dataclass

CLASSES = ("new", "a", "b", "c", "d")
#: The next worse class, for an early warning: the customer gets a stricter ladder.
WORSE = {"new": "c", "a": "b", "b": "c", "c": "d", "d": "d"}
NEUTRAL_SCORE = 50
#: Points a broken promise to pay takes off the score, and how many count at most.
BROKEN_PROMISE_PENALTY = 10
BROKEN_PROMISE_MAX = 3


@dataclass(frozen=True)
class Thresholds:
    """Company settings (their defaults are justified in docs/ranking-and-insight.md)."""

    min_paid: int = 3
    a_max_days: float = 0.0
    a_min_on_time: float = 0.9
    b_max_days: float = 7.0
    b_min_on_time: float = 0.0
    d_min_days: float = 30.0
    warning_days: float = 10.0  # early warning: this much later than usual


@dataclass(frozen=True)
class PayerStats:
    """One customer's aggregates over the look-back period."""

    paid_count: int = 0
    on_time_count: int = 0
    avg_days_late: float = 0.0  # amount-weighted, early payments count as 0
    usual_delay: float = 0.0  # median days late of the paid invoices
    last_days_late: float | None = None  # the most recently paid invoice
    max_open_overdue_days: float = 0.0  # oldest open invoice, days past due
    broken_promises: int = 0  # promises to pay broken in the look-back period
    open_broken_promises: int = 0  # of which on invoices still open

    @property
    def on_time_rate(self):
        return self.on_time_count / self.paid_count if self.paid_count else 0.0


def classify(stats, thresholds=Thresholds()):
    if stats.paid_count < thresholds.min_paid:
        return "new"
    if (
        stats.avg_days_late >= thresholds.d_min_days
        or stats.max_open_overdue_days >= thresholds.d_min_days
    ):
        return "d"
    rate = stats.on_time_rate
    if stats.avg_days_late <= thresholds.a_max_days and rate >= thresholds.a_min_on_time:
        return "a"
    if stats.avg_days_late <= thresholds.b_max_days and rate >= thresholds.b_min_on_time:
        return "b"
    return "c"


def score(stats):
    if stats.paid_count:
        lateness = max(0.0, 1.0 - stats.avg_days_late / 60.0)
        overdue = min(1.0, max(0.0, stats.max_open_overdue_days) / 60.0)
        value = 100.0 * (0.5 * stats.on_time_rate + 0.4 * lateness + 0.1 * (1.0 - overdue))
    else:
        value = NEUTRAL_SCORE
    value -= BROKEN_PROMISE_PENALTY * min(max(stats.broken_promises, 0), BROKEN_PROMISE_MAX)
    return max(0, min(100, round(value)))


def early_warning(stats, thresholds=Thresholds()):
    """(flag, kind, figure) when the customer is much later than usual, or broke a
    promise to pay on an invoice still open.

    "Usually pays in 15 days, this time 25". Compares the latest paid
    invoice and the oldest invoice open now with the customer's own usual delay
    (the figure is the days late); needs a usual delay, so customers with too little
    history are not flagged this way. A broken promise on an invoice still open
    flags any customer (kind ``promise``, the figure is how many): it clears when
    those invoices are paid.
    """
    if stats.paid_count >= thresholds.min_paid:
        limit = stats.usual_delay + thresholds.warning_days
        if stats.max_open_overdue_days >= limit:
            return True, "open", stats.max_open_overdue_days
        if stats.last_days_late is not None and stats.last_days_late >= limit:
            return True, "paid", stats.last_days_late
    if stats.open_broken_promises > 0:
        return True, "promise", float(stats.open_broken_promises)
    return False, None, 0.0


def effective_class(klass, warning, pinned=False):
    """The class whose ladder applies: one worse while the early warning is raised,
    unless a person pinned the class (after reviewing the customer's case, e.g. on a
    request for review of the automated classification, LGPD art. 20): a human
    decision is not made stricter by the automated warning."""
    return WORSE[klass] if warning and not pinned else klass
