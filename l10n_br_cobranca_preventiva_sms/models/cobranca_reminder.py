from odoo import fields, models

from .selection import KEEP, SMS


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

    channel = fields.Selection(selection_add=SMS, ondelete=KEEP)
    optout_code = fields.Char(
        string="SMS Opt-out Code",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The random code of the opt-out link the SMS carried (/cobranca/o/<code>), "
        "drawn once when it was sent: it names the contact and the company, as the "
        "signed link of the emails does, and expires like it.",
    )

    _sql_constraints = [
        ("optout_code_unique", "UNIQUE(optout_code)", "An opt-out code names one reminder."),
    ]
