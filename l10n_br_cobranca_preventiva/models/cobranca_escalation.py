"""What an approved escalation step does besides its message: the formal notice
letter (PDF), a credit hold on the customer, the hand-off to protest/negativação.

A formal notice gives the customer a deadline counted from the day it is sent; the
dates it prints are decided once, when it goes (the dispatcher passes them to the
email and the letter in the context ``cobranca_notice_dates``), and kept on its
reminder. A hand-off waits until a notice of the same invoice went out by email (not
rejected, skipped, failed nor bounced) and the date it printed has come.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, models
from odoo.tools import format_amount, format_date

from .cobranca_reminder import DONE_STATES, PENDING_STATES

NOTICE_REPORT = "l10n_br_cobranca_preventiva.action_report_cobranca_formal_notice"


class CobrancaEscalation(models.AbstractModel):
    _name = "cobranca.escalation"
    _description = "Collection Escalation Actions"

    # ------------------------------------------------------------ notice dates
    @api.model
    def _notice_dates(self, moves, now=None):
        """{invoice id: (deadline, protest date, hand-off from)} of a formal notice sent
        ``now`` on these invoices. The deadline is the company's days from today on
        the invoice's banking calendar; a hand-off may go once it and one more
        business day have passed. The protest date is printed only when a pending
        step of the invoice hands it off: the later of that step's date and the
        hand-off day (False otherwise)."""
        moves = moves.filtered("company_id")
        steps = {}
        if moves.ids:
            steps = dict(
                self.env["cobranca.reminder"]._read_group(
                    [
                        ("move_id", "in", moves.ids),
                        ("state", "in", PENDING_STATES),
                        ("step_id.escalation_protest", "=", True),
                    ],
                    ["move_id"],
                    ["scheduled_date:min"],
                )
            )
        Calendar = self.env["cobranca.calendar"]
        calendars = Calendar._payment_calendars(moves)
        todays = self.env["cobranca.calendar"]._today_by_company(moves.company_id, now)
        dates = defaultdict(lambda: (False, False, False))
        for move in moves:
            deadline, handoff = calendars[Calendar._payment_calendar_key(move)].notice_dates(
                todays[move.company_id.id], move.company_id.cobranca_notice_deadline_days
            )
            step_day = steps.get(move._origin)
            protest = max(step_day, handoff) if step_day else False
            dates[move.id] = (deadline, protest, protest or handoff)
        return dates

    @api.model
    def _notice_context(self, reminders, now):
        """The value of the context key ``cobranca_notice_dates`` for a dispatch that
        sends these reminders: ((invoice id, deadline, protest date, hand-off from),)
        of the invoices of its formal notices."""
        moves = reminders.filtered(lambda r: r.step_id.escalation_notice).move_id
        dates = self._notice_dates(moves, now)
        return tuple((move_id, *dates[move_id]) for move_id in sorted(moves.ids))

    def _keep_notice_dates(self, reminders):
        """The dates the notices sent by email printed, on their reminders: the
        hand-offs of their invoices wait for them."""
        if not reminders:
            return
        given = {row[0]: row[1:] for row in self.env.context.get("cobranca_notice_dates") or ()}
        given.update(self._notice_dates(reminders.move_id.filtered(lambda m: m.id not in given)))
        self.env["cobranca.reminder"]._set_states(
            {
                reminder.id: {
                    "notice_deadline": given[reminder.move_id.id][0],
                    "handoff_from": given[reminder.move_id.id][2],
                }
                for reminder in reminders
            }
        )

    def _blocked_handoffs(self, reminders, now):
        """{reminder id: (why, next try)} of the hand-offs among these reminders that
        must wait: no formal notice of their invoice went out by email and stayed
        sent (a rejected, skipped, failed or bounced one does not count), or the
        hand-off day the latest one printed has not come yet."""
        handoffs = reminders.filtered(lambda r: r.step_id.escalation_protest)
        if not handoffs:
            return {}
        unlock = {}  # {invoice id: (hand-off from, deadline)} of its latest notice
        for notice in self.env["cobranca.reminder"].search_fetch(
            [
                ("move_id", "in", handoffs.move_id.ids),
                ("handoff_from", "!=", False),
                ("channel", "=", "email"),
                ("state", "in", DONE_STATES),
            ],
            ["move_id", "handoff_from", "notice_deadline"],
        ):
            dates = (notice.handoff_from, notice.notice_deadline)
            unlock[notice.move_id.id] = max(unlock.get(notice.move_id.id, dates), dates)
        windows = {
            c: self.env["cobranca.calendar"]._window(c, frozenset()) for c in handoffs.company_id
        }
        blocked = {}
        for reminder in handoffs:
            window = windows[reminder.company_id]
            day, deadline = unlock.get(reminder.move_id.id, (None, None))
            if day and day <= window.local_date(now):
                continue
            if day:
                why = _(
                    "The formal notice gave the customer until %(deadline)s: the hand-off "
                    "waits until %(date)s, the date the notice printed.",
                    deadline=format_date(self.env, deadline),
                    date=format_date(self.env, day),
                )
                blocked[reminder.id] = (why, window.day_start(day))
            else:
                why = _(
                    "No formal notice of %(invoice)s was sent (or it was rejected, skipped, "
                    "failed or bounced): the hand-off waits for one and for its deadline.",
                    invoice=reminder.move_id.name,
                )
                blocked[reminder.id] = (why, window.start_of_next_day(now))
        return blocked

    # ----------------------------------------------------------------- actions
    def _run(self, reminders):
        """The escalation actions of the steps these sent reminders belong to."""
        notices = reminders.filtered(
            lambda r: r.step_id.escalation_notice and r.channel == "email" and r.mail_mail_id
        )
        self._keep_notice_dates(notices)
        self._attach_notices(notices)
        self._credit_hold(reminders.filtered(lambda r: r.step_id.escalation_credit_hold))
        self._protest_handoff(reminders.filtered(lambda r: r.step_id.escalation_protest))

    def _attach_notices(self, reminders):
        """The formal notice letter, as a PDF, on the email that goes out (with the
        dates of the dispatch's context, the ones the email printed)."""
        report = self.env.ref(NOTICE_REPORT).sudo()
        for reminder in reminders:
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
                    amount=format_amount(self.env, move.cobranca_amount_due, move.currency_id),
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
