"""Brazilian banking calendar, without Odoo."""

from datetime import date

import pytest

from cobranca_tools import business_calendar as bc
from cobranca_tools import legal_sources
from cobranca_tools.business_calendar import BusinessCalendar, get_calendar

NATIONAL = BusinessCalendar()
SP = BusinessCalendar("SP")


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 2, 16),  # Carnaval Monday
        date(2026, 2, 17),  # Carnaval Tuesday
        date(2026, 4, 3),  # Sexta-feira Santa
        date(2026, 6, 4),  # Corpus Christi
        date(2026, 11, 20),  # Consciência Negra (national since 2024)
        date(2026, 1, 1),
        date(2026, 12, 25),
    ],
)
def test_national_closures_are_not_business_days(day):
    assert NATIONAL.holiday_name(day)
    assert not NATIONAL.is_business_day(day)


def test_ash_wednesday_is_a_business_day():
    # Banks open at noon on Quarta-feira de Cinzas: bills can be paid.
    assert NATIONAL.is_business_day(date(2026, 2, 18))


def test_weekends_are_not_business_days():
    assert not NATIONAL.is_business_day(date(2026, 3, 14))  # Saturday
    assert not NATIONAL.is_business_day(date(2026, 3, 15))  # Sunday
    assert NATIONAL.is_business_day(date(2026, 3, 16))


def test_nine_of_july_only_for_sao_paulo():
    day = date(2026, 7, 9)  # Thursday, Revolução Constitucionalista (SP)
    assert not SP.is_business_day(day)
    assert NATIONAL.is_business_day(day)
    assert BusinessCalendar("RJ").is_business_day(day)


def test_saturday_due_date_is_payable_on_monday():
    assert NATIONAL.effective_due_date(date(2026, 3, 14)) == date(2026, 3, 16)
    # a business day is its own effective due date
    assert NATIONAL.effective_due_date(date(2026, 3, 16)) == date(2026, 3, 16)


def test_due_date_on_carnaval_is_payable_on_ash_wednesday():
    assert NATIONAL.effective_due_date(date(2026, 2, 14)) == date(2026, 2, 18)
    assert NATIONAL.effective_due_date(date(2026, 2, 16)) == date(2026, 2, 18)


def test_add_business_days_skips_carnaval():
    friday = date(2026, 2, 13)
    assert NATIONAL.add_business_days(friday, 1) == date(2026, 2, 18)
    assert NATIONAL.add_business_days(friday, 3) == date(2026, 2, 20)
    assert NATIONAL.add_business_days(friday, 0) == friday


def test_negative_offset_across_good_friday():
    # Due Monday 06/04/2026: D-1 is Thursday 02/04 (Friday 03/04 is Sexta-feira Santa).
    monday = date(2026, 4, 6)
    assert NATIONAL.add_business_days(monday, -1) == date(2026, 4, 2)
    assert NATIONAL.add_business_days(monday, -3) == date(2026, 3, 31)


def test_negative_offset_across_carnaval():
    # Due Ash Wednesday 18/02/2026: D-1 is Friday 13/02.
    assert NATIONAL.step_date(date(2026, 2, 18), -1) == date(2026, 2, 13)


def test_negative_offset_across_state_holiday():
    # Due Friday 10/07/2026 in SP: D-1 is Wednesday 08/07 (09/07 is a state holiday).
    assert SP.step_date(date(2026, 7, 10), -1) == date(2026, 7, 8)
    assert NATIONAL.step_date(date(2026, 7, 10), -1) == date(2026, 7, 9)


def test_year_boundary_forward_and_backward():
    # Wednesday 30/12/2026 + 1 business day: 31/12 has no public banking, 01/01 is
    # a holiday, 02/01 a Saturday, so Monday 04/01.
    assert NATIONAL.add_business_days(date(2026, 12, 30), 1) == date(2027, 1, 4)
    # Due Friday 01/01/2027 (holiday) -> payable Monday 04/01/2027; D-1 skips
    # 31/12 (30/12/2026) and D-2 is 29/12/2026.
    assert NATIONAL.effective_due_date(date(2027, 1, 1)) == date(2027, 1, 4)
    assert NATIONAL.step_date(date(2027, 1, 1), -1) == date(2026, 12, 30)
    assert NATIONAL.step_date(date(2027, 1, 1), -2) == date(2026, 12, 29)


