from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cobranca_consent_sms = fields.Selection(
        related="company_id.cobranca_consent_sms", readonly=False
    )
