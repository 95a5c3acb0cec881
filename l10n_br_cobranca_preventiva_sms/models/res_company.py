from odoo import fields, models

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_consent import CONSENT_POLICIES
from odoo.addons.l10n_br_cobranca_preventiva.models.prefetch import PREFETCH_GROUP


class ResCompany(models.Model):
    _inherit = "res.company"

    # the company's consent policy of the SMS consent channel (cobranca_consent_<channel>)
    cobranca_consent_sms = fields.Selection(
        CONSENT_POLICIES,
        string="SMS Consent",
        default=lambda self: self.env["cobranca.channel.sms"]._default_policy,
        required=True,
        prefetch=PREFETCH_GROUP,
    )
