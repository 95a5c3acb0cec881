from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.business_calendar import city_key
from .cobranca_place import customer_state, place
from .cobranca_ranking import CLASS_SELECTION
from .prefetch import PREFETCH_GROUP

COLLECTION_USER = "l10n_br_cobranca_preventiva.group_cobranca_user"
EXPORT_ROUTE = "/cobranca/lgpd/export/%s"
#: The payer profile (how the customer pays, when it reads, where it wrote from):
#: personal data read and written by collection users only (and by the ranking, the
#: dispatcher and the webhook, which work as superuser or in SQL).
PAYER_PROFILE = COLLECTION_USER
#: What the payer ranking computes for a customer (company-dependent).
RANKED_FIELDS = (
    "cobranca_class",
    "cobranca_score",
    "cobranca_avg_days_late",
    "cobranca_on_time_rate",
    "cobranca_overdue_amount",
    "cobranca_paid_count",
    "cobranca_usual_delay",
    "cobranca_broken_promise_count",
    "cobranca_early_warning",
    "cobranca_early_warning_reason",
    "cobranca_ranking_date",
)
#: The payer profile the engine computes (ranking, WhatsApp session): written as
#: superuser or in SQL only, never by a user (the pinned class is the user's way to
#: overrule the ranking). Other addons add theirs (``_cobranca_engine_fields``).
ENGINE_WRITTEN = frozenset(RANKED_FIELDS) | {
    "cobranca_whatsapp_last_inbound",
    "cobranca_whatsapp_last_number",
}
#: Collection decisions about a customer: changed by collection users only (or by
#: the system, e.g. an approved credit hold or the sync of a company's contacts).
COLLECTION_DECISIONS = frozenset(
    (
        "cobranca_excluded",
        "cobranca_credit_hold",
        "cobranca_class_manual",
        "cobranca_regua_id",
        "cobranca_collector_id",
    )
)


