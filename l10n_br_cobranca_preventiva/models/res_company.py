from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools import whatsapp
from ..tools.late_charges import (
    CONSUMER_MAX_FINE_PERCENT,
    CONSUMER_MAX_MONTHLY_INTEREST_PERCENT,
    consumer_rates_allowed,
)
from ..tools.legal_sources import cite
from ..tools.sending_window import DEFAULT_TZ
from ..tools.wording import charges_phrase, creditor_line, missing_creditor_fields
from .cobranca_consent import CONSENT_POLICIES
from .prefetch import PREFETCH_GROUP


class ResCompany(models.Model):
    _inherit = "res.company"

    cobranca_regua_ids = fields.One2many("cobranca.regua", "company_id", string="Dunning Ladders")
    cobranca_default_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Default Dunning Ladder",
        compute="_compute_cobranca_default_regua_id",
        inverse="_inverse_cobranca_default_regua_id",
        store=True,
        domain="[('company_id', '=', id)]",
        help="Ladder of the company's customer invoices when neither the invoice "
        "nor the customer names one.",
        prefetch=PREFETCH_GROUP,
    )

    # Sending window (sp_contact_hours: Lei SP 15.426/2014 defaults) and customer-level rules
    cobranca_tz = fields.Selection(
        _tz_get,
        string="Collection Timezone",
        default=DEFAULT_TZ,
        required=True,
        help="Timezone of the sending window and of the collection day.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_window_weekday_start = fields.Float(
        string="Weekdays From", default=8.0, prefetch=PREFETCH_GROUP
    )
    cobranca_window_weekday_end = fields.Float(
        string="Weekdays Until", default=20.0, prefetch=PREFETCH_GROUP
    )
    cobranca_window_saturday = fields.Boolean(
        string="Send on Saturdays", default=True, prefetch=PREFETCH_GROUP
    )
    cobranca_window_saturday_start = fields.Float(
        string="Saturdays From", default=8.0, prefetch=PREFETCH_GROUP
    )
    cobranca_window_saturday_end = fields.Float(
        string="Saturdays Until", default=14.0, prefetch=PREFETCH_GROUP
    )
    cobranca_daily_cap = fields.Integer(
        string="Messages per Customer per Day",
        default=1,
        help="At most this many collection messages reach one customer a day; the "
        "others wait for the next day. Invoices reminded together count once.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_closed_date_ids = fields.One2many(
        "cobranca.closed.date",
        "company_id",
        string="Collection Closed Days",
        help="Municipal holidays and other days that are not business days for the "
        "company: steps move around them and no message goes out on them.",
    )
    cobranca_plan_horizon_days = fields.Integer(
        string="Planning Horizon (days)",
        default=7,
        help="Reminders are planned for the steps that fall within this many days; the "
        "later steps of an invoice are planned the day they come within it.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_send_hour_default = fields.Integer(
        string="Default Send Hour",
        default=9,
        help="Reminders due today go out from this hour of the customer's day on, until "
        "the customer's own hour is learned (from five WhatsApp reads or replies). 0: as "
        "soon as the sending window opens.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_responsible_id = fields.Many2one(
        "res.users",
        string="Collection Responsible",
        help="Gets the collection activities (calls, to-dos) of customers that have "
        "no collector nor salesperson.",
        prefetch=PREFETCH_GROUP,
    )

    # Payer ranking (see tools/ranking.py and docs/ranking-and-insight.md for the defaults)
    cobranca_rank_lookback_days = fields.Integer(
        string="Look-back Period (days)", default=365, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_min_paid = fields.Integer(
        string="Paid Invoices to Be Ranked", default=3, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_a_max_days = fields.Float(
        string="Punctual: at Most Days Late", default=0.0, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_a_min_on_time = fields.Float(
        string="Punctual: on Time at Least", default=0.9, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_b_max_days = fields.Float(
        string="Good: at Most Days Late", default=7.0, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_b_min_on_time = fields.Float(
        string="Good: on Time at Least", default=0.0, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_d_min_days = fields.Float(
        string="Chronic: Days Late From", default=30.0, prefetch=PREFETCH_GROUP
    )
    cobranca_rank_warning_days = fields.Float(
        string="Early Warning: Days Later than Usual",
        default=10.0,
        help="A customer whose latest payment, or an invoice open now, is this many days "
        "later than their own usual delay is flagged and gets a stricter ladder.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_regua_new_id = fields.Many2one(
        "cobranca.regua",
        string="Ladder for New Customers",
        domain="[('company_id', '=', id)]",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_regua_a_id = fields.Many2one(
        "cobranca.regua",
        string="Ladder for Punctual Payers",
        domain="[('company_id', '=', id)]",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_regua_b_id = fields.Many2one(
        "cobranca.regua",
        string="Ladder for Good Payers",
        domain="[('company_id', '=', id)]",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_regua_c_id = fields.Many2one(
        "cobranca.regua",
        string="Ladder for Irregular Payers",
        domain="[('company_id', '=', id)]",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_regua_d_id = fields.Many2one(
        "cobranca.regua",
        string="Ladder for Chronic Payers",
        domain="[('company_id', '=', id)]",
        prefetch=PREFETCH_GROUP,
    )

    # LGPD consent policy per consent channel (``cobranca_consent_<channel>``, each with
    # the default its channel's service declares; a channel of another addon adds its own)
    cobranca_consent_email = fields.Selection(
        CONSENT_POLICIES,
        string="Email Consent",
        default=lambda self: self.env["cobranca.channel.email"]._default_policy,
        required=True,
        help="Company policy for collection emails when the contact recorded no "
        "consent. Default: sent unless the contact opted out; each reminder records "
        "the legal basis it was sent under.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_consent_whatsapp = fields.Selection(
        CONSENT_POLICIES,
        string="WhatsApp Consent",
        default=lambda self: self.env["cobranca.channel.whatsapp"]._default_policy,
        required=True,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_consent_phone = fields.Selection(
        CONSENT_POLICIES,
        string="Phone Call Consent",
        default=lambda self: self.env["cobranca.channel.activity"]._default_policy,
        required=True,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_optout_validity_days = fields.Integer(
        string="Opt-out Link Validity (days)",
        default=90,
        help="How long the opt-out link of a reminder works. A forwarded link shows "
        "the recipient's masked contacts; a shorter validity exposes them less.",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_approver_id = fields.Many2one(
        "res.users",
        string="Escalation Approver",
        help="Gets the daily activity to approve the escalations. Empty: the first "
        "user of the group Collection: Approver in the company.",
        prefetch=PREFETCH_GROUP,
    )

    # WhatsApp Business Platform account (secrets: system administrators only)
    cobranca_whatsapp_base_url = fields.Char(
        string="WhatsApp API URL",
        default="https://graph.facebook.com",
        groups="base.group_system",
        help="Where the access token is sent: Meta's Graph API. HTTPS only; plain "
        "http is accepted for loopback hosts (127.0.0.1, localhost, ::1) only, for "
        "local test servers.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_api_version = fields.Char(
        string="WhatsApp API Version", default="v21.0", prefetch=PREFETCH_GROUP
    )
    cobranca_whatsapp_phone_number_id = fields.Char(
        string="WhatsApp Phone Number ID",
        help="Sends the reminders; webhook calls about this phone number ID are this "
        "company's, and only its app secret can sign them.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_waba_id = fields.Char(
        string="WhatsApp Business Account ID",
        help="When set, a webhook call about the phone number must also come from this "
        "business account (the entry id).",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_token = fields.Char(
        string="WhatsApp Access Token",
        groups="base.group_system",
        copy=False,
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_app_secret = fields.Char(
        string="WhatsApp App Secret",
        groups="base.group_system",
        copy=False,
        help="Signs the webhook calls (X-Hub-Signature-256): unsigned calls are refused.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_whatsapp_verify_token = fields.Char(
        string="WhatsApp Verify Token",
        groups="base.group_system",
        copy=False,
        help="The token Meta sends to verify the webhook URL /cobranca/whatsapp/webhook.",
        prefetch=PREFETCH_GROUP,
    )

    # LGPD
    cobranca_retention_years = fields.Integer(
        string="Collection Data Retention (years)",
        default=5,
        required=True,
        help="What reminders said (message texts, WhatsApp notes, call notes, errors, "
        "formal notices) is erased this many years after the invoice is paid, reversed "
        "or cancelled; the evidence of a consent event this many years after a later "
        "event replaced it. States, dates and reasons are kept. Default 5 years: the "
        "period in which a debt stated in a written instrument can be claimed "
        f"({cite('debt_claim_prescription')}).",
        prefetch=PREFETCH_GROUP,
    )

    cobranca_privacy_officer = fields.Char(
        string="Data Protection Officer",
        help="Named as the company's data protection officer (encarregado, "
        f"{cite('lgpd_data_protection_officer')}) on the public privacy notice of the "
        "collection.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_privacy_contact = fields.Char(
        string="Privacy Contact",
        help="Where customers exercise their rights and ask for a review of their payer "
        "class (an email address, a phone or a web page), shown on the public privacy "
        "notice. Empty: the company's email.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_privacy_url = fields.Char(
        string="Privacy Notice",
        compute="_compute_cobranca_privacy_url",
        help="The public page of the collection's privacy notice, linked from every "
        "collection email, the opt-out page and the answer page.",
    )
    cobranca_privacy_missing = fields.Char(
        string="Missing Privacy Data",
        compute="_compute_cobranca_privacy_missing",
        help="What the public privacy notice lacks to name who answers the customers.",
    )

    # What the messages say (creditor_identified; no fee nor interest that is not charged)
    cobranca_creditor_identity = fields.Char(
        string="Creditor Identity",
        compute="_compute_cobranca_creditor",
        help="Name, CNPJ and address every collection message shows "
        f"({cite('creditor_identified', short=True)}).",
    )
    cobranca_creditor_missing = fields.Char(
        string="Missing Creditor Data",
        compute="_compute_cobranca_creditor",
        help="What the company lacks to identify itself in collection messages; until it "
        "is filled in, the reminders that reach the customer wait.",
    )
    cobranca_late_fee_percent = fields.Float(
        string="Late Fee (%)",
        digits=(16, 2),
        help="Fine the company's invoices charge once overdue (multa de mora; at most 2% on "
        f"consumer credit, {cite('consumer_fine_ceiling', short=True)}). Zero: the messages "
        "mention no fine.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_late_interest_percent = fields.Float(
        string="Late Interest (% a Month)",
        digits=(16, 2),
        help="Monthly default interest the company's invoices charge (juros de mora). Zero: "
        "the messages mention no interest.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_charges_text = fields.Char(
        string="Late Charges Sentence", compute="_compute_cobranca_charges_text"
    )
    cobranca_charges_consumer_warning = fields.Char(
        string="Late Charges above the Consumer Ceilings",
        compute="_compute_cobranca_charges_text",
        help=f"Set when the fine is above 2% ({cite('consumer_fine_ceiling', short=True)}) or "
        "the interest above 1% a month: consumers (CPF) are then never told about them, "
        "their overdue invoices are stated without charges.",
    )
    cobranca_notice_deadline_days = fields.Integer(
        string="Formal Notice Deadline (days)",
        default=5,
        help="The formal notice asks the customer to pay or contest within this many days "
        "(moved to the next business day).",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_protest_notice_days = fields.Integer(
        string="Formal Notice before Protest (days)",
        default=10,
        help="A step that hands an invoice off to protest or negativação needs a formal "
        "notice step at least this many days earlier in the same ladder.",
        prefetch=PREFETCH_GROUP,
    )

    def _compute_cobranca_privacy_url(self):
        for company in self:
            company.cobranca_privacy_url = (
                f"{company.get_base_url()}/cobranca/privacidade/{company.id}"
                if company.id
                else False
            )

    @api.depends("cobranca_privacy_officer", "cobranca_privacy_contact")
    def _compute_cobranca_privacy_missing(self):
        for company in self:
            missing = []
            if not company.cobranca_privacy_officer:
                missing.append(_("the data protection officer's name"))
            if not company.cobranca_privacy_contact:
                missing.append(_("a privacy contact"))
            company.cobranca_privacy_missing = ", ".join(missing) or False

    @api.depends(
        "name",
        "vat",
        "street",
        "street2",
        "city",
        "state_id",
        "zip",
    )
    def _compute_cobranca_creditor(self):
        labels = {
            "name": _("legal name"),
            "vat": _("CNPJ"),
            "street": _("street"),
            "city": _("city"),
            "state": _("state"),
        }
        for company in self:
            state = company.state_id.code or ""
            city = "/".join(part for part in (company.city, state) if part)
            company.cobranca_creditor_identity = creditor_line(
                company.name,
                company.vat,
                (
                    ", ".join(part for part in (company.street, company.street2) if part),
                    city,
                    company.zip and f"CEP {company.zip}",
                ),
            )
            missing = missing_creditor_fields(
                company.name, company.vat, company.street, company.city, state
            )
            company.cobranca_creditor_missing = ", ".join(labels[key] for key in missing)

    @api.depends("cobranca_late_fee_percent", "cobranca_late_interest_percent")
    def _compute_cobranca_charges_text(self):
        for company in self:
            fine = company.cobranca_late_fee_percent
            interest = company.cobranca_late_interest_percent
            company.cobranca_charges_text = charges_phrase(fine, interest)
            company.cobranca_charges_consumer_warning = not consumer_rates_allowed(
                fine, interest
            ) and _(
                "Above the ceilings for consumers (a fine of %(fine)s%%, interest of "
                "%(interest)s%% a month): customers with a CPF are never told about these "
                "charges, their overdue invoices are stated without fine nor interest. "
                "Businesses are told the figures.",
                fine=CONSUMER_MAX_FINE_PERCENT,
                interest=CONSUMER_MAX_MONTHLY_INTEREST_PERCENT,
            )

    @api.constrains("cobranca_whatsapp_base_url")
    def _check_cobranca_whatsapp_base_url(self):
        for company in self.sudo():
            url = company.cobranca_whatsapp_base_url
            if url and not whatsapp.is_allowed_base_url(url):
                raise ValidationError(
                    _(
                        "The WhatsApp API URL “%(url)s” must use https (plain http only "
                        "for 127.0.0.1, localhost or ::1): the access token travels with "
                        "every request.",
                        url=url,
                    )
                )

    @api.constrains("cobranca_retention_years")
    def _check_cobranca_retention_years(self):
        if any(company.cobranca_retention_years < 1 for company in self):
            raise ValidationError(_("Keep collection data for at least one year."))

    def action_cobranca_whatsapp_sync(self):
        """Fetch the account's approved message templates (system administrators only:
        checked by the channel, whatever the route)."""
        self.ensure_one()
        return self.env["cobranca.channel.whatsapp"]._sync_templates(self)

    @api.constrains(
        "cobranca_window_weekday_start",
        "cobranca_window_weekday_end",
        "cobranca_window_saturday",
        "cobranca_window_saturday_start",
        "cobranca_window_saturday_end",
        "cobranca_daily_cap",
        "cobranca_plan_horizon_days",
        "cobranca_send_hour_default",
    )
    def _check_cobranca_window(self):
        for company in self:
            try:
                self.env["cobranca.calendar"]._window(company)
            except ValueError as exc:
                raise ValidationError(
                    _(
                        "The sending window of %(company)s is not valid: %(error)s",
                        company=company.name,
                        error=exc,
                    )
                ) from exc
            if company.cobranca_plan_horizon_days < 1:
                raise ValidationError(_("Plan the reminders at least one day ahead."))
            if company.cobranca_daily_cap < 1:
                raise ValidationError(
                    _("Allow at least one collection message per customer per day.")
                )
            if not 0 <= company.cobranca_send_hour_default <= 23:
                raise ValidationError(_("The default send hour is an hour of the day, 0 to 23."))

    @api.constrains(
        "cobranca_late_fee_percent",
        "cobranca_late_interest_percent",
        "cobranca_notice_deadline_days",
        "cobranca_protest_notice_days",
    )
    def _check_cobranca_wording(self):
        for company in self:
            if company.cobranca_late_fee_percent < 0 or company.cobranca_late_interest_percent < 0:
                raise ValidationError(_("Late fee and interest cannot be negative."))
            if company.cobranca_notice_deadline_days < 1:
                raise ValidationError(
                    _("Give the customer at least one day after a formal notice.")
                )
            if company.cobranca_protest_notice_days < 0:
                raise ValidationError(
                    _("The days between the formal notice and a protest cannot be negative.")
                )

    @api.constrains("cobranca_optout_validity_days")
    def _check_cobranca_optout_validity_days(self):
        for company in self:
            if not 1 <= company.cobranca_optout_validity_days <= 366:
                raise ValidationError(_("Opt-out links must stay valid between 1 and 366 days."))

    @api.depends("cobranca_regua_ids.is_default", "cobranca_regua_ids.active")
    def _compute_cobranca_default_regua_id(self):
        for company in self:
            company.cobranca_default_regua_id = company.cobranca_regua_ids.filtered("is_default")[
                :1
            ]

    def _inverse_cobranca_default_regua_id(self):
        for company in self:
            default = company.cobranca_default_regua_id
            (company.cobranca_regua_ids.filtered("is_default") - default).is_default = False
            if default and not default.is_default:
                default.is_default = True

    def write(self, vals):
        res = super().write(vals)
        if {"state_id", "country_id"} & vals.keys():
            # the company's holidays changed
            self.env["cobranca.planner"]._outdate_companies(self)
        return res

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["cobranca.regua"]._setup_company_defaults(companies)
        return companies
