"""The collection rules on an invoice, each written once: a Python predicate on a
record and its SQL twin on a table alias (``alias=None``: bare columns, for an index
or a view), which ``tests/test_rule_agreement.py`` checks against each other on the
same invoices. Planner, dispatcher, ranking, reports, answers and portal read them
from here; a new rule of the ladder goes here too, with its twin and its cases in
that test (see docs/architecture.md, "Rules and their homes").

What is paid and still due (``account.move.cobranca_amount_due``) is computed in
``cobranca_settlement``; the rules below only read it.
"""

from odoo.tools import SQL

#: Payment states of a customer invoice that is collected: open while something is
#: still due, settled when nothing is (reversed, blocked and legacy invoices are neither).
COLLECTED_STATES = ("not_paid", "partial", "in_payment", "paid")
#: Payment states Odoo calls closed: what the data retention counts from (a payment
#: without a journal entry may leave something due on such an invoice: see
#: ``cobranca_settlement``).
ODOO_CLOSED_STATES = ("paid", "in_payment", "reversed")
#: The reason a pause to a date gives a waiting reminder (``cobranca_pause_reason``:
#: a promise to pay is ``paused``).
_PAUSE_WAIT = {"paid_claim": "paid_claim", "installment": "installment"}


def _col(alias, name):
    return SQL.identifier(alias, name) if alias else SQL.identifier(name)


# ------------------------------------------------------------ posted invoice
def is_posted_invoice(move):
    """A posted customer invoice (not a credit note): what collection looks at."""
    return move.move_type == "out_invoice" and move.state == "posted"


def posted_invoice_sql(alias="m"):
    return SQL(
        "%s = 'out_invoice' AND %s = 'posted'", _col(alias, "move_type"), _col(alias, "state")
    )


#: ``is_posted_invoice`` as a domain.
POSTED_INVOICE_DOMAIN = [("move_type", "=", "out_invoice"), ("state", "=", "posted")]


# --------------------------------------------------------- collected invoice
def is_collected_invoice(move):
    """A posted customer invoice that is being or was collected (not reversed,
    blocked or legacy): the invoices whose punctuality counts (on-time rate)."""
    return is_posted_invoice(move) and move.payment_state in COLLECTED_STATES


def collected_invoice_sql(alias="m"):
    return SQL(
        "%s AND %s IN %s", posted_invoice_sql(alias), _col(alias, "payment_state"), COLLECTED_STATES
    )


# -------------------------------------------------------------- open invoice
def is_open_invoice(move):
    """A collected invoice something is still due on: the ladder runs for it, the
    aging and the forecast count it."""
    return is_collected_invoice(move) and (
        move.currency_id.compare_amounts(move.cobranca_amount_due, 0.0) > 0
    )


def open_invoice_sql(alias="m"):
    return SQL("%s AND %s > 0", collected_invoice_sql(alias), _col(alias, "cobranca_amount_due"))


#: ``is_open_invoice`` as a domain.
OPEN_INVOICE_DOMAIN = [
    *POSTED_INVOICE_DOMAIN,
    ("payment_state", "in", COLLECTED_STATES),
    ("cobranca_amount_due", ">", 0),
]


# ----------------------------------------------------------- settled invoice
def is_settled_invoice(move):
    """A collected invoice paid in full (payments, credit notes, bank lines): the
    ranking and the dashboard count when it was."""
    return is_collected_invoice(move) and (
        move.currency_id.compare_amounts(move.cobranca_amount_due, 0.0) <= 0
    )


def settled_invoice_sql(alias="m"):
    return SQL("%s AND %s <= 0", collected_invoice_sql(alias), _col(alias, "cobranca_amount_due"))


# ------------------------------------------------------------- closed reason
def closed_reason(move):
    """Why a customer invoice is no longer open for collection (the reason its
    pending reminders are cancelled with), or None while it is open: ``paid`` for a
    posted invoice neither reversed nor open."""
    if is_open_invoice(move):
        return None
    if move.state == "cancel":
        return "invoice_cancelled"
    if move.state == "draft":
        return "invoice_draft"
    if move.payment_state == "reversed":
        return "invoice_reversed"
    return "paid"


def closed_reason_sql(alias="m"):
    return SQL(
        """CASE WHEN %(open)s THEN NULL
                WHEN %(state)s = 'cancel' THEN 'invoice_cancelled'
                WHEN %(state)s = 'draft' THEN 'invoice_draft'
                WHEN %(payment_state)s = 'reversed' THEN 'invoice_reversed'
                ELSE 'paid' END""",
        open=open_invoice_sql(alias),
        state=_col(alias, "state"),
        payment_state=_col(alias, "payment_state"),
    )


def is_paid_invoice(move):
    """Posted, not reversed, nothing due: the customer is told its payment is
    confirmed."""
    return closed_reason(move) == "paid"


# ------------------------------------------------------- odoo-closed invoice
def is_odoo_closed(move):
    """Odoo's payment state says paid or reversed (whatever is left due): the data
    retention counts from the invoice's last payment then."""
    return move.payment_state in ODOO_CLOSED_STATES


def odoo_closed_sql(alias="m"):
    return SQL("%s IN %s", _col(alias, "payment_state"), ODOO_CLOSED_STATES)


# ------------------------------------------------------------------- waiting
def held_reason(move):
    """What holds the reminders of the invoice until somebody decides, without a
    date: a contest (``dispute``) or an installment proposal (``installment``)."""
    if move.cobranca_dispute:
        return "dispute"
    if move.cobranca_installment_pending:
        return "installment"
    return None


def wait_reason(move, today):
    """Why the pending reminders of the invoice wait on ``today`` (shown on them;
    they stay scheduled), or None: a hold (``held_reason``), else a pause to a date
    not passed (a promise to pay ``paused``, a reported payment ``paid_claim``, an
    accepted installment plan ``installment``)."""
    held = held_reason(move)
    if held:
        return held
    if move.cobranca_paused_until and move.cobranca_paused_until >= today:
        return _PAUSE_WAIT.get(move.cobranca_pause_reason, "paused")
    return None


def wait_reason_sql(today, alias="m"):
    """``wait_reason``; ``today``: a date or an SQL expression."""
    return SQL(
        """CASE WHEN %(dispute)s THEN 'dispute'
                WHEN %(pending)s THEN 'installment'
                WHEN %(until)s >= %(today)s THEN
                     CASE %(reason)s WHEN 'paid_claim' THEN 'paid_claim'
                          WHEN 'installment' THEN 'installment' ELSE 'paused' END
           END""",
        dispute=_col(alias, "cobranca_dispute"),
        pending=_col(alias, "cobranca_installment_pending"),
        until=_col(alias, "cobranca_paused_until"),
        reason=_col(alias, "cobranca_pause_reason"),
        today=today,
    )


#: The rules on ``m`` most queries read.
OPEN_INVOICE = open_invoice_sql()
SETTLED_INVOICE = settled_invoice_sql()
