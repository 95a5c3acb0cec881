from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import email_normalize
from odoo.tools.misc import hash_sign

from ..tools import masking, phone, privacy
from ..tools.legal_sources import cite

USER = "l10n_br_cobranca_preventiva.group_cobranca_user"

OPTOUT_SCOPE = "cobranca_optout"
DEFAULT_OPTOUT_VALIDITY_DAYS = 90
#: The consent channels of the app's own channels; a channel of another addon adds
#: its own (``selection_add``). Its service (``cobranca.channel.<name>``) says which
#: consent channel governs it.
CONSENT_CHANNELS = [
    ("email", "Email"),
    ("whatsapp", "WhatsApp"),
    ("phone", "Phone calls"),
]
#: LGPD (Lei 13.709/2018) art. 7 legal bases a collection message can rest on.
LEGAL_BASES = [
    ("consent", f"Consent ({cite('lgpd_basis_consent')})"),
    ("contract", f"Performance of a contract ({cite('lgpd_basis_contract')})"),
    ("legitimate_interest", f"Legitimate interest ({cite('lgpd_basis_legitimate_interest')})"),
    ("credit_protection", f"Credit protection ({cite('lgpd_basis_credit_protection')})"),
]
SOURCES = [
    ("form", "Form"),
    ("portal", "Customer portal / opt-out page"),
    ("whatsapp", "WhatsApp reply"),
    ("email", "Email reply"),
    ("import", "Import"),
    ("clerk", "Recorded by a clerk"),
    ("policy", "Company policy"),
]
#: The sources a person may record by hand; the others are set by the server code
#: that receives the customer's answer (opt-out page, WhatsApp webhook).
CLERK_SOURCES = [source for source in SOURCES if source[0] in ("form", "import", "clerk")]
STATUSES = [("granted", "Granted"), ("revoked", "Revoked")]
#: What identifies a consent: never changed once recorded (its history proves it).
IMMUTABLE_FIELDS = {"partner_id", "company_id", "channel", "contact", "contact_hash"}


def normalize_contact(channel, value):
    """The comparable form of a contact: lower-case email, E.164 phone, or None."""
    if channel == "email":
        return email_normalize(value or "") or None
    return phone.try_normalize(value)


def same_contact(channel, a, b):
    if not a or not b:
        return False
    if channel == "email":
        return normalize_contact(channel, a) == normalize_contact(channel, b)
    return phone.same_number(a, b)


#: A company's consent policy of a channel (``cobranca_consent_<channel>``).
CONSENT_POLICIES = [
    ("opt_out", "Allowed unless revoked"),
    ("opt_in", "Needs an explicit consent"),
]


