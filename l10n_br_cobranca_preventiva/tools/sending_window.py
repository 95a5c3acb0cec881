"""When collection messages may reach a customer (plain Python, no Odoo).

The default follows São Paulo's Lei 15.426/2014: Monday to Friday 08:00-20:00,
Saturday 08:00-14:00, never on Sundays or holidays, in the company's timezone.
Outside the window a message waits for the next opening; it is never dropped.

The window that applies to a reminder combines the company's (its timezone, its
holidays) with the legal hours of the customer's state (the state's timezone and
holidays, see ``contact_hours``): a message goes out only when both are open.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .business_calendar import get_calendar

DEFAULT_TZ = "America/Sao_Paulo"
_MAX_DAYS = 400


def hours_to_time(hours):
    """8.5 -> 08:30 (Odoo's float_time widget stores hours as a float)."""
    minutes = round(float(hours) * 60)
    if minutes >= 24 * 60:
        return time.max
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class SendingWindow:
    """Opening hours per kind of day; ``None`` means closed that day. End excluded."""

    weekday_start: time = time(8, 0)
    weekday_end: time = time(20, 0)
    saturday_start: time | None = time(8, 0)
    saturday_end: time | None = time(14, 0)
    tz: str = DEFAULT_TZ
    states: tuple = ()  # Brazilian states whose holidays close the window
    extra_closed: frozenset = field(default_factory=frozenset)  # more closed dates

    @classmethod
    def from_hours(
        cls,
        weekday=(8.0, 20.0),
        saturday=(8.0, 14.0),
        tz=DEFAULT_TZ,
        states=(),
        extra_closed=frozenset(),
    ):
        """Build from (start, end) hour floats; ``saturday=None`` closes Saturdays."""
        return cls(
            weekday_start=hours_to_time(weekday[0]),
            weekday_end=hours_to_time(weekday[1]),
            saturday_start=hours_to_time(saturday[0]) if saturday else None,
            saturday_end=hours_to_time(saturday[1]) if saturday else None,
            tz=tz or DEFAULT_TZ,
            states=tuple(states or ()),
            extra_closed=frozenset(extra_closed or ()),
        )

    def __post_init__(self):
        ZoneInfo(self.tz)  # fail early on an unknown timezone
        if self.weekday_start >= self.weekday_end:
            raise ValueError("The weekday window must start before it ends.")
        if (self.saturday_start is None) != (self.saturday_end is None):
            raise ValueError("Saturday needs both a start and an end, or neither.")
        if self.saturday_start is not None and self.saturday_start >= self.saturday_end:
            raise ValueError("The Saturday window must start before it ends.")
        # shared calendar of the window's holidays (frozen: set once here)
        calendar = get_calendar(states=self.states, extra_closed=self.extra_closed)
        object.__setattr__(self, "calendar", calendar)

    def combined(self, *others):
        """The window open only when this one and every one of ``others`` are."""
        return CombinedWindow((self, *others))

    # ------------------------------------------------------------------ queries
    def _hours_on(self, day):
        """(start, end) of the window on a local date, or None when closed."""
        weekday = day.weekday()
        if weekday == 6 or self.calendar.holiday_name(day):
            return None
        if weekday == 5:
            if self.saturday_start is None:
                return None
            return self.saturday_start, self.saturday_end
        return self.weekday_start, self.weekday_end

    def _local(self, when):
        """Aware local datetime from an aware or naive-UTC datetime (Odoo stores
        UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.astimezone(ZoneInfo(self.tz))

    def local_date(self, when):
        """The company's calendar date at ``when``."""
        return self._local(when).date()

    def is_open(self, when):
        local = self._local(when)
        hours = self._hours_on(local.date())
        return bool(hours) and hours[0] <= local.time() < hours[1]

    def next_opening(self, when):
        """``when`` itself if open, else the next opening, as a naive UTC datetime."""
        local = self._local(when)
        zone = ZoneInfo(self.tz)
        day = local.date()
        for offset in range(_MAX_DAYS):
            current = day + timedelta(days=offset)
            hours = self._hours_on(current)
            if not hours:
                continue
            start = datetime.combine(current, hours[0], tzinfo=zone)
            end = datetime.combine(current, hours[1], tzinfo=zone)
            if offset == 0 and local >= end:
                continue
            opening = max(start, local) if offset == 0 else start
            return opening.astimezone(UTC).replace(tzinfo=None)
        raise ValueError("No opening found in the sending window")  # pragma: no cover

    def start_of_next_day(self, when):
        """Local midnight after ``when``, as naive UTC (for per-day message caps)."""
        local = self._local(when)
        midnight = datetime.combine(
            local.date() + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(self.tz)
        )
        return midnight.astimezone(UTC).replace(tzinfo=None)

    def day_start(self, day):
        """Local midnight of the date ``day``, as naive UTC."""
        midnight = datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(self.tz))
        return midnight.astimezone(UTC).replace(tzinfo=None)

    def start_of_day(self, when):
        """Local midnight of ``when``'s day, as naive UTC."""
        local = self._local(when)
        midnight = datetime.combine(local.date(), time(0, 0), tzinfo=ZoneInfo(self.tz))
        return midnight.astimezone(UTC).replace(tzinfo=None)


class CombinedWindow:
    """Several windows at once (company and customer's state, each in its own
    timezone): open only when all of them are. The first one gives the local
    dates (the company's day)."""

    def __init__(self, windows):
        self.windows = tuple(windows)
        if not self.windows:
            raise ValueError("A combined window needs at least one window.")

    def is_open(self, when):
        return all(window.is_open(when) for window in self.windows)

    def next_opening(self, when):
        """``when`` itself if every window is open, else the first moment they all
        are, as a naive UTC datetime."""
        moment = self.windows[0].next_opening(when)
        for _i in range(_MAX_DAYS * 4):
            later = moment
            for window in self.windows:
                later = window.next_opening(later)
            if later == moment:
                return moment
            moment = later
        raise ValueError("The windows never open together")  # pragma: no cover

    def local_date(self, when):
        return self.windows[0].local_date(when)

    def day_start(self, day):
        return self.windows[0].day_start(day)

    def start_of_day(self, when):
        return self.windows[0].start_of_day(when)

    def start_of_next_day(self, when):
        return self.windows[0].start_of_next_day(when)
