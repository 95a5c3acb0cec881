from odoo import fields, models


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

    variant_id = fields.Many2one(
        "cobranca.regua.step.variant",
        string="A/B Variant",
        readonly=True,
        ondelete="set null",
        help="The variant of the step's template this reminder was sent with.",
    )
