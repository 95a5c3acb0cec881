"""Brazilian banking calendar: which days a bill can be paid on.

Plain Python (no Odoo import) so that it is tested fast and reused by the planner.

A business day is a weekday that is not:

- a national public holiday (``holidays``, BR);
- Carnaval Monday/Tuesday nor Corpus Christi: banks are closed although these
  are not federal holidays;
- the last weekday of the year: banks have no service for the public that day
  (``legal_sources``: ``year_end_bank_closure``, Res. CMN 4.880/2020, reported). It
  is 31/12, or the Friday before when 31/12 falls on a weekend: 30/12/2022 and
  29/12/2023 were closed;
- a public holiday of any of the calendar's states (a bill must be payable both
  where the company and where the customer is: for a Rio customer 23/04, São
  Jorge, is closed);
- one of the calendar's extra closed dates (the company's closed days: its
  municipal holidays, and those of the debtor's city, see ``ClosedDays``).

A bill that falls due on a non-business day is payable on the next business day
(``payable_next_business_day``, Lei 7.089/1983, and the FEBRABAN calendar), so it is
not overdue before then.
"""

import unicodedata
from datetime import date, timedelta
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
YEAR_END_CLOSURE = "Sem expediente bancário (último dia útil do ano)"
EXTRA_CLOSED = "Fechado"

#: Business days after a formal notice's deadline for a payment made on it to reach
#: the creditor: a hand-off to protest waits until they have passed too.
NOTICE_GRACE_BUSINESS_DAYS = 1

#: Safety net for loops over days: no real calendar has a year of holidays.
_MAX_SCAN = 400


def normalize_states(states):
    """Sorted tuple of the Brazilian state codes among ``states`` (a code, or an
    iterable of codes; anything else, such as a foreign state, is dropped)."""
    if isinstance(states, str) or not states:
        states = (states,)
    codes = {(code or "").strip().upper() for code in states}
    return tuple(sorted(codes & STATES))


def normalize_closed(extra_closed):
    """frozenset of (date, name) from dates or (date, name) pairs."""
    result = set()
    for item in extra_closed or ():
        day, name = (item, None) if isinstance(item, date) else item
        result.add((day, name or EXTRA_CLOSED))
    return frozenset(result)


def last_weekday_of_year(year):
    day = date(year, 12, 31)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@lru_cache(maxsize=512)
def _public_holidays(state, year):
    """{date: name}: national holidays plus one state's (``None``: national only)."""
    return dict(holidays.country_holidays("BR", subdiv=state, years=year, language="pt_BR"))


