"""Every legal rule the addon applies or cites, with its source (plain Python, no Odoo).

One row per rule: a stable key, what kind of rule it is, the law (number/year and
jurisdiction) and article, what it requires, where the addon applies it, the sources
read, its status and the words texts print (``citation``, or ``short`` in notes and
help texts). The code that applies or cites a rule names its key; texts print
``cite(key)``. Tests check that every key is used in the addon, that every citation of
a customer-facing text and of the addon's sources is a row's (``unknown_citations``),
and that docs/law.md's table is the one ``scripts/legal_table.py`` writes from here.

The rows live in one module per family (``legal_sources_consumer``,
``legal_sources_contact``, ``legal_sources_lgpd``, ``legal_sources_other``), the row's
shape in ``legal_rule``; this module puts them in the table's order and cites them.

Status, one definition for every row:

- ``confirmed``: the full text of the provision the row is about (the whole article;
  for a row on a paragraph or an inciso, that paragraph or inciso and its caput) was
  read word for word in the official text or in a source that reproduces it verbatim
  (a legislature's or gazette's page, a legislation database, a court's page quoting
  it whole); that source comes first in ``sources``;
- ``reported``: anything less: a summary, a paraphrase, a translation, a copy with
  words missing, an article read only in part, a number without its text. ``note``
  says what was read. A reported state law is applied with its narrowest reported
  hours and never cited to the customer as law; a reported article of a federal law
  may still be named by its number where a notice must name it (the privacy notice).

Kinds: ``law`` (a Lei, a Decreto, a code), ``regulation`` (Conselho Monetário
Nacional), ``case law`` (a súmula), ``platform policy`` (Meta's rules for WhatsApp:
not laws, but a business that breaks them loses its number) and ``specification``
(the Pix BR Code).
"""

from . import legal_sources_consumer, legal_sources_contact, legal_sources_lgpd, legal_sources_other
from .legal_citations import citations_in, unknown
from .legal_rule import CONFIRMED, KINDS, REPORTED, Rule

_ROWS = (
    *legal_sources_consumer.ROWS,
    *legal_sources_contact.ROWS,
    *legal_sources_lgpd.ROWS,
    *legal_sources_other.ROWS,
)

#: key -> Rule, in the order of docs/law.md's table.
RULES = {row.key: row for row in _ROWS}


def cite(key, short=False):
    """The words a text prints for rule ``key``: 'Lei 9.492/1997, art. 14'."""
    row = RULES[key]
    return (row.short or row.citation) if short else row.citation


def source_url(key):
    """The first web address among the sources of rule ``key``."""
    return next(source for source in RULES[key].sources if source.startswith("http"))


def known_citations():
    """Every citation the rows print (their ``citation`` and ``short``)."""
    return [
        citation
        for row in RULES.values()
        for text in {row.citation, row.short} - {""}
        for citation in citations_in(text)
        if citation.law
    ]


_KNOWN = known_citations()


def unknown_citations(text):
    """The legal citations of ``text`` that no row holds: a text must cite nothing else."""
    return unknown(text, _KNOWN)


__all__ = [
    "CONFIRMED",
    "KINDS",
    "REPORTED",
    "RULES",
    "Rule",
    "cite",
    "known_citations",
    "source_url",
    "unknown_citations",
]
