"""The answers in the app's retention: an invoice that holds promises, proposals or
WhatsApp files to download (or due day requests with text) is erased with its
retention."""

from odoo import models
from odoo.tools import SQL


class CobrancaRetention(models.AbstractModel):
    _inherit = "cobranca.retention"

    def _answered_sql(self):
        return SQL(
            """(%(app)s
                OR EXISTS (SELECT 1 FROM cobranca_promise pr
                            WHERE pr.move_id = m.id AND pr.note IS NOT NULL)
                OR EXISTS (SELECT 1 FROM cobranca_installment_proposal pr
                            WHERE pr.move_id = m.id
                              AND (pr.note IS NOT NULL OR pr.decision_note IS NOT NULL))
                OR EXISTS (SELECT 1 FROM cobranca_due_day_request d
                            WHERE d.move_id = m.id
                              AND (d.note IS NOT NULL OR d.decision_note IS NOT NULL))
                OR EXISTS (SELECT 1 FROM cobranca_whatsapp_proof w WHERE w.move_id = m.id))""",
            app=super()._answered_sql(),
        )
