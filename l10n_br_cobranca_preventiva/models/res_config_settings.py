from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cobranca_default_regua_id = fields.Many2one(
        related="company_id.cobranca_default_regua_id", readonly=False
    )
