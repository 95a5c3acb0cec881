"""Insight maths on hand-computed answers, without Odoo: DSO by countback,
CEI, age buckets, A/B variants and their two-proportion test, the learned send hour,
the predicted pay date, the weekly cash-in forecast and its backtest."""

# Two figures are printed (seen with pytest -s): the learned-hour hit rate
# and the backtest errors.
# pylint: disable=print-used

import dataclasses
import hashlib
import math
import os
import random
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from statistics import NormalDist

import pytest

from cobranca_insight_tools.insight import (
    AGE_BUCKETS,
    age_bucket,
    backtest,
    cei,
    class_median_delays,
    delay_for,
    delay_quartiles,
    dso_countback,
    learn_send_hour,
    learn_send_hours,
    predicted_pay_date,
    synthetic_engagement,
    synthetic_history,
    two_proportion_test,
    variant_for,
    variant_uniform,
    weekly_forecast,
    winner,
)

ADDON = Path(__file__).resolve().parent.parent / "l10n_br_cobranca_preventiva_insight"

# --- DSO, CEI, age buckets -----------------------------------------------------------

# December 600 000 (31 days), November 500 000 (30), October 700 000 (31).
SALES, DAYS = [600_000, 500_000, 700_000], [31, 30, 31]


def test_dso_countback_walks_back_whole_months_then_a_fraction():
    # 1 500 000 − 600 000 = 900 000 (31 d) − 500 000 = 400 000 (30 d); 400/700 × 31
    assert dso_countback(1_500_000, SALES, DAYS) == pytest.approx(31 + 30 + 400 / 700 * 31)
    assert dso_countback(1_500_000, SALES, DAYS) == pytest.approx(78.7142857)
    assert dso_countback(300_000, SALES, DAYS) == pytest.approx(15.5)  # half of December
    assert dso_countback(1_100_000, SALES, DAYS) == 61.0  # exactly two months
    # a month without sales is covered whole: 31 + 30 + 100 000 / 500 000 × 31
    assert dso_countback(700_000, [600_000, 0, 500_000], DAYS) == pytest.approx(67.2)


def test_dso_beyond_the_history_counts_on_at_the_average_daily_sales():
    # 92 days cover 1 800 000; 200 000 more at 1 800 000 / 92 a day
    assert dso_countback(2_000_000, SALES, DAYS) == pytest.approx(92 + 200_000 / (1_800_000 / 92))


def test_dso_without_sales_or_balance_is_zero():
    assert dso_countback(1000, [], []) == 0.0
    assert dso_countback(1000, None, None) == 0.0
    assert dso_countback(1000, [0, 0], [31, 30]) == 0.0
    assert dso_countback(0, SALES, DAYS) == 0.0
    assert dso_countback(-50, SALES, DAYS) == 0.0


def test_cei_is_collected_over_collectable():
    # (100 000 + 200 000 − 120 000) / (100 000 + 200 000 − 80 000) × 100
    assert cei(100_000, 200_000, 120_000, 80_000) == pytest.approx(180 / 220 * 100)
    assert cei(100_000, 200_000, 120_000, 80_000) == pytest.approx(81.818181)
    assert cei(50_000, 100_000, 30_000, 30_000) == pytest.approx(100.0)  # only current left
    assert cei(0, 0, 0, 0) is None
    assert cei(10_000, 0, 10_000, 10_000) is None  # nothing was due


def test_age_buckets_have_inclusive_upper_limits():
    cases = {
        -30: "not_due",
        -1: "not_due",
        0: "today",
        1: "1_15",
        15: "1_15",
        16: "16_30",
        30: "16_30",
        31: "31_60",
        60: "31_60",
        61: "61_90",
        90: "61_90",
        91: "90_plus",
        400: "90_plus",
    }
    assert {days: age_bucket(days) for days in cases} == cases
    assert age_bucket(None) == "not_due"
    assert [key for key, _label in AGE_BUCKETS] == [
        "not_due",
        "today",
        "1_15",
        "16_30",
        "31_60",
        "61_90",
        "90_plus",
    ]
    assert all(label for _key, label in AGE_BUCKETS)


# --- A/B variants --------------------------------------------------------------------

WEIGHTS = [("a", 70), ("b", 20), ("c", 10)]


