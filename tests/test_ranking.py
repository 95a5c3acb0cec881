"""Payer ranking maths, without Odoo."""

import pytest

from cobranca_tools.ranking import (
    NEUTRAL_SCORE,
    PayerStats,
    Thresholds,
    classify,
    early_warning,
    effective_class,
    score,
)


def stats(**kw):
    base = {"paid_count": 10, "on_time_count": 10}
    base.update(kw)
    return PayerStats(**base)


def test_too_little_history_is_new():
    assert classify(stats(paid_count=2, on_time_count=2)) == "new"
    assert classify(stats(paid_count=0, on_time_count=0)) == "new"
    # the minimum is a setting
    assert classify(stats(paid_count=2, on_time_count=2), Thresholds(min_paid=2)) == "a"


def test_punctual_payer_is_a():
    assert classify(stats(avg_days_late=0)) == "a"


def test_five_days_late_is_b():
    s = stats(on_time_count=8, avg_days_late=5)
    assert classify(s) == "b"


def test_forty_days_late_is_d():
    assert classify(stats(on_time_count=0, avg_days_late=40)) == "d"


def test_open_overdue_for_a_month_is_d_even_for_a_good_history():
    assert classify(stats(avg_days_late=0, max_open_overdue_days=30)) == "d"


def test_mixed_is_c():
    # half on time, half 20 days late: 10 days on average, 50 % on time
    assert classify(stats(on_time_count=5, avg_days_late=10)) == "c"
    # a few days late on average: good, unless the company asks b to be often on time
    assert classify(stats(on_time_count=0, avg_days_late=5)) == "b"
    assert classify(stats(on_time_count=6, avg_days_late=2), Thresholds(b_min_on_time=0.7)) == "c"


def test_thresholds_are_settings():
    strict = Thresholds(min_paid=5, b_max_days=3, d_min_days=20)
    assert classify(stats(paid_count=4, on_time_count=4), strict) == "new"
    assert classify(stats(on_time_count=8, avg_days_late=5), strict) == "c"
    assert classify(stats(on_time_count=0, avg_days_late=25), strict) == "d"


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"avg_days_late": 0}, 100),
        ({"on_time_count": 0, "avg_days_late": 60}, 10),
        ({"on_time_count": 0, "avg_days_late": 90, "max_open_overdue_days": 90}, 0),
        ({"on_time_count": 8, "avg_days_late": 5}, 87),  # 40 + 36.67 + 10
        ({"on_time_count": 5, "avg_days_late": 30, "max_open_overdue_days": 30}, 50),
    ],
)
def test_score_formula(kw, expected):
    assert score(stats(**kw)) == expected


def test_score_without_history_is_neutral():
    assert score(PayerStats()) == NEUTRAL_SCORE


def test_early_warning_on_a_late_payment():
    # "usually pays 15 days late, this time 25"
    usual = stats(on_time_count=0, avg_days_late=15, usual_delay=15, last_days_late=25)
    assert early_warning(usual) == (True, "paid", 25)
    assert early_warning(stats(usual_delay=15, last_days_late=24)) == (False, None, 0.0)


def test_early_warning_on_an_open_invoice():
    assert early_warning(stats(usual_delay=2, max_open_overdue_days=13)) == (
        True,
        "open",
        13,
    )
    assert early_warning(stats(usual_delay=2, max_open_overdue_days=11))[0] is False


def test_no_early_warning_without_history():
    assert early_warning(stats(paid_count=1, on_time_count=1, last_days_late=90))[0] is False


def test_effective_class_is_one_worse_under_warning():
    assert effective_class("a", True) == "b"
    assert effective_class("b", True) == "c"
    assert effective_class("d", True) == "d"
    assert effective_class("new", True) == "c"
    assert effective_class("a", False) == "a"


def test_a_pinned_class_is_not_made_worse_by_the_warning():
    assert effective_class("a", True, pinned=True) == "a"
    assert effective_class("new", True, pinned=True) == "new"
    assert effective_class("b", False, pinned=True) == "b"


# ------------------------------------------------------------ broken promises
@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"avg_days_late": 0, "broken_promises": 1}, 90),
        ({"avg_days_late": 0, "broken_promises": 3}, 70),
        ({"avg_days_late": 0, "broken_promises": 7}, 70),  # at most three count
        ({"on_time_count": 0, "avg_days_late": 60, "broken_promises": 2}, 0),  # never below 0
    ],
)
def test_each_broken_promise_takes_ten_points(kw, expected):
    assert score(stats(**kw)) == expected


def test_a_broken_promise_lowers_even_the_neutral_score():
    assert score(PayerStats(broken_promises=1)) == NEUTRAL_SCORE - 10


def test_a_broken_promise_on_an_open_invoice_raises_the_warning_without_history():
    flagged = PayerStats(broken_promises=1, open_broken_promises=1)
    assert early_warning(flagged) == (True, "promise", 1.0)
    # paid since: the score remembers it, the warning clears
    assert early_warning(PayerStats(broken_promises=1))[0] is False
    # a much later payment than usual is reported first
    late = stats(usual_delay=2, max_open_overdue_days=13, open_broken_promises=1)
    assert early_warning(late)[1] == "open"
    assert early_warning(stats(usual_delay=2, open_broken_promises=2)) == (True, "promise", 2.0)
