"""The customer's due day on its *Collection* tab: the day it chose (an approved
``cobranca.due.day.request`` whose payment terms it still has) and, as a suggestion,
the day of the month it actually tends to pay, read from the payments the payer
ranking reads (``cobranca_settlement``), in the ranking's look-back period."""

import math
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import (
    SETTLED_INVOICE,
    posted_invoice_sql,
)
from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_settlement import (
    paid_on_cte,
    payments_cte,
)
from odoo.addons.l10n_br_cobranca_preventiva.models.res_partner import PAYER_PROFILE

#: How concentrated the payment days must be (mean resultant length, 0 to 1) for a
#: usual day to be read: below, the customer pays on any day of the month.
MIN_CONCENTRATION = 0.6


def usual_day(counts, min_count):
    """The day of the month payments cluster around, or 0: ``counts`` is {day of the
    month: payments}. Days are read on a circle (the 30th and the 2nd are close), so a
    customer who pays at the turn of the month gets the turn of the month; fewer
    than ``min_count`` payments, or payments spread over the month, give 0."""
    total = sum(counts.values())
    if not total or total < min_count:
        return 0
    x = sum(n * math.cos(2 * math.pi * (day - 1) / 31) for day, n in counts.items()) / total
    y = sum(n * math.sin(2 * math.pi * (day - 1) / 31) for day, n in counts.items()) / total
    if math.hypot(x, y) < MIN_CONCENTRATION:
        return 0
    angle = math.atan2(y, x) % (2 * math.pi)
    return round(angle * 31 / (2 * math.pi)) % 31 + 1


class ResPartner(models.Model):
    _inherit = "res.partner"

    cobranca_due_day = fields.Integer(
        string="Chosen Due Day",
        compute="_compute_cobranca_due_day",
        groups=PAYER_PROFILE,
        help="The day of the month the customer chose for its invoices (an approved "
        "request, while its payment terms are still the customer's) in this company.",
    )
    cobranca_usual_pay_day = fields.Integer(
        string="Usually Pays on Day",
        compute="_compute_cobranca_usual_pay_day",
        groups=PAYER_PROFILE,
        help="The day of the month the customer's payments cluster around, in the "
        "ranking's look-back period (empty: too few payments, or spread over the month).",
    )
    cobranca_suggested_due_day = fields.Integer(
        string="Suggested Due Day",
        compute="_compute_cobranca_usual_pay_day",
        groups=PAYER_PROFILE,
        help="The first due day the company offers on or after the day the customer usually pays.",
    )
    cobranca_due_day_request_ids = fields.One2many(
        "cobranca.due.day.request",
        "partner_id",
        string="Due Day Requests",
        groups=PAYER_PROFILE,
    )

    @api.depends_context("company")
    def _compute_cobranca_due_day(self):
        company = self.env.company
        customers = self.commercial_partner_id
        # sudo: what the collection user sees of the customer (the field's groups)
        approved = (
            self.env["cobranca.due.day.request"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "=", company.id),
                    ("state", "=", "approved"),
                ],
                ["partner_id", "day", "payment_term_id"],
                order="decided_date desc, id desc",
            )
        )
        latest = {}
        for request in approved:
            latest.setdefault(request.partner_id.id, request)
        for partner in self:
            customer = partner.commercial_partner_id.with_company(company)
            request = latest.get(customer.id)
            partner.cobranca_due_day = (
                request.day
                if request and customer.sudo().property_payment_term_id == request.payment_term_id
                else 0
            )

    @api.depends_context("company")
    def _compute_cobranca_usual_pay_day(self):
        company = self.env.company
        counts = self._cobranca_pay_days(company)
        offered = company._cobranca_due_days()
        for partner in self:
            day = usual_day(
                counts.get(partner.commercial_partner_id.id, {}), company.cobranca_rank_min_paid
            )
            partner.cobranca_usual_pay_day = day
            later = [d for d in offered if d >= day]
            partner.cobranca_suggested_due_day = day and (later or offered or [0])[0]

    def _cobranca_pay_days(self, company):
        """{customer id: {day of the month: invoices paid in full that day}} of these
        partners' customers in ``company``, in the ranking's look-back period: one
        query."""
        customers = self.commercial_partner_id
        if not customers.ids:
            return {}
        today = self.env["cobranca.calendar"]._today(company)
        since = today - timedelta(days=company.cobranca_rank_lookback_days)
        scope = SQL(
            "m.company_id = %s AND m.commercial_partner_id = ANY(%s) AND %s",
            company.id,
            customers.ids,
            posted_invoice_sql(),
        )
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                WITH %(payments)s, %(paid_on)s
                SELECT m.commercial_partner_id, extract(day FROM p.day)::int, count(*)
                  FROM paid_on p JOIN account_move m ON m.id = p.move_id
                 WHERE p.day >= %(since)s
              GROUP BY 1, 2
                """,
                payments=payments_cte(SQL("%s AND %s", scope, SETTLED_INVOICE)),
                paid_on=paid_on_cte(),
                since=since,
            )
        )
        result = defaultdict(dict)
        for customer_id, day, count in rows:
            result[customer_id][day] = count
        return result
