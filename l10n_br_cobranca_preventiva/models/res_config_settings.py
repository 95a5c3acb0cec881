from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cobranca_default_regua_id = fields.Many2one(
        related="company_id.cobranca_default_regua_id", readonly=False
    )
    cobranca_tz = fields.Selection(related="company_id.cobranca_tz", readonly=False)
    cobranca_window_weekday_start = fields.Float(
        related="company_id.cobranca_window_weekday_start", readonly=False
    )
    cobranca_window_weekday_end = fields.Float(
        related="company_id.cobranca_window_weekday_end", readonly=False
    )
    cobranca_window_saturday = fields.Boolean(
        related="company_id.cobranca_window_saturday", readonly=False
    )
    cobranca_window_saturday_start = fields.Float(
        related="company_id.cobranca_window_saturday_start", readonly=False
    )
    cobranca_window_saturday_end = fields.Float(
        related="company_id.cobranca_window_saturday_end", readonly=False
    )
    cobranca_daily_cap = fields.Integer(related="company_id.cobranca_daily_cap", readonly=False)
    cobranca_responsible_id = fields.Many2one(
        related="company_id.cobranca_responsible_id", readonly=False
    )