@pytest.mark.parametrize(
    ("closed", "open_before"),
    [
        (date(2026, 12, 31), date(2026, 12, 30)),  # Thursday
        (date(2022, 12, 30), date(2022, 12, 29)),  # 31/12/2022 was a Saturday
        (date(2023, 12, 29), date(2023, 12, 28)),  # 31/12/2023 was a Sunday
    ],
)
def test_last_weekday_of_the_year_has_no_public_banking(closed, open_before):
    assert NATIONAL.holiday_name(closed) == bc.YEAR_END_CLOSURE
    assert not NATIONAL.is_business_day(closed)
    assert NATIONAL.is_business_day(open_before)
    # a bill due that day is payable on the first business day of January
    assert NATIONAL.effective_due_date(closed).year == closed.year + 1


def test_calendar_of_two_states_closes_on_the_holidays_of_both():
    both = get_calendar(states=("SP", "RJ"))
    sao_jorge, nine_of_july = date(2026, 4, 23), date(2026, 7, 9)
    assert not both.is_business_day(sao_jorge)  # RJ only
    assert not both.is_business_day(nine_of_july)  # SP only
    assert get_calendar("SP").is_business_day(sao_jorge)
    assert get_calendar("RJ").is_business_day(nine_of_july)
    # Due Friday 24/04/2026: D-1 is 23/04 in SP, 22/04 where Rio counts too
    assert get_calendar("SP").step_date(date(2026, 4, 24), -1) == sao_jorge
    assert both.step_date(date(2026, 4, 24), -1) == date(2026, 4, 22)
    assert both.states == ("RJ", "SP")
    assert both.label == "RJ, SP"


def test_extra_closed_dates_close_the_day():
    municipal = date(2026, 3, 19)  # a Thursday, e.g. a city's anniversary
    closed = get_calendar("SP", extra_closed=frozenset({(municipal, "Aniversário da cidade")}))
    assert closed.holiday_name(municipal) == "Aniversário da cidade"
    assert not closed.is_business_day(municipal)
    assert get_calendar("SP").is_business_day(municipal)
    # plain dates are accepted too
    assert not get_calendar(extra_closed=frozenset({municipal})).is_business_day(municipal)


def test_calendar_key_is_shared_whatever_the_order():
    day = date(2026, 3, 19)
    first = get_calendar(states=("SP", "RJ"), extra_closed=frozenset({(day, "X")}))
    again = get_calendar("rj", states=["SP"], extra_closed={(day, "X")})
    assert first is again
    assert get_calendar(states=("SP", "XX", None)) is get_calendar("SP")


def test_step_date_business_and_calendar_days():
    friday_before_carnaval = date(2026, 2, 13)
    assert NATIONAL.step_date(friday_before_carnaval, -5) == date(2026, 2, 6)
    assert NATIONAL.step_date(friday_before_carnaval, 3) == date(2026, 2, 20)
    assert NATIONAL.step_date(friday_before_carnaval, 3, bc.CALENDAR) == date(2026, 2, 16)
    assert NATIONAL.step_date(friday_before_carnaval, -5, bc.CALENDAR) == date(2026, 2, 8)


def test_calendar_offsets_start_from_the_effective_due_date():
    saturday = date(2026, 3, 14)
    assert NATIONAL.step_date(saturday, 0, bc.CALENDAR) == date(2026, 3, 16)
    assert NATIONAL.step_date(saturday, -1, bc.CALENDAR) == date(2026, 3, 15)


def test_next_business_day():
    assert NATIONAL.next_business_day(date(2026, 2, 15)) == date(2026, 2, 18)


def test_unknown_state_and_day_type_are_refused():
    with pytest.raises(ValueError):
        BusinessCalendar("XX")
    with pytest.raises(ValueError):
        NATIONAL.step_date(date(2026, 3, 2), 1, "weekly")


def test_get_calendar_is_shared_and_tolerant():
    assert get_calendar("sp") is get_calendar("SP")
    assert get_calendar("XX").states == ()  # a non-Brazilian state falls back to national
    assert get_calendar(None).states == ()
    assert get_calendar(False).states == ()


def test_module_functions_use_the_state():
    assert not bc.is_business_day(date(2026, 7, 9), "SP")
    assert bc.is_business_day(date(2026, 7, 9))
    assert bc.step_date(date(2026, 7, 10), -1, state="SP") == date(2026, 7, 8)


