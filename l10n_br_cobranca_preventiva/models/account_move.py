from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import create_index

from .account_move_line import replan_soon
from .cobranca_rules import (
    held_reason,
    is_open_invoice,
    open_invoice_sql,
)
from .cobranca_settlement import unposted_paid_by_move, with_shared_payments
from .prefetch import PREFETCH_GROUP
from .res_partner import COLLECTION_USER, PAYER_PROFILE

#: What the data-subject erasure and the retention write on the invoice: never a user,
#: nor over RPC (``_cobranca_engine_fields``: the answer addon adds its own).
ENGINE_FIELDS = frozenset(("cobranca_answers_erased_date",))


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
        prefetch=PREFETCH_GROUP,
    )
    cobranca_due_date = fields.Date(
        string="Collection Due Date",
        compute="_compute_cobranca_due_date",
        store=True,
        help="Due date the ladder counts from: the earliest open installment, else "
        "the invoice's due date, else its invoice date.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_amount_due = fields.Monetary(
        string="Amount Still Due",
        compute="_compute_cobranca_amount_due",
        store=True,
        help="What the customer still owes: the amount due less the payments registered "
        "without a journal entry (Odoo 18 without an outstanding-payments account leaves "
        "the amount due untouched and calls the invoice paid, even for a partial payment). "
        "The reminders print it; the invoice is reminded while it is above zero.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_amount_due_signed = fields.Monetary(
        string="Amount Still Due (Company Currency)",
        compute="_compute_cobranca_amount_due",
        store=True,
        currency_field="company_currency_id",
        prefetch=PREFETCH_GROUP,
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
    cobranca_paused_until = fields.Date(
        string="Paused Until",
        copy=False,
        tracking=True,
        help="No reminder goes out until the day after this date (a promise to pay the "
        "customer made, a payment it reported and the collector checks). Clearing it "
        "lifts the pause.",
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
        prefetch=PREFETCH_GROUP,
    )
    cobranca_dispute = fields.Boolean(
        string="In Dispute",
        copy=False,
        tracking=True,
        help="The customer contests this invoice: its reminders wait until the dispute is cleared.",
    )
    cobranca_dispute_reason = fields.Text(
        string="Contest Reason",
        copy=False,
        help="Why the customer contests the invoice.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_answers_erased_date = fields.Datetime(
        string="Customer Answers Erased On",
        copy=False,
        readonly=True,
        help="When what the customer answered and sent about this invoice (notes, contest "
        "reason, messages, proofs of payment) was erased, at its request or at the end "
        "of the retention period.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_dispute_resolution = fields.Text(
        string="Contest Resolution",
        copy=False,
        help="Why the contest is resolved and what was done (the invoice corrected, "
        "cancelled, or found right): sent to the customer as written when the dispute "
        "is resolved.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_resume_date = fields.Date(
        string="Reminders Resume On",
        compute="_compute_cobranca_resume_date",
        help="The first day the reminders of this open invoice may go out again: today, "
        "or the day after its pause. Empty while a contest or an installment proposal "
        "holds them, or when nothing is due.",
    )
    cobranca_installment_pending = fields.Boolean(
        string="Installment Proposal Pending",
        compute="_compute_cobranca_pause_reason",
        store=True,
        help="The customer proposed an installment plan: the reminders wait for the decision.",
        prefetch=PREFETCH_GROUP,
    )
    cobranca_reminder_ids = fields.One2many(
        "cobranca.reminder", "move_id", string="Collection Reminders", readonly=True
    )
    cobranca_reminder_count = fields.Integer(
        string="Reminder Count", compute="_compute_cobranca_reminder_count"
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
    cobranca_timeline_html = fields.Html(
        string="Collection Timeline",
        compute="_compute_cobranca_timeline_html",
        sanitize=False,
    )

    # ------------------------------------------------------------ pauses
    @api.depends("cobranca_paused_until")
    def _compute_cobranca_pause_reason(self):
        """A pause written on the invoice is a promise to pay; the answer addon reads
        the pause from the customer's answers (promises, "já paguei", installments)."""
        for move in self:
            move.cobranca_pause_reason = move.cobranca_paused_until and "promise"
            move.cobranca_installment_pending = False

    @api.depends(
        "state",
        "payment_state",
        "cobranca_paused_until",
        "cobranca_dispute",
        "cobranca_installment_pending",
    )
    def _compute_cobranca_resume_date(self):
        todays = self.env["cobranca.calendar"]._today_by_company(self.company_id)
        for move in self:
            today = todays.get(move.company_id.id)
            pause = move.cobranca_paused_until
            if not today or not is_open_invoice(move) or held_reason(move):
                move.cobranca_resume_date = False
            else:
                move.cobranca_resume_date = (
                    pause + timedelta(days=1) if pause and pause >= today else today
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
            move.cobranca_regua_id = self.env["cobranca.regua"]._for_move(move)

    def _inverse_cobranca_regua_id(self):
        # Forms send back recomputed values too: only a ladder that differs from the
        # automatic one is an override.
        Regua = self.env["cobranca.regua"]
        for move in self:
            move.cobranca_regua_forced = bool(
                move.cobranca_regua_id and move.cobranca_regua_id != Regua._for_move(move)
            )

    def action_cobranca_reset_regua(self):
        """Drop the ladder chosen on the invoice: follow the customer/company again."""
        self.cobranca_regua_forced = False
        for move in self:
            move.cobranca_regua_id = self.env["cobranca.regua"]._for_move(move)

    # ------------------------------------------------------------ amount due
    @api.depends(
        "amount_residual",
        "amount_residual_signed",
        # the payments' own fields: account_payment.py recomputes their invoices
        "matched_payment_ids",
    )
    def _compute_cobranca_amount_due(self):
        """The residual less what the payments without a journal entry paid on the
        invoice (``cobranca_settlement``), in one query for the invoices that have one.
        A payment spanning several invoices pays them in their due dates' order: what
        changes on one of them is recomputed on the others by the replan
        (``cobranca_settlement.with_shared_payments``), not by a dependency every reconciliation
        of Odoo would carry."""
        paid = unposted_paid_by_move(self)
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
        Calendar = self.env["cobranca.calendar"]
        calendars = Calendar._payment_calendars(self)
        for move in self:
            due = move.cobranca_due_date
            move.cobranca_effective_due_date = due and calendars[
                Calendar._payment_calendar_key(move)
            ].effective_due_date(due)

    def _compute_cobranca_days_to_due(self):
        self.env["cobranca.render.values"]._set_days_to_due(self)

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
    @api.depends_context("lang")
    def _compute_cobranca_timeline_html(self):
        """Computed when the invoice form reads it, with no dependency: the payments and
        reconciliations of Odoo, which touch every field it shows, never carry it
        (``_cobranca_shown_fields``)."""
        Timeline = self.env["cobranca.timeline"]
        for move in self:
            move.cobranca_timeline_html = Timeline._html(move)

    # ------------------------------------------------------- plan maintenance
    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        if invoices:
            with_shared_payments(invoices)._cobranca_replan()
        return posted

    def write(self, vals):
        if not self.env.su and vals.keys() & self._cobranca_engine_fields():
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
        self.invalidate_recordset(self._cobranca_shown_fields())
        invoices = self.filtered(lambda m: m.move_type == "out_invoice")
        if invoices and vals.get("state") in ("draft", "cancel"):
            shared = with_shared_payments(invoices) - invoices
            self.env["cobranca.planner"].sudo()._cancel_closed(invoices.ids)
            replan_soon(shared.filtered(lambda m: m.state == "posted"))
        elif invoices and {
            "invoice_date_due",
            "cobranca_regua_id",
            "matched_payment_ids",
        } & (vals.keys()):
            # matched_payment_ids: an Odoo 18 payment without journal entry pays the
            # invoice without any reconciliation
            replan_soon(invoices.filtered(lambda m: m.state == "posted"))
        if vals.keys() & {"cobranca_paused_until", "cobranca_dispute"}:
            invoices._cobranca_mark_paused()
        return res

    def _cobranca_answer_link(self):
        """The page where the customer answers a reminder (the answer addon's page); a
        WhatsApp template's answer slot links the invoice without it."""
        return False

    def _cobranca_shown_fields(self):
        """Fields only shown (the invoice form), computed with no dependency so that
        Odoo's payments never carry them: forgotten whenever the invoice is written or
        replanned, read again fresh."""
        return ["cobranca_timeline_html"]

    def _cobranca_engine_fields(self):
        """The fields only the addon's own code writes (``write`` refuses them to users)."""
        return ENGINE_FIELDS

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

    def _cobranca_replan(self):
        """Bring the reminders of these invoices in line with their state and ladder."""
        Planner = self.env["cobranca.planner"].sudo()
        Planner._cancel_closed(self.ids)
        opened = self.filtered(is_open_invoice)  # a paid invoice has nothing to plan
        if opened:
            Planner._plan(opened.ids, limit=len(opened))
        self.invalidate_recordset(self._cobranca_shown_fields())

    def _cobranca_mark_paused(self):
        """Show on scheduled reminders why they wait (promise to pay, dispute)."""
        if not self:
            return
        self.env["cobranca.planner"].sudo()._mark_paused(self.ids)

    def action_cobranca_resume(self):
        """Lift every pause (promise to pay, reported payment, dispute, installment
        proposal waiting): reminders go on."""
        self.write({"cobranca_paused_until": False, "cobranca_dispute": False})

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
        return True

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