class BusinessCalendar:
    """Business days of Brazilian banks, closed on the holidays of every given
    state and on the extra closed dates."""

    def __init__(self, states=(), extra_closed=()):
        codes = [states] if isinstance(states, str) else list(states or ())
        for code in codes:
            if (code or "").strip().upper() not in STATES:
                raise ValueError(f"Unknown Brazilian state: {code!r}")
        self.states = normalize_states(codes)
        self.extra_closed = normalize_closed(extra_closed)
        self._extra = {}
        for day, name in sorted(self.extra_closed):
            self._extra.setdefault(day, name)
        self._closed = {}  # year -> {date: name}
        self._step_dates = {}  # the planner asks the same dates for many invoices

    @property
    def label(self):
        """The states whose holidays close this calendar, as "SP, RJ"."""
        return ", ".join(self.states)

    def _closed_days(self, year):
        if year not in self._closed:
            closed = {}
            for state in self.states or (None,):
                for day, name in _public_holidays(state, year).items():
                    closed.setdefault(day, name)
            sunday = easter(year)
            for delta, name in _BANK_CLOSURES:
                closed.setdefault(sunday + timedelta(days=delta), name)
            closed.setdefault(last_weekday_of_year(year), YEAR_END_CLOSURE)
            for day, name in self._extra.items():
                if day.year == year:
                    closed.setdefault(day, name)
            self._closed[year] = closed
        return self._closed[year]

    def holiday_name(self, day):
        """Name of the holiday or closure on ``day``, or None."""
        return self._closed_days(day.year).get(day)

    def is_business_day(self, day):
        return day.weekday() < 5 and self.holiday_name(day) is None

    def next_business_day(self, day):
        """``day`` itself when it is a business day, else the next one."""
        return self._scan(day, 1)

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

    def notice_dates(self, sent_day, days):
        """(deadline, first hand-off day) of a formal notice sent on ``sent_day`` that
        gives the customer ``days`` days to pay or contest.

        The deadline is ``sent_day + days``, moved to the next business day. A
        hand-off to protest or negativação waits until the deadline and one more
        business day have passed (a payment made on the deadline takes a business day
        to reach the creditor): it may go from the second business day after the
        deadline.
        """
        deadline = self.next_business_day(sent_day + timedelta(days=days))
        return deadline, self.add_business_days(deadline, NOTICE_GRACE_BUSINESS_DAYS + 1)

    def step_date(self, due_date, offset_days, day_type=BUSINESS):
        """Date of a ladder step: effective due date + offset (business or calendar)."""
        return self.contact_step_date(due_date, offset_days, day_type)

    def contact_step_date(self, due_date, offset_days, day_type=BUSINESS, payment=None):
        """Date of a ladder step for a message to a person whose holidays are this
        calendar's: the due date moves to the day it is payable on ``payment``'s
        calendar (where the bill is paid: the company's and the customer's; this
        one when None), and the offset is counted on this one."""
        payment = payment or self
        key = (due_date, offset_days, day_type, payment)
        if key not in self._step_dates:
            effective = payment.effective_due_date(due_date)
            if day_type == CALENDAR:
                day = effective + timedelta(days=offset_days)
            elif day_type == BUSINESS:
                day = self.add_business_days(effective, offset_days)
            else:
                raise ValueError(f"Unknown day type: {day_type!r}")
            self._step_dates[key] = day
        return self._step_dates[key]


def city_key(city):
    """A city's name as closed days match it: without accents, case or extra
    spaces ("  São   PAULO " and "sao paulo" are the same city); '' for none."""
    text = unicodedata.normalize("NFKD", city or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


class ClosedDays:
    """A company's closed days: the general ones close every calendar of the
    company; a municipal one closes its day only for the places in its city
    (and in its state, when it names one)."""

    def __init__(self, general=(), local=()):
        """``general``: dates or (date, name) pairs; ``local``: (city, state code
        or None, date, name)."""
        self.general = normalize_closed(general)
        self._by_city = {}
        for city, state, day, name in local:
            if key := city_key(city):
                state = (state or "").strip().upper() or None
                self._by_city.setdefault(key, []).append((state, day, name or EXTRA_CLOSED))
        self._places = {}

    def for_place(self, state=None, city=None):
        """frozenset of (date, name): the days closed for a person in ``city`` of
        ``state`` (a UF code or None). The same object for every place without a
        municipal closed day of its own."""
        key = (state or None, city or "")
        if key not in self._places:
            entries = self._by_city.get(city_key(city), ())
            local = {(day, name) for st, day, name in entries if st is None or st == key[0]}
            self._places[key] = self.general | local if local else self.general
        return self._places[key]

    def matches(self, state, city):
        """Whether a municipal closed day applies to ``city`` of ``state``."""
        return self.for_place(state, city) is not self.general


def get_calendar(state=None, states=(), extra_closed=frozenset()):
    """Shared calendar closed on the holidays of ``state`` and ``states`` (codes
    that are not Brazilian states, or empty ones, are ignored) and on the extra
    closed dates (dates or (date, name) pairs): holidays are computed once per key.

    ``get_calendar(states=("SP", "RJ"))`` is a business day only where it is one
    in both states.
    """
    if isinstance(states, str):
        states = (states,)
    codes = normalize_states((state, *(states or ())))
    return _shared_calendar(codes, normalize_closed(extra_closed))


@lru_cache(maxsize=256)
def _shared_calendar(states, extra_closed):
    return BusinessCalendar(states, extra_closed)


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
    "ClosedDays",
    "add_business_days",
    "city_key",
    "effective_due_date",
    "get_calendar",
    "is_business_day",
    "last_weekday_of_year",
    "step_date",
]
