from odoo import _, api, fields, models
from odoo.tools import format_date


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
        ("company_date_unique", "UNIQUE(company_id, date)", "One batch of escalations per day."),
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

    @api.model
    def _cobranca_add(self, reminders, now):
        """Put reminders that now wait for approval into their company's batch of the
        day; a new batch gets one activity for the approver."""
        for company, company_reminders in reminders.grouped("company_id").items():
            day = company._cobranca_today(now)
            batch = self.search([("company_id", "=", company.id), ("date", "=", day)])
            if not batch:
                batch = self.create({"company_id": company.id, "date": day})
                batch._cobranca_notify_approver()
            company_reminders._cobranca_set_batch(batch)

    def _cobranca_notify_approver(self):
        activity_type = self.env.ref(
            "l10n_br_cobranca_preventiva.mail_activity_type_cobranca_approval"
        )
        for batch in self:
            user = batch.company_id._cobranca_approver()
            if not user:
                continue
            batch.with_context(mail_activity_quick_update=True).activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                date_deadline=batch.date,
                summary=_("Collection escalations to approve"),
            )

    def _cobranca_close_if_done(self):
        """Mark the approval activity done once nothing waits in the batch."""
        for batch in self:
            if not batch.reminder_ids.filtered(lambda r: r.state == "to_approve"):
                batch.activity_ids.action_feedback(
                    feedback=_("Every escalation of the batch was decided or cancelled.")
                )

    def action_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "l10n_br_cobranca_preventiva.action_cobranca_approval"
        )
        action["domain"] = [("approval_batch_id", "=", self.id)]
        return action
