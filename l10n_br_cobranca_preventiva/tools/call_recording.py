"""States whose laws require collection calls to consumers to be recorded (plain
Python, no Odoo).

In each, the collector records the call (date and time), tells the consumer in every
collection contact that calls are recorded and that the recording is given on
request within seven business days, and takes the request through the same channels
it uses to collect. The call to-do of a debtor of these states says so. The law of
each state, its source and its status come from ``legal_sources`` (rows
``sp_call_recording``, ``rj_call_recording``, ``pr_call_recording``).

These laws protect consumers (``consumer_definition``, CDC art. 2º): the to-do says it
for every debtor of these states, a company too, since a company may be a consumer.
"""

from dataclasses import dataclass

from . import legal_sources


@dataclass(frozen=True)
class RecordingRule:
    state: str
    law: str  # number and article (legal_sources citation)
    source: str  # where its text was read
    confirmed: bool  # the law's text was read; else only reported
    key: str = ""  # the law's row in legal_sources


def _rule(state, key):
    row = legal_sources.RULES[key]
    return RecordingRule(
        state,
        row.citation,
        legal_sources.source_url(key),
        row.status == legal_sources.CONFIRMED,
        key,
    )


RULES = {
    state: _rule(state, key)
    for state, key in (
        ("SP", "sp_call_recording"),
        ("RJ", "rj_call_recording"),
        ("PR", "pr_call_recording"),
    )
}

#: Business days within which the recording is given to the consumer who asks for it.
DELIVERY_BUSINESS_DAYS = 7


def rule_for(state):
    """The recording rule of a state code, or None."""
    return RULES.get((state or "").strip().upper())


__all__ = ["DELIVERY_BUSINESS_DAYS", "RULES", "RecordingRule", "rule_for"]
