from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.cobranca_ranking import CLASS_SELECTION
from ..models.cobranca_rules import OPEN_INVOICE


class CobrancaRankingReport(models.Model):
    """Payer ranking per customer and company, with what they owe now (SQL view)."""

    _name = "cobranca.ranking.report"
    _description = "Payer Ranking"
    _auto = False
    _order = "score desc, open_amount desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    payer_class = fields.Selection(CLASS_SELECTION, readonly=True)
    score = fields.Integer(string="Payer Score", readonly=True, aggregator="avg")
    avg_days_late = fields.Float(string="Average Days Late", readonly=True, aggregator="avg")
    on_time_rate = fields.Float(string="Paid on Time", readonly=True, aggregator="avg")
    paid_count = fields.Integer(string="Paid Invoices", readonly=True)
    early_warning = fields.Boolean(readonly=True)
    open_amount = fields.Monetary(readonly=True)
    overdue_amount = fields.Monetary(readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(view)s AS (
                WITH open_invoices AS (
                    SELECT commercial_partner_id, company_id,
                           sum(cobranca_amount_due_signed) AS open_amount,
                           sum(cobranca_amount_due_signed)
                               FILTER (WHERE cobranca_due_date < current_date)
                               AS overdue_amount
                      FROM account_move m
                     WHERE %(open)s
                  GROUP BY commercial_partner_id, company_id
                )
                SELECT p.id::bigint * 100000 + c.id AS id,
                       p.id AS partner_id,
                       c.id AS company_id,
                       coalesce(p.cobranca_class ->> c.id::text, 'new') AS payer_class,
                       (p.cobranca_score ->> c.id::text)::int AS score,
                       (p.cobranca_avg_days_late ->> c.id::text)::float8
                           AS avg_days_late,
                       (p.cobranca_on_time_rate ->> c.id::text)::float8 AS on_time_rate,
                       (p.cobranca_paid_count ->> c.id::text)::int AS paid_count,
                       coalesce((p.cobranca_early_warning ->> c.id::text)::bool, false)
                           AS early_warning,
                       coalesce(o.open_amount, 0) AS open_amount,
                       coalesce(o.overdue_amount, 0) AS overdue_amount,
                       1 AS customer_count
                  FROM res_partner p
                  JOIN res_company c ON p.cobranca_ranking_date ? c.id::text
             LEFT JOIN open_invoices o
                    ON o.commercial_partner_id = p.id AND o.company_id = c.id
                 WHERE p.active
            )
            """,
                view=SQL.identifier(self._table),
                open=OPEN_INVOICE,
            )
        )
