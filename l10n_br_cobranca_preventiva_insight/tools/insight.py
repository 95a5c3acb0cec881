"""Insight maths (plain Python, no Odoo), one import for the Odoo side: the dashboard's
receivable figures (DSO by countback, CEI, age buckets), A/B variants of templates and
their two-proportion test, the send hour learned per customer, the predicted pay date,
the weekly cash-in forecast and its backtest. The formulas are stated in the docstrings
of ``insight_stats`` (figures, variants, send hour) and ``insight_forecast`` (pay
dates, forecast, backtest)."""

from .insight_forecast import (
    BacktestResult,
    ForecastWeek,
    backtest,
    class_median_delays,
    delay_for,
    delay_quartiles,
    predicted_pay_date,
    synthetic_history,
    weekly_forecast,
)
from .insight_stats import (
    AGE_BUCKETS,
    ProportionTest,
    age_bucket,
    cei,
    dso_countback,
    learn_send_hour,
    learn_send_hours,
    synthetic_engagement,
    two_proportion_test,
    variant_for,
    variant_uniform,
    winner,
)

__all__ = [
    "AGE_BUCKETS",
    "BacktestResult",
    "ForecastWeek",
    "ProportionTest",
    "age_bucket",
    "backtest",
    "cei",
    "class_median_delays",
    "delay_for",
    "delay_quartiles",
    "dso_countback",
    "learn_send_hour",
    "learn_send_hours",
    "predicted_pay_date",
    "synthetic_engagement",
    "synthetic_history",
    "two_proportion_test",
    "variant_for",
    "variant_uniform",
    "weekly_forecast",
    "winner",
]
