from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, create_index, format_amount, format_date

from ..tools.business_calendar import get_calendar
from ..tools.late_charges import consumer_rates_allowed, is_consumer, late_charges
from ..tools.legal_sources import cite
from ..tools.ranking import effective_class
from ..tools.wording import (
    SETTLES_SENTENCE,
    discount_phrase,
    due_phrase,
    full_amount_phrase,
    itemised_charges,
)
from .cobranca_promise import SOURCES
from .cobranca_rules import (
    closed_reason,
    held_reason,
    is_open_invoice,
    is_posted_invoice,
    open_invoice_sql,
)
from .cobranca_settlement import unposted_paid
from .res_partner import COLLECTION_USER, PAYER_PROFILE

#: What the customer's answers, the payments and the daily checks write on the
#: invoice (``cobranca.answer``, ``cobranca.answer.guard``, ``cobranca.retention``):
#: never a user, nor over RPC (a "já paguei" pauses the reminders; its counters make
#: the customer's answer budget).
ENGINE_FIELDS = frozenset(
    (
        "cobranca_paid_claim_until",
        "cobranca_paid_claim_activity_id",
        "cobranca_dispute_activity_id",
        "cobranca_dispute_source",
        "cobranca_paid_claim_source",
        "cobranca_paid_claim_expired_count",
        "cobranca_paid_claim_expired_date",
        "cobranca_answers_erased_date",
    )
)


