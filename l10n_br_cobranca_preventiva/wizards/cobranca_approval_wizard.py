from odoo import api, fields, models


class CobrancaApprovalWizard(models.TransientModel):
    """Approve or reject escalations in bulk; one escalation may get its own text."""

    _name = "cobranca.approval.wizard"
    _description = "Decide Collection Escalations"

    reminder_ids = fields.Many2many(
        "cobranca.reminder",
        string="Escalations",
        required=True,
        domain="[('state', '=', 'to_approve')]",
    )
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, default="approve"
    )
    reason = fields.Text(help="Required to reject; logged on each invoice.")
    body = fields.Html(
        string="Message",
        help="Only for a single escalation: replaces the main paragraph of its email "
        "(greeting, invoices, creditor identity and opt-out link stay).",
    )
    single = fields.Boolean(compute="_compute_single")

    @api.depends("reminder_ids")
    def _compute_single(self):
        for wizard in self:
            wizard.single = len(wizard.reminder_ids) == 1

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "cobranca.reminder":
            values["reminder_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "approve":
            self.reminder_ids.action_approve(body=self.body if self.single else None)
        else:
            self.reminder_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
