"""The collection reminder: one step of a ladder for one invoice.

The plan first (``scheduled``, written by ``cobranca.planner``), then the log of what
went out (written by ``cobranca.dispatcher`` and the channels). Every change of state
goes through :meth:`CobrancaReminder._set_states`, the one place that writes it.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from .cobranca_bulk import bulk_update
from .cobranca_consent import LEGAL_BASES
from .cobranca_regua_step import CHANNELS

STATES = [
    ("scheduled", "Scheduled"),
    ("to_approve", "To Approve"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("read", "Read"),
    ("bounced", "Bounced"),
    ("failed", "Failed"),
    ("skipped", "Skipped"),
    ("cancelled", "Cancelled"),
]
#: States in which a reminder may still go out.
PENDING_STATES = ("scheduled", "to_approve")
#: States of a reminder that produced a message or an activity.
DONE_STATES = ("sent", "delivered", "read")

#: Machine-readable reasons. The first group explains a wait (the reminder stays
#: scheduled); the others explain a skipped, failed or cancelled reminder.
REASONS = [
    # waiting
    ("paused", "Paused: promise to pay"),
    ("paid_claim", "Paused: customer says it is paid"),
    ("installment", "Paused: installment plan"),
    ("dispute", "Paused: invoice in dispute"),
    ("daily_cap", "Daily message limit reached"),
    ("outside_window", "Outside the sending window"),
    ("creditor_incomplete", "Creditor identity incomplete (CNPJ, address)"),
    ("notice_pending", "Waiting for a formal notice and its deadline"),
    # invoice closed
    ("paid", "Invoice paid"),
    ("invoice_cancelled", "Invoice cancelled"),
    ("invoice_draft", "Invoice reset to draft"),
    ("invoice_reversed", "Invoice reversed by a credit note"),
    # plan
    ("created_late", "Step date passed before the invoice was posted"),
    ("regua_changed", "Ladder changed"),
    ("superseded", "A later step was due at the same time"),
    ("rejected", "Rejected by an approver"),
    # customer
    ("excluded", "Customer excluded from collection"),
    ("partner_archived", "Customer archived"),
    # channel
    ("no_consent", "No consent for the channel"),
    ("revoked", "Consent revoked"),
    ("channel_unavailable", "Channel not available"),
    ("no_email", "No email address"),
    ("no_phone", "No valid phone number"),
    ("landline", "Landline: not on WhatsApp"),
    ("uncertain_delivery", "Uncertain delivery: check before sending again"),
    ("no_template", "No email template"),
    ("template_error", "Email template failed"),
    ("no_activity_type", "No activity type"),
    ("no_responsible", "No collector to assign"),
    ("send_error", "Sending failed"),
    ("bounced", "Email bounced"),
]
#: Why a scheduled reminder waits for its invoice (see ``cobranca.planner._mark_paused``).
PAUSE_REASONS = ("paused", "paid_claim", "installment", "dispute")
#: Reasons that end when the invoice is open again (payment reverted, re-posted).
CLOSED_INVOICE_REASONS = (
    "paid",
    "invoice_cancelled",
    "invoice_draft",
    "invoice_reversed",
)


class CobrancaReminder(models.Model):
    """At most one reminder per (invoice, step), enforced by the database, so that a
    crash and a re-run can never send a step twice."""

    _name = "cobranca.reminder"
    _description = "Collection Reminder"
    _order = "scheduled_date desc, offset_days desc, id desc"
    _rec_name = "step_id"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        ondelete="cascade",  # indexed by the (move_id, step_id) unique constraint
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        readonly=True,
        help="The contact the message went to: the invoice's billing contact, else "
        "the customer (set when it is sent).",
    )
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    step_id = fields.Many2one(
        "cobranca.regua.step",
        string="Step",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    step_name = fields.Char(related="step_id.name", string="Step Name")
    regua_id = fields.Many2one(related="step_id.regua_id", string="Ladder")
    offset_days = fields.Integer(string="Offset (days)", readonly=True)
    channel = fields.Selection(
        CHANNELS,
        readonly=True,
        help="The step's channel, or its fallback channel when the main one could not be used.",
    )
    scheduled_date = fields.Date(
        required=True, readonly=True, index=True, help="Date the step falls on."
    )
    next_try = fields.Datetime(
        readonly=True,
        help="A waiting reminder is not tried again before this time (sending window, "
        "daily limit).",
    )
    state = fields.Selection(STATES, required=True, default="scheduled", readonly=True)
    skip_reason = fields.Selection(REASONS, string="Reason", readonly=True)
    error = fields.Text(readonly=True)
    sent_date = fields.Datetime(readonly=True)
    read_date = fields.Datetime(readonly=True, help="When WhatsApp reported the message read.")
    mail_message_id = fields.Many2one(
        "mail.message", string="Message", readonly=True, ondelete="set null"
    )
    mail_mail_id = fields.Many2one("mail.mail", string="Email", readonly=True, ondelete="set null")
    fallback_reason = fields.Selection(
        REASONS,
        readonly=True,
        help="Why the step's main channel was not used and the fallback channel was.",
    )
    consent_id = fields.Many2one(
        "cobranca.consent",
        string="Consent",
        readonly=True,
        ondelete="set null",
        help="The customer's consent the message was sent under, if any.",
    )
    legal_basis = fields.Selection(
        LEGAL_BASES,
        readonly=True,
        help="LGPD legal basis the message was sent under: the contact's recorded "
        "consent, else the contract for the debtor and legitimate interest for another "
        "contact person.",
    )
    provider_message_id = fields.Char(
        string="Provider Message ID",
        readonly=True,
        index="btree_not_null",
        help="WhatsApp's message id (wamid), to follow its delivery.",
    )
    activity_id = fields.Many2one(
        "mail.activity", string="Activity", readonly=True, ondelete="set null"
    )
    content_erased_date = fields.Datetime(
        string="Content Erased On",
        readonly=True,
        help="When what the reminder said (message, note, error, attachments) was "
        "erased: at the customer's request or at the end of the retention period. "
        "Its state, dates and reason are kept.",
    )
    currency_id = fields.Many2one(related="move_id.currency_id")
    amount_residual = fields.Monetary(related="move_id.cobranca_amount_due", string="Amount Due")
    invoice_date_due = fields.Date(related="move_id.cobranca_due_date", string="Due Date")

    # escalations (cobranca.approval.batch decides them)
    approval_batch_id = fields.Many2one(
        "cobranca.approval.batch",
        string="Approval Batch",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True)
    approved_date = fields.Datetime(readonly=True)
    rejected_by_id = fields.Many2one("res.users", string="Rejected By", readonly=True)
    rejected_date = fields.Datetime(readonly=True)
    decision_reason = fields.Text(string="Rejection Reason", readonly=True)
    notice_deadline = fields.Date(
        string="Deadline Given",
        readonly=True,
        help="Formal notice: the date it asked the customer to pay or contest by, "
        "counted from the day it was sent.",
    )
    handoff_from = fields.Date(
        string="Hand-off Not Before",
        readonly=True,
        help="Formal notice: no hand-off to protest or negativação of the invoice before "
        "this date (the one the notice printed): its deadline and one more business day "
        "must have passed.",
    )
    custom_body = fields.Html(
        string="Message Edited by the Approver",
        readonly=True,
        help="Replaces the main paragraph of the template in the email of this escalation "
        "(greeting, invoices, creditor identity and opt-out link stay).",
    )
    approval_summary = fields.Html(
        string="Customer Situation", compute="_compute_approval_summary", sanitize=False
    )

    _sql_constraints = [
        (
            "move_step_unique",
            "UNIQUE(move_id, step_id)",
            "An invoice has at most one reminder per ladder step.",
        ),
    ]

    def init(self):
        res = super().init()
        # the dispatcher looks for the scheduled reminders of a day every run
        create_index(
            self.env.cr,
            "cobranca_reminder_due_idx",
            self._table,
            ["scheduled_date", "company_id"],
            where="state = 'scheduled'",
        )
        return res

    @api.depends("step_id", "move_id")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = " · ".join(
                part for part in (reminder.move_id.name, reminder.step_id.name) if part
            )

    def _compute_approval_summary(self):
        QWeb = self.env["ir.qweb"]
        Batch = self.env["cobranca.approval.batch"]
        for reminder in self:
            reminder.approval_summary = (
                QWeb._render(
                    "l10n_br_cobranca_preventiva.cobranca_approval_summary",
                    Batch._summary_values(reminder),
                )
                if reminder.move_id
                else False
            )

    # ------------------------------------------------------------ state changes
    def _set_states(self, changes, only_from=None):
        """Write state changes: ``{reminder id: {column: value}}``, in one statement per
        set of columns (a column absent from a change is left as it is; ``None``
        clears it). The only writer of a reminder's state.

        :param only_from: states a reminder must still be in to change (a row another
            transaction moved meanwhile is left alone)
        :return: the ids that changed
        """
        by_columns = defaultdict(list)
        for reminder_id, values in changes.items():
            by_columns[tuple(sorted(values))].append((reminder_id, values))
        changed = []
        guard = SQL("t.state IN %s", tuple(only_from)) if only_from else None
        for columns, rows in by_columns.items():
            changed += bulk_update(
                self.env,
                self._table,
                [reminder_id for reminder_id, _values in rows],
                [
                    # the column's SQL type: a satellite's columns too
                    (name, self._fields[name].column_type[0], [v[name] for _id, v in rows])
                    for name in columns
                ],
                where=guard,
                stamp=True,
            )
        self.invalidate_model()
        return changed

    # ------------------------------------------------------------ user actions
    def action_approve(self, body=None):
        """Approve escalations: they go out in the next dispatch run (sending window,
        consent and payment are checked again). ``body``, sanitised, replaces the main
        paragraph of the email; greeting, invoices, creditor and opt-out link stay."""
        return self.env["cobranca.approval.batch"]._decide(self, "approve", body=body)

    def action_reject(self, reason):
        """Reject escalations: they are cancelled with the reason, nothing is sent."""
        return self.env["cobranca.approval.batch"]._decide(self, "reject", reason=reason)

    @api.model
    def _cron_dispatch(self, batch_size=None):
        """Scheduled entry point of ``ir_cron_cobranca_dispatch`` (see the dispatcher)."""
        return self.env["cobranca.dispatcher"]._cron_dispatch(batch_size=batch_size)
