"""Legal contact hours per state and the combined sending window, without Odoo."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cobranca_tools.business_calendar import STATES
from cobranca_tools.contact_hours import (
    RULES,
    SEARCHED_NOT_FOUND,
    TIMEZONES,
    default_rule,
    rule_for,
)
from cobranca_tools.sending_window import CombinedWindow, SendingWindow

COMPANY = SendingWindow()  # São Paulo, Lei 15.426/2014 hours


def utc(text, tz="America/Sao_Paulo"):
    """Naive UTC of a wall-clock time in ``tz``."""
    local = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def test_every_state_has_a_row_with_a_law_and_a_timezone():
    assert set(RULES) == set(STATES) == set(TIMEZONES)
    assert len(RULES) == 27
    for state, rule in RULES.items():
        assert rule.state == state
        ZoneInfo(rule.tz)  # a real IANA zone
        # a confirmed law is cited with its article; a reported one is flagged
        assert rule.law and ("art." in rule.law or rule.reported)
        assert not (rule.own_law and rule.reported)
        assert rule.source.startswith("http")
        assert rule.weekday[0] < rule.weekday[1]
        window = rule.window()
        assert window.tz == rule.tz and window.states == (state,)


def test_states_without_a_confirmed_or_reported_law_follow_sao_paulo():
    sp = RULES["SP"]
    assert sp.own_law and sp.law == "Lei SP 15.426/2014, art. 2º"
    assert sp.weekday == (time(8), time(20)) and sp.saturday == (time(8), time(14))
    defaults = {state for state, rule in RULES.items() if not rule.own_law and not rule.reported}
    assert defaults == set(RULES) - {"SP", "RJ", "AL", "AM", "ES"}
    for state in defaults:
        rule = RULES[state]
        assert (rule.weekday, rule.saturday, rule.law) == (sp.weekday, sp.saturday, sp.law)


def test_no_state_allows_more_than_sao_paulo():
    # the default must be the widest rule, so that a reported or confirmed law of
    # a state only ever narrows it
    sp = RULES["SP"]
    for rule in RULES.values():
        assert sp.weekday[0] <= rule.weekday[0] and rule.weekday[1] <= sp.weekday[1]
        if rule.saturday:
            assert sp.saturday[0] <= rule.saturday[0] and rule.saturday[1] <= sp.saturday[1]


def test_reported_laws_apply_their_narrowest_hours():
    es, am, al = RULES["ES"], RULES["AM"], RULES["AL"]
    assert all(rule.reported and not rule.own_law for rule in (es, am, al))
    assert es.law == "Lei ES 10.626/2017" and "10.626" not in RULES["SP"].law
    assert (es.weekday, es.saturday) == ((time(8), time(19)), None)
    # Vitória: 19:30 on a Tuesday and a Saturday morning are São Paulo's hours, not ES's
    vitoria = es.window()
    assert vitoria.is_open(utc("2026-03-10 18:59"))
    assert not vitoria.is_open(utc("2026-03-10 19:30"))
    assert RULES["SP"].window().is_open(utc("2026-03-10 19:30"))
    assert not vitoria.is_open(utc("2026-03-14 10:00"))  # Saturday
    assert vitoria.next_opening(utc("2026-03-14 10:00")) == utc("2026-03-16 08:00")
    # Manaus (UTC-4): the two reports agree on weekdays 08:00–18:00 and no Saturday
    assert (am.weekday, am.saturday, am.tz) == ((time(8), time(18)), None, "America/Manaus")
    manaus = am.window()
    assert manaus.is_open(utc("2026-03-10 17:30", "America/Manaus"))
    assert not manaus.is_open(utc("2026-03-10 18:30", "America/Manaus"))
    assert not manaus.is_open(utc("2026-03-14 10:00", "America/Manaus"))
    # Alagoas: São Paulo's hours, under its own (reported) law
    assert (al.weekday, al.saturday, al.law) == (
        RULES["SP"].weekday,
        RULES["SP"].saturday,
        "Lei AL 7.782/2016",
    )


def test_parana_and_mato_grosso_do_sul_were_searched_and_follow_sao_paulo():
    # No collection-hours law of PR or MS was found (MS has bills only): both are
    # listed with the search, and the default applies to them, never a bill's hours.
    assert set(SEARCHED_NOT_FOUND) == {"PR", "MS"}
    sp = RULES["SP"]
    for state in SEARCHED_NOT_FOUND:
        rule = RULES[state]
        assert not rule.own_law and not rule.reported
        assert (rule.weekday, rule.saturday, rule.law) == (sp.weekday, sp.saturday, sp.law)
    # Campo Grande (UTC-4): 19:00 there on a weekday is São Paulo's hours, open;
    # the PL 130/2025 (weekdays 08h-18h) is not applied
    campo_grande = RULES["MS"].window()
    assert campo_grande.tz == "America/Campo_Grande"
    assert campo_grande.is_open(utc("2026-03-10 19:00", "America/Campo_Grande"))
    assert campo_grande.is_open(utc("2026-03-14 10:00", "America/Campo_Grande"))  # Saturday
    assert RULES["PR"].window().is_open(utc("2026-03-14 13:30"))


def test_rio_allows_business_days_nine_to_seven_only():
    rj = RULES["RJ"]
    assert rj.own_law and "6.854/2014" in rj.law and "§ 4º" in rj.law
    window = rj.window()
    assert not window.is_open(utc("2026-03-10 08:30"))  # Tuesday
    assert window.is_open(utc("2026-03-10 09:00"))
    assert not window.is_open(utc("2026-03-10 19:00"))
    assert not window.is_open(utc("2026-03-14 10:00"))  # Saturday
    assert window.next_opening(utc("2026-03-14 10:00")) == utc("2026-03-16 09:00")


def test_timezones_of_the_west():
    assert TIMEZONES["AC"] == "America/Rio_Branco"
    assert TIMEZONES["AM"] == "America/Manaus"
    assert TIMEZONES["MT"] == "America/Cuiaba"
    assert rule_for("ac").tz == "America/Rio_Branco"
    assert rule_for(None) is None and rule_for("XX") is None


def test_acre_debtor_waits_for_eight_in_rio_branco():
    # 08:30 in São Paulo is 06:30 in Rio Branco (UTC-5): the company is open, the
    # debtor's hours are not; both are at 10:00 São Paulo time.
    combined = COMPANY.combined(rule_for("AC").window())
    now = utc("2026-03-10 08:30")
    assert COMPANY.is_open(now)
    assert not combined.is_open(now)
    assert combined.next_opening(now) == utc("2026-03-10 10:00")
    assert combined.next_opening(now) == utc("2026-03-10 08:00", "America/Rio_Branco")
    # and the company's evening closes it before the debtor's does
    assert not combined.is_open(utc("2026-03-10 20:30"))
    assert combined.next_opening(utc("2026-03-10 20:30")) == utc("2026-03-11 10:00")


def test_state_holiday_closes_the_combined_window():
    thursday = utc("2026-04-23 10:00")  # São Jorge, a holiday in Rio only
    assert COMPANY.combined(rule_for("SP").window()).is_open(thursday)
    rio = COMPANY.combined(rule_for("RJ").window())
    assert not rio.is_open(thursday)
    assert rio.next_opening(thursday) == utc("2026-04-24 09:00")


def test_company_closed_dates_close_the_state_window_too():
    municipal = datetime(2026, 3, 19).date()
    extra = frozenset({(municipal, "Aniversário da cidade")})
    company = SendingWindow(extra_closed=extra)
    combined = company.combined(rule_for("BA").window(extra))
    assert not combined.is_open(utc("2026-03-19 10:00"))
    assert combined.next_opening(utc("2026-03-19 10:00")) == utc("2026-03-20 08:00")
    assert COMPANY.combined(rule_for("BA").window()).is_open(utc("2026-03-19 10:00"))


def test_combined_window_with_disjoint_days_finds_the_common_opening():
    # Company open only on Saturdays' mornings… and Rio never on Saturdays:
    # the first common hour is Monday 09:00 in Rio.
    company = SendingWindow(weekday_start=time(12), weekday_end=time(13))
    combined = CombinedWindow([company, rule_for("RJ").window()])
    start = utc("2026-03-14 08:00")
    assert combined.next_opening(start) == utc("2026-03-16 12:00")
    assert combined.local_date(start) == company.local_date(start)
    assert combined.day_start(start.date()) == utc(f"{start.date()} 00:00")
    assert combined.start_of_next_day(start) - combined.start_of_day(start) == timedelta(days=1)


def test_a_combined_window_needs_a_window():
    with pytest.raises(ValueError):
        CombinedWindow([])


def test_year_end_closes_the_window():
    assert not COMPANY.is_open(utc("2026-12-31 10:00"))
    assert COMPANY.next_opening(utc("2026-12-31 10:00")) == utc("2027-01-02 08:00")


def test_customer_without_a_state_gets_sao_paulo_hours_in_the_given_zone():
    rule = default_rule("America/Manaus")
    assert (rule.state, rule.tz, rule.own_law) == (None, "America/Manaus", False)
    assert rule.law == RULES["SP"].law
    window = rule.window()
    assert window.states == ()
    assert window.is_open(utc("2026-07-09 10:00"))  # 9 de julho closes SP only
    assert not window.is_open(utc("2026-03-10 08:30"))  # 07:30 in Manaus
