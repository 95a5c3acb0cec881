"""Brazilian banking calendar: which days a bill can be paid on.

Plain Python (no Odoo import) so that it is tested fast and reused by the planner.

A business day is a weekday that is not a national public holiday, not Carnaval
Monday/Tuesday nor Corpus Christi (banks are closed although they are not federal
holidays), and not a public holiday of the company's state when one is given.
A bill that falls due on a non-business day is payable on the next business day
(Lei 7.089/1983 and the FEBRABAN calendar), so it is not overdue before then.
"""

from datetime import timedelta
from functools import lru_cache

import holidays
from dateutil.easter import easter

BUSINESS = "business"
CALENDAR = "calendar"
DAY_TYPES = (BUSINESS, CALENDAR)

#: Brazilian states (UF) known to the ``holidays`` package.
STATES = frozenset(code for code in holidays.country_holidays("BR").subdivisions if len(code) == 2)

#: Bank closures that are not federal holidays, as (days after Easter, name).
_BANK_CLOSURES = (
    (-48, "Carnaval"),
    (-47, "Carnaval"),
    (60, "Corpus Christi"),
)

#: Safety net for loops over days: no real calendar has a year of holidays.
_MAX_SCAN = 400


class BusinessCalendar:
    """Business days of Brazilian banks, optionally with one state's holidays."""

    def __init__(self, state=None):
        state = (state or "").strip().upper() or None
        if state is not None and state not in STATES:
            raise ValueError(f"Unknown Brazilian state: {state!r}")
        self.state = state
        self._public = holidays.country_holidays("BR", subdiv=state, language="pt_BR")
        self._closures = {}
        self._step_dates = {}  # the planner asks the same dates for many invoices

    def _bank_closures(self, year):
        if year not in self._closures:
            sunday = easter(year)
            self._closures[year] = {
                sunday + timedelta(days=delta): name for delta, name in _BANK_CLOSURES
            }
        return self._closures[year]

    def holiday_name(self, day):
        """Name of the holiday or bank closure on ``day``, or None."""
        return self._public.get(day) or self._bank_closures(day.year).get(day)

    def is_business_day(self, day):
        return day.weekday() < 5 and self.holiday_name(day) is None

    def next_business_day(self, day):
        """``day`` itself when it is a business day, else the next one."""
        return self._scan(day, 1)

    def previous_business_day(self, day):
        """``day`` itself when it is a business day, else the previous one."""
        return self._scan(day, -1)

    def _scan(self, day, step):
        for _i in range(_MAX_SCAN):
            if self.is_business_day(day):
                return day
            day += timedelta(days=step)
        raise ValueError("No business day found")  # pragma: no cover

    def add_business_days(self, day, count):
        """Move ``count`` business days from ``day`` (backwards when negative).

        ``day`` itself is never counted, so from a Friday ``+1`` is the next
        business day and ``-1`` the previous one; ``0`` returns ``day``.
        """
        step = 1 if count > 0 else -1
        remaining = abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_business_day(day):
                remaining -= 1
        return day

    def effective_due_date(self, due_date):
        """The date a bill due on ``due_date`` can last be paid without being late."""
        return self.next_business_day(due_date)

    def step_date(self, due_date, offset_days, day_type=BUSINESS):
        """Date of a ladder step: effective due date + offset (business or calendar)."""
        key = (due_date, offset_days, day_type)
        if key not in self._step_dates:
            effective = self.effective_due_date(due_date)
            if day_type == CALENDAR:
                day = effective + timedelta(days=offset_days)
            elif day_type == BUSINESS:
                day = self.add_business_days(effective, offset_days)
            else:
                raise ValueError(f"Unknown day type: {day_type!r}")
            self._step_dates[key] = day
        return self._step_dates[key]


def get_calendar(state=None):
    """Shared calendar for a state (or national only): holidays are computed once.

    Anything that is not a Brazilian state code (a foreign state, empty) gives
    the national calendar.
    """
    state = (state or "").strip().upper()
    return _shared_calendar(state if state in STATES else None)


@lru_cache(maxsize=32)
def _shared_calendar(state):
    return BusinessCalendar(state)


def is_business_day(day, state=None):
    return get_calendar(state).is_business_day(day)


def add_business_days(day, count, state=None):
    return get_calendar(state).add_business_days(day, count)


def effective_due_date(due_date, state=None):
    return get_calendar(state).effective_due_date(due_date)


def step_date(due_date, offset_days, day_type=BUSINESS, state=None):
    return get_calendar(state).step_date(due_date, offset_days, day_type)


__all__ = [
    "BUSINESS",
    "CALENDAR",
    "DAY_TYPES",
    "STATES",
    "BusinessCalendar",
    "add_business_days",
    "effective_due_date",
    "get_calendar",
    "is_business_day",
    "step_date",
]
