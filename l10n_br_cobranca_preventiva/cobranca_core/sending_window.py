"""When collection messages may reach a customer (plain Python, no Odoo).

The default follows São Paulo's Lei 15.426/2014: Monday to Friday 08:00-20:00,
Saturday 08:00-14:00, never on Sundays or holidays, in the company's timezone.
Outside the window a message waits for the next opening; it is never dropped.
"""

from dataclasses import dataclass, replace
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
    state: str | None = None  # Brazilian state whose holidays close the window

    @classmethod
    def from_hours(
        cls,
        weekday=(8.0, 20.0),
        saturday=(8.0, 14.0),
        tz=DEFAULT_TZ,
        state=None,
    ):
        """Build from (start, end) hour floats; ``saturday=None`` closes Saturdays."""
        return cls(
            weekday_start=hours_to_time(weekday[0]),
            weekday_end=hours_to_time(weekday[1]),
            saturday_start=hours_to_time(saturday[0]) if saturday else None,
            saturday_end=hours_to_time(saturday[1]) if saturday else None,
            tz=tz or DEFAULT_TZ,
            state=state,
        )

    def __post_init__(self):
        ZoneInfo(self.tz)  # fail early on an unknown timezone
        if self.weekday_start >= self.weekday_end:
            raise ValueError("The weekday window must start before it ends.")
        if (self.saturday_start is None) != (self.saturday_end is None):
            raise ValueError("Saturday needs both a start and an end, or neither.")
        if self.saturday_start is not None and self.saturday_start >= self.saturday_end:
            raise ValueError("The Saturday window must start before it ends.")

    def narrowed(self, other):
        """The intersection of two windows (e.g. company and customer's state)."""

        def inter(a_start, a_end, b_start, b_end):
            if a_start is None or b_start is None:
                return None, None
            start, end = max(a_start, b_start), min(a_end, b_end)
            return (start, end) if start < end else (None, None)

        wd_start, wd_end = inter(
            self.weekday_start, self.weekday_end, other.weekday_start, other.weekday_end
        )
        if wd_start is None:
            raise ValueError("The two windows do not overlap on weekdays.")
        sat_start, sat_end = inter(
            self.saturday_start,
            self.saturday_end,
            other.saturday_start,
            other.saturday_end,
        )
        return replace(
            self,
            weekday_start=wd_start,
            weekday_end=wd_end,
            saturday_start=sat_start,
            saturday_end=sat_end,
        )

    # ------------------------------------------------------------------ queries
    def _hours_on(self, day):
        """(start, end) of the window on a local date, or None when closed."""
        weekday = day.weekday()
        if weekday == 6 or get_calendar(self.state).holiday_name(day):
            return None
        if weekday == 5:
            if self.saturday_start is None:
                return None
            return self.saturday_start, self.saturday_end
        return self.weekday_start, self.weekday_end

    def _local(self, when):
        """Aware local datetime from an aware or naive-UTC datetime (Odoo stores UTC)."""
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

    def start_of_day(self, when):
        """Local midnight of ``when``'s day, as naive UTC."""
        local = self._local(when)
        midnight = datetime.combine(local.date(), time(0, 0), tzinfo=ZoneInfo(self.tz))
        return midnight.astimezone(UTC).replace(tzinfo=None)
