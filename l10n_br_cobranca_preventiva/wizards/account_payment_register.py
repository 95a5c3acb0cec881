from odoo import models

from ..models.account_move_line import replan_after


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payments(self):
        """The invoices the wizard pays are replanned once, when it ends."""
        with replan_after(self.env):
            return super()._create_payments()
