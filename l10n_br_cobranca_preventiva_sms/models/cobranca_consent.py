import secrets
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_consent import (
    DEFAULT_OPTOUT_VALIDITY_DAYS,
)

from .selection import KEEP, SMS

#: Random bytes of an SMS opt-out code (``/cobranca/o/<code>``): 128 bits, 22 characters.
OPTOUT_CODE_BYTES = 16
OPTOUT_CODE_LENGTH = 22  # len(secrets.token_urlsafe(16)): base64url, no padding


class CobrancaConsent(models.Model):
    _inherit = "cobranca.consent"

    channel = fields.Selection(selection_add=SMS, ondelete=KEEP)

    @api.model
    def _optout_new_code(self):
        """A new code for the opt-out link of an SMS (``/cobranca/o/<code>``): 128
        random bits, unguessable, so the code alone is the key (the SMS has no room
        for a signed token). Stored on the reminder the SMS is sent for."""
        return secrets.token_urlsafe(OPTOUT_CODE_BYTES)

    @api.model
    def _optout_code_target(self, code):
        """(partner, company) of an SMS opt-out code, as its signed link would name
        them: the contact the SMS went to and the reminder's company, while the code
        is younger than the company's opt-out link validity; else None."""
        if not code or len(code) != OPTOUT_CODE_LENGTH:
            return None  # not one of ours: no lookup
        # sudo: the anonymous opt-out page resolves the code (nothing else is read)
        reminder = (
            self.env["cobranca.reminder"]
            .sudo()
            .search_fetch(
                [("optout_code", "=", code)], ["partner_id", "company_id", "sent_date"], limit=1
            )
        )
        if not (reminder.partner_id and reminder.sent_date):
            return None
        company = reminder.company_id
        days = company.cobranca_optout_validity_days or DEFAULT_OPTOUT_VALIDITY_DAYS
        if fields.Datetime.now() > reminder.sent_date + timedelta(days=days):
            return None
        return reminder.partner_id, company
