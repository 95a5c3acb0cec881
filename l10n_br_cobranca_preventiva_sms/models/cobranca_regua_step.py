from odoo import fields, models

from .selection import KEEP, SMS


class CobrancaReguaStep(models.Model):
    _inherit = "cobranca.regua.step"

    channel = fields.Selection(selection_add=SMS, ondelete=KEEP)
    fallback_channel = fields.Selection(selection_add=SMS, ondelete=KEEP)
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain="[('model', '=', 'account.move')]",
        ondelete="set null",
    )