def test_notice_deadline_and_hand_off_after_one_more_business_day():
    # sent Monday 23/03/2026 with 5 days: Saturday 28 -> Monday 30; Tuesday 31 is
    # the day a payment made on the deadline takes to arrive: hand-off from Wed 01/04
    assert NATIONAL.notice_dates(date(2026, 3, 23), 5) == (date(2026, 3, 30), date(2026, 4, 1))
    # across Good Friday (03/04/2026): deadline Wed 01/04, grace Thu 02/04, then Mon 06/04
    assert NATIONAL.notice_dates(date(2026, 3, 27), 5) == (date(2026, 4, 1), date(2026, 4, 6))


def test_city_key_ignores_accents_case_and_spaces():
    assert bc.city_key("  São   PAULO ") == bc.city_key("sao paulo") == "sao paulo"
    assert bc.city_key("Florianópolis") == "florianopolis"
    assert bc.city_key(None) == bc.city_key("   ") == ""


def test_municipal_closed_days_close_their_city_only():
    anniversary = date(2026, 1, 25)  # Sunday; 19/03 below is a Thursday
    saint = date(2026, 3, 19)
    closed = bc.ClosedDays(
        general=[(date(2026, 3, 12), "Inventário")],
        local=[
            ("São Paulo", None, anniversary, "Aniversário de São Paulo"),
            ("Palmas", "TO", saint, "São José"),
        ],
    )
    general = closed.for_place("SP", "Campinas")
    assert general == {(date(2026, 3, 12), "Inventário")}
    assert closed.for_place("RJ", None) is general  # shared: one calendar for all
    sampa = closed.for_place("SP", " sao  PAULO")
    assert (anniversary, "Aniversário de São Paulo") in sampa
    assert (date(2026, 3, 12), "Inventário") in sampa
    # a state named on the closed day must match; a city without a state does not
    assert closed.for_place("TO", "Palmas") > general
    assert closed.for_place("PR", "Palmas") is general
    assert closed.for_place(None, "Palmas") is general
    assert closed.matches("TO", "palmas") and not closed.matches("PR", "Palmas")
    calendar = get_calendar(states=("TO",), extra_closed=closed.for_place("TO", "Palmas"))
    assert calendar.holiday_name(saint) == "São José"
    assert get_calendar(states=("TO",), extra_closed=general).is_business_day(saint)


def test_contact_step_date_counts_on_the_person_calendar_from_the_payable_date():
    # Due Friday 24/04/2026 for a Rio customer: payable that day (SP and RJ
    # banks). A message to a São Paulo contact counts D-1 on São Paulo's
    # holidays: Thursday 23/04 (São Jorge is Rio's); on the customer's, 22/04.
    banking = get_calendar(states=("SP", "RJ"))
    contact = get_calendar(states=("SP",))
    due = date(2026, 4, 24)
    assert banking.step_date(due, -1) == date(2026, 4, 22)
    assert contact.contact_step_date(due, -1, payment=banking) == date(2026, 4, 23)
    # the due date moves on the payment calendar, not the contact's: due on São
    # Jorge, payable Friday 24/04 for the Rio customer; D0 is that Friday
    st_george = date(2026, 4, 23)
    assert contact.contact_step_date(st_george, 0, payment=banking) == date(2026, 4, 24)
    assert contact.step_date(st_george, 0) == st_george
    # without a payment calendar, or with itself, it is step_date
    assert contact.contact_step_date(due, -3) == contact.step_date(due, -3)
    assert banking.contact_step_date(due, -3, payment=banking) == banking.step_date(due, -3)


def test_the_year_end_closure_cites_the_resolution_in_force():
    # Res. CMN 4.880/2020 revoked Res. 2.932/2002 (from 01/03/2021): the calendar
    # cites the one in force (its row in legal_sources), and the old one only as revoked
    row = legal_sources.RULES["year_end_bank_closure"]
    assert row.citation == "Res. CMN 4.880/2020" and row.status == "reported"
    assert "It revoked Res. 2.932/2002" in row.note
    assert any("normaslegais.com.br" in source for source in row.sources)
    doc = " ".join(bc.__doc__.split())
    assert "year_end_bank_closure" in doc and "2.932/2002" not in doc
