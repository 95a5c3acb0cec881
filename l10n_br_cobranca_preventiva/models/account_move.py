from odoo import api, fields, models
from odoo.tools import format_date


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
        help="Due date the ladder counts from: the earliest open installment, else "
        "the invoice's due date, else its invoice date.",
    )
    cobranca_effective_due_date = fields.Date(
        string="Payable Until",
        compute="_compute_cobranca_due_date",
        help="The due date moved to the next business day when it falls on a "
        "weekend or a holiday: the invoice is not overdue before this date.",
    )
    cobranca_days_to_due = fields.Integer(
        string="Days to Due Date",
        compute="_compute_cobranca_days_to_due",
        help="Days left until the date the invoice is payable until; negative when "
        "it is overdue.",
    )
    cobranca_timeline_html = fields.Html(
        string="Collection Timeline",
        compute="_compute_cobranca_timeline_html",
        sanitize=False,
    )

    # ------------------------------------------------------------------ ladder
    @api.depends(
        "move_type",
        "company_id.cobranca_default_regua_id",
        "commercial_partner_id.cobranca_regua_id",
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
                move.cobranca_regua_id
                and move.cobranca_regua_id != move._cobranca_resolve_regua()
            )

    def _cobranca_resolve_regua(self):
        """Automatic ladder: the customer's in this company, else the default one."""
        self.ensure_one()
        if self.move_type != "out_invoice" or not self.company_id:
            return self.env["cobranca.regua"]
        company = self.company_id
        partner = self.commercial_partner_id.with_company(company)
        regua = partner.cobranca_regua_id
        if regua and regua.active and regua.company_id == company:
            return regua
        return company.cobranca_default_regua_id

    def action_cobranca_reset_regua(self):
        """Drop the ladder chosen on the invoice: follow the customer/company again."""
        self.cobranca_regua_forced = False
        for move in self:
            move.cobranca_regua_id = move._cobranca_resolve_regua()

    # ------------------------------------------------------------------ dates
    @api.depends(
        "invoice_date",
        "invoice_date_due",
        "company_id",
        "line_ids.date_maturity",
        "line_ids.amount_residual",
    )
    def _compute_cobranca_due_date(self):
        for move in self:
            due = move._cobranca_open_due_date()
            move.cobranca_due_date = due
            move.cobranca_effective_due_date = (
                due and move.company_id._cobranca_calendar().effective_due_date(due)
            )

    def _compute_cobranca_days_to_due(self):
        today = fields.Date.context_today(self)
        for move in self:
            effective = move.cobranca_effective_due_date
            move.cobranca_days_to_due = (effective - today).days if effective else 0

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
        calendar = self.company_id._cobranca_calendar()
        return [
            {
                "step": step,
                "date": calendar.step_date(due, step.offset_days, step.day_type),
            }
            for step in regua.step_ids
        ]

    @api.depends(
        "move_type",
        "state",
        "payment_state",
        "cobranca_regua_id",
        "cobranca_due_date",
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
        day_types = dict(
            step_model._fields["day_type"]._description_selection(self.env)
        )
        calendar = self.company_id._cobranca_calendar()
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
                    "holiday": calendar.holiday_name(day) or "",
                    "when": "past"
                    if day < today
                    else "today"
                    if day == today
                    else "next",
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
            "is_closed": self.state == "cancel"
            or self.payment_state in ("paid", "in_payment", "reversed"),
            "excluded": self.commercial_partner_id.with_company(
                self.company_id
            ).cobranca_excluded,
            "calendar_state": calendar.state,
        }
