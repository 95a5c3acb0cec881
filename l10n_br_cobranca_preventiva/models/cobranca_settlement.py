"""What was paid on a customer invoice and what is still due (SQL, no model), shared by
the invoice's amount still due, the planner, the dispatcher, the ranking and the
collection dashboard.

Odoo 18 records a payment in one of two ways. With an outstanding-payments account on
its payment method, the payment has a journal entry reconciled with the invoice, whose
``amount_residual`` then says what is still due. Without one (Odoo 18's default), the
payment has no journal entry: it is only linked to its invoices (``matched_payment_ids``),
their ``amount_residual`` stays where it was, and Odoo calls them paid (``in_payment`` or
``paid``) whatever the payment's amount.

Such a payment (in process or paid) is counted here as a reconciliation would count it:
its amount, in the invoice's currency (at the invoice's own rate when the currencies
differ), with what was left on the credit notes registered in the same payment, goes
to its invoices in the order Odoo's reconciliation takes them (earliest collection due
date first, then the smaller amount, then the older invoice), each up to what its
reconciliations left due; an invoice's payments count in their date order up to that
amount. In the company's currency an amount is converted at the invoice's rate, as a
reconciliation counts it. What is still due (``account.move.cobranca_amount_due``) is
the residual less those amounts. Overlapping payments that each span several invoices
are shared out one payment at a time against the residual, not against what the other
payments left: a share one of them cannot place stays unplaced (the invoice stays due).
"""

from odoo.tools import SQL

from .cobranca_rules import SETTLED_INVOICE, is_posted_invoice, posted_invoice_sql


def unposted_cte(where=None):
    """``unposted(move_id, payment_id, day, amount_currency, amount)``: what each
    payment without a journal entry paid on each posted customer invoice (invoice's
    currency, company's currency) and on which day, for the payments linked to an
    invoice matching ``where`` (an SQL condition on ``m``); see the module's docstring.
    Also defines ``unposted_scope``, those payments: read first, so that a few invoices
    read a few payments, not every payment of the database."""
    return SQL(
        """
        unposted_scope(payment_id) AS MATERIALIZED (
            SELECT DISTINCT scope.payment_id
              FROM account_move__account_payment scope
              JOIN account_move m ON m.id = scope.invoice_id
              JOIN account_payment pay ON pay.id = scope.payment_id
             WHERE pay.move_id IS NULL AND pay.state IN ('in_process', 'paid') AND %(where)s
        ),
        unposted(move_id, payment_id, day, amount_currency, amount) AS MATERIALIZED (
            SELECT move_id, payment_id, day, round(paid, decimals),
                   round(paid * rate, company_decimals)
              FROM (
                SELECT s.*, greatest(0, least(s.share, s.capacity - coalesce(sum(s.share)
                           OVER (PARTITION BY s.move_id ORDER BY s.day, s.payment_id
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)))
                           AS paid
                  FROM (
                    SELECT l.*, greatest(0, least(l.capacity, l.pot - coalesce(sum(l.capacity)
                               OVER (PARTITION BY l.payment_id
                                     ORDER BY l.due, l.capacity, l.move_id
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)))
                               AS share
                      FROM (
                        SELECT rel.payment_id, m.id AS move_id, pay.date AS day,
                               m.cobranca_due_date AS due, m.amount_residual AS capacity,
                               CASE WHEN pay.currency_id = m.currency_id
                                    THEN CASE WHEN pay.payment_type = 'outbound'
                                              THEN -pay.amount ELSE pay.amount END
                                    ELSE pay.amount_company_currency_signed * m.amount_total
                                         / nullif(abs(m.amount_total_signed), 0)
                               END + coalesce(refund.amount, 0) AS pot,
                               abs(m.amount_total_signed) / nullif(m.amount_total, 0) AS rate,
                               cur.decimal_places AS decimals,
                               company_cur.decimal_places AS company_decimals
                          FROM unposted_scope sc
                          JOIN account_move__account_payment rel ON rel.payment_id = sc.payment_id
                          JOIN account_payment pay ON pay.id = rel.payment_id
                          JOIN account_move m ON m.id = rel.invoice_id
                          JOIN res_currency cur ON cur.id = m.currency_id
                          JOIN res_company c ON c.id = m.company_id
                          JOIN res_currency company_cur ON company_cur.id = c.currency_id
                     LEFT JOIN (
                            -- credit notes registered in the same payment
                            SELECT rrel.payment_id, sum(r.amount_residual) AS amount
                              FROM unposted_scope rsc
                              JOIN account_move__account_payment rrel
                                ON rrel.payment_id = rsc.payment_id
                              JOIN account_move r ON r.id = rrel.invoice_id
                             WHERE r.move_type = 'out_refund' AND r.state = 'posted'
                          GROUP BY rrel.payment_id
                          ) refund ON refund.payment_id = rel.payment_id
                         WHERE %(posted)s
                      ) l
                  ) s
              ) a
             WHERE paid > 0
        )
        """,
        where=where or SQL("TRUE"),
        posted=posted_invoice_sql(),
    )