class ConsentIndex(dict):
    """What ``_load_decisions`` returns: {(company_id, partner_id, channel): [(contact,
    status, id, basis)]} and {("policy", company_id, channel): policy}, plus the
    keyed hashes of the erased, revoked contacts of the companies
    (``revoked_hashes``: {(company_id, channel): {hash}}), which hold for any partner."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.revoked_hashes = {}
        self.secret = None
        self.hash_memo = {}


class CobrancaConsent(models.Model):
    """Whether a customer's contact may receive collection messages on a channel.

    The status is the latest of its events (by id: dates are the server's, but the
    id cannot be chosen at all), which are never edited nor deleted
    (``cobranca.consent.event``): the history proves why a message could be sent.
    Consents and events are created only by ``_cobranca_record``; users have no
    create, write or unlink right on them. An erased consent (anonymisation) keeps
    its status and the keyed hash of its contact, not the contact.
    """

    _name = "cobranca.consent"
    _description = "Collection Consent"
    _order = "partner_id, channel, id"
    _rec_name = "contact"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection(CONSENT_CHANNELS, required=True)
    contact = fields.Char(
        help="Email address, or phone number in E.164 (+5511987654321). Empty once "
        "erased at the customer's request: the keyed hash still identifies it."
    )
    contact_hash = fields.Char(
        readonly=True,
        index="btree_not_null",
        help="HMAC-SHA256 of the contact with the database secret: a revoked contact "
        "stays revoked after its value is erased, without being stored.",
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

    @api.depends("event_ids")
    def _compute_last_event_id(self):
        for consent in self:
            consent.last_event_id = consent.event_ids.sorted("id")[-1:]

    @api.depends("contact", "channel")
    def _compute_display_name(self):
        for consent in self:
            consent.display_name = consent.contact or _("(erased)")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:  # computed here, never taken from the caller
            value = vals.get("contact")
            vals["contact_hash"] = self._hash(value) if value else False
        return super().create(vals_list)

    def write(self, vals):
        if IMMUTABLE_FIELDS & set(vals):
            raise AccessError(
                _("A consent cannot be changed: record a new grant or revocation instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(_("Consents are a legal record: they cannot be deleted."))

    @api.constrains("channel", "contact")
    def _check_contact(self):
        for consent in self:
            if not consent.contact:
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

        Its name keeps the ``_cobranca_`` prefix, unlike the other methods of this
        addon's own models: it is the public contract other modules call.

        For collection users and server code (sudo): the consent and the event are
        created as superuser, the event stamped with the server's time and the real
        user (see ``cobranca.consent.event.create``). ``source`` and ``ip`` come from
        the server code that calls this (the opt-out page, the WhatsApp webhook, the
        wizard's list of sources), never from an RPC. Refuses an invalid email or
        phone with a clear message. Revoking what is already revoked adds nothing.
        """
        if not (self.env.su or self.env.user.has_group(USER)):
            raise AccessError(_("Only collection users can record a consent or a revocation."))
        company = company or self.env.company
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                _("You cannot record a consent for %(company)s.", company=company.name)
            )
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
        # sudo: users have no create right, this method is the only way in (checked above)
        Consent = self.sudo()
        consent = Consent.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("channel", "=", channel),
                ("contact", "=", value),
            ]
        ) or Consent.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "channel": channel,
                "contact": value,
            }
        )
        if consent.status == status == "revoked":
            return consent.with_env(self.env)
        self.env["cobranca.consent.event"].sudo().create(
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
        self.env["cobranca.planner"].sudo()._refresh_channels(partner, company)
        return consent.with_env(self.env)

    # ------------------------------------------------------------- keyed hash
    @api.model
    def _secret(self):
        # sudo: the database secret keys the hashes; it is never shown nor returned
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    @api.model
    def _hash(self, value):
        """Keyed hash of a normalised contact (see ``tools.privacy``)."""
        return privacy.keyed_hash(self._secret(), value)

    # ---------------------------------------------------------------- opt-out
    @api.model
    def _optout_token(self, partner, company):
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
    def _optout_channels(self, partner, company):
        """What the opt-out page offers: for each channel, every contact a message to
        ``partner`` may use (``res.partner._cobranca_contacts``, the dispatcher's own
        list), so that stopping a channel stops each of them.

        :return: [{"channel", "label" (Portuguese), "contacts": [(partner, contact,
            masked contact, revoked)], "shown": [(masked contact, revoked)] once per
            contact, "revoked": every contact revoked}]
        """
        services = {
            channel: service
            for channel, service in self.env["cobranca.channel"]._consent_channels().items()
            if service._customer_label
        }
        candidates = {
            channel: service._optout_contacts(partner) for channel, service in services.items()
        }
        people = partner.commercial_partner_id.union(
            *(person for rows in candidates.values() for person, _contact in rows)
        )
        loaded = self._load_decisions(company.ids, people.ids)
        result = []
        for channel, service in services.items():
            label = service._customer_label
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
                    shown[value] = (
                        masked,
                        revoked and shown.get(value, (masked, True))[1],
                    )
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
    def _policy(self, company, channel):
        """'opt_in' (needs a granted consent) or 'opt_out' (allowed unless revoked) of
        the consent ``channel`` in ``company``: its ``cobranca_consent_<channel>``, else
        the default its channel's service declares (opt-in for a channel unknown)."""
        name = f"cobranca_consent_{channel}"
        if name in company._fields:
            return company[name]
        service = self.env["cobranca.channel"]._for_consent(channel)
        return service._default_policy if service is not None else "opt_in"

    @api.model
    def _load_decisions(self, company_ids, partner_ids):
        """Everything ``_decide`` needs, in two queries: the consents of these
        partners, {(company_id, partner_id, channel): [(contact, status, id, basis)]},
        the companies' policies, {("policy", company_id, channel): policy}, and the
        keyed hashes of the companies' erased revoked contacts (a ``ConsentIndex``)."""
        result = ConsentIndex()
        channels = self.env["cobranca.channel"]._consent_channels()
        for company in self.env["res.company"].browse(company_ids):
            for channel in channels:
                result[("policy", company.id, channel)] = self._policy(company, channel)
        for consent in self.sudo().search_fetch(
            [
                ("company_id", "in", list(company_ids)),
                ("partner_id", "in", list(partner_ids)),
            ],
            ["company_id", "partner_id", "channel", "contact", "status", "legal_basis"],
        ):
            key = (consent.company_id.id, consent.partner_id.id, consent.channel)
            result.setdefault(key, []).append(
                (consent.contact, consent.status, consent.id, consent.legal_basis)
            )
        for consent in self.sudo().search_fetch(
            [
                ("company_id", "in", list(company_ids)),
                ("contact", "=", False),
                ("contact_hash", "!=", False),
                ("status", "=", "revoked"),
            ],
            ["company_id", "channel", "contact_hash"],
        ):
            key = (consent.company_id.id, consent.channel)
            result.revoked_hashes.setdefault(key, set()).add(consent.contact_hash)
        if result.revoked_hashes:
            result.secret = self._secret()
        return result

    @api.model
    def _decide(self, loaded, company, partners, reminder_channel, contact=None):
        """May ``reminder_channel`` reach these partners (contact person first)?

        :param loaded: the result of ``_load_decisions``
        :param partners: the recipient first, then the customer
        :param contact: the email or phone the message would go to; None compares on
            the channel only (phone calls, or a plan made before the recipient is known)
        :return: (allowed, reason key when refused, consent id or False, legal basis);
            a channel that is not installed (left by an uninstalled addon) is refused
            as ``channel_unavailable``
        """
        channel = self.env["cobranca.channel"]._consent_channel_of(reminder_channel)
        if channel is None:
            return False, "channel_unavailable", False, False
        records = [
            record
            for partner in partners
            for record in loaded.get((company.id, partner.id, channel), ())
            if contact is None or channel == "phone" or same_contact(channel, record[0], contact)
        ]
        for _contact, status, consent_id, _basis in records:
            if status == "revoked":
                return False, "revoked", consent_id, False
        if self._hash_revoked(loaded, company, partners, channel, contact):
            return False, "revoked", False, False
        for _contact, status, consent_id, basis in records:
            if status == "granted":
                return True, None, consent_id, basis
        if loaded[("policy", company.id, channel)] == "opt_in":
            return False, "no_consent", False, False
        return True, None, False, self._implicit_basis(partners[:1])

    @api.model
    def _hash_revoked(self, loaded, company, partners, channel, contact):
        """Whether the contact (else the partners' own contacts for the channel) was
        revoked, then erased, in the company: its keyed hash is among the kept ones."""
        hashes = getattr(loaded, "revoked_hashes", {}).get((company.id, channel))
        if not hashes:
            return False
        if contact:
            values = [contact]
        else:
            service = self.env["cobranca.channel"]._for_consent(channel)
            names = service._partner_contact_fields if service is not None else ()
            values = [p[name] for p in partners for name in names]
        for value in filter(None, values):
            key = (channel, value)
            if key not in loaded.hash_memo:
                canonical = normalize_contact(channel, value) if channel == "email" else value
                loaded.hash_memo[key] = privacy.contact_hashes(loaded.secret, channel, canonical)
            if loaded.hash_memo[key] & hashes:
                return True
        return False

    @api.model
    def _implicit_basis(self, recipient):
        """LGPD legal basis of a collection message sent without an explicit consent.

        The basis follows the purpose, collecting a debt that arises from a contract,
        not the channel. For the debtor, the party to the contract (the commercial
        partner: a company, or the person who is the customer), it is the performance
        of that contract (``lgpd_basis_contract``). A contact person who is not a party
        (e.g. the "Financeiro" contact of a company customer) has no contract with the
        creditor, and it is not their credit that is at stake (not
        ``lgpd_basis_credit_protection``): using their email or number to reach the
        debtor rests on the creditor's legitimate interest in being paid
        (``lgpd_basis_legitimate_interest``), which allows only the data strictly needed
        and must be transparent (``lgpd_legitimate_interest_limits``: the data-subject
        export states it), and which the person can ask to stop (the opt-out link).
        """
        if not recipient or recipient == recipient.commercial_partner_id:
            return "contract"
        return "legitimate_interest"
