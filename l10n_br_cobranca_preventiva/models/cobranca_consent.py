from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize
from odoo.tools.misc import hash_sign

from ..cobranca_core import masking, phone

OPTOUT_SCOPE = "cobranca_optout"
DEFAULT_OPTOUT_VALIDITY_DAYS = 90
#: Channels of the opt-out page, with their names for the customer (Portuguese).
OPTOUT_LABELS = {"email": "e-mail", "whatsapp": "WhatsApp", "sms": "SMS", "phone": "ligações"}
CONSENT_CHANNELS = [
    ("email", "Email"),
    ("whatsapp", "WhatsApp"),
    ("sms", "SMS"),
    ("phone", "Phone calls"),
]
#: LGPD (Lei 13.709/2018) art. 7 legal bases a collection message can rest on.
LEGAL_BASES = [
    ("consent", "Consent (art. 7, I)"),
    ("contract", "Performance of a contract (art. 7, V)"),
    ("legitimate_interest", "Legitimate interest (art. 7, IX)"),
    ("credit_protection", "Credit protection (art. 7, X)"),
]
SOURCES = [
    ("form", "Form"),
    ("portal", "Customer portal / opt-out page"),
    ("whatsapp", "WhatsApp reply"),
    ("import", "Import"),
    ("clerk", "Recorded by a clerk"),
    ("policy", "Company policy"),
]
STATUSES = [("granted", "Granted"), ("revoked", "Revoked")]
#: Reminder channel -> consent channel.
CHANNEL_OF_REMINDER = {"email": "email", "whatsapp": "whatsapp", "sms": "sms", "activity": "phone"}
#: Legal basis of a message sent without an explicit consent, where the policy allows it.
IMPLICIT_BASIS = {"email": "contract", "phone": "credit_protection"}


def normalize_contact(channel, value):
    """The comparable form of a contact: lower-case email, E.164 phone, or None."""
    if channel == "email":
        return email_normalize(value or "") or None
    return phone.try_normalize(value)


def same_contact(channel, a, b):
    if channel == "email":
        return normalize_contact(channel, a) == normalize_contact(channel, b)
    return phone.same_number(a, b)


