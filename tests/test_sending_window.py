"""Sending window (Lei 15.426/2014 defaults), without Odoo."""

from datetime import UTC, datetime, time

import pytest

from cobranca_tools.sending_window import SendingWindow, hours_to_time

SP = SendingWindow()  # default: Mon-Fri 8-20, Sat 8-14, America/Sao_Paulo (UTC-3)


def utc(*args):
    """Naive UTC datetime, as Odoo stores them."""
    return datetime(*args)


def local_sp(y, m, d, hh, mm):
    """Naive UTC of a São Paulo wall-clock time (UTC-3, no DST since 2019)."""
    return datetime(y, m, d, hh + 3, mm) if hh + 3 < 24 else None


def test_friday_evening_boundary():
    assert SP.is_open(local_sp(2026, 3, 13, 19, 59))
    assert not SP.is_open(local_sp(2026, 3, 13, 20, 0))
    assert not SP.is_open(local_sp(2026, 3, 13, 20, 1))


def test_friday_after_20_waits_until_saturday_8():
    assert SP.next_opening(local_sp(2026, 3, 13, 20, 1)) == local_sp(2026, 3, 14, 8, 0)


def test_saturday_afternoon_waits_until_monday_8():
    assert SP.is_open(local_sp(2026, 3, 14, 13, 59))
    assert not SP.is_open(local_sp(2026, 3, 14, 14, 0))
    assert SP.next_opening(local_sp(2026, 3, 14, 14, 0)) == local_sp(2026, 3, 16, 8, 0)


def test_sunday_is_closed():
    assert not SP.is_open(local_sp(2026, 3, 15, 10, 0))
    assert SP.next_opening(local_sp(2026, 3, 15, 10, 0)) == local_sp(2026, 3, 16, 8, 0)


def test_holiday_is_closed_and_skipped():
    # Tuesday 21/04/2026 is Tiradentes: closed all day, opens Wednesday 08:00.
    assert not SP.is_open(local_sp(2026, 4, 21, 10, 0))
    assert SP.next_opening(local_sp(2026, 4, 20, 20, 30)) == local_sp(2026, 4, 22, 8, 0)
    # Carnaval Monday and Tuesday too (16-17/02/2026), Ash Wednesday opens.
    assert SP.next_opening(local_sp(2026, 2, 14, 15, 0)) == local_sp(2026, 2, 18, 8, 0)


def test_state_holiday_only_with_the_state():
    nine_july = local_sp(2026, 7, 9, 10, 0)  # Thursday, SP state holiday
    assert SP.is_open(nine_july)
    assert not SendingWindow(states=("SP",)).is_open(nine_july)


def test_extra_closed_dates_close_the_window():
    municipal = local_sp(2026, 3, 19, 10, 0)
    window = SendingWindow.from_hours(
        extra_closed={(municipal.date(), "Feriado municipal")}
    )
    assert SP.is_open(municipal)
    assert not window.is_open(municipal)
    assert window.next_opening(municipal) == local_sp(2026, 3, 20, 8, 0)


def test_open_time_is_its_own_next_opening():
    when = local_sp(2026, 3, 16, 9, 15)
    assert SP.next_opening(when) == when


def test_before_opening_waits_the_same_day():
    assert SP.next_opening(local_sp(2026, 3, 16, 6, 0)) == local_sp(2026, 3, 16, 8, 0)


def test_aware_datetimes_are_accepted():
    aware = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)  # 09:00 in São Paulo
    assert SP.is_open(aware)
    assert SP.local_date(utc(2026, 3, 17, 2, 0)).isoformat() == "2026-03-16"


def test_other_timezone():
    manaus = SendingWindow(tz="America/Manaus")  # UTC-4
    when = utc(2026, 3, 16, 11, 30)  # 07:30 in Manaus, 08:30 in São Paulo
    assert SP.is_open(when)
    assert not manaus.is_open(when)
    assert manaus.next_opening(when) == utc(2026, 3, 16, 12, 0)


def test_combined_with_rio_de_janeiro_hours():
    rj = SendingWindow.from_hours(weekday=(9, 19), saturday=None)
    window = SP.combined(rj)
    assert not window.is_open(local_sp(2026, 3, 13, 8, 30))
    assert window.is_open(local_sp(2026, 3, 13, 9, 0))
    assert not window.is_open(local_sp(2026, 3, 13, 19, 0))
    assert window.next_opening(local_sp(2026, 3, 13, 19, 30)) == local_sp(
        2026, 3, 16, 9, 0
    )


def test_windows_that_never_open_together_are_refused():
    with pytest.raises(ValueError):
        SP.combined(
            SendingWindow.from_hours(weekday=(20, 22), saturday=None)
        ).next_opening(local_sp(2026, 3, 16, 9, 0))


def test_from_hours_and_validation():
    window = SendingWindow.from_hours(weekday=(8.5, 18.25), saturday=(9, 12))
    assert window.weekday_start == time(8, 30)
    assert window.weekday_end == time(18, 15)
    assert hours_to_time(24) == time.max
    with pytest.raises(ValueError):
        SendingWindow.from_hours(weekday=(20, 8))
    with pytest.raises(ValueError):
        SendingWindow.from_hours(saturday=(14, 8))
    with pytest.raises(Exception):  # noqa: B017 - unknown timezone
        SendingWindow(tz="Mars/Olympus")


def test_day_boundaries_in_local_time():
    when = utc(2026, 3, 17, 1, 0)  # 16/03 22:00 in São Paulo
    assert SP.start_of_day(when) == utc(2026, 3, 16, 3, 0)
    assert SP.start_of_next_day(when) == utc(2026, 3, 17, 3, 0)