class ResPartner(models.Model):
    # phone_validation's mixin (Odoo's texting addon adds it too): the sanitised number
    # the WhatsApp webhook finds its sender by (``phone_sanitized``, ``phone_mobile_search``)
    _name = "res.partner"
    _inherit = ["mail.thread.phone", "res.partner"]

    cobranca_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Dunning Ladder",
        company_dependent=True,
        domain="[('company_id', 'in', (False, current_company_id))]",
        help="Ladder for this customer's invoices in the current company. Empty: "
        "the company's default ladder.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_excluded = fields.Boolean(
        string="Excluded from Collection",
        company_dependent=True,
        help="No collection reminder is planned or sent for this customer's "
        "invoices in the current company, and the daily ranking leaves it out.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        company_dependent=True,
        help="Gets this customer's collection calls and to-dos. Empty: the "
        "salesperson, else the company's collection responsible.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_credit_hold = fields.Boolean(
        string="Credit Hold",
        company_dependent=True,
        help="Set by an approved escalation: sell to this customer only after checking "
        "with finance.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_reminder_count = fields.Integer(
        string="Reminder Count", compute="_compute_cobranca_reminder_count"
    )
    cobranca_consent_ids = fields.One2many(
        "cobranca.consent", "partner_id", string="Collection Consents"
    )
    cobranca_consent_event_ids = fields.One2many(
        "cobranca.consent.event", "partner_id", string="Consent History"
    )

    # Payer ranking (company-dependent, written by cobranca.ranking)
    cobranca_class = fields.Selection(
        CLASS_SELECTION,
        string="Payer Class",
        company_dependent=True,
        readonly=True,
        help="How this customer pays, from the paid invoices of the look-back period "
        "(or the class pinned by hand).",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_class_manual = fields.Selection(
        CLASS_SELECTION,
        string="Pinned Class",
        company_dependent=True,
        help="Set a class by hand (e.g. after reviewing the customer's case on request, "
        "LGPD art. 20): the ranking keeps it instead of the computed one, and an early "
        "warning does not make its ladder stricter.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_score = fields.Integer(
        string="Payer Score",
        company_dependent=True,
        readonly=True,
        help="0 to 100, higher is better.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_avg_days_late = fields.Float(
        string="Average Days Late",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="Days between the due date and the payment, weighted by amount; early "
        "payments count as 0.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_on_time_rate = fields.Float(
        string="Paid on Time",
        company_dependent=True,
        readonly=True,
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_overdue_amount = fields.Float(
        string="Overdue Amount",
        company_dependent=True,
        readonly=True,
        digits="Account",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_paid_count = fields.Integer(
        string="Paid Invoices",
        company_dependent=True,
        readonly=True,
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_last_inbound = fields.Datetime(
        string="Last WhatsApp Message",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="When this customer last wrote to the company's WhatsApp number: for 24 hours "
        "after it, the collector's messages from the invoice chatter go to the customer "
        "as WhatsApp texts (Meta's customer service window); outside it, templates only.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_last_number = fields.Char(
        string="Last WhatsApp Number",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="The number the customer last wrote from (the chatter's replies go to it).",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_message_ids = fields.One2many(
        "cobranca.whatsapp.message",
        "partner_id",
        string="WhatsApp Messages",
        groups=COLLECTION_USER,
        help="The customer's WhatsApp messages that answered no reminder, and the "
        "collectors' replies from the invoice chatter.",
    )
    cobranca_usual_delay = fields.Float(
        string="Usual Delay (days)",
        company_dependent=True,
        readonly=True,
        digits=(16, 1),
        help="The median days late of the paid invoices: the customer's own habit.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_broken_promise_count = fields.Integer(
        string="Broken Promises",
        company_dependent=True,
        readonly=True,
        help="Promises to pay of the look-back period whose date passed with the invoice "
        "unpaid: each lowers the score; one on an invoice still open raises the early "
        "warning.",
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_early_warning = fields.Boolean(
        string="Early Warning",
        company_dependent=True,
        readonly=True,
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_early_warning_reason = fields.Char(
        string="Early Warning Reason",
        company_dependent=True,
        readonly=True,
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_ranking_date = fields.Date(
        string="Ranked On",
        company_dependent=True,
        readonly=True,
        groups=PAYER_PROFILE,
        prefetch=PREFETCH_GROUP,
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._cobranca_check_engine_fields(set().union(*vals_list))
        if any(vals.get(name) for vals in vals_list for name in COLLECTION_DECISIONS):
            self._cobranca_check_collection_user()
        partners = super().create(vals_list)
        pinned = partners.filtered(lambda p: p.cobranca_class_manual)
        if pinned:
            pinned._cobranca_rank_now()
        return partners

    def write(self, vals):
        self._cobranca_check_engine_fields(vals)
        if self._cobranca_decisions_changed(vals):
            self._cobranca_check_collection_user()
        moving = {"state_id", "country_id", "city"} & vals.keys()
        people = (self | self.commercial_partner_id) if moving else self.browse()
        before = {person.id: person._cobranca_place_key() for person in people}
        res = super().write(vals)
        moved = people.filtered(lambda p: p._cobranca_place_key() != before[p.id])
        if moved:
            # the calendar of the customer, or of the invoice contact, changed: the
            # open invoices of the one or addressed to the other are planned again
            Planner = self.env["cobranca.planner"].sudo()
            move_ids = Planner._outdate(partner_ids=moved.ids, contact_ids=moved.ids)
            if move_ids:
                Planner._plan(move_ids, limit=len(move_ids))
        if "cobranca_class_manual" in vals:
            # a class pinned (or unpinned) by hand applies at once, ladders included
            self._cobranca_rank_now(replan=True)
        return res

    @api.model
    def _cobranca_engine_fields(self):
        """The fields of the payer profile the engine computes (other addons add
        theirs: the insight addon's learned send hour)."""
        return ENGINE_WRITTEN

    def _cobranca_check_engine_fields(self, names):
        """The computed payer profile is written by the engine only: a user (even a
        collection user, over RPC) cannot make up a score or a WhatsApp number."""
        if not self.env.su and self._cobranca_engine_fields() & set(names):
            raise AccessError(
                _(
                    "The payer ranking and the customer's last WhatsApp message are "
                    "computed: they cannot be written."
                )
            )

    def _cobranca_decisions_changed(self, vals):
        """Whether ``vals`` changes a collection decision of these partners (a form
        sending back the values it read changes nothing)."""
        partners = self.sudo()  # sudo: compare only; the pinned class is collection data
        for name in COLLECTION_DECISIONS & vals.keys():
            field = self._fields[name]
            new = vals[name] or False
            if any((field.convert_to_write(p[name], p) or False) != new for p in partners):
                return True
        return False

    def _cobranca_check_collection_user(self):
        """Contact editors who are not in collection cannot exclude a customer from
        collection, lift a credit hold, pin a payer class, or choose its ladder or its
        collector (fields hidden from them in the form; this refuses the RPC)."""
        if not (self.env.su or self.env.user.has_group(COLLECTION_USER)):
            raise AccessError(
                _(
                    "Only collection users can exclude a customer from collection, change "
                    "its credit hold, pin its payer class or choose its ladder or collector."
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
        self.env["cobranca.reminder"].check_access("read")  # collection users only
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_br_cobranca_preventiva.action_cobranca_reminder"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        return action

    def _cobranca_state_code(self):
        """``cobranca_place.customer_state``: the customer's Brazilian state (UF), whose
        holidays close its business days and whose law sets its contact hours."""
        return customer_state(self)

    def _cobranca_place(self):
        """``cobranca_place.place``: (state code or None, city) where this person is
        reminded; its state's holidays and legal contact hours, and its city's closed
        days, apply to the messages and calls to it; the due date stays on the
        customer's calendar, where the bill is paid."""
        return place(self)

    def _cobranca_place_key(self):
        """``_cobranca_place`` as its calendar sees it (the city normalised)."""
        state, city = self._cobranca_place()
        return state, city_key(city)

    def _cobranca_recipient(self, channel):
        """The partner a reminder of this invoice partner reaches on ``channel``
        (``activity``: the person a call asks for): the first of
        ``_cobranca_contacts``, else the customer."""
        self.ensure_one()
        service = self.env["cobranca.channel"]._cobranca_channels().get(channel)
        candidates = service._contacts(self) if service is not None else []
        return candidates[0][0] if candidates else self.commercial_partner_id

    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "cobranca_regua_id",
            "cobranca_excluded",
            "cobranca_collector_id",
            "cobranca_credit_hold",
            "cobranca_class_manual",
        ]

    # ---------------------------------------------------------------- ranking
    def action_cobranca_rank(self):
        """Recompute the ranking of these customers now, in the current company."""
        if not (self.env.su or self.env.user.has_group(COLLECTION_USER)):
            raise AccessError(_("Only collection users can recompute the payer ranking."))
        self._cobranca_rank_now()
        return True

    def _cobranca_rank_now(self, replan=False):
        # sudo: the ranking reads every invoice of the customers in the company and
        # writes the company-dependent results (callers are checked above or in write)
        self.env["cobranca.ranking"].sudo()._rank(
            self.env.company, self.commercial_partner_id.ids, replan=replan
        )

    @api.model
    def _cron_cobranca_ranking(self, batch_size=None):
        """Scheduled entry point of ``ir_cron_cobranca_ranking`` (see cobranca.ranking)."""
        return self.env["cobranca.ranking"]._cron_ranking(
            **({"batch_size": batch_size} if batch_size else {})
        )

    def _cobranca_collector(self, company, invoice_user=None):
        """Who calls this customer in ``company``: its collector, else its
        salesperson, else the invoice's, else the company's collection responsible."""
        self.ensure_one()
        customer = self.commercial_partner_id.with_company(company)
        users = (
            customer.cobranca_collector_id,
            customer.user_id,
            invoice_user or self.env["res.users"],
            company.cobranca_responsible_id,
        )
        return next((user for user in users if user and not user.share), users[-1])

    # ------------------------------------------------------------------- LGPD
    def action_cobranca_consent_wizard(self):
        self.env["cobranca.consent.wizard"].check_access("create")  # collection users only
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Consent"),
            "res_model": "cobranca.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }

    def _cobranca_subject_data(self):
        """All collection data the user's current companies hold on the customer
        (collection approvers only, checked by the service)."""
        self.ensure_one()
        return self.env["cobranca.data.subject"]._data(self)

    def action_cobranca_export_data(self):
        """Download, as one JSON file, the collection data held on the customer (the
        route streams it: nothing is left attached to the customer)."""
        self.ensure_one()
        self.env["cobranca.data.subject"]._check_approver(self)
        return {
            "type": "ir.actions.act_url",
            "url": EXPORT_ROUTE % self.commercial_partner_id.id,
            "target": "self",
        }

    def action_cobranca_export_report(self):
        """The same data as a readable page (HTML report)."""
        self.ensure_one()
        self.env["cobranca.data.subject"]._check_approver(self)
        return self.env.ref(
            "l10n_br_cobranca_preventiva.action_report_cobranca_data_subject"
        ).report_action(self.commercial_partner_id)

    def action_cobranca_anonymise(self):
        """Erase the collection data of customers who ask (``lgpd_subject_rights``), in the
        user's current companies (see cobranca.data.subject)."""
        return self.env["cobranca.data.subject"]._anonymise(self)

    def _cobranca_contacts(self, channel):
        """[(partner, contact)] a collection message for this invoice partner may go
        to on the consent ``channel``, in the order the dispatcher tries them: what
        the channel's service says (``cobranca.channel._contacts``); none for a
        channel that is not installed.

        The one source of the recipients: the dispatcher sends to the first, the
        opt-out page lists and revokes them all.
        """
        self.ensure_one()
        service = self.env["cobranca.channel"]._for_consent(channel)
        return service._contacts(self) if service is not None else []
