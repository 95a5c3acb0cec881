"""The invoice's collection timeline: the steps of its ladder with the dates they fall
on (nothing is sent), shown on the invoice form (``account.move.cobranca_timeline_html``,
QWeb ``cobranca_timeline``). A service over ``account.move`` records."""

from odoo import api, fields, models
from odoo.tools import format_date

from .cobranca_rules import closed_reason


class CobrancaTimeline(models.AbstractModel):
    _name = "cobranca.timeline"
    _description = "Collection: Invoice Timeline"

    @api.model
    def _lines(self, move):
        """The ladder's steps with their dates for this invoice (nothing is sent)."""
        move.ensure_one()
        due = move.cobranca_due_date
        regua = move.cobranca_regua_id
        if not due or not regua:
            return []
        company = move.company_id
        Calendar = self.env["cobranca.calendar"]
        closed = Calendar._closed_days_by_company(company)[company.id]
        payment = Calendar._calendar(company, move.commercial_partner_id)
        planned = {r.step_id: r.channel for r in move.cobranca_reminder_ids}
        lines = []
        for step in regua.step_ids:
            # as the planner: on the calendar of the person the step's (planned)
            # channel reaches, from the date the bill is payable on the customer's
            channel = planned.get(step) or step.channel
            person = move.partner_id and move.partner_id._cobranca_recipient(channel)
            calendar = Calendar._contact_calendar(company, person, closed) if person else payment
            day = calendar.contact_step_date(due, step.offset_days, step.day_type, payment=payment)
            lines.append({"step": step, "date": day, "calendar": calendar})
        return lines

    @api.model
    def _html(self, move):
        """The timeline shown on the invoice form (customer invoices only)."""
        if move.move_type != "out_invoice":
            return False
        return self.env["ir.qweb"]._render(
            "l10n_br_cobranca_preventiva.cobranca_timeline", self._values(move)
        )

    @api.model
    def _values(self, move):
        move.ensure_one()
        today = fields.Date.context_today(move)
        step_model = self.env["cobranca.regua.step"]
        channels = dict(step_model._fields["channel"]._description_selection(self.env))
        day_types = dict(step_model._fields["day_type"]._description_selection(self.env))
        calendar = self.env["cobranca.calendar"]._calendar(
            move.company_id, move.commercial_partner_id
        )
        lines = []
        for line in self._lines(move):
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
        due = move.cobranca_due_date
        effective = move.cobranca_effective_due_date
        return {
            "move": move,
            "regua": move.cobranca_regua_id,
            "lines": lines,
            "due_date": due and format_date(self.env, due),
            "effective_due_date": effective and format_date(self.env, effective),
            "due_moved": bool(due and effective and due != effective),
            "is_draft": move.state == "draft",
            "show_plan": move.state == "draft" or not move.cobranca_reminder_ids,
            "is_closed": closed_reason(move) not in (None, "invoice_draft"),
            "excluded": move.commercial_partner_id.with_company(move.company_id).cobranca_excluded,
            "calendar_state": calendar.label,
        }
