"""SQL shared by the collection dashboard's reports (no model here).

Every figure of the dashboard is read from the same three building blocks, so that the
aging, the monthly indicators and the effect of the reminders agree with each other
and with the payer ranking:

- ``today_cte``: each company's collection day (its timezone), taken from Python so that
  a frozen clock in tests and the company's timezone both hold;
- ``payable_cte``: the day an invoice is payable until — its collection due date
  (``cobranca_due_date``: the earliest open installment, as the ladder and the payer
  ranking count) moved to the next
  business day of the company and of the customer's state (Lei 7.089/1983,
  ``payable_next_business_day``), computed by
  the addon's banking calendar for the few hundred distinct (due date, state) pairs;
- ``payments_cte``: what was paid on each customer invoice and when: the reconciliations
  of its receivable lines (payments, credit notes, bank lines; amount in the company's
  currency), and Odoo 18 payments without a journal entry (what each paid of it, as
  ``models/cobranca_settlement.py`` shares a payment out), as the payer ranking, the
  promises to pay and the invoice's amount still due count them; ``paid_on_cte``: the
  day a settled invoice was paid in full.
"""

import json

from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_place import (
    customer_state_code,
    customer_state_join,
)
from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import (  # noqa: F401
    OPEN_INVOICE,
    SETTLED_INVOICE,
    collected_invoice_sql,
    posted_invoice_sql,
)
from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_settlement import (  # noqa: F401
    paid_on_cte,
    payments_cte,
)

#: Posted customer invoices (alias ``m``): ``cobranca_rules.is_posted_invoice``.
INVOICES = posted_invoice_sql()


def today_cte(env):
    """``today(company_id, day)``: every company's collection day."""
    companies = env["res.company"].sudo().search([])
    todays = env["cobranca.calendar"]._today_by_company(companies)
    return SQL(
        "today(company_id, day) AS (SELECT * FROM unnest(%s::int[], %s::date[]))",
        list(todays),
        list(todays.values()),
    )


def payable_cte(env, where):
    """``payable(map)``: a JSON object "company:due date:customer's state" → the date
    the invoice is payable until, for the invoices matching ``where`` (an SQL
    condition on ``m``); one entry per distinct triple, a few hundred. A lookup in
    it per invoice (``payable_join``) needs no join the planner could misjudge."""
    env.flush_all()
    rows = env.execute_query(
        SQL(
            """
            SELECT DISTINCT m.company_id, m.cobranca_due_date, %(state)s
              FROM account_move m %(state_join)s
             WHERE %(invoices)s AND m.cobranca_due_date IS NOT NULL AND %(where)s
            """,
            state=customer_state_code("cust"),
            state_join=customer_state_join(SQL("m.commercial_partner_id"), "cust"),
            invoices=INVOICES,
            where=where,
        )
    )
    companies = env["res.company"].sudo().browse({row[0] for row in rows})
    closed = env["cobranca.calendar"]._extra_closed_by_company(companies)
    calendars = {}
    days = {}
    for company_id, due, state in rows:
        key = (company_id, state)
        if key not in calendars:
            calendars[key] = env["cobranca.calendar"]._calendar(
                companies.browse(company_id), state=state or None, extra_closed=closed[company_id]
            )
        day = calendars[key].effective_due_date(due)
        days[f"{company_id}:{due.isoformat()}:{state}"] = day.isoformat()
    return SQL("payable(map) AS (SELECT %s::jsonb)", json.dumps(days))


def payable_join(alias="pb"):
    """``<alias>.day``, the day the invoice ``m`` is payable until (after
    ``customer_state_join`` as ``cust``)."""
    return SQL(
        """
        %(state_join)s
        CROSS JOIN payable
        CROSS JOIN LATERAL (
            SELECT (payable.map ->> concat_ws(':', m.company_id,
                        to_char(m.cobranca_due_date, 'YYYY-MM-DD'), %(state)s))::date AS day
        ) %(pb)s
        """,
        state_join=customer_state_join(SQL("m.commercial_partner_id"), "cust"),
        pb=SQL.identifier(alias),
        state=customer_state_code("cust"),
    )
