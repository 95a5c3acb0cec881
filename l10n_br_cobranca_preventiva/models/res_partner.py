from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize

from ..tools import phone

COLLECTION_USER = "l10n_br_cobranca_preventiva.group_cobranca_user"
#: Collection decisions about a customer: changed by collection users only (or by
#: the system, e.g. an approved credit hold or the sync of a company's contacts).
COLLECTION_DECISIONS = frozenset(
    ("cobranca_excluded", "cobranca_credit_hold", "cobranca_class_manual")
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    cobranca_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Dunning Ladder",
        company_dependent=True,
        domain="[('company_id', 'in', (False, current_company_id))]",
        help="Ladder for this customer's invoices in the current company. Empty: "
        "the company's default ladder.",
    )
    cobranca_excluded = fields.Boolean(
        string="Excluded from Collection",
        company_dependent=True,
        help="No collection reminder is planned or sent for this customer's "
        "invoices in the current company.",
    )

    cobranca_collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        company_dependent=True,
        help="Gets this customer's collection calls and to-dos. Empty: the "
        "salesperson, else the company's collection responsible.",
    )
    cobranca_credit_hold = fields.Boolean(
        string="Credit Hold",
        company_dependent=True,
        help="Set by an approved escalation: sell to this customer only after checking "
        "with finance.",
    )
    cobranca_reminder_count = fields.Integer(
        string="Reminder Count", compute="_compute_cobranca_reminder_count"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(name) for vals in vals_list for name in COLLECTION_DECISIONS):
            self._cobranca_check_collection_user()
        return super().create(vals_list)

    def write(self, vals):
        changed = [
            name
            for name in COLLECTION_DECISIONS & vals.keys()
            if any((partner[name] or False) != (vals[name] or False) for partner in self)
        ]
        if changed:
            self._cobranca_check_collection_user()
        if not {"state_id", "country_id"} & vals.keys():
            return super().write(vals)
        customers = self.commercial_partner_id
        before = {customer.id: customer._cobranca_state_code() for customer in customers}
        res = super().write(vals)
        moved = customers.filtered(lambda c: c._cobranca_state_code() != before[c.id])
        if moved:
            # the customer's calendar changed: its open invoices are planned again
            Reminder = self.env["cobranca.reminder"].sudo()
            move_ids = Reminder._cobranca_outdate(partner_ids=moved.ids)
            if move_ids:
                Reminder._cobranca_plan(move_ids, limit=len(move_ids))
        return res

    def _cobranca_check_collection_user(self):
        """Contact editors who are not in collection cannot exclude a customer from
        collection, lift a credit hold or pin a payer class (fields hidden from them
        in the form; this refuses the RPC)."""
        if not (self.env.su or self.env.user.has_group(COLLECTION_USER)):
            raise AccessError(
                _(
                    "Only collection users can exclude a customer from collection, change "
                    "its credit hold or pin its payer class."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consent_history(self):
        # sudo: a history in a company the user does not see protects the contact too
        consents = (
            self.env["cobranca.consent"].sudo().search([("partner_id", "in", self.ids)], limit=1)
        )
        if consents:
            raise UserError(
                _(
                    "%(name)s has a history of collection consents (LGPD evidence), which "
                    "must be kept: archive the contact instead of deleting it.",
                    name=consents.partner_id.display_name,
                )
            )

    def _compute_cobranca_reminder_count(self):
        counts = dict(
            self.env["cobranca.reminder"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cobranca_reminder_count = counts.get(partner.commercial_partner_id, 0)

    def action_cobranca_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_br_cobranca_preventiva.action_cobranca_reminder"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        return action

    def _cobranca_state_code(self):
        """The customer's Brazilian state (UF): its commercial partner's state when
        that partner is in Brazil, else None. Its holidays close the customer's
        business days and its law sets the hours the customer may be contacted."""
        if not self:
            return None  # an invoice being edited without a customer yet
        self.ensure_one()
        customer = self.commercial_partner_id
        if customer.country_id.code == "BR" and customer.state_id:
            return customer.state_id.code
        return None

    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "cobranca_regua_id",
            "cobranca_excluded",
            "cobranca_collector_id",
            "cobranca_credit_hold",
        ]

    def _cobranca_contacts(self, channel):
        """[(partner, contact)] a collection message for this invoice partner may go
        to on the consent ``channel``, in the order the dispatcher tries them.

        The one source of the recipients: the dispatcher sends to the first, the
        opt-out page lists and revokes them all. This partner (the invoice contact)
        comes first, then its commercial partner. Email: the normalised address of
        the active ones. Phones (whatsapp, sms, phone calls): E.164 of the mobile,
        then of the phone; WhatsApp puts the mobiles first.
        """
        self.ensure_one()
        partners = self | self.commercial_partner_id
        if channel == "email":
            return [
                (partner, email)
                for partner in partners
                if partner.active and (email := email_normalize(partner.email or "", strict=False))
            ]
        candidates = []
        for partner in partners:
            for number in (partner.mobile, partner.phone):
                e164 = phone.try_normalize(number)
                if e164 and (partner, e164) not in candidates:
                    candidates.append((partner, e164))
        if channel == "whatsapp":
            candidates.sort(key=lambda candidate: not phone.is_mobile(candidate[1]))
        return candidates
