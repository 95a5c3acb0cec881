from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.cobranca_consent import CLERK_SOURCES, CONSENT_CHANNELS, LEGAL_BASES


class CobrancaConsentWizard(models.TransientModel):
    """Record a consent or a revocation, for one customer or many (e.g. a signed
    contract imported for a list of customers), with one legal basis and evidence."""

    _name = "cobranca.consent.wizard"
    _description = "Record Collection Consent"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    action = fields.Selection(
        [("granted", "Grant"), ("revoked", "Revoke")], required=True, default="granted"
    )
    channel = fields.Selection(CONSENT_CHANNELS, required=True, default="whatsapp")
    contact = fields.Char(
        help="Email or phone the consent covers. Empty: each customer's own email, "
        "mobile (messages) or phone (calls)."
    )
    legal_basis = fields.Selection(LEGAL_BASES, required=True, default="consent")
    source = fields.Selection(
        CLERK_SOURCES,
        required=True,
        default="clerk",
        help="How the customer gave it. The opt-out page and WhatsApp replies record "
        "their own events, with the IP or the message.",
    )
    evidence = fields.Text(help="What proves it: the customer's message, the contract clause…")
    evidence_file = fields.Binary()
    evidence_filename = fields.Char()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def _contact_of(self, partner):
        if self.contact:
            return self.contact
        service = self.env["cobranca.channel"]._for_consent(self.channel)
        return service._default_contact(partner) if service is not None else False

    def action_confirm(self):
        self.ensure_one()
        if self.contact and len(self.partner_ids) > 1:
            raise UserError(_("Give a contact only when recording for a single customer."))
        if self.action == "granted" and not (self.evidence or self.evidence_file):
            raise UserError(_("A consent needs its evidence: a text or a file."))
        Consent = self.env["cobranca.consent"]
        done, failed = 0, []
        for partner in self.partner_ids:
            try:
                with self.env.cr.savepoint():
                    Consent._cobranca_record(
                        partner,
                        self.channel,
                        self._contact_of(partner),
                        self.action,
                        self.legal_basis,
                        self.source,
                        evidence=self.evidence,
                        evidence_file=self.evidence_file,
                        evidence_filename=self.evidence_filename,
                    )
                done += 1
            except ValidationError as exc:
                if len(self.partner_ids) == 1:
                    raise
                failed.append(exc.args[0])
        message = _("%(count)s consent(s) recorded.", count=done)
        if failed:
            message += " " + _("Not recorded: %(errors)s", errors=" ".join(failed))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if failed else "success",
                "message": message,
                "sticky": bool(failed),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
