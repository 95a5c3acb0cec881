"""Escalations: reminders of steps that need an approver before they run."""

from markupsafe import Markup, escape
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html_sanitize, is_html_empty

APPROVER = "l10n_br_cobranca_preventiva.group_cobranca_approver"


class CobrancaReminder(models.Model):
    _inherit = "cobranca.reminder"

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
    custom_body = fields.Html(
        string="Message Edited by the Approver",
        readonly=True,
        help="Replaces the main paragraph of the template in the email of this escalation "
        "(greeting, invoices, creditor identity and opt-out link stay).",
    )
    approval_summary = fields.Html(
        string="Customer Situation", compute="_compute_approval_summary", sanitize=False
    )

    def _compute_approval_summary(self):
        QWeb = self.env["ir.qweb"]
        for reminder in self:
            reminder.approval_summary = (
                QWeb._render(
                    "l10n_br_cobranca_preventiva.cobranca_approval_summary",
                    reminder._cobranca_summary_values(),
                )
                if reminder.move_id
                else False
            )

    def _cobranca_summary_values(self):
        self.ensure_one()
        customer = self.commercial_partner_id.with_company(self.company_id)
        invoices = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", self.company_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ]
        )
        today = self.company_id._cobranca_today()
        overdue = invoices.filtered(
            lambda m: m.cobranca_effective_due_date and m.cobranca_effective_due_date < today
        )
        last = self.search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("sent", "delivered", "read", "failed", "skipped")),
            ],
            order="sent_date desc, scheduled_date desc, id desc",
            limit=5,
        )
        currency = self.company_id.currency_id
        return {
            "reminder": self,
            "customer": customer,
            "open_amount": sum(invoices.mapped("amount_residual_signed")),
            "overdue_amount": sum(overdue.mapped("amount_residual_signed")),
            "currency": currency,
            "paused": invoices.filtered(lambda m: m.cobranca_paused_until or m.cobranca_dispute),
            "last_reminders": last,
            "class_label": dict(
                customer._fields["cobranca_class"]._description_selection(self.env)
            ).get(customer.cobranca_class or "new"),
        }

    # --------------------------------------------------------------- request
    def _cobranca_set_batch(self, batch):
        self.env.execute_query(
            SQL(
                "UPDATE cobranca_reminder SET approval_batch_id = %s WHERE id = ANY(%s)",
                batch.id,
                self.ids,
            )
        )
        self.invalidate_recordset(["approval_batch_id"])
        batch.invalidate_recordset(["reminder_ids"])

    # --------------------------------------------------------------- decision
    def _cobranca_check_approver(self):
        if not self.env.user.has_group(APPROVER) and not self.env.su:
            raise AccessError(_("Only collection approvers can approve or reject escalations."))
        self.check_access("read")  # approvers decide for their companies only

    def _cobranca_lock_pending(self):
        """Lock the reminders for this decision; refuse what another approver holds or
        already decided, with who and when."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.execute_query(
                    SQL(
                        "SELECT id FROM cobranca_reminder WHERE id = ANY(%s) FOR UPDATE NOWAIT",
                        self.ids,
                    )
                )
        except errors.LockNotAvailable as exc:
            raise UserError(
                _(
                    "Another approver is deciding on these escalations right now. Try again "
                    "in a moment."
                )
            ) from exc
        self.invalidate_recordset()
        for reminder in self:
            if reminder.state == "to_approve":
                continue
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
            state = dict(self._fields["state"]._description_selection(self.env))[reminder.state]
            reason = dict(self._fields["skip_reason"]._description_selection(self.env)).get(
                reminder.skip_reason, ""
            )
            raise UserError(
                _(
                    "%(reminder)s does not wait for approval (%(state)s %(reason)s).",
                    reminder=reminder.display_name,
                    state=state,
                    reason=reason,
                )
            )

    def action_approve(self, body=None):
        """Approve escalations: they go out in the next dispatch run (sending window,
        consent and payment are checked again). ``body``, sanitised, replaces the main
        paragraph of the email; greeting, invoices, creditor and opt-out link stay."""
        self._cobranca_check_approver()
        body = self._cobranca_clean_body(body)
        self = self.sudo()  # sudo: reminders are written by the engine only
        self._cobranca_lock_pending()
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder
                   SET state = 'scheduled', skip_reason = NULL, next_try = NULL,
                       approved_by_id = %(uid)s, approved_date = %(now)s, custom_body = %(body)s,
                       write_uid = %(uid)s, write_date = %(now)s
                 WHERE id = ANY(%(ids)s)
                """,
                uid=self.env.uid,
                now=now,
                body=body or None,
                ids=self.ids,
            )
        )
        self.invalidate_recordset()
        self._cobranca_log_decision(
            _("Escalation %(step)s approved by %(user)s: it goes out in the next run.")
        )
        self.approval_batch_id._cobranca_close_if_done()
        return True

    def _cobranca_clean_body(self, body):
        """The approver's text, sanitised (it is stored by SQL, which skips the Html
        field's sanitiser), or None when nothing is left of it."""
        cleaned = html_sanitize(body or "", silent=True, sanitize_style=True)
        return cleaned if cleaned and not is_html_empty(cleaned) else None

    def action_reject(self, reason):
        """Reject escalations: they are cancelled with the reason, nothing is sent."""
        self._cobranca_check_approver()
        if not (reason or "").strip():
            raise UserError(_("Say why the escalation is rejected."))
        self = self.sudo()  # sudo: reminders are written by the engine only
        self._cobranca_lock_pending()
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """
                UPDATE cobranca_reminder
                   SET state = 'cancelled', skip_reason = 'rejected', decision_reason = %(reason)s,
                       rejected_by_id = %(uid)s, rejected_date = %(now)s,
                       write_uid = %(uid)s, write_date = %(now)s
                 WHERE id = ANY(%(ids)s)
                """,
                reason=reason.strip(),
                uid=self.env.uid,
                now=now,
                ids=self.ids,
            )
        )
        self.invalidate_recordset()
        self._cobranca_log_decision(
            _("Escalation %(step)s rejected by %(user)s: %(reason)s"), reason=reason.strip()
        )
        self.approval_batch_id._cobranca_close_if_done()
        return True

    def _cobranca_log_decision(self, text, **values):
        """One note per invoice, in one batch insert."""
        bodies = {}
        for reminder in self:
            note = text % {"step": reminder.step_id.name, "user": self.env.user.name, **values}
            bodies[reminder.move_id.id] = bodies.get(reminder.move_id.id, Markup("")) + (
                Markup("<p>%s</p>") % escape(note)
            )
        self.move_id.sudo()._message_log_batch(bodies, author_id=self.env.user.partner_id.id)

    @api.model
    def _cobranca_request_approvals(self, reminders, now):
        if reminders:
            self.env["cobranca.approval.batch"].sudo()._cobranca_add(reminders, now)
