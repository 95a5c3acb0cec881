"""States whose laws require collection calls to be recorded, without Odoo."""

from cobranca_tools import call_recording, contact_hours


def test_sp_rj_and_pr_require_recorded_calls_with_their_law():
    for state, number in (("SP", "14.953/2013"), ("RJ", "6.854/2014"), ("PR", "17.352/2012")):
        rule = call_recording.rule_for(state)
        assert rule.state == state and number in rule.law and "art." in rule.law
        assert rule.confirmed and rule.source.startswith("http")
    assert call_recording.rule_for(" sp ") is call_recording.RULES["SP"]


def test_other_states_and_no_state_have_no_recording_rule():
    assert set(call_recording.RULES) == {"SP", "RJ", "PR"}
    for state in set(contact_hours.TIMEZONES) - {"SP", "RJ", "PR"}:
        assert call_recording.rule_for(state) is None
    assert call_recording.rule_for(None) is None
    assert call_recording.rule_for("") is None
