"""A payment without a journal entry changes what its invoices still owe.

The invoice's amount still due (``cobranca_settlement``) reads these payments' amount,
currency, date, direction, state and journal entry. It depends on the link between the
invoice and its payments (``matched_payment_ids``), not on each of those payment fields:
such a dependency hangs the amount still due, and everything computed from it, under
every field of Odoo a reconciliation touches (the payment's journal entry and its lines
lead back to the invoices), and Odoo walks that tree on each change of a payment or a
journal item. A write of one of those fields on a payment recomputes, and replans, its
invoices here instead.
"""

from odoo import api, models

from .account_move_line import replan_soon

#: The payment's fields ``cobranca_settlement`` reads (its computed company amount
#: follows the amount, currency and date).
SETTLEMENT_FIELDS = frozenset(
    ("amount", "currency_id", "date", "payment_type", "state", "move_id", "invoice_ids")
)


class AccountPayment(models.Model):
    _inherit = "account.payment"

    @api.model_create_multi
    def create(self, vals_list):
        payments = super().create(vals_list)
        payments._cobranca_invoices_owe_again(payments.invoice_ids)
        return payments

    def write(self, vals):
        if not vals.keys() & SETTLEMENT_FIELDS:
            return super().write(vals)
        before = self.invoice_ids
        res = super().write(vals)
        self._cobranca_invoices_owe_again(before | self.invoice_ids)
        return res

    def _cobranca_invoices_owe_again(self, invoices):
        """Recompute what these customer invoices still owe, and replan them."""
        invoices = invoices.filtered(lambda m: m.move_type == "out_invoice")
        if not invoices:
            return
        Move = self.env["account.move"]
        for fname in ("cobranca_amount_due", "cobranca_amount_due_signed"):
            self.env.add_to_compute(Move._fields[fname], invoices)
        replan_soon(invoices.filtered(lambda m: m.state == "posted"))
