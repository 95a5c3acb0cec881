from odoo import _, fields, models
from odoo.exceptions import AccessError

from .cobranca_consent import LEGAL_BASES, SOURCES, STATUSES


class CobrancaConsentEvent(models.Model):
    """One grant or revocation of a consent, with its evidence: append-only."""

    _name = "cobranca.consent.event"
    _description = "Collection Consent Event"
    _order = "date desc, id desc"

    consent_id = fields.Many2one(
        "cobranca.consent", required=True, index=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(related="consent_id.partner_id", store=True)
    company_id = fields.Many2one(related="consent_id.company_id", store=True)
    channel = fields.Selection(related="consent_id.channel", store=True)
    contact = fields.Char(related="consent_id.contact", store=True)
    status = fields.Selection(STATUSES, required=True, readonly=True)
    legal_basis = fields.Selection(LEGAL_BASES, required=True, readonly=True)
    source = fields.Selection(SOURCES, required=True, readonly=True)
    evidence = fields.Text(
        readonly=True, help="The message, contract clause or form that proves it."
    )
    evidence_file = fields.Binary(string="Evidence File", attachment=True, readonly=True)
    evidence_filename = fields.Char(readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", default=lambda self: self.env.user, readonly=True
    )

    def write(self, vals):
        if not self.env.context.get("cobranca_anonymise"):
            raise AccessError(
                _(
                    "Consent events are a legal record: they cannot be changed. "
                    "Record a new event instead."
                )
            )
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get("cobranca_anonymise"):
            raise AccessError(_("Consent events are a legal record: they cannot be deleted."))
        return super().unlink()
