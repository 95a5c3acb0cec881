"""Activity channel: a call (or to-do) for the customer's collector, due on a day the
company and the debtor may be called, with what to say and the debtor's legal hours."""

from markupsafe import Markup

from odoo import _, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date

from ..tools import call_recording
from ..tools.outcome import Message


class CobrancaChannelActivity(models.AbstractModel):
    _name = "cobranca.channel.activity"
    _inherit = "cobranca.channel"
    _description = "Collection Channel: Activity"

    _channel = "activity"
    _sequence = 40
    _consent_channel = "phone"  # a call: the consent to be called
    _default_policy = "opt_out"
    _customer_label = "ligações"
    _partner_contact_fields = ("phone", "mobile")
    _reaches_customer = False  # a person calls: no creditor line, no daily message cap

    def _consent_contact(self, reminder):
        """A call has no single number: a revocation of calls recorded on any of the
        invoice partner's numbers stops it."""
        move = reminder.move_id
        candidates = self._contacts(move.partner_id)
        return move.commercial_partner_id.union(*(p for p, _number in candidates)), None

    def _default_contact(self, partner):
        return partner.phone or partner.mobile

    def _check_step(self, step):
        if not step.activity_type_id:
            raise ValidationError(
                _(
                    "Step %(step)s of “%(ladder)s” creates an activity: choose "
                    "the activity type (for example Call).",
                    step=step.name,
                    ladder=step.regua_id.name,
                )
            )

    def _collector(self, reminder):
        move = reminder.move_id
        return move.commercial_partner_id._cobranca_collector(
            reminder.company_id, move.invoice_user_id
        )

    def _targets(self, reminders, outcome):
        messages = []
        for reminder in reminders:
            user = self._collector(reminder)
            if not reminder.step_id.activity_type_id:
                outcome.set(
                    reminder,
                    "skipped",
                    "no_activity_type",
                    _(
                        "Step %(step)s of “%(ladder)s” has no activity type (it was deleted).",
                        step=reminder.step_id.name,
                        ladder=reminder.regua_id.name,
                    ),
                )
            elif not user:
                outcome.set(
                    reminder,
                    "failed",
                    "no_responsible",
                    _(
                        "Nobody to assign the call to: set a collector or a salesperson on "
                        "the customer or the invoice, or the collection responsible in the "
                        "settings."
                    ),
                )
            else:
                messages.append(Message(self._channel, reminder, partner_id=user.id))
        return messages

    def _send(self, messages, outcome):
        """One activity per reminder, created in one go; ``Message.partner_id`` holds
        the collector (a user)."""
        if not messages:
            return
        model_id = self.env["ir.model"]._get_id("account.move")
        companies = self.env["res.company"].browse({m.lead.company_id.id for m in messages})
        closed = self.env["cobranca.calendar"]._closed_days_by_company(companies)
        windows = {}  # (company, the called person's place) -> combined window
        vals_list = []
        for message in messages:
            reminder = message.lead
            move, company = reminder.move_id, reminder.company_id
            user = self.env["res.users"].browse(message.partner_id)
            # the person the call asks for: the invoice contact with a phone, else
            # the customer; the hours and holidays of its own state apply
            person = move.partner_id._cobranca_recipient(self._channel)
            place = person._cobranca_place()
            if (company.id, place) not in windows:
                windows[company.id, place] = self.env["cobranca.calendar"]._partner_window(
                    company, person, closed[company.id]
                )
            window = windows[company.id, place]
            # a day both the company and the debtor may be called on, not before today
            start = max(outcome.now, window.day_start(reminder.scheduled_date))
            deadline = window.local_date(window.next_opening(start))
            in_lang = self.with_context(lang=user.lang or self.env.lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": move.id,
                    "activity_type_id": reminder.step_id.activity_type_id.id,
                    "user_id": user.id,
                    "date_deadline": deadline,
                    "summary": in_lang.env._(
                        "Collection %(step)s: %(invoice)s",
                        step=reminder.step_id.name,
                        invoice=move.name,
                    ),
                    "note": in_lang._note(
                        reminder, self.env["cobranca.calendar"]._state_rule(company, place[0])
                    ),
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        for message, activity in zip(messages, activities, strict=True):
            outcome.set(
                message.lead,
                "sent",
                sent_date=outcome.now,
                activity_id=activity.id,
                channel=self._channel,
            )

    def _apply_status(self, events, companies=None):
        """An activity has no delivery to follow: done or not, the call was asked for."""
        return

    # -------------------------------------------------------------------- note
    def _note(self, reminder, rule):
        """The call to-do's note, in the language of ``self.env``: what to say and when
        the law lets the collector call this customer (``rule``: the contact rule of
        the customer's state)."""
        _ = self.env._
        move = reminder.move_id
        customer = move.commercial_partner_id
        # the numbers a call may use: the same list the opt-out page shows
        numbers = [number for _partner, number in self._contacts(move.partner_id)]
        items = [
            _(
                "Customer: %(name)s %(phone)s",
                name=customer.display_name,
                phone=", ".join(dict.fromkeys(numbers)),
            ),
            self._amount_text(move),
            _("Due date: %(date)s", date=format_date(self.env, move.cobranca_due_date)),
            self._hours_text(rule),
        ]
        recording = call_recording.rule_for(rule.state)
        if recording:
            items.append(self._recording_text(recording))
        if rule.tz != reminder.company_id.cobranca_tz:
            items.append(_("These hours are the customer's local time (%(tz)s).", tz=rule.tz))
        return Markup("<p>%s</p><ul>%s</ul>") % (
            _(
                "Call the customer about this invoice (step %(step)s of the ladder).",
                step=reminder.step_id.name,
            ),
            Markup().join(Markup("<li>%s</li>") % item for item in items),
        )

    def _amount_text(self, move):
        """What the collector says the invoice costs: for a consumer's overdue invoice,
        item by item as of today (``sp_itemised_charges`` also covers what is said by
        voice; tools/late_charges.py), or that nothing is added to it."""
        _ = self.env._
        today = self.env["cobranca.calendar"]._today(move.company_id)
        charges = self.env["cobranca.render.values"]._late_charges(move, today)

        def money(amount):
            return format_amount(self.env, float(amount), move.currency_id)

        if charges and charges.has_charges:
            return _(
                "Amount due on %(date)s: %(total)s (principal %(principal)s, late fee "
                "%(fine)s, interest %(interest)s for %(days)s days late): tell the customer "
                "each of these amounts.",
                date=format_date(self.env, today),
                total=money(charges.total),
                principal=money(charges.principal),
                fine=money(charges.fine),
                interest=money(charges.interest),
                days=charges.days_late,
            )
        if charges:
            return _(
                "Amount due: %(amount)s, with no late fee nor interest: this consumer's "
                "messages say the amount settles the invoice.",
                amount=money(charges.principal),
            )
        return _("Amount due: %(amount)s", amount=money(move.cobranca_amount_due))

    def _recording_text(self, recording):
        """The duty to record the call and tell the customer, in the debtor's state
        (tools/call_recording.py)."""
        _ = self.env._
        law = (
            recording.law
            if recording.confirmed
            else _("%(law)s, reported, text not confirmed", law=recording.law)
        )
        return _(
            "Record this call (date and time) and tell the customer at its start that "
            "collection calls are recorded and that the recording is given on request "
            "within %(days)s business days (%(state)s, %(law)s).",
            days=call_recording.DELIVERY_BUSINESS_DAYS,
            state=recording.state,
            law=law,
        )

    def _hours_text(self, rule):
        """The legal contact hours of ``rule`` in one sentence, such as "Call between
        08:00 and 20:00 Mon–Fri, … (SP, Lei SP 15.426/2014, art. 2º)": the law's words,
        source and status come from legal_sources (tools/contact_hours.py)."""
        _ = self.env._
        state = rule.state or _("no Brazilian state")
        if rule.own_law:
            law = rule.law
        elif rule.reported:
            law = _("%(law)s, reported, text not confirmed", law=rule.law)
        else:
            law = _("%(law)s, applied by default", law=rule.law)
        hours = {
            "start": rule.weekday[0].strftime("%H:%M"),
            "end": rule.weekday[1].strftime("%H:%M"),
            "state": state,
            "law": law,
        }
        if rule.saturday:
            return _(
                "Call between %(start)s and %(end)s Mon–Fri, %(sat_start)s–%(sat_end)s Sat, "
                "never on Sundays or holidays (%(state)s, %(law)s).",
                sat_start=rule.saturday[0].strftime("%H:%M"),
                sat_end=rule.saturday[1].strftime("%H:%M"),
                **hours,
            )
        return _(
            "Call between %(start)s and %(end)s Mon–Fri, never on weekends or holidays "
            "(%(state)s, %(law)s).",
            **hours,
        )
