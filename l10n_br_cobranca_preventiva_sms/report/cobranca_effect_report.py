from odoo import fields, models

from ..models.selection import SMS


class CobrancaEffectReport(models.Model):
    _inherit = "cobranca.effect.report"

    channel = fields.Selection(selection_add=SMS)
