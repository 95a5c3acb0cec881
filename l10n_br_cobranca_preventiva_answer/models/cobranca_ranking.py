"""The broken promises to pay, in the app's payer ranking."""

from odoo import models
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import OPEN_INVOICE


class CobrancaRanking(models.AbstractModel):
    _inherit = "cobranca.ranking"

    def _broken_promises(self, company, partner_ids, since):
        """[(partner id, promises broken since ``since``, of which on invoices still
        open)] of these customers in ``company``: one query."""
        return self.env.execute_query(
            SQL(
                """
                SELECT pr.partner_id, count(*),
                       count(*) FILTER (WHERE %(open)s)
                  FROM cobranca_promise pr
                  JOIN account_move m ON m.id = pr.move_id
                 WHERE pr.company_id = %(company)s AND pr.partner_id = ANY(%(partners)s)
                   AND pr.state = 'broken' AND pr.date >= %(since)s
              GROUP BY pr.partner_id
                """,
                company=company.id,
                partners=list(partner_ids),
                since=since,
                open=OPEN_INVOICE,
            )
        )
