from odoo import api, fields, models

from .cobranca_consent import LEGAL_BASES
from .cobranca_regua_step import CHANNELS

STATES = [
    ("scheduled", "Scheduled"),
    ("to_approve", "To Approve"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("read", "Read"),
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
    ("dispute", "Paused: invoice in dispute"),
    ("daily_cap", "Daily message limit reached"),
    ("outside_window", "Outside the sending window"),
    ("creditor_incomplete", "Creditor identity incomplete (CNPJ, address)"),
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
]
#: Reasons that end when the invoice is open again (payment reverted, re-posted).
CLOSED_INVOICE_REASONS = (
    "paid",
    "invoice_cancelled",
    "invoice_draft",
    "invoice_reversed",
)


class CobrancaReminder(models.Model):
    """One step of a ladder for one invoice: the plan, then the log of what went out.

    At most one reminder per (invoice, step), enforced by the database, so that a
    crash and a re-run can never send a step twice.
    """

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
    amount_residual = fields.Monetary(related="move_id.amount_residual", string="Amount Due")
    invoice_date_due = fields.Date(related="move_id.cobranca_due_date", string="Due Date")

    _sql_constraints = [
        (
            "move_step_unique",
            "UNIQUE(move_id, step_id)",
            "An invoice has at most one reminder per ladder step.",
        ),
    ]

    @api.depends("step_id", "move_id")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = " · ".join(
                part for part in (reminder.move_id.name, reminder.step_id.name) if part
            )
