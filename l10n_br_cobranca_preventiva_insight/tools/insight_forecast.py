"""Insight maths, part 2 (plain Python, no Odoo): the predicted pay date of an open
invoice, the weekly cash-in forecast with its P25-P75 band, and a backtest of the
prediction against the naive "pays on the due date" forecast.

A delay is days late: paid date − due date (negative when paid early). Every
function accepts empty input and returns a neutral value instead of raising.
"""

import math
import random
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta


def _round_half_up(value):
    return int(math.floor(value + 0.5))


def predicted_pay_date(due_date, usual_delay_days):
    """due date + round(max(0, usual delay)) days (halves round up: 2.5 → 3). An
    early payer is predicted on its due date; no due date → None."""
    if not due_date:
        return None
    return due_date + timedelta(days=_round_half_up(max(0.0, usual_delay_days or 0.0)))


def class_median_delays(delays_by_class):
    """{payer class: its delays} → {payer class: median delay}; classes without
    any delay are left out."""
    return {
        payer_class: statistics.median(delays)
        for payer_class, delays in (delays_by_class or {}).items()
        if delays
    }


def delay_for(customer_delays, payer_class, class_medians, overall_default=0, min_invoices=3):
    """The usual delay of a customer: the median of its own delays when it has at
    least ``min_invoices`` (3) paid invoices, else the median of its payer class
    (``class_medians`` from ``class_median_delays``), else ``overall_default``."""
    customer_delays = list(customer_delays or ())
    if len(customer_delays) >= max(1, min_invoices):
        return statistics.median(customer_delays)
    if class_medians and payer_class in class_medians:
        return class_medians[payer_class]
    return overall_default


def delay_quartiles(delays):
    """(P25, P50, P75) of a list of delays, interpolated between the ordered values
    (``statistics.quantiles(method="inclusive")``, like a spreadsheet's
    QUARTILE.INC); one value → that value three times; none → (0, 0, 0)."""
    delays = [d for d in (delays or ()) if d is not None]
    if not delays:
        return (0.0, 0.0, 0.0)
    if len(delays) == 1:
        return (float(delays[0]),) * 3
    p25, p50, p75 = statistics.quantiles(delays, n=4, method="inclusive")
    return (p25, p50, p75)


@dataclass(frozen=True)
class ForecastWeek:
    """One week (Monday to Sunday) of the cash-in forecast.

    ``p25``/``p50``/``p75``: the amount predicted to come in during the week when
    every open item is paid at the 25th/50th/75th percentile of its own delays.
    ``low``/``expected``/``high``: the cumulative amount in by the end of the week
    under P75 (everybody slow), P50 and P25 (everybody fast); since an item's P25
    date ≤ its P50 date ≤ its P75 date, low ≤ expected ≤ high in every week.
    """

    week_start: date
    p25: float
    p50: float
    p75: float
    low: float
    expected: float
    high: float


