from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models.res_partner import PAYER_PROFILE


class AccountMove(models.Model):
    _inherit = "account.move"

    cobranca_predicted_pay_date = fields.Date(
        string="Predicted Payment Date",
        compute="_compute_cobranca_predicted_pay_date",
        groups=PAYER_PROFILE,
        help="When this open invoice is expected to be paid: its collection due date plus "
        "the customer's usual delay (the median days late of its paid invoices), or, for "
        "a customer without history, the median of the company's ranked customers; never "
        "before today.",
    )

    def _cobranca_shown_fields(self):
        return [*super()._cobranca_shown_fields(), "cobranca_predicted_pay_date"]

    def _compute_cobranca_predicted_pay_date(self):
        """Computed when the invoice form or list reads it, with no dependency: Odoo's
        payments and reconciliations, which touch the dates and amounts it reads, never
        carry it (``_cobranca_shown_fields``)."""
        opened = self.filtered(lambda m: m.cobranca_due_date and m._cobranca_is_open())
        (self - opened).cobranca_predicted_pay_date = False
        if not opened:
            return
        companies = opened.company_id
        todays = self.env["cobranca.calendar"]._today_by_company(companies)
        # the median usual delay of each company's ranked customers, in one query
        medians = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT c.id, percentile_cont(0.5) WITHIN GROUP (
                               ORDER BY (p.cobranca_usual_delay ->> c.id::text)::float)
                      FROM res_company c
                      JOIN res_partner p ON p.cobranca_class ->> c.id::text IN ('a', 'b', 'c', 'd')
                     WHERE c.id = ANY(%s)
                  GROUP BY c.id
                    """,
                    companies.ids,
                )
            )
        )
        for move in opened:
            # sudo: the payer profile (the field has its groups)
            customer = move.commercial_partner_id.with_company(move.company_id).sudo()
            if customer.cobranca_class in ("a", "b", "c", "d"):
                delay = customer.cobranca_usual_delay
            else:
                delay = medians.get(move.company_id.id) or 0.0
            day = move.cobranca_due_date + timedelta(days=round(delay))
            move.cobranca_predicted_pay_date = max(day, todays[move.company_id.id])