class CobrancaConsent(models.Model):
    """Whether a customer's contact may receive collection messages on a channel.

    The status is the latest of its events, which are never edited nor deleted
    (``cobranca.consent.event``): the history proves why a message could be sent.
    """

    _name = "cobranca.consent"
    _description = "Collection Consent"
    _order = "partner_id, channel, id"
    _rec_name = "contact"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Contact Person", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection(CONSENT_CHANNELS, required=True)
    contact = fields.Char(
        required=True, help="Email address, or phone number in E.164 (+5511987654321)."
    )
    event_ids = fields.One2many("cobranca.consent.event", "consent_id", string="History")
    last_event_id = fields.Many2one(
        "cobranca.consent.event", compute="_compute_last_event_id", store=True
    )
    status = fields.Selection(related="last_event_id.status", store=True, string="Status")
    legal_basis = fields.Selection(related="last_event_id.legal_basis", store=True)
    source = fields.Selection(related="last_event_id.source", store=True)
    date = fields.Datetime(related="last_event_id.date", store=True, string="Since")
    user_id = fields.Many2one(related="last_event_id.user_id", store=True, string="Recorded By")

    _sql_constraints = [
        (
            "consent_unique",
            "UNIQUE(partner_id, company_id, channel, contact)",
            "A contact has one consent per channel and company: record a new event on it.",
        )
    ]

    @api.depends("event_ids.date")
    def _compute_last_event_id(self):
        for consent in self:
            consent.last_event_id = consent.event_ids.sorted(lambda e: (e.date, e.id))[-1:]

    @api.constrains("channel", "contact")
    def _check_contact(self):
        for consent in self:
            if consent.contact.startswith("anonimizado-"):
                continue  # erased at the customer's request
            if normalize_contact(consent.channel, consent.contact) != consent.contact:
                raise ValidationError(
                    _(
                        "“%(contact)s” is not a valid %(kind)s.",
                        contact=consent.contact,
                        kind=_("email address")
                        if consent.channel == "email"
                        else _("phone number"),
                    )
                )

    # ----------------------------------------------------------------- record
    @api.model
    def _cobranca_record(
        self,
        partner,
        channel,
        contact,
        status,
        legal_basis,
        source,
        company=None,
        evidence=None,
        evidence_file=None,
        evidence_filename=None,
        ip=None,
    ):
        """Record a grant or a revocation (a new event); the only way consents change.

        Refuses an invalid email or phone with a clear message. Revoking what is
        already revoked adds nothing.
        """
        company = company or self.env.company
        value = normalize_contact(channel, contact)
        if not value:
            kind = _("email address") if channel == "email" else _("phone number")
            raise ValidationError(
                _(
                    "Cannot record a consent for %(partner)s: “%(contact)s” is not a valid "
                    "%(kind)s.",
                    partner=partner.display_name,
                    contact=contact or "",
                    kind=kind,
                )
            )
        consent = self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("channel", "=", channel),
                ("contact", "=", value),
            ]
        ) or self.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "channel": channel,
                "contact": value,
            }
        )
        if consent.status == status == "revoked":
            return consent
        self.env["cobranca.consent.event"].create(
            {
                "consent_id": consent.id,
                "status": status,
                "legal_basis": legal_basis,
                "source": source,
                "evidence": evidence,
                "evidence_file": evidence_file,
                "evidence_filename": evidence_filename,
                "ip_address": ip,
            }
        )
        self.env["cobranca.reminder"].sudo()._cobranca_refresh_channels(partner, company)
        return consent

    # ---------------------------------------------------------------- opt-out
    @api.model
    def _cobranca_optout_token(self, partner, company):
        """Signed token of the opt-out link for a contact; it expires after the
        company's opt-out link validity (default 90 days)."""
        days = company.sudo().cobranca_optout_validity_days or DEFAULT_OPTOUT_VALIDITY_DAYS
        return hash_sign(
            self.env(su=True),
            OPTOUT_SCOPE,
            {"p": partner.id, "c": company.id},
            expiration_hours=24 * days,
        )

    @api.model
    def _cobranca_optout_channels(self, partner, company):
        """What the opt-out page offers: for each channel, every contact a message to
        ``partner`` may use (``res.partner._cobranca_contacts``, the dispatcher's own
        list), so that stopping a channel stops each of them.

        :return: [{"channel", "label" (Portuguese), "contacts": [(partner, contact,
            masked contact, revoked)], "shown": [(masked contact, revoked)] once per
            contact, "revoked": every contact revoked}]
        """
        candidates = {channel: partner._cobranca_contacts(channel) for channel in OPTOUT_LABELS}
        # WhatsApp never goes to a landline (the dispatcher skips it): not offered
        candidates["whatsapp"] = [c for c in candidates["whatsapp"] if phone.is_mobile(c[1])]
        people = partner.commercial_partner_id.union(
            *(person for rows in candidates.values() for person, _contact in rows)
        )
        loaded = self._cobranca_load(company.ids, people.ids)
        result = []
        for channel, label in OPTOUT_LABELS.items():
            contacts = []
            for person, value in candidates[channel]:
                revoked = any(
                    status == "revoked" and same_contact(channel, contact, value)
                    for who in person | partner.commercial_partner_id
                    for contact, status, _id, _basis in loaded.get(
                        (company.id, who.id, channel), ()
                    )
                )
                mask = masking.mask_email if channel == "email" else masking.mask_phone
                masked = mask(value)
                contacts.append((person, value, masked, revoked))
            if contacts:
                shown = {}  # one line per contact, even when two partners share it
                for _person, value, masked, revoked in contacts:
                    shown[value] = (masked, revoked and shown.get(value, (masked, True))[1])
                result.append(
                    {
                        "channel": channel,
                        "label": label,
                        "contacts": contacts,
                        "shown": list(shown.values()),
                        "revoked": all(c[3] for c in contacts),
                    }
                )
        return result

    # --------------------------------------------------------------- decision
    @api.model
    def _cobranca_load(self, company_ids, partner_ids):
        """Everything ``_cobranca_decide`` needs, in one query: the consents of these
        partners, {(company_id, partner_id, channel): [(contact, status, id, basis)]},
        and the companies' policies, {("policy", company_id, channel): policy}."""
        result = {}
        for company in self.env["res.company"].browse(company_ids):
            for channel, _label in CONSENT_CHANNELS:
                result[("policy", company.id, channel)] = company._cobranca_consent_policy(channel)
        for consent in self.sudo().search_fetch(
            [("company_id", "in", list(company_ids)), ("partner_id", "in", list(partner_ids))],
            ["company_id", "partner_id", "channel", "contact", "status", "legal_basis"],
        ):
            key = (consent.company_id.id, consent.partner_id.id, consent.channel)
            result.setdefault(key, []).append(
                (consent.contact, consent.status, consent.id, consent.legal_basis)
            )
        return result

    @api.model
    def _cobranca_decide(self, loaded, company, partners, reminder_channel, contact=None):
        """May ``reminder_channel`` reach these partners (contact person first)?

        :param loaded: the result of ``_cobranca_load``
        :param contact: the email or phone the message would go to; None compares on
            the channel only (phone calls, or a plan made before the recipient is known)
        :return: (allowed, reason key when refused, consent id or False, legal basis)
        """
        channel = CHANNEL_OF_REMINDER[reminder_channel]
        records = [
            record
            for partner in partners
            for record in loaded.get((company.id, partner.id, channel), ())
            if contact is None or channel == "phone" or same_contact(channel, record[0], contact)
        ]
        for _contact, status, consent_id, _basis in records:
            if status == "revoked":
                return False, "revoked", consent_id, False
        for _contact, status, consent_id, basis in records:
            if status == "granted":
                return True, None, consent_id, basis
        if loaded[("policy", company.id, channel)] == "opt_in":
            return False, "no_consent", False, False
        return True, None, False, IMPLICIT_BASIS.get(channel, "legitimate_interest")
