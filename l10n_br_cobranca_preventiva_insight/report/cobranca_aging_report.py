from odoo import fields, models
from odoo.tools import SQL

from . import insight_sql

#: Age buckets of an open invoice, by days past the day it is payable until. The keys
#: sort in the buckets' order, so graphs and pivots list them oldest last.
AGE_BUCKETS = [
    ("0_not_due", "Not yet due"),
    ("1_today", "Due today"),
    ("2_1_15", "1-15 days overdue"),
    ("3_16_30", "16-30 days overdue"),
    ("4_31_60", "31-60 days overdue"),
    ("5_61_90", "61-90 days overdue"),
    ("6_90_plus", "Over 90 days overdue"),
]


class CobrancaAgingReport(models.Model):
    """Open customer invoices by age (collection dashboard).

    One row per open invoice: what is still due (company currency; a payment without a
    journal entry counts for its own amount, ``cobranca_settlement``) and how many days
    past the day it is payable until (the due date moved to the next business day of
    the company and of the customer), counted from the company's collection day.
    """

    _name = "cobranca.aging.report"
    _description = "Open Receivables by Age"
    _auto = False
    _order = "days_overdue desc, id"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    payable_date = fields.Date(string="Payable Until", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    age_bucket = fields.Selection(AGE_BUCKETS, string="Age", readonly=True)
    amount_residual = fields.Monetary(string="Amount Due", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)

    @property
    def _table_query(self):
        open_invoices = insight_sql.OPEN_INVOICE
        return SQL(
            """
            WITH %(today)s, %(payable)s,
            aged AS (
                SELECT m.id, m.commercial_partner_id, m.company_id,
                       c.currency_id, m.cobranca_due_date AS invoice_date_due,
                       pb.day AS payable_date,
                       t.day - pb.day AS days_overdue, m.cobranca_amount_due_signed
                  FROM account_move m
                  JOIN res_company c ON c.id = m.company_id
                  JOIN today t ON t.company_id = m.company_id
                  %(payable_join)s
                 WHERE %(invoices)s AND %(open)s
            )
            SELECT id, id AS move_id, commercial_partner_id AS partner_id, company_id,
                   currency_id, invoice_date_due, payable_date, days_overdue,
                   CASE WHEN days_overdue < 0 THEN '0_not_due'
                        WHEN days_overdue = 0 THEN '1_today'
                        WHEN days_overdue <= 15 THEN '2_1_15'
                        WHEN days_overdue <= 30 THEN '3_16_30'
                        WHEN days_overdue <= 60 THEN '4_31_60'
                        WHEN days_overdue <= 90 THEN '5_61_90'
                        ELSE '6_90_plus' END AS age_bucket,
                   cobranca_amount_due_signed AS amount_residual,
                   CASE WHEN days_overdue > 0 THEN cobranca_amount_due_signed ELSE 0 END
                       AS amount_overdue,
                   1 AS invoice_count
              FROM aged
            """,
            today=insight_sql.today_cte(self.env),
            payable=insight_sql.payable_cte(self.env, open_invoices),
            payable_join=insight_sql.payable_join(),
            invoices=insight_sql.INVOICES,
            open=open_invoices,
        )
