from odoo import api, models

from .account_move_line import replan_soon
from .cobranca_rules import is_posted_invoice


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _cobranca_invoices(self):
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        return moves.filtered(is_posted_invoice)

    @api.model_create_multi
    def create(self, vals_list):
        """A payment cancels the pending reminders of the invoices it pays in full
        (when the reconciliation running ends: ``account_move_line``)."""
        partials = super().create(vals_list)
        replan_soon(partials._cobranca_invoices())
        return partials

    def unlink(self):
        """An undone payment re-opens the invoice: its reminders are planned again."""
        invoices = self._cobranca_invoices()
        res = super().unlink()
        replan_soon(invoices.exists())
        return res
