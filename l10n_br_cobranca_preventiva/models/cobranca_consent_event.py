from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .cobranca_consent import LEGAL_BASES, SOURCES, STATUSES


class CobrancaConsentEvent(models.Model):
    """One grant or revocation of a consent, with its evidence: append-only.

    Created only through ``cobranca.consent._cobranca_record`` (users have no create
    right). Its date is the server's time and its author the real user, whatever the
    caller passes, even as superuser; its evidence and IP are erased only by the
    anonymisation and the retention purge (``cobranca.privacy``), in SQL.
    """

    _name = "cobranca.consent.event"
    _description = "Collection Consent Event"
    _order = "id desc"

    consent_id = fields.Many2one(
        "cobranca.consent",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
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
    evidence_file = fields.Binary(attachment=True, readonly=True)
    evidence_filename = fields.Char(readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            # server-stamped: a caller (even sudo) can neither backdate nor sign for another
            vals.update(date=now, user_id=self.env.uid)
        return super().create(vals_list)

    # An event is never written, by anybody: no super() to call (erasure and retention
    # clear evidence in SQL, see cobranca.privacy).
    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(
            _(
                "Consent events are a legal record: they cannot be changed. "
                "Record a new event instead."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(_("Consent events are a legal record: they cannot be deleted."))
