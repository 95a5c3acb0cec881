"""Escalations: reminders of steps that need an approver before they run.

The dispatcher puts a reminder that reaches such a step in ``to_approve`` and in its
company's batch of the day, which carries one activity for the approver; an approval
sends it back to ``scheduled`` (the next run checks everything again), a rejection
cancels it with the reason. Both are logged on the invoices with the user and time.
"""

from markupsafe import Markup, escape
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, html_sanitize, is_html_empty

from .cobranca_rules import OPEN_INVOICE_DOMAIN, wait_reason

APPROVER = "l10n_br_cobranca_preventiva.group_cobranca_approver"


class CobrancaApprovalBatch(models.Model):
    """The escalations of one day and company, waiting for an approver: one activity
    for all of them instead of one per invoice."""

    _name = "cobranca.approval.batch"
    _description = "Collection Escalations to Approve"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    reminder_ids = fields.One2many(
        "cobranca.reminder", "approval_batch_id", string="Escalations", readonly=True
    )
    pending_count = fields.Integer(compute="_compute_pending_count", string="To Approve")

    _sql_constraints = [
        (
            "company_date_unique",
            "UNIQUE(company_id, date)",
            "One batch of escalations per day.",
        ),
    ]

    @api.depends("date")
    def _compute_name(self):
        for batch in self:
            batch.name = _("Escalations of %(date)s", date=format_date(self.env, batch.date))

    @api.depends("reminder_ids.state")
    def _compute_pending_count(self):
        for batch in self:
            batch.pending_count = len(
                batch.reminder_ids.filtered(lambda r: r.state == "to_approve")
            )

    def action_open_reminders(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_br_cobranca_preventiva.action_cobranca_approval"
        )
        action["domain"] = [("approval_batch_id", "=", self.id)]
        return action

    # ----------------------------------------------------------------- request
    @api.model
    def _add(self, reminders, now):
        """Put reminders that now wait for approval into their company's batch of the
        day; a new batch gets one activity for the approver."""
        for company, company_reminders in reminders.grouped("company_id").items():
            day = self.env["cobranca.calendar"]._today(company, now)
            batch = self.search([("company_id", "=", company.id), ("date", "=", day)])
            if not batch:
                batch = self.create({"company_id": company.id, "date": day})
                batch._notify_approver()
            company_reminders._set_states(
                {reminder.id: {"approval_batch_id": batch.id} for reminder in company_reminders}
            )
            batch.invalidate_recordset(["reminder_ids"])

    @api.model
    def _approver(self, company):
        """Who gets the company's daily approval activity: its approver, else the first
        internal user of the approvers' group in it."""
        if company.cobranca_approver_id:
            return company.cobranca_approver_id
        return self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref(APPROVER).ids),
                ("company_ids", "in", company.ids),
                ("share", "=", False),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )

    def _notify_approver(self):
        activity_type = self.env.ref(
            "l10n_br_cobranca_preventiva.mail_activity_type_cobranca_approval"
        )
        for batch in self:
            user = self._approver(batch.company_id)
            if not user:
                continue
            batch.with_context(mail_activity_quick_update=True).activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                date_deadline=batch.date,
                summary=_("Collection escalations to approve"),
            )

    def _close_if_done(self):
        """Mark the approval activity done once nothing waits in the batch."""
        for batch in self:
            if not batch.reminder_ids.filtered(lambda r: r.state == "to_approve"):
                batch.activity_ids.action_feedback(
                    feedback=_("Every escalation of the batch was decided or cancelled.")
                )

    # ---------------------------------------------------------------- decision
    @api.model
    def _decide(self, reminders, decision, body=None, reason=None):
        """Approve or reject escalations, as the current user (an approver of their
        companies), after locking them; logged on each invoice."""
        if not self.env.user.has_group(APPROVER) and not self.env.su:
            raise AccessError(_("Only collection approvers can approve or reject escalations."))
        reminders.check_access("read")  # approvers decide for their companies only
        reason = (reason or "").strip()
        if decision == "reject" and not reason:
            raise UserError(_("Say why the escalation is rejected."))
        body = self._clean_body(body)
        user = self.env.user
        reminders = reminders.sudo()  # sudo: reminders are written by the engine only
        self._lock_pending(reminders)
        now = fields.Datetime.now()
        if decision == "approve":
            values = {
                "state": "scheduled",
                "skip_reason": None,
                "next_try": None,
                "approved_by_id": user.id,
                "approved_date": now,
                "custom_body": body,
            }
            text = _("Escalation %(step)s approved by %(user)s: it goes out in the next run.")
        else:
            values = {
                "state": "cancelled",
                "skip_reason": "rejected",
                "decision_reason": reason,
                "rejected_by_id": user.id,
                "rejected_date": now,
            }
            text = _("Escalation %(step)s rejected by %(user)s: %(reason)s")
        reminders._set_states({reminder.id: values for reminder in reminders})
        notes = {}
        for reminder in reminders:
            note = text % {
                "step": reminder.step_id.name,
                "user": user.name,
                "reason": reason,
            }
            notes[reminder.move_id.id] = notes.get(reminder.move_id.id, Markup()) + (
                Markup("<p>%s</p>") % escape(note)
            )
        reminders.move_id.sudo()._message_log_batch(notes, author_id=user.partner_id.id)
        reminders.approval_batch_id._close_if_done()
        return True

    def _clean_body(self, body):
        """The approver's text, sanitised (it is stored by SQL, which skips the Html
        field's sanitiser), or None when nothing is left of it."""
        cleaned = html_sanitize(body or "", silent=True, sanitize_style=True)
        return cleaned if cleaned and not is_html_empty(cleaned) else None

    def _lock_pending(self, reminders):
        """Lock the reminders for this decision; refuse what another approver holds or
        already decided, with who and when."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.execute_query(
                    SQL(
                        "SELECT id FROM cobranca_reminder WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                        reminders.ids,
                    )
                )
        except errors.LockNotAvailable as exc:
            raise UserError(
                _(
                    "Another approver is deciding on these escalations right now. Try again "
                    "in a moment."
                )
            ) from exc
        reminders.invalidate_recordset()
        states = dict(reminders._fields["state"]._description_selection(self.env))
        reasons = dict(reminders._fields["skip_reason"]._description_selection(self.env))
        for reminder in reminders.filtered(lambda r: r.state != "to_approve"):
            if reminder.approved_by_id:
                raise UserError(
                    _(
                        "%(reminder)s was already approved by %(user)s on %(date)s.",
                        reminder=reminder.display_name,
                        user=reminder.approved_by_id.name,
                        date=fields.Datetime.to_string(reminder.approved_date),
                    )
                )
            if reminder.rejected_by_id:
                raise UserError(
                    _(
                        "%(reminder)s was already rejected by %(user)s on %(date)s.",
                        reminder=reminder.display_name,
                        user=reminder.rejected_by_id.name,
                        date=fields.Datetime.to_string(reminder.rejected_date),
                    )
                )
            raise UserError(
                _(
                    "%(reminder)s does not wait for approval (%(state)s %(reason)s).",
                    reminder=reminder.display_name,
                    state=states[reminder.state],
                    reason=reasons.get(reminder.skip_reason, ""),
                )
            )

    # ---------------------------------------------------------------- summary
    @api.model
    def _summary_values(self, reminder):
        """What an approver sees of the customer next to an escalation."""
        customer = reminder.commercial_partner_id.with_company(reminder.company_id)
        invoices = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", reminder.company_id.id),
                *OPEN_INVOICE_DOMAIN,
            ]
        )
        today = self.env["cobranca.calendar"]._today(reminder.company_id)
        overdue = invoices.filtered(
            lambda m: m.cobranca_effective_due_date and m.cobranca_effective_due_date < today
        )
        last = reminder.search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", reminder.company_id.id),
                ("state", "in", ("sent", "delivered", "read", "failed", "skipped")),
            ],
            order="sent_date desc, scheduled_date desc, id desc",
            limit=5,
        )
        return {
            "reminder": reminder,
            "customer": customer,
            "open_amount": sum(invoices.mapped("cobranca_amount_due_signed")),
            "overdue_amount": sum(overdue.mapped("cobranca_amount_due_signed")),
            "currency": reminder.company_id.currency_id,
            "paused": invoices.filtered(lambda m: wait_reason(m, today)),
            "last_reminders": last,
            "class_label": dict(
                customer._fields["cobranca_class"]._description_selection(self.env)
            ).get(customer.cobranca_class or "new"),
        }
