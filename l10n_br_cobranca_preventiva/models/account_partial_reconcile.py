from odoo import api, models

from .cobranca_rules import is_posted_invoice


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _cobranca_invoices(self):
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        return moves.filtered(is_posted_invoice)

    @api.model_create_multi
    def create(self, vals_list):
        """A payment cancels the pending reminders of the invoices it pays in full
        (when the reconciliation running ends: ``account_reconcile``)."""
        partials = super().create(vals_list)
        partials._cobranca_invoices()._cobranca_replan_soon()
        return partials

    def unlink(self):
        """An undone payment re-opens the invoice: its reminders are planned again."""
        invoices = self._cobranca_invoices()
        res = super().unlink()
        invoices.exists()._cobranca_replan_soon()
        return res
