from odoo import api, fields, models

from odoo.addons.l10n_br_cobranca_preventiva.models.prefetch import PREFETCH_GROUP
from odoo.addons.l10n_br_cobranca_preventiva.models.res_partner import PAYER_PROFILE

#: The learned send hour (``cobranca.send.hour``): computed, never written by a user.
SEND_HOUR_FIELDS = ("cobranca_send_hour", "cobranca_send_hour_events")


class ResPartner(models.Model):
    _inherit = "res.partner"

    cobranca_send_hour = fields.Integer(
        copy=False,
        string="Learned Send Hour",
        readonly=True,
        help="The hour of its day this customer reads and answers, learned from its "
        "WhatsApp reads and replies (at least five); reminders due today go out from it.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_send_hour_events = fields.Integer(
        copy=False,
        string="Engagement Events",
        readonly=True,
        help="WhatsApp reads and replies the send hour was learned from.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )

    @api.model
    def _cobranca_engine_fields(self):
        return super()._cobranca_engine_fields() | set(SEND_HOUR_FIELDS)
