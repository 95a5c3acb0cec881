"""What the customer answered, in the app's erasure: the proposals' chatter, the
promise, proposal and due day request notes, the WhatsApp files still to download."""

from markupsafe import Markup

from odoo import api, models
from odoo.tools import SQL


class CobrancaPrivacy(models.AbstractModel):
    _inherit = "cobranca.privacy"

    @api.model
    def _customer_messages(self, moves):
        """And what the customer wrote in the chatter of its installment proposals."""
        written = super()._customer_messages(moves)
        if moves:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT msg.id, true
                      FROM mail_message msg
                      JOIN cobranca_installment_proposal pr
                        ON msg.model = 'cobranca.installment.proposal' AND msg.res_id = pr.id
                      JOIN res_partner a ON a.id = msg.author_id
                     WHERE pr.move_id = ANY(%(moves)s)
                       AND coalesce(a.commercial_partner_id, a.id) = pr.partner_id
                    """,
                    moves=moves.ids,
                )
            )
            written.update(rows)
        return written

    @api.model
    def _erase_answers(self, moves, notice):
        """And the promise, proposal and due day request notes, the collector's to-dos
        on the proposals and the WhatsApp files still to download."""
        moves = moves.sudo()
        if moves:
            self.env["cobranca.whatsapp.proof"].sudo().search(
                [("move_id", "in", moves.ids)]
            ).unlink()
            self.env.flush_all()
            self.env.execute_query(
                SQL(
                    """
                    UPDATE cobranca_promise SET note = NULL
                     WHERE move_id = ANY(%(moves)s) AND note IS NOT NULL;
                    UPDATE cobranca_installment_proposal SET note = NULL, decision_note = NULL
                     WHERE move_id = ANY(%(moves)s);
                    UPDATE cobranca_due_day_request SET note = NULL, decision_note = NULL
                     WHERE move_id = ANY(%(moves)s);
                    UPDATE mail_activity SET note = %(notice)s
                     WHERE automated AND res_model = 'cobranca.installment.proposal'
                       AND res_id IN (SELECT id FROM cobranca_installment_proposal
                                       WHERE move_id = ANY(%(moves)s));
                    UPDATE mail_message SET body = %(notice)s
                     WHERE mail_activity_type_id IS NOT NULL
                       AND model = 'cobranca.installment.proposal'
                       AND res_id IN (SELECT id FROM cobranca_installment_proposal
                                       WHERE move_id = ANY(%(moves)s));
                    """,
                    moves=moves.ids,
                    notice=str(Markup("<p>%s</p>") % notice),
                )
            )
        return super()._erase_answers(moves, notice)