class AccountMove(models.Model):
    _inherit = "account.move"

    cobranca_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Dunning Ladder",
        compute="_compute_cobranca_regua_id",
        inverse="_inverse_cobranca_regua_id",
        store=True,
        readonly=False,
        copy=False,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="Ladder whose steps remind the customer of this invoice. By default the "
        "customer's ladder, else the company's default ladder; choose another one to "
        "override it for this invoice only.",
    )
    cobranca_regua_forced = fields.Boolean(
        string="Ladder Chosen on Invoice",
        copy=False,
        help="The ladder was chosen on this invoice and no longer follows the "
        "customer's or the company's.",
    )
    cobranca_due_date = fields.Date(
        string="Collection Due Date",
        compute="_compute_cobranca_due_date",
        store=True,
        help="Due date the ladder counts from: the earliest open installment, else "
        "the invoice's due date, else its invoice date.",
    )
    cobranca_amount_due = fields.Monetary(
        string="Amount Still Due",
        compute="_compute_cobranca_amount_due",
        store=True,
        help="What the customer still owes: the amount due less the payments registered "
        "without a journal entry (Odoo 18 without an outstanding-payments account leaves "
        "the amount due untouched and calls the invoice paid, even for a partial payment). "
        "The reminders print it; the invoice is reminded while it is above zero.",
    )
    cobranca_amount_due_signed = fields.Monetary(
        string="Amount Still Due (Company Currency)",
        compute="_compute_cobranca_amount_due",
        store=True,
        currency_field="company_currency_id",
    )
    cobranca_effective_due_date = fields.Date(
        string="Payable Until",
        compute="_compute_cobranca_effective_due_date",
        help="The due date moved to the next business day when it falls on a "
        "weekend or a holiday: the invoice is not overdue before this date.",
    )
    cobranca_days_to_due = fields.Integer(
        string="Days to Due Date",
        compute="_compute_cobranca_days_to_due",
        help="Days left until the date the invoice is payable until; negative when it is overdue.",
    )
    cobranca_due_phrase = fields.Char(
        string="Due Phrase",
        compute="_compute_cobranca_days_to_due",
        help="How the customer messages speak of the due date (Portuguese): 'vence hoje', "
        "'vence em 3 dias', 'está vencida há 2 dias'.",
    )
    cobranca_notice_deadline = fields.Date(
        string="Formal Notice Deadline",
        compute="_compute_cobranca_notice_dates",
        help="The date a formal notice sent today asks the customer to pay or contest by.",
    )
    cobranca_protest_date = fields.Date(
        string="Protest Hand-off Date",
        compute="_compute_cobranca_notice_dates",
        help="When the ladder has a pending step that hands the invoice off to protest or "
        "negativação: the first day it may go after a formal notice sent today (its "
        "deadline and one more business day passed). Only then does the notice mention it.",
    )
    cobranca_custom_text = fields.Html(
        string="Approver's Text",
        compute="_compute_cobranca_custom_text",
        help="The text an approver wrote for this escalation: it replaces the template's "
        "main paragraph, inside the greeting, the creditor identity and the opt-out link.",
    )
    cobranca_plan_ids = fields.One2many(
        "cobranca.move.plan", "move_id", string="Collection Plan", readonly=True
    )
    cobranca_planned_regua_id = fields.Many2one(
        "cobranca.regua",
        string="Planned Ladder",
        related="cobranca_plan_ids.regua_id",
        help="Ladder of the current plan (empty: the invoice is planned again).",
    )
    cobranca_planned_due_date = fields.Date(
        string="Planned Due Date",
        related="cobranca_plan_ids.due_date",
        help="Due date of the current plan.",
    )
    cobranca_promise_ids = fields.One2many(
        "cobranca.promise", "move_id", string="Promises to Pay", readonly=True
    )
    cobranca_promise_id = fields.Many2one(
        "cobranca.promise",
        string="Open Promise",
        compute="_compute_cobranca_promise_id",
        help="The customer's open promise to pay this invoice, if any.",
    )
    cobranca_paused_until = fields.Date(
        string="Paused Until",
        compute="_compute_cobranca_paused_until",
        inverse="_inverse_cobranca_paused_until",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="No reminder goes out until the day after this date: the date of the "
        "customer's open promise to pay, of the days given to check a payment the "
        "customer reported, or of the last installment of an accepted plan. A date "
        "written here records a promise to pay; clearing it lifts the promise.",
    )
    cobranca_pause_reason = fields.Selection(
        [
            ("promise", "Promise to pay"),
            ("paid_claim", "Customer says it is paid"),
            ("installment", "Installment plan accepted"),
        ],
        string="Paused For",
        compute="_compute_cobranca_pause_reason",
        store=True,
    )
    cobranca_paid_claim_until = fields.Date(
        string="Payment Check Until",
        copy=False,
        readonly=True,
        help="The customer said this invoice is paid: its reminders wait until this "
        "date while the collector checks the payment.",
    )
    cobranca_paid_claim_activity_id = fields.Many2one(
        "mail.activity",
        string="Payment Check",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The collector's to-do to check the payment the customer reported; it "
        "closes itself when the invoice is paid.",
    )
    cobranca_paid_claim_expired_count = fields.Integer(
        string="Payments Reported Not Found",
        copy=False,
        readonly=True,
        help="How many times the customer said this invoice was paid and no payment was "
        "found in the days given to check it.",
    )
    cobranca_paid_claim_expired_date = fields.Date(
        string="Last Payment Reported Not Found",
        copy=False,
        readonly=True,
        help="When the days to check the last payment reported for this invoice passed "
        "without it: the customer's answers count it for the company's look-back period.",
    )
    cobranca_dispute = fields.Boolean(
        string="In Dispute",
        copy=False,
        tracking=True,
        help="The customer contests this invoice: its reminders wait until the dispute is cleared.",
    )
    cobranca_dispute_reason = fields.Text(
        string="Contest Reason", copy=False, help="Why the customer contests the invoice."
    )
    cobranca_answers_erased_date = fields.Datetime(
        string="Customer Answers Erased On",
        copy=False,
        readonly=True,
        help="When what the customer answered and sent about this invoice (notes, contest "
        "reason, messages, proofs of payment) was erased, at its request or at the end "
        "of the retention period.",
    )
    cobranca_dispute_activity_id = fields.Many2one(
        "mail.activity", string="Dispute To-do", copy=False, readonly=True, ondelete="set null"
    )
    cobranca_dispute_source = fields.Selection(
        SOURCES,
        string="Contested Through",
        copy=False,
        readonly=True,
        help="Where the customer contested the invoice: the resolution is told there.",
    )
    cobranca_dispute_resolution = fields.Text(
        string="Contest Resolution",
        copy=False,
        help="Why the contest is resolved and what was done (the invoice corrected, "
        "cancelled, or found right): sent to the customer as written when the dispute "
        "is resolved.",
    )
    cobranca_paid_claim_source = fields.Selection(
        SOURCES,
        string="Payment Reported Through",
        copy=False,
        readonly=True,
        help="Where the customer last said the invoice is paid: the outcome of the check "
        "is told there.",
    )
    cobranca_resume_date = fields.Date(
        string="Reminders Resume On",
        compute="_compute_cobranca_resume_date",
        help="The first day the reminders of this open invoice may go out again: today, "
        "or the day after its pause. Empty while a contest or an installment proposal "
        "holds them, or when nothing is due.",
    )
    cobranca_installment_ids = fields.One2many(
        "cobranca.installment.proposal",
        "move_id",
        string="Installment Proposals",
        readonly=True,
    )
    cobranca_installment_pending = fields.Boolean(
        string="Installment Proposal Pending",
        compute="_compute_cobranca_pause_reason",
        store=True,
        help="The customer proposed an installment plan: the reminders wait for the decision.",
    )
    cobranca_answer_url = fields.Char(
        string="Customer Answer Page",
        compute="_compute_cobranca_answer_url",
        help="Portal page where the customer says it paid, promises a date, contests the "
        "invoice or proposes installments.",
    )
    cobranca_reminder_ids = fields.One2many(
        "cobranca.reminder", "move_id", string="Collection Reminders", readonly=True
    )
    cobranca_reminder_count = fields.Integer(
        string="Reminder Count", compute="_compute_cobranca_reminder_count"
    )
    cobranca_group_move_ids = fields.Many2many(
        "account.move",
        string="Invoices Reminded Together",
        compute="_compute_cobranca_group_move_ids",
        help="Invoices listed in the reminder rendered for this invoice (itself, or "
        "all the customer's invoices reminded together).",
    )
    cobranca_early_warning = fields.Boolean(
        string="Customer Early Warning",
        compute="_compute_cobranca_early_warning",
        groups=PAYER_PROFILE,
        help="The customer pays much later than usual: a stricter ladder applies.",
    )
    cobranca_early_warning_reason = fields.Char(
        string="Early Warning Reason",
        compute="_compute_cobranca_early_warning",
        groups=PAYER_PROFILE,
    )
    cobranca_credit_hold = fields.Boolean(
        string="Customer on Credit Hold", compute="_compute_cobranca_early_warning"
    )
    cobranca_discount_date = fields.Date(
        string="Early Discount Until",
        compute="_compute_cobranca_discount",
        help="Last day to pay with the payment terms' early-payment discount; empty when "
        "the invoice has none, is partly paid, or the day has passed.",
    )
    cobranca_discount_amount = fields.Monetary(
        string="Amount with Early Discount",
        compute="_compute_cobranca_discount",
        help="What the customer pays until the early-discount day (Odoo's discounted "
        "amount of the payment terms).",
    )
    cobranca_amount_to_pay = fields.Monetary(
        string="Amount to Pay Now",
        compute="_compute_cobranca_discount",
        help="The discounted amount until the early-discount day; for a consumer's "
        "overdue invoice, the amount due with the late charges of today (fine and "
        "interest, when the company sets them within the consumer ceilings); else the "
        "amount due: what the messages and the Pix code ask for.",
    )
    cobranca_full_amount_phrase = fields.Char(
        string="Full Amount Phrase",
        compute="_compute_cobranca_discount",
        help="While the early discount runs, what is due after its day (Portuguese): "
        "'após 12/03, valor integral (R$ 1.000,00)'.",
    )
    cobranca_charges_line = fields.Char(
        string="Itemised Amount",
        compute="_compute_cobranca_discount",
        help="For a consumer's overdue invoice (Portuguese): the amount of today item by "
        "item (original amount, fine, interest, total), or, without charges the company "
        "may state to a consumer, that the amount shown settles the invoice.",
    )
    cobranca_charges_text = fields.Char(
        string="Late Charges Terms",
        compute="_compute_cobranca_discount",
        help="The company's late-charges sentence when this invoice's customer may be "
        "told about them: always for a business, for a consumer only when the fine and "
        "the interest are within the consumer ceilings.",
    )
    cobranca_discount_phrase = fields.Char(
        string="Early Discount Phrase",
        compute="_compute_cobranca_discount",
        help="How the messages state the discount, neutrally (Portuguese): 'valor com "
        "desconto de 2% até 10/03/2026: R$ 980,00'; empty without a discount.",
    )
    cobranca_pix_code = fields.Char(
        string="Pix Copia e Cola",
        compute="_compute_cobranca_pix_code",
        help="The Pix payload of the amount to pay now (see Amount to Pay Now), built as "
        "the invoice's Pix QR code is; empty when the invoice's bank account has no "
        "Pix key a payer's bank can find.",
    )
    cobranca_pix_code_full = fields.Char(
        string="Pix Copia e Cola (Full Amount)",
        compute="_compute_cobranca_pix_code",
        help="While the early discount runs, the Pix payload of the full amount, to pay "
        "after the discount's day.",
    )
    cobranca_optout_url = fields.Char(
        string="Opt-out Link",
        compute="_compute_cobranca_optout_url",
        help="Public page where the reminder's recipient stops collection messages.",
    )
    cobranca_timeline_html = fields.Html(
        string="Collection Timeline",
        compute="_compute_cobranca_timeline_html",
        sanitize=False,
    )

    # ------------------------------------------------------------ pauses
    @api.depends("cobranca_promise_ids.state")
    def _compute_cobranca_promise_id(self):
        for move in self:
            move.cobranca_promise_id = move.cobranca_promise_ids.filtered(
                lambda p: p.state == "open"
            )[:1]

    def _cobranca_pause(self):
        """(date, reason) of the latest pause of the invoice, or (False, False).

        The pause is computed, not written: the open promise, the customer's "já
        paguei" and an accepted installment plan each give a date, and the invoice
        waits for the latest. ``cobranca_paused_until`` stays the one column the
        dispatcher reads."""
        self.ensure_one()
        candidates = [(p.date, "promise") for p in self.cobranca_promise_ids if p.state == "open"]
        if self.cobranca_paid_claim_until:
            candidates.append((self.cobranca_paid_claim_until, "paid_claim"))
        candidates += [
            (p.last_date, "installment")
            for p in self.cobranca_installment_ids
            if p.state == "accepted" and p.last_date
        ]
        return max(candidates) if candidates else (False, False)

    @api.depends(
        "cobranca_promise_ids.state",
        "cobranca_promise_ids.date",
        "cobranca_paid_claim_until",
        "cobranca_installment_ids.state",
        "cobranca_installment_ids.last_date",
    )
    def _compute_cobranca_paused_until(self):
        for move in self:
            move.cobranca_paused_until = move._cobranca_pause()[0]

    @api.depends(
        "cobranca_promise_ids.state",
        "cobranca_promise_ids.date",
        "cobranca_paid_claim_until",
        "cobranca_installment_ids.state",
        "cobranca_installment_ids.last_date",
    )
    def _compute_cobranca_pause_reason(self):
        for move in self:
            move.cobranca_pause_reason = move._cobranca_pause()[1]
            move.cobranca_installment_pending = any(
                p.state == "pending" for p in move.cobranca_installment_ids
            )

    @api.depends(
        "state",
        "payment_state",
        "cobranca_paused_until",
        "cobranca_dispute",
        "cobranca_installment_pending",
    )
    def _compute_cobranca_resume_date(self):
        todays = self.company_id._cobranca_today_by_company()
        Answer = self.env["cobranca.answer"]
        for move in self:
            today = todays.get(move.company_id.id)
            pause = move.cobranca_paused_until
            if not today or not Answer._is_open(move) or held_reason(move):
                move.cobranca_resume_date = False
            else:
                move.cobranca_resume_date = (
                    pause + timedelta(days=1) if pause and pause >= today else today
                )

    def _inverse_cobranca_paused_until(self):
        """A date written on the invoice is a promise to pay the clerk records (the
        Collection tab, or RPC): it replaces the open promise; no date lifts the
        promise and the days given to check a reported payment."""
        Answer = self.env["cobranca.answer"]
        for move in self:
            day, promise = move.cobranca_paused_until, move.cobranca_promise_id
            if not day:
                promise._close("cancelled")
                if move.cobranca_paid_claim_until:
                    # sudo: the clerk lifts the days given to check a reported payment
                    move.sudo().cobranca_paid_claim_until = False
            elif day != move._cobranca_pause()[0] or (promise and promise.date != day):
                promise._close("cancelled")
                Answer._promise(move, day, "clerk")

    def _compute_cobranca_answer_url(self):
        for move in self:
            move.cobranca_answer_url = (
                move.get_base_url() + move.get_portal_url(suffix="/cobranca")
                if is_posted_invoice(move)
                else False
            )

    @api.depends("cobranca_reminder_ids")
    def _compute_cobranca_reminder_count(self):
        counts = dict(
            self.env["cobranca.reminder"]._read_group(
                [("move_id", "in", self.ids)], ["move_id"], ["__count"]
            )
        )
        for move in self:
            move.cobranca_reminder_count = counts.get(move, 0)

    @api.depends("commercial_partner_id", "company_id")
    def _compute_cobranca_early_warning(self):
        for move in self:
            # sudo: the payer profile is read by collection users only (the invoice's
            # early warning has the same groups); the credit hold is for every reader
            customer = move.commercial_partner_id.with_company(move.company_id).sudo()
            move.cobranca_early_warning = customer.cobranca_early_warning
            move.cobranca_early_warning_reason = customer.cobranca_early_warning_reason
            move.cobranca_credit_hold = customer.cobranca_credit_hold

    @api.depends(
        "cobranca_amount_due",
        "payment_state",
        "invoice_payment_term_id.early_discount",
        "line_ids.discount_date",
        "line_ids.discount_amount_currency",
        "cobranca_effective_due_date",
        "commercial_partner_id.vat",
        "commercial_partner_id.is_company",
        "company_id.cobranca_late_fee_percent",
        "company_id.cobranca_late_interest_percent",
    )
    def _compute_cobranca_discount(self):
        """Odoo 18's early-payment discount, while the company's today is on or before
        its day, for an invoice nothing was paid of yet (core's own rule,
        ``_is_eligible_for_early_payment_discount``); the amount is the payment-term
        lines' ``discount_amount_currency``. After the due date, a consumer's invoice
        is stated item by item (tools/late_charges.py)."""
        todays = self.company_id._cobranca_today_by_company()
        for move in self:
            today = todays.get(move.company_id.id) or fields.Date.context_today(move)
            move._cobranca_set_charges(today)
            move._cobranca_set_discount(today)

    def _cobranca_set_discount(self, today):
        self.cobranca_discount_date = False
        self.cobranca_discount_amount = 0.0
        self.cobranca_discount_phrase = False
        self.cobranca_full_amount_phrase = False
        term = self.invoice_payment_term_id
        if not (
            is_posted_invoice(self) and self.payment_state == "not_paid" and term.early_discount
        ):
            return
        lines = self.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and line.discount_date
        )
        last_day = min(lines.mapped("discount_date"), default=None)
        if not last_day or today > last_day:
            return
        amount = sum(lines.mapped("discount_amount_currency"))
        if self.currency_id.compare_amounts(amount, self.cobranca_amount_due) >= 0 or amount <= 0:
            return
        self.cobranca_discount_date = last_day
        self.cobranca_discount_amount = amount
        self.cobranca_amount_to_pay = amount
        self.cobranca_discount_phrase = discount_phrase(
            format_amount(self.env, amount, self.currency_id, "pt_BR"),
            format_date(self.env, last_day, lang_code="pt_BR"),
            term.discount_percentage,
        )
        self.cobranca_full_amount_phrase = full_amount_phrase(
            format_date(self.env, last_day, lang_code="pt_BR", date_format="dd/MM"),
            format_amount(self.env, self.cobranca_amount_due, self.currency_id, "pt_BR"),
        )

    def _cobranca_set_charges(self, today):
        """The amount to pay (late charges included), the itemised line and the
        charges sentence of a message sent on ``today``."""
        company = self.company_id
        charges = self._cobranca_late_charges(today)
        self.cobranca_amount_to_pay = float(charges.total) if charges else self.cobranca_amount_due
        self.cobranca_charges_line = False
        if charges and charges.has_charges:
            self.cobranca_charges_line = itemised_charges(
                charges,
                lambda amount: format_amount(self.env, float(amount), self.currency_id, "pt_BR"),
                format_date(self.env, today, lang_code="pt_BR"),
            )
        elif charges:
            self.cobranca_charges_line = SETTLES_SENTENCE
        customer = self.commercial_partner_id
        told = not is_consumer(customer.vat, customer.is_company) or consumer_rates_allowed(
            company.cobranca_late_fee_percent, company.cobranca_late_interest_percent
        )
        self.cobranca_charges_text = told and company.cobranca_charges_text

    def _cobranca_cite(self, key):
        """The words of legal rule ``key`` (tools/legal_sources.py) for the customer's
        texts about this invoice: its email templates and formal notice print them."""
        return cite(key)

    def _cobranca_late_charges(self, today):
        """The late charges (tools/late_charges.py) of a consumer's overdue invoice on
        ``today``, or None: a business customer, or an invoice not overdue. Rates above
        the consumer ceilings (CDC art. 52, § 1º for the fine) are never stated to a
        consumer: the invoice is then stated without charges."""
        self.ensure_one()
        company, customer = self.company_id, self.commercial_partner_id
        payable_until = self.cobranca_effective_due_date
        if not (
            self._cobranca_is_open()
            and payable_until
            and today > payable_until
            and is_consumer(customer.vat, customer.is_company)
        ):
            return None
        fine, interest = company.cobranca_late_fee_percent, company.cobranca_late_interest_percent
        if not consumer_rates_allowed(fine, interest):
            fine = interest = 0
        return late_charges(self.cobranca_amount_due, payable_until, today, fine, interest)

    @api.depends(
        "partner_bank_id",
        "cobranca_amount_to_pay",
        "cobranca_discount_date",
        "cobranca_amount_due",
        "currency_id",
        "partner_id",
        "ref",
        "name",
    )
    def _compute_cobranca_pix_code(self):
        """Odoo's own EMV payload (l10n_br), built as the invoice's Pix QR code is,
        for the amount to pay now and, while the early discount runs, for the full
        amount; none without a Pix key a payer's bank can find (res_partner_bank.py)."""
        for move in self:
            move.cobranca_pix_code = move._cobranca_pix(move.cobranca_amount_to_pay)
            move.cobranca_pix_code_full = move.cobranca_discount_date and move._cobranca_pix(
                move.cobranca_amount_due
            )

    def _cobranca_pix(self, amount):
        self.ensure_one()
        bank = self.partner_bank_id
        if not bank or self.move_type != "out_invoice" or self.currency_id.is_zero(amount):
            return False
        vals = bank._build_qr_code_vals(
            amount,
            self.ref or self.name,
            self.payment_reference,
            self.currency_id,
            self.partner_id,
            qr_method="emv_qr",
        )
        return (vals and bank._get_qr_vals(**vals)) or False

    @api.depends("partner_id", "company_id")
    @api.depends_context("cobranca_recipients")
    def _compute_cobranca_optout_url(self):
        recipients = dict(self.env.context.get("cobranca_recipients") or ())
        Consent = self.env["cobranca.consent"]
        Partner = self.env["res.partner"]
        for move in self:
            partner = Partner.browse(recipients.get(move.id)) or move.partner_id
            if not partner or not move.company_id:
                move.cobranca_optout_url = False
                continue
            token = Consent._optout_token(partner, move.company_id)
            move.cobranca_optout_url = f"{move.get_base_url()}/cobranca/optout/{token}"

    @api.depends_context("cobranca_groups")
    def _compute_cobranca_group_move_ids(self):
        groups = dict(self.env.context.get("cobranca_groups") or ())
        for move in self:
            move.cobranca_group_move_ids = self.browse(groups.get(move.id, move.ids))

    # ------------------------------------------------------------------ ladder
    @api.depends(
        "move_type",
        "company_id.cobranca_default_regua_id",
        "company_id.cobranca_regua_new_id",
        "company_id.cobranca_regua_a_id",
        "company_id.cobranca_regua_b_id",
        "company_id.cobranca_regua_c_id",
        "company_id.cobranca_regua_d_id",
        "commercial_partner_id.cobranca_regua_id",
        "commercial_partner_id.cobranca_class",
        "commercial_partner_id.cobranca_early_warning",
        "commercial_partner_id.cobranca_class_manual",
    )
    def _compute_cobranca_regua_id(self):
        for move in self:
            if move.cobranca_regua_forced:
                continue  # chosen on the invoice: keep it
            move.cobranca_regua_id = move._cobranca_resolve_regua()

    def _inverse_cobranca_regua_id(self):
        # Forms send back recomputed values too: only a ladder that differs from the
        # automatic one is an override.
        for move in self:
            move.cobranca_regua_forced = bool(
                move.cobranca_regua_id and move.cobranca_regua_id != move._cobranca_resolve_regua()
            )

    def _cobranca_resolve_regua(self):
        """Automatic ladder: the customer's own in this company, else the one of its
        payer class (one class worse under an early warning, unless the class was pinned
        by a person), else the default one."""
        self.ensure_one()
        if self.move_type != "out_invoice" or not self.company_id:
            return self.env["cobranca.regua"]
        company = self.company_id
        partner = self.commercial_partner_id.with_company(company)
        regua = partner.cobranca_regua_id
        if regua and regua.active and regua.company_id == company:
            return regua
        # sudo: the payer profile is for collection users; the ladder it picks is not
        profile = partner.sudo()
        klass = effective_class(
            profile.cobranca_class or "new",
            profile.cobranca_early_warning,
            pinned=bool(profile.cobranca_class_manual),
        )
        return company._cobranca_class_regua(klass) or company.cobranca_default_regua_id

    def action_cobranca_reset_regua(self):
        """Drop the ladder chosen on the invoice: follow the customer/company again."""
        self.cobranca_regua_forced = False
        for move in self:
            move.cobranca_regua_id = move._cobranca_resolve_regua()

    # ------------------------------------------------------------ amount due
    @api.depends(
        "amount_residual",
        "amount_residual_signed",
        "matched_payment_ids.state",
        "matched_payment_ids.move_id",
        "matched_payment_ids.amount",
        "matched_payment_ids.amount_company_currency_signed",
        "matched_payment_ids.payment_type",
        "matched_payment_ids.currency_id",
        "matched_payment_ids.date",
        # a payment spanning several invoices pays them in their due dates' order
        "matched_payment_ids.invoice_ids.amount_residual",
        "matched_payment_ids.invoice_ids.cobranca_due_date",
        "matched_payment_ids.invoice_ids.state",
    )
    def _compute_cobranca_amount_due(self):
        """The residual less what the payments without a journal entry paid on the
        invoice (``cobranca_settlement``), in one query for the invoices that have one."""
        unposted = self.filtered(
            lambda m: (
                m.id
                and is_posted_invoice(m)
                and any(not pay.move_id for pay in m.matched_payment_ids)
            )
        )
        paid = {}
        if unposted:
            self.env["account.payment"].flush_model(
                [
                    "amount",
                    "amount_company_currency_signed",
                    "currency_id",
                    "date",
                    "move_id",
                    "payment_type",
                    "state",
                ]
            )
            self.flush_model(
                [
                    "amount_residual",
                    "amount_total",
                    "amount_total_signed",
                    "cobranca_due_date",
                    "currency_id",
                    "matched_payment_ids",
                    "move_type",
                    "state",
                ]
            )
            paid = unposted_paid(self.env, unposted.ids)
        for move in self:
            in_currency, in_company = paid.get(move.id, (0.0, 0.0))
            move.cobranca_amount_due = move.amount_residual - in_currency
            move.cobranca_amount_due_signed = move.amount_residual_signed - in_company

    def _cobranca_is_open(self):
        """``cobranca_rules.is_open_invoice``: the ladder runs for it."""
        self.ensure_one()
        return is_open_invoice(self)

    # ------------------------------------------------------------------ dates
    @api.depends(
        "state",
        "invoice_date",
        "invoice_date_due",
        "line_ids.date_maturity",
        "line_ids.amount_residual_currency",
    )
    def _compute_cobranca_due_date(self):
        for move in self:
            move.cobranca_due_date = move._cobranca_open_due_date()

    @api.depends(
        "cobranca_due_date",
        "company_id",
        "commercial_partner_id.state_id",
        "commercial_partner_id.country_id",
        "commercial_partner_id.city",
    )
    def _compute_cobranca_effective_due_date(self):
        calendars = self._cobranca_calendars()
        for move in self:
            due = move.cobranca_due_date
            move.cobranca_effective_due_date = due and calendars[
                move._cobranca_calendar_key()
            ].effective_due_date(due)

    def _cobranca_calendar_key(self):
        """(company id, customer's state, customer's city): what its calendar
        depends on (see ``_cobranca_calendars``)."""
        self.ensure_one()
        customer = self.commercial_partner_id
        return self.company_id.id, customer._cobranca_state_code(), customer.city or ""

    def _cobranca_calendars(self):
        """{``_cobranca_calendar_key``: business calendar} for these invoices: a day is
        a business day for the company, for the customer's state and for its city
        (the company's closed days, the municipal ones of the customer's city). It is
        where the bill is paid: the calendar of the due date and of the deadlines."""
        closed = self.company_id._cobranca_closed_days_by_company()
        calendars = {}
        for move in self:
            key = move._cobranca_calendar_key()
            company_id, state, city = key
            if key not in calendars:
                calendars[key] = (
                    move.company_id._cobranca_calendar(
                        state=state, extra_closed=closed[company_id].for_place(state, city)
                    )
                    if move.company_id
                    else get_calendar(state)
                )
        return calendars

    def _compute_cobranca_days_to_due(self):
        todays = {company: company._cobranca_today() for company in self.company_id}
        for move in self:
            effective = move.cobranca_effective_due_date
            today = todays.get(move.company_id) or fields.Date.context_today(move)
            move.cobranca_days_to_due = (effective - today).days if effective else 0
            move.cobranca_due_phrase = due_phrase(move.cobranca_days_to_due) if effective else ""

    @api.depends(
        "company_id.cobranca_notice_deadline_days",
        "cobranca_reminder_ids.state",
        "cobranca_reminder_ids.scheduled_date",
    )
    @api.depends_context("cobranca_notice_dates")
    def _compute_cobranca_notice_dates(self):
        """The dates a formal notice prints: those the dispatch decided when it sends
        it (context ``cobranca_notice_dates``, kept on its reminder), else those a
        notice sent now would get (see ``cobranca.escalation._notice_dates``)."""
        given = {row[0]: row[1:3] for row in self.env.context.get("cobranca_notice_dates") or ()}
        fresh = self.env["cobranca.escalation"]._notice_dates(
            self.filtered(lambda m: m.id not in given)
        )
        for move in self:
            dates = given.get(move.id) or fresh[move.id][:2]
            move.cobranca_notice_deadline, move.cobranca_protest_date = dates

    @api.depends_context("cobranca_custom_texts")
    def _compute_cobranca_custom_text(self):
        texts = dict(self.env.context.get("cobranca_custom_texts") or ())
        for move in self:
            move.cobranca_custom_text = texts.get(move.id) or False

    def _cobranca_open_due_date(self):
        self.ensure_one()
        open_dates = [
            line.date_maturity
            for line in self.line_ids
            if line.display_type == "payment_term"
            and line.date_maturity
            and not line.currency_id.is_zero(line.amount_residual_currency)
        ]
        if open_dates and self.state == "posted":
            return min(open_dates)
        return self.invoice_date_due or self.invoice_date or False

    # ---------------------------------------------------------------- timeline
    def _cobranca_timeline(self):
        """The ladder's steps with their dates for this invoice (nothing is sent)."""
        self.ensure_one()
        due = self.cobranca_due_date
        regua = self.cobranca_regua_id
        if not due or not regua:
            return []
        company = self.company_id
        closed = company._cobranca_closed_days_by_company()[company.id]
        payment = company._cobranca_calendar(self.commercial_partner_id)
        planned = {r.step_id: r.channel for r in self.cobranca_reminder_ids}
        lines = []
        for step in regua.step_ids:
            # as the planner: on the calendar of the person the step's (planned)
            # channel reaches, from the date the bill is payable on the customer's
            channel = planned.get(step) or step.channel
            person = self.partner_id and self.partner_id._cobranca_recipient(channel)
            calendar = company._cobranca_contact_calendar(person, closed) if person else payment
            day = calendar.contact_step_date(due, step.offset_days, step.day_type, payment=payment)
            lines.append({"step": step, "date": day, "calendar": calendar})
        return lines

    @api.depends(
        "move_type",
        "state",
        "payment_state",
        "cobranca_amount_due",
        "cobranca_regua_id",
        "cobranca_due_date",
        "cobranca_reminder_ids",
        "commercial_partner_id.cobranca_excluded",
    )
    @api.depends_context("lang")
    def _compute_cobranca_timeline_html(self):
        QWeb = self.env["ir.qweb"]
        for move in self:
            if move.move_type != "out_invoice":
                move.cobranca_timeline_html = False
                continue
            move.cobranca_timeline_html = QWeb._render(
                "l10n_br_cobranca_preventiva.cobranca_timeline",
                move._cobranca_timeline_values(),
            )

    def _cobranca_timeline_values(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        step_model = self.env["cobranca.regua.step"]
        channels = dict(step_model._fields["channel"]._description_selection(self.env))
        day_types = dict(step_model._fields["day_type"]._description_selection(self.env))
        calendar = self.company_id._cobranca_calendar(self.commercial_partner_id)
        lines = []
        for line in self._cobranca_timeline():
            step, day = line["step"], line["date"]
            lines.append(
                {
                    "name": step.name,
                    "description": step.description or "",
                    "day_type": day_types[step.day_type],
                    "channel": channels[step.channel],
                    "fallback": channels.get(step.fallback_channel, ""),
                    "requires_approval": step.requires_approval,
                    "date": format_date(self.env, day),
                    "holiday": line["calendar"].holiday_name(day) or "",
                    "when": "past" if day < today else "today" if day == today else "next",
                }
            )
        due = self.cobranca_due_date
        effective = self.cobranca_effective_due_date
        return {
            "move": self,
            "regua": self.cobranca_regua_id,
            "lines": lines,
            "due_date": due and format_date(self.env, due),
            "effective_due_date": effective and format_date(self.env, effective),
            "due_moved": bool(due and effective and due != effective),
            "is_draft": self.state == "draft",
            "show_plan": self.state == "draft" or not self.cobranca_reminder_ids,
            "is_closed": closed_reason(self) not in (None, "invoice_draft"),
            "excluded": self.commercial_partner_id.with_company(self.company_id).cobranca_excluded,
            "calendar_state": calendar.label,
        }

    # ------------------------------------------------------- plan maintenance
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        if invoices:
            invoices._cobranca_replan()
        return posted

    def write(self, vals):
        if not self.env.su and vals.keys() & ENGINE_FIELDS:
            raise AccessError(
                _(
                    "What the customer answered (a reported payment, a contest's to-do) and "
                    "its counters are written by the customer's answers and the payments "
                    "only."
                )
            )
        if (
            not self.env.su
            and "cobranca_dispute_resolution" in vals
            and not vals.get("cobranca_dispute")
            and self.filtered(lambda m: not m.cobranca_dispute)
        ):
            raise UserError(_("A contest's resolution is written while the invoice is in dispute."))
        res = super().write(vals)
        invoices = self.filtered(lambda m: m.move_type == "out_invoice")
        if invoices and vals.get("state") in ("draft", "cancel"):
            self.env["cobranca.planner"].sudo()._cancel_closed(invoices.ids)
        elif invoices and {
            "invoice_date_due",
            "cobranca_regua_id",
            "matched_payment_ids",
        } & (vals.keys()):
            # matched_payment_ids: an Odoo 18 payment without journal entry pays the
            # invoice without any reconciliation
            invoices.filtered(lambda m: m.state == "posted")._cobranca_replan_soon()
        if vals.keys() & {"cobranca_paused_until", "cobranca_dispute", "cobranca_paid_claim_until"}:
            invoices._cobranca_mark_paused()
        if "cobranca_dispute" in vals and not vals["cobranca_dispute"]:
            self.env["cobranca.answer"]._close_disputes(invoices)
        return res

    def init(self):
        res = super().init()
        # the planner looks for open customer invoices whose plan is outdated every run
        create_index(
            self.env.cr,
            "account_move_cobranca_due_idx",
            self._table,
            ["id"],
            where=self.env.cr.mogrify(open_invoice_sql(alias=None)).decode(),
        )
        return res

    @api.model
    def _cobranca_ensure_portal_tokens(self, move_ids):
        """Give the invoices their portal token in one query before rendering links.

        ``get_portal_url()`` would otherwise write each token through ``write``, which
        re-synchronises every invoice one by one. The tokens are written in a short
        transaction of its own and handed to this one through the cache: written in the
        batch's transaction, they would keep the invoices' rows locked until the whole
        batch commits, and a payment registered meanwhile would wait. When that
        transaction cannot take its locks at once, they are written here as before.
        """
        move_ids = list(move_ids)
        query = SQL(
            """
            UPDATE account_move SET access_token = gen_random_uuid()::text
             WHERE id = ANY(%s) AND access_token IS NULL
         RETURNING id, access_token
            """,
            move_ids,
        )
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '1s'")
                cr.execute(query)
                tokens = dict(cr.fetchall())
        except psycopg2.errors.LockNotAvailable:
            tokens = None
        if tokens:
            moves = self.browse(list(tokens))
            self.env.cache.update(moves, self._fields["access_token"], list(tokens.values()))
        if tokens is not None:
            # what that transaction could not see (invoices of this transaction) is
            # written here; what it wrote must not be written again (concurrent update)
            move_ids = [move_id for move_id in move_ids if move_id not in tokens]
            if not move_ids:
                return
            query = SQL(
                "UPDATE account_move SET access_token = gen_random_uuid()::text "
                "WHERE id = ANY(%s) AND access_token IS NULL",
                move_ids,
            )
        self.env.execute_query(query)
        self.invalidate_model(["access_token"])

    def _cobranca_replan(self):
        """Bring the reminders of these invoices in line with their state and ladder."""
        Planner = self.env["cobranca.planner"].sudo()
        Planner._cancel_closed(self.ids)
        Planner._plan(self.ids, limit=len(self))
        # a payment keeps the promises and closes the "já paguei" check at once
        self.env["cobranca.answer"]._on_settlement(self)

    def _cobranca_mark_paused(self):
        """Show on scheduled reminders why they wait (promise to pay, dispute)."""
        if not self:
            return
        self.env["cobranca.planner"].sudo()._mark_paused(self.ids)

    def action_cobranca_resume(self):
        """Lift every pause (promise to pay, reported payment, dispute, installment
        proposal waiting): reminders go on."""
        self.write({"cobranca_paused_until": False, "cobranca_dispute": False})
        self.cobranca_installment_ids._cancel(
            _("Reminders resumed by %(user)s.", user=self.env.user.name)
        )

    def action_cobranca_resolve_dispute(self):
        """The clerk settled the customer's contest: the ladder goes on, and the
        customer is told the resolution written on the invoice, where it contested."""
        if not self.env.user.has_group(COLLECTION_USER):
            raise AccessError(_("Only collection users resolve a contest."))
        disputed = self.filtered("cobranca_dispute")
        disputed.check_access("write")
        missing = disputed.filtered(lambda m: not (m.cobranca_dispute_resolution or "").strip())
        if missing:
            raise UserError(
                _(
                    "Write the contest's resolution on %(invoices)s first: the customer is "
                    "told it.",
                    invoices=", ".join(missing.mapped("name")),
                )
            )
        disputed.write({"cobranca_dispute": False})
        bodies = {
            move.id: Markup("<p>%s</p><p>%s</p>")
            % (
                _("Dispute resolved by %(user)s: the reminders resume.", user=self.env.user.name),
                move.cobranca_dispute_resolution,
            )
            for move in disputed
        }
        disputed._message_log_batch(bodies=bodies)
        self.env["cobranca.notice"]._tell_disputes_resolved(disputed)
        return True

    # ---------------------------------------------------- customer answers
    # Entry points for every channel (portal page, WhatsApp, email replies): each
    # checks first and raises a CobrancaAnswerError (a ``code`` to word for the
    # customer) without changing anything; see models/cobranca_answer.py.
    def _cobranca_customer_promises(self, date, source, channel, amount=None, note=None):
        """The customer promises to pay this invoice by ``date`` (a date or
        'YYYY-MM-DD'): returns the ``cobranca.promise``."""
        return self.env["cobranca.answer"]._promise(self, date, source, channel, amount, note)

    def _message_post_after_hook(self, message, msg_vals):
        """A collector's "Send message" from the invoice chatter (the web client's
        ``/mail/message/post``, not a log note, not a message posted by code) also
        goes on WhatsApp while the customer's 24-hour window is open, inside the
        customer's contact hours (``cobranca.whatsapp.inbound._session_reply``).
        Collection users only: any invoice reader may post in the chatter."""
        result = super()._message_post_after_hook(message, msg_vals)
        if (
            self.env.context.get("cobranca_chatter_post")
            and len(self) == 1
            and self.move_type == "out_invoice"
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user.has_group("l10n_br_cobranca_preventiva.group_cobranca_user")
        ):
            self.env["cobranca.whatsapp.inbound"]._session_reply(self, message)
        return result

    def _cobranca_customer_says_paid(
        self, source, channel, attachments=None, note=None, proof_to_come=False
    ):
        """The customer says these invoices (one customer's) are paid: returns the
        collector's verification ``mail.activity``."""
        return self.env["cobranca.answer"]._says_paid(
            self, source, channel, attachments, note, proof_to_come=proof_to_come
        )

    def _cobranca_customer_contests(self, reason, source, channel):
        """The customer contests this invoice: returns the collector's ``mail.activity``."""
        return self.env["cobranca.answer"]._contest(self, reason, source, channel)

    def _cobranca_customer_proposes_installments(
        self, count, first_date, source, channel, note=None
    ):
        """The customer proposes ``count`` monthly installments from ``first_date``:
        returns the ``cobranca.installment.proposal``."""
        return self.env["cobranca.answer"]._propose_installments(
            self, count, first_date, source, channel, note
        )

    def action_cobranca_reminders(self):
        self.ensure_one()
        self.check_access("read")
        self.env["cobranca.reminder"].check_access("read")  # collection users only
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_br_cobranca_preventiva.action_cobranca_reminder"
        )
        action["domain"] = [("move_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 0}
        return action