def weekly_forecast(open_items, start_date, weeks=8):
    """Cash-in forecast of ``weeks`` weeks from the Monday of ``start_date``.

    ``open_items``: (amount, due date, delays): the delays are the customer's (or
    its class's) historical days late, empty → 0. Each item gets three pay dates,
    ``predicted_pay_date(due, P)`` for P its P25, P50 and P75 delay
    (``delay_quartiles``), and its amount is put in the week of each date; a date
    before the first Monday (overdue, predicted in the past) counts in the first
    week, a date after the last week falls outside the forecast.

    The band is the range between "every customer pays as fast as its own first
    quartile" and "as slowly as its third quartile". It is not a confidence
    interval of the total: customers are not all fast at once, so the true range
    of the sum is narrower; it reads as "between these amounts if the customers
    behave as they did half of the time".
    """
    if not start_date or not weeks or weeks <= 0:
        return []
    if isinstance(start_date, datetime):
        start_date = start_date.date()
    first_monday = start_date - timedelta(days=start_date.weekday())
    sums = {25: [0.0] * weeks, 50: [0.0] * weeks, 75: [0.0] * weeks}
    for amount, due_date, delays in open_items or ():
        if not amount or not due_date:
            continue
        for percentile, delay in zip((25, 50, 75), delay_quartiles(delays), strict=True):
            index = max(0, (predicted_pay_date(due_date, delay) - first_monday).days // 7)
            if index < weeks:
                sums[percentile][index] += amount
    result, cumulative = [], {25: 0.0, 50: 0.0, 75: 0.0}
    for index in range(weeks):
        for percentile, amounts in sums.items():
            cumulative[percentile] += amounts[index]
        result.append(
            ForecastWeek(
                week_start=first_monday + timedelta(weeks=index),
                p25=sums[25][index],
                p50=sums[50][index],
                p75=sums[75][index],
                low=cumulative[75],
                expected=cumulative[50],
                high=cumulative[25],
            )
        )
    return result


@dataclass(frozen=True)
class BacktestResult:
    """Mean absolute error, in days, of the predicted pay date (``mae_model``) and of
    the due date (``mae_naive``) over ``n`` tested invoices (0.0 when n = 0)."""

    mae_model: float
    mae_naive: float
    n: int


def backtest(history, cutoff_fraction=0.7):
    """Backtest of the pay-date prediction on paid invoices.

    ``history``: (customer id, due date, paid date). Each customer's invoices in due
    date order are split: the first ``floor(count × cutoff_fraction)`` train, the
    rest are predicted with ``predicted_pay_date(due, delay_for(train delays, …))``
    (a customer with fewer than 3 training invoices gets the median of every
    customer's training delays, as a new customer gets its class's). The error of
    an invoice is |predicted − paid| in days, and |due − paid| for the naive
    forecast; the result is their mean over the predicted invoices.
    """
    by_customer = {}
    for customer, due_date, paid_date in history or ():
        if due_date and paid_date:
            by_customer.setdefault(customer, []).append((due_date, paid_date))
    splits = []
    for invoices in by_customer.values():
        invoices.sort()
        cut = int(math.floor(len(invoices) * cutoff_fraction))
        splits.append(([(paid - due).days for due, paid in invoices[:cut]], invoices[cut:]))
    medians = class_median_delays({"all": [d for train, _test in splits for d in train]})
    errors_model, errors_naive = [], []
    for train, test in splits:
        delay = delay_for(train, "all", medians)
        for due_date, paid_date in test:
            errors_model.append(abs((predicted_pay_date(due_date, delay) - paid_date).days))
            errors_naive.append(abs((paid_date - due_date).days))
    if not errors_model:
        return BacktestResult(0.0, 0.0, 0)
    return BacktestResult(
        statistics.fmean(errors_model), statistics.fmean(errors_naive), len(errors_model)
    )


def synthetic_history(n_customers, invoices_per_customer, seed, start=date(2024, 1, 5)):
    """Generated paid invoices with a known habit: a list of (customer id, due date,
    paid date) sorted by due date. 40 % of the customers habitually pay on the due
    date, the others 5 to 40 days late (uniform); each invoice adds N(0, 3) days of
    noise, and one in ten a further 0-30 days (an unusual late payment). Invoices
    fall due monthly (every 30 days) from a per-customer day after ``start``."""
    rng = random.Random(seed)
    history = []
    for customer in range(1, (n_customers or 0) + 1):
        habit = 0 if rng.random() < 0.4 else rng.randint(5, 40)
        first_due = start + timedelta(days=rng.randint(0, 29))
        for index in range(invoices_per_customer or 0):
            due_date = first_due + timedelta(days=30 * index)
            delay = habit + rng.gauss(0, 3)
            if rng.random() < 0.1:
                delay += rng.uniform(0, 30)
            history.append((customer, due_date, due_date + timedelta(days=round(delay))))
    history.sort(key=lambda row: (row[1], row[0]))
    return history
