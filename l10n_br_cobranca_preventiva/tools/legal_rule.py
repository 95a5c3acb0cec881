"""A row of the legal table (``legal_sources``: what each field means, and the two
statuses) and the values its family modules share."""

from dataclasses import dataclass

CONFIRMED = "confirmed"
REPORTED = "reported"
KINDS = ("law", "regulation", "case law", "platform policy", "specification")
FEDERAL = "federal"


@dataclass(frozen=True)
class Rule:
    key: str
    kind: str  # one of KINDS
    law: str  # number/year and name; for other kinds, who sets the rule
    jurisdiction: str  # "federal", a state (UF), or who sets a non-law rule
    article: str
    requires: str  # one line, English
    applied: str  # where the addon applies or cites it
    sources: tuple  # what was read
    status: str  # CONFIRMED or REPORTED
    citation: str  # as a text prints it: cite(key)
    short: str = ""  # in notes and help texts: cite(key, short=True); else citation
    note: str = ""
