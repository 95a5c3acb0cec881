from odoo import fields, models

from ..models.selection import SMS


class CobrancaConsentWizard(models.TransientModel):
    _inherit = "cobranca.consent.wizard"

    channel = fields.Selection(selection_add=SMS, ondelete={"sms": "cascade"})
