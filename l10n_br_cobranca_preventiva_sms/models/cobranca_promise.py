from odoo import fields, models

from .selection import KEEP, SMS


class CobrancaPromise(models.Model):
    _inherit = "cobranca.promise"

    channel = fields.Selection(selection_add=SMS, ondelete=KEEP)