def payments_cte(where=None):
    """``payments(move_id, day, amount)``: what was paid on each posted customer
    invoice (matching ``where``, an SQL condition on ``m``) and when, in the company's
    currency: the reconciliations of its receivable lines (payments, credit notes, bank
    lines) and the payments without a journal entry (``unposted_cte``). Also defines
    ``unposted_scope`` and ``unposted``."""
    where = where or SQL("TRUE")
    return SQL(
        """
        %(unposted)s,
        payments(move_id, day, amount) AS MATERIALIZED (
            SELECT l.move_id, apr.max_date, apr.amount
              FROM account_partial_reconcile apr
              JOIN account_move_line l ON l.id = apr.debit_move_id
              JOIN account_move m ON m.id = l.move_id
             WHERE l.display_type = 'payment_term'
               AND %(posted)s AND %(where)s
             UNION ALL
            SELECT move_id, day, amount FROM unposted
        )
        """,
        unposted=unposted_cte(where),
        where=where,
        posted=posted_invoice_sql(),
    )


def paid_on_cte():
    """``paid_on(move_id, day)``: the day a settled invoice (``SETTLED_INVOICE``) was
    paid in full: its last payment. Needs ``payments``."""
    return SQL(
        """
        paid_on(move_id, day) AS MATERIALIZED (
            SELECT p.move_id, max(p.day)
              FROM payments p JOIN account_move m ON m.id = p.move_id
             WHERE %s
          GROUP BY p.move_id
        )
        """,
        SETTLED_INVOICE,
    )


def unposted_paid(env, move_ids):
    """{invoice id: (amount in its currency, in the company's currency)} paid on these
    invoices by payments without a journal entry, in one query."""
    if not move_ids:
        return {}
    rows = env.execute_query(
        SQL(
            """
            WITH %s
            SELECT move_id, sum(amount_currency), sum(amount)
              FROM unposted WHERE move_id = ANY(%s) GROUP BY move_id
            """,
            unposted_cte(SQL("m.id = ANY(%s)", list(move_ids))),
            list(move_ids),
        )
    )
    return {move_id: (paid, paid_company) for move_id, paid, paid_company in rows}


def unposted_paid_by_move(moves):
    """{invoice id: (in the invoice's currency, in the company's)} paid on ``moves``
    by payments without a journal entry, read in one query for the posted invoices
    that have such a payment (flushing what the query reads first)."""
    unposted = moves.filtered(
        lambda m: (
            m.id and is_posted_invoice(m) and any(not pay.move_id for pay in m.matched_payment_ids)
        )
    )
    if not unposted:
        return {}
    moves.env["account.payment"].flush_model(
        [
            "amount",
            "amount_company_currency_signed",
            "currency_id",
            "date",
            "move_id",
            "payment_type",
            "state",
        ]
    )
    moves.flush_model(
        [
            "amount_residual",
            "amount_total",
            "amount_total_signed",
            "cobranca_due_date",
            "currency_id",
            "matched_payment_ids",
            "move_type",
            "state",
        ]
    )
    return unposted_paid(moves.env, unposted.ids)


def with_shared_payments(moves):
    """``moves`` and the invoices sharing a payment without journal entry with them,
    whose amount still due is then recomputed: the payment's share of each depends on
    the others' residuals, due dates and states, which the field does not depend on
    (every reconciliation of Odoo would carry it)."""
    shared = moves.sudo().matched_payment_ids.filtered(lambda p: not p.move_id).invoice_ids
    shared = shared.with_env(moves.env) - moves
    if shared:
        for fname in ("cobranca_amount_due", "cobranca_amount_due_signed"):
            moves.env.add_to_compute(moves._fields[fname], shared)
    return moves | shared