def test_variant_is_sha256_of_partner_and_step_on_cumulative_weights():
    # recomputed here: first 8 bytes of sha256("9:5") / 2**64
    u = int(hashlib.sha256(b"9:5").hexdigest()[:16], 16) / 2**64
    assert variant_uniform(9, 5) == u
    assert u >= 0.9 and variant_for(9, 5, WEIGHTS) == "c"  # past 70 % + 20 %
    expected = {1: "a", 2: "a", 3: "a", 5: "b", 6: "b", 7: "b", 9: "c", 10: "a"}
    assert {p: variant_for(p, 5, WEIGHTS) for p in expected} == expected
    assert variant_for(9, 5, [("a", 1), ("b", 1)]) == "b"
    assert variant_for(2, 5, [("a", 1), ("b", 1)]) == "a"  # u = 0.16


def test_variant_is_the_same_in_another_process_whatever_its_hash_seed():
    ids = [(f"partner-{i}", "step-x") for i in range(40)]
    here = [variant_for(p, s, WEIGHTS) for p, s in ids]
    code = (
        "import sys; from tools.insight import variant_for\n"
        f"print(','.join(variant_for(p, s, {WEIGHTS!r}) for p, s in {ids!r}))"
    )
    for seed in ("1", "12345"):
        env = dict(os.environ, PYTHONPATH=str(ADDON), PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ADDON, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip().split(",") == here
    assert len(set(here)) == 3


@pytest.mark.parametrize("weights", [WEIGHTS, [("x", 1), ("y", 1)], [("x", 3), ("y", 0)]])
def test_variant_shares_follow_the_weights_over_10000_partners(weights):
    total = sum(w for _k, w in weights)
    picks = [variant_for(partner, 17, weights) for partner in range(1, 10_001)]
    for key, weight in weights:
        assert picks.count(key) / len(picks) == pytest.approx(weight / total, abs=0.02)
    assert picks.count(None) == 0


def test_variant_without_a_positive_weight_is_none():
    assert variant_for(1, 1, []) is None
    assert variant_for(1, 1, None) is None
    assert variant_for(1, 1, [("a", 0), ("b", 0)]) is None
    assert {variant_for(p, 1, [("only", 2)]) for p in range(50)} == {"only"}


def _pearson_chi2(s_a, n_a, s_b, n_b):
    table = [[s_a, n_a - s_a], [s_b, n_b - s_b]]
    total = n_a + n_b
    cols = [s_a + s_b, total - s_a - s_b]
    rows = [n_a, n_b]
    return sum(
        (table[i][j] - rows[i] * cols[j] / total) ** 2 / (rows[i] * cols[j] / total)
        for i in range(2)
        for j in range(2)
    )


def test_two_proportion_test_matches_the_hand_computation_and_pearson_chi2():
    test = two_proportion_test(120, 1000, 150, 1000)
    # pooled 0.135: z = −0.03 / sqrt(0.135 × 0.865 × 2/1000) = −0.03 / 0.0152823
    assert (test.rate_a, test.rate_b) == (0.12, 0.15)
    assert test.z == pytest.approx(-0.03 / math.sqrt(0.135 * 0.865 * 0.002))
    assert test.z == pytest.approx(-1.96305, abs=1e-5)
    # z² is Pearson's chi-square of the 2×2 table (2 × (225/135 + 225/865) = 3.8536)
    assert test.z**2 == pytest.approx(_pearson_chi2(120, 1000, 150, 1000))
    assert test.z**2 == pytest.approx(2 * (225 / 135 + 225 / 865))
    assert test.p_value == pytest.approx(2 * (1 - NormalDist().cdf(1.963049807)))
    assert test.p_value == pytest.approx(0.04964, abs=1e-5)
    assert test.significant
    assert not two_proportion_test(145, 1000, 150, 1000).significant
    with pytest.raises(dataclasses.FrozenInstanceError):
        test.z = 0


def test_two_proportion_test_without_anything_to_compare():
    for args in [(0, 0, 5, 10), (5, 10, 0, 0), (0, 100, 0, 100), (100, 100, 50, 50), (0, 0, 0, 0)]:
        test = two_proportion_test(*args)
        assert (test.z, test.p_value, test.significant) == (0.0, 1.0, False)
    assert two_proportion_test(0, 0, 5, 10).rate_b == 0.5


def _binomial(rng, n, p):
    return sum(rng.random() < p for _i in range(n))


def test_two_proportion_test_is_calibrated_on_synthetic_experiments():
    rng = random.Random(20240612)
    # same true rate (15 %): about 5 % of the experiments look significant
    false_alarms = sum(
        two_proportion_test(
            _binomial(rng, 1000, 0.15), 1000, _binomial(rng, 1000, 0.15), 1000
        ).significant
        for _i in range(400)
    )
    assert 0.02 <= false_alarms / 400 <= 0.09
    # 10 % against 15 % (power ≈ 0.91 at 1000 each): B wins most often, A never
    picks = [
        winner({"a": (_binomial(rng, 1000, 0.10), 1000), "b": (_binomial(rng, 1000, 0.15), 1000)})
        for _i in range(200)
    ]
    assert picks.count("b") >= 160 and "a" not in picks


def test_winner_must_beat_every_other_variant():
    assert winner({"a": (120, 1000), "b": (150, 1000)}) == "b"
    assert winner([("a", (100, 1000)), ("b", (150, 1000)), ("c", (90, 1000))]) == "b"
    assert winner({"a": (120, 1000), "b": (150, 1000), "c": (145, 1000)}) is None
    assert winner({"a": (150, 1000)}) is None
    assert winner({}) is None and winner(None) is None
    assert winner({"a": (0, 0), "b": (0, 0)}) is None


# --- learned send hour ---------------------------------------------------------------


def test_send_hour_is_the_busiest_hour_smoothed():
    assert learn_send_hour([14.5] * 5, (8, 20)) == 14
    assert learn_send_hour([14.0, 14.2, 14.9, 15.1, 9.5], (8, 20)) == 14
    # four events around 10:00 beat three stacked at 13:30, which a raw count would pick:
    # s[10] ≥ Σ exp(−d²/3.125) for d = .7, .6, .4, .3 = 3.67 > s[13] ≤ 3 + 4 exp(−3.2²/3.125)
    assert learn_send_hour([9.8, 9.9, 10.1, 10.2, 13.5, 13.5, 13.5], (8, 20)) == 10
    # ties go to the earliest hour
    assert learn_send_hour([10.5] * 3 + [15.5] * 3, (8, 20)) == 10
    # around midnight on the 24 h circle
    assert learn_send_hour([23.7, 23.9, 0.1, 0.2, 0.3], None) == 0


def test_send_hour_is_clipped_to_the_window():
    assert learn_send_hour([22.5] * 6, (8, 20)) == 19
    assert learn_send_hour([20.1] * 6, (8, 20)) == 19
    assert learn_send_hour([3.0] * 6, (8, 20)) == 8
    assert learn_send_hour([1.5] * 6, (8, 20)) == 19  # 01:00 is 6 h after 19:00, 7 h before 8
    assert learn_send_hour([10.5] * 6, (8, 14)) == 10
    assert learn_send_hour([16.5] * 6, (8, 14)) == 13


def test_send_hour_defaults_without_enough_history():
    assert learn_send_hour([], (8, 20)) == 9
    assert learn_send_hour(None, (8, 20)) == 9
    assert learn_send_hour([14.5] * 4, (8, 20)) == 9
    assert learn_send_hour([14.5] * 4, (8, 20), min_events=4) == 14
    assert learn_send_hour([], (10, 20)) == 10  # 09:00 clipped into the window
    assert learn_send_hour([], (8, 20), default=22) == 19
    assert learn_send_hour([None, float("nan"), 14.5, 14.5, 14.5, 14.5, 14.5], (8, 20)) == 14
    assert learn_send_hour([], None) == 9
    with pytest.raises(ValueError):
        learn_send_hour([], (20, 8))


def test_send_hours_for_many_customers():
    events = {1: [14.5] * 5, 2: [], 3: [19.9] * 8}
    assert learn_send_hours(events, (8, 20)) == {1: 14, 2: 9, 3: 19}
    assert learn_send_hours(events, (8, 20), default=12) == {1: 14, 2: 12, 3: 19}
    assert learn_send_hours({}, (8, 20)) == {}


def test_learned_hour_finds_the_planted_hour_for_90_percent():
    data = synthetic_engagement(2000, seed=12)
    assert data == synthetic_engagement(2000, seed=12)
    assert {planted for planted, _events in data.values()} == set(range(8, 20))
    assert max(len(events) for _planted, events in data.values()) == 15
    tested = {c: events for c, (_planted, events) in data.items() if len(events) >= 5}
    learned = learn_send_hours(tested, (8, 20))
    hits = sum(learned[c] == data[c][0] for c in tested)
    share = hits / len(tested)
    print(f"\nlearned send hour = planted hour: {hits}/{len(tested)} = {share:.1%}")
    assert len(tested) > 1000
    assert share >= 0.90


# --- pay dates, forecast, backtest ---------------------------------------------------


def test_predicted_pay_date_adds_the_rounded_delay():
    due = date(2025, 3, 10)
    assert predicted_pay_date(due, 4.4) == date(2025, 3, 14)
    assert predicted_pay_date(due, 4.5) == date(2025, 3, 15)  # halves round up
    assert predicted_pay_date(due, -3) == due  # an early payer: on the due date
    assert predicted_pay_date(due, None) == due
    assert predicted_pay_date(None, 5) is None


def test_delay_is_the_customers_own_median_else_its_class_median():
    medians = class_median_delays({"a": [0, 2, 1], "c": [10, 30], "new": []})
    assert medians == {"a": 1, "c": 20}
    assert delay_for([1, 5, 30], "a", medians) == 5  # three paid invoices: its own
    assert delay_for([40, 50], "c", medians) == 20  # two: its class
    assert delay_for([40], "d", medians) == 0
    assert delay_for([], "d", medians, overall_default=7) == 7
    assert delay_for(None, None, None) == 0
    assert class_median_delays(None) == {}


def test_delay_quartiles_interpolate():
    assert delay_quartiles([0, 10]) == (2.5, 5, 7.5)
    assert delay_quartiles([100, 0, 8, 4, 12]) == (4, 8, 12)
    assert delay_quartiles([7]) == (7, 7, 7)
    assert delay_quartiles([]) == (0, 0, 0)


def test_weekly_forecast_puts_each_amount_in_the_week_of_its_pay_dates():
    items = [
        (1000, date(2025, 3, 5), []),  # overdue, delay 0: in the first week
        (500, date(2025, 3, 14), [0, 4, 8, 12, 100]),  # 03-18, 03-22, 03-26
        (200, date(2025, 3, 17), [0, 20]),  # 5 → 03-22, 10 → 03-27, 15 → 04-01
        (300, date(2025, 6, 1), [0]),  # after the horizon
        (0, date(2025, 3, 12), []),
        (99, None, []),
    ]
    weeks = weekly_forecast(items, date(2025, 3, 12), weeks=4)  # a Wednesday
    assert [w.week_start for w in weeks] == [
        date(2025, 3, 10),
        date(2025, 3, 17),
        date(2025, 3, 24),
        date(2025, 3, 31),
    ]
    assert [(w.p25, w.p50, w.p75) for w in weeks] == [
        (1000, 1000, 1000),
        (700, 500, 0),
        (0, 200, 500),
        (0, 0, 200),
    ]
    assert [(w.low, w.expected, w.high) for w in weeks] == [
        (1000, 1000, 1000),
        (1000, 1500, 1700),
        (1500, 1700, 1700),
        (1700, 1700, 1700),
    ]
    assert weekly_forecast(items, datetime(2025, 3, 12, 15, 0), weeks=4) == weeks


def test_weekly_forecast_without_open_items():
    weeks = weekly_forecast([], date(2025, 3, 10))
    assert len(weeks) == 8 and weeks[-1].week_start == date(2025, 4, 28)
    assert all((w.p25, w.p50, w.p75, w.low, w.expected, w.high) == (0,) * 6 for w in weeks)
    assert weekly_forecast(None, date(2025, 3, 10), weeks=0) == []
    assert weekly_forecast([(10, date(2025, 3, 10), [])], None) == []


def test_backtest_learns_on_the_first_70_percent_of_each_customer():
    def rows(customer, delays):
        return [
            (customer, date(2024, 1 + i, 10), date(2024, 1 + i, 10 + d))
            for i, d in enumerate(delays)
        ]

    history = rows(1, [10, 10, 12, 8, 10, 11, 9, 20, 10, 10]) + rows(2, [5, 7])
    result = backtest(history)
    # customer 1: median 10 of its first 7 → errors 10, 0, 0 (naive 20, 10, 10);
    # customer 2 trains on 1 invoice → median of all 8 training delays, 10 → error 3 (naive 7)
    assert (result.n, result.mae_model, result.mae_naive) == (4, 3.25, 11.75)
    assert backtest(history + [(3, date(2024, 1, 1), None)]) == result
    assert backtest([]) == backtest(None)
    assert (backtest([]).n, backtest([]).mae_model, backtest([]).mae_naive) == (0, 0.0, 0.0)


def test_backtest_beats_the_naive_forecast_on_synthetic_history():
    history = synthetic_history(2000, 12, seed=7)
    assert history == synthetic_history(2000, 12, seed=7)
    assert len(history) == 24_000 and history == sorted(history, key=lambda r: (r[1], r[0]))
    result = backtest(history)
    print(
        f"\nbacktest on {result.n} invoices: MAE model {result.mae_model:.2f} days, "
        f"naive (due date) {result.mae_naive:.2f} days"
    )
    assert result.n == 2000 * 4  # 12 invoices: 8 train, 4 tested
    assert result.mae_naive > 10
    assert result.mae_model < 0.5 * result.mae_naive
