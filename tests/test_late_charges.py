"""The itemised amount of an overdue invoice (principal, fine, interest pro rata by the
days late, total), who is a consumer and which rates a consumer may be told, without
Odoo."""

from datetime import date
from decimal import Decimal

import pytest

from cobranca_tools.late_charges import consumer_rates_allowed, is_consumer, late_charges
from cobranca_tools.wording import itemised_amount, itemised_charges

PAYABLE = date(2026, 3, 2)


def money(amount):
    return f"R$ {amount:.2f}".replace(".", ",")


@pytest.mark.parametrize(
    ("day", "fine", "interest", "total", "days"),
    [
        (date(2026, 2, 27), "0.00", "0.00", "1000.00", 0),  # before the due date
        (date(2026, 3, 2), "0.00", "0.00", "1000.00", 0),  # the last day to pay
        (date(2026, 3, 3), "20.00", "0.33", "1020.33", 1),
        (date(2026, 3, 17), "20.00", "5.00", "1025.00", 15),
        (date(2026, 4, 16), "20.00", "15.00", "1035.00", 45),
    ],
)
def test_fine_once_overdue_and_interest_pro_rata_by_the_days_late(day, fine, interest, total, days):
    charges = late_charges(1000, PAYABLE, day, 2, 1)
    assert charges.principal == Decimal("1000.00")
    assert (charges.fine, charges.interest) == (Decimal(fine), Decimal(interest))
    assert charges.total == Decimal(total)
    assert charges.days_late == days
    assert charges.has_charges == bool(days)


def test_amounts_are_rounded_to_the_cent():
    charges = late_charges(333.33, PAYABLE, date(2026, 3, 9), 2, 1)
    assert charges.fine == Decimal("6.67")  # 6.6666
    assert charges.interest == Decimal("0.78")  # 333.33 × 1% × 7/30 = 0.7778
    assert charges.total == Decimal("340.78")


def test_no_rate_no_charge():
    charges = late_charges(1000, PAYABLE, date(2026, 3, 17), 0, 0)
    assert not charges.has_charges
    assert charges.total == Decimal("1000.00")


@pytest.mark.parametrize(
    ("fine", "interest", "allowed"),
    [
        (2, 1, True),
        (0, 0, True),
        (1.5, 0.5, True),
        (2.01, 1, False),  # CDC art. 52 § 1º: at most 2%
        (10, 0, False),
        (2, 1.5, False),  # above 1% a month
    ],
)
def test_rates_a_consumer_may_be_told(fine, interest, allowed):
    assert consumer_rates_allowed(fine, interest) is allowed


@pytest.mark.parametrize(
    ("vat", "is_company", "consumer"),
    [
        ("529.982.247-25", False, True),
        ("52998224725", True, True),  # a CPF, even on a record marked company
        ("11.222.333/0001-81", True, False),
        ("", True, False),
        (False, False, True),  # a person without a tax number
        (None, False, True),
    ],
)
def test_a_consumer_has_a_cpf_or_is_not_a_company(vat, is_company, consumer):
    assert is_consumer(vat, is_company) is consumer


def test_itemised_wording_names_each_addition_and_the_total():
    charges = late_charges(1000, PAYABLE, date(2026, 3, 17), 2, 1)
    assert itemised_charges(charges, money, "17/03/2026") == (
        "Valor atualizado em 17/03/2026: R$ 1000,00 (valor original) + R$ 20,00 "
        "(multa de 2%) + R$ 5,00 (juros de mora de 1% ao mês, 15 dias de atraso) "
        "= R$ 1025,00."
    )
    assert itemised_amount(charges, money, "17/03/2026") == (
        "R$ 1025,00 em 17/03/2026 (valor original R$ 1000,00 + multa R$ 20,00 + juros R$ 5,00)"
    )


def test_itemised_wording_leaves_out_what_is_not_charged():
    one_day = late_charges(1000, PAYABLE, date(2026, 3, 3), 0, 1.5)
    text = itemised_charges(one_day, money, "03/03/2026")
    assert "multa" not in text
    assert "1,5% ao mês, 1 dia de atraso" in text
    fine_only = itemised_amount(late_charges(1000, PAYABLE, date(2026, 3, 3), 2, 0), money, "x")
    assert "juros" not in fine_only and "multa R$ 20,00" in fine_only
