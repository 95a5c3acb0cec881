"""Late charges of an overdue invoice, itemised (plain Python, no Odoo).

One place computes what an overdue invoice costs on a given day: the principal
(what is still open), the fine (multa de mora, once overdue), the interest (juros de
mora, pro rata by the days late: the monthly rate over 30 days, simple interest on
the principal) and their total. Every channel that states the amount of an overdue
invoice to a consumer takes its figures from here.

Why itemised, for consumers: the laws of SP, RJ and PR ask that the amount presented
to a consumer name the original value and each addition, printed, electronic or spoken
(``legal_sources``: ``sp_itemised_charges``, ``rj_itemised_charges``,
``pr_itemised_charges``). The module states the figures to every consumer, whatever the
state: the stricter wording breaks no law.

Ceilings for consumers: a fine of at most 2% (``consumer_fine_ceiling``, CDC art. 52,
§ 1º) and interest of at most 1% a month (``consumer_interest_ceiling``, reported: a
legal rate that moves every month is not computed here, 1% is the fixed ceiling).

A company whose rates are above a ceiling keeps them for its business customers;
consumers are never told about them, and their messages say instead that the amount
shown settles the invoice (no fine, no interest), which is what the payment link and
the Pix code ask for.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CONSUMER_MAX_FINE_PERCENT = Decimal(2)  # consumer_fine_ceiling
CONSUMER_MAX_MONTHLY_INTEREST_PERCENT = Decimal(1)  # consumer_interest_ceiling
DAYS_PER_MONTH = 30

_CENT = Decimal("0.01")


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def _cents(value):
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def is_consumer(vat, is_company):
    """Whether a debtor is a consumer (pessoa física): its tax number is a CPF (11
    digits), or it is not a company (``consumer_definition`` counts a company using what
    it buys as a consumer too: the ceilings are applied to persons, where no doubt is)."""
    digits = "".join(ch for ch in vat or "" if ch.isdigit())
    return len(digits) == 11 or not is_company


def consumer_rates_allowed(fine_percent, monthly_interest_percent):
    """Whether a consumer may be told (and charged) these rates: a fine of at most 2%
    and interest of at most 1% a month."""
    return (
        _decimal(fine_percent) <= CONSUMER_MAX_FINE_PERCENT
        and _decimal(monthly_interest_percent) <= CONSUMER_MAX_MONTHLY_INTEREST_PERCENT
    )


@dataclass(frozen=True)
class LateCharges:
    """What an invoice costs on ``on_date``: Decimal amounts in currency units."""

    principal: Decimal
    fine: Decimal
    interest: Decimal
    days_late: int
    fine_percent: Decimal
    monthly_interest_percent: Decimal
    on_date: date

    @property
    def total(self):
        return self.principal + self.fine + self.interest

    @property
    def has_charges(self):
        return bool(self.fine or self.interest)


def late_charges(principal, payable_until, on_date, fine_percent, monthly_interest_percent):
    """The itemised amount of an invoice of ``principal`` payable until
    ``payable_until`` (the due date moved to the next business day), on ``on_date``.

    Nothing is added before the invoice is overdue. The fine is a percentage of the
    principal; the interest is ``monthly_interest_percent`` a month pro rata by the
    days late (a month counted as 30 days), on the principal; each rounded to the cent.

    >>> charges = late_charges(1000, date(2026, 3, 2), date(2026, 3, 17), 2, 1)
    >>> charges.fine, charges.interest, charges.total, charges.days_late
    (Decimal('20.00'), Decimal('5.00'), Decimal('1025.00'), 15)
    """
    principal = _cents(_decimal(principal))
    fine_percent = _decimal(fine_percent)
    rate = _decimal(monthly_interest_percent)
    days = max(0, (on_date - payable_until).days) if payable_until else 0
    fine = interest = Decimal("0.00")
    if days:
        fine = _cents(principal * fine_percent / 100)
        interest = _cents(principal * rate / 100 * days / DAYS_PER_MONTH)
    return LateCharges(
        principal=principal,
        fine=fine,
        interest=interest,
        days_late=days,
        fine_percent=fine_percent,
        monthly_interest_percent=rate,
        on_date=on_date,
    )


__all__ = [
    "CONSUMER_MAX_FINE_PERCENT",
    "CONSUMER_MAX_MONTHLY_INTEREST_PERCENT",
    "DAYS_PER_MONTH",
    "LateCharges",
    "consumer_rates_allowed",
    "is_consumer",
    "late_charges",
]
