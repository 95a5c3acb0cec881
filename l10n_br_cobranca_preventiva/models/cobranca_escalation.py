"""What an approved escalation step does besides its message: the formal notice
letter (PDF), a credit hold on the customer, the hand-off to protest/negativação."""

from markupsafe import Markup, escape

from odoo import _, models
from odoo.tools import format_amount, format_date

NOTICE_REPORT = "l10n_br_cobranca_preventiva.action_report_cobranca_formal_notice"


class CobrancaEscalation(models.AbstractModel):
    _name = "cobranca.escalation"
    _description = "Collection Escalation Actions"

    def _run(self, reminders):
        """The escalation actions of the steps these sent reminders belong to."""
        self._attach_notices(reminders.filtered(lambda r: r.step_id.escalation_notice))
        self._credit_hold(reminders.filtered(lambda r: r.step_id.escalation_credit_hold))
        self._protest_handoff(reminders.filtered(lambda r: r.step_id.escalation_protest))

    def _attach_notices(self, reminders):
        """The formal notice letter, as a PDF, on the email that goes out."""
        report = self.env.ref(NOTICE_REPORT).sudo()
        for reminder in reminders.filtered("mail_mail_id"):
            move = reminder.move_id
            pdf, _fmt = report._render_qweb_pdf(report, res_ids=move.ids)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": _("Formal notice %(invoice)s.pdf", invoice=move.name).replace(
                            "/", "-"
                        ),
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": "account.move",
                        "res_id": move.id,
                    }
                )
            )
            reminder.mail_mail_id.sudo().attachment_ids = [(4, attachment.id)]
            reminder.mail_message_id.sudo().attachment_ids = [(4, attachment.id)]

    def _credit_hold(self, reminders):
        """Flag the customer: new invoices (and sales orders, with Sales) warn about it."""
        for reminder in reminders:
            customer = reminder.move_id.commercial_partner_id.with_company(
                reminder.company_id
            ).sudo()
            if customer.cobranca_credit_hold:
                continue
            message = _(
                "Credit hold since %(date)s: invoice %(invoice)s escalated to %(step)s.",
                date=format_date(self.env, reminder.scheduled_date),
                invoice=reminder.move_id.name,
                step=reminder.step_id.name,
            )
            values = {"cobranca_credit_hold": True}
            for warn in ("invoice_warn", "sale_warn"):
                if warn in customer._fields and customer[warn] == "no-message":
                    values.update({warn: "warning", f"{warn}_msg": message})
            customer.write(values)
            customer.message_post(body=message)

    def _protest_handoff(self, reminders):
        """A to-do for the collector with what a protest/negativação hand-off needs."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("account.move")
        vals_list, handed_off = [], []
        for reminder in reminders:
            move = reminder.move_id
            customer = move.commercial_partner_id
            user = customer._cobranca_collector(reminder.company_id, move.invoice_user_id)
            if not user:
                continue
            handed_off.append(reminder)
            lines = [
                _("Customer: %(name)s", name=customer.name),
                _("CNPJ/CPF: %(vat)s", vat=customer.vat or "-"),
                _(
                    "Address: %(address)s",
                    address=customer.contact_address.replace("\n", ", "),
                ),
                _("Invoice: %(invoice)s", invoice=move.name),
                _(
                    "Amount due: %(amount)s",
                    amount=format_amount(self.env, move.amount_residual, move.currency_id),
                ),
                _(
                    "Due date: %(date)s",
                    date=format_date(self.env, move.cobranca_due_date),
                ),
                _("Days overdue: %(days)s", days=-move.cobranca_days_to_due),
                _(
                    "Reminders sent: %(count)s",
                    count=len(
                        move.cobranca_reminder_ids.filtered(
                            lambda r: r.state in ("sent", "delivered", "read")
                        )
                    ),
                ),
                _("Approved by: %(user)s", user=reminder.approved_by_id.name or "-"),
            ]
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": move.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "date_deadline": reminder.scheduled_date,
                    "summary": _(
                        "Hand off %(invoice)s to protest / negativação",
                        invoice=move.name,
                    ),
                    "note": Markup("<ul>%s</ul>")
                    % Markup("").join(Markup("<li>%s</li>") % escape(line) for line in lines),
                }
            )
        if not vals_list:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        # the to-do holds the customer's data: linked to its reminder, so erasure finds
        # it (a call activity already linked to the same reminder keeps the link)
        self.env["cobranca.reminder"]._set_states(
            {
                reminder.id: {"activity_id": activity.id}
                for reminder, activity in zip(handed_off, activities, strict=True)
                if not reminder.activity_id
            }
        )
