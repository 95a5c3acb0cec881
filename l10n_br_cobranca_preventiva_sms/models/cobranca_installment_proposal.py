from odoo import fields, models

from .selection import KEEP, SMS


class CobrancaInstallmentProposal(models.Model):
    _inherit = "cobranca.installment.proposal"

    channel = fields.Selection(selection_add=SMS, ondelete=KEEP)
