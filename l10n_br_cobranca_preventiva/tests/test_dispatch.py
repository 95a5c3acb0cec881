import re
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon


def amount_re(text):
    """'R$ 600,00' with a normal or no-break space."""
    return re.escape(text).replace(r"\ ", r"(?:\s|\xa0|&nbsp;)")


class DispatchCommon(CobrancaCommon):
    """The customer's collector, and invoices posted on a given day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls.env["res.users"].create(
            {
                "name": "Cobradora Joana",
                "login": "joana.cobranca",
                "email": "joana@example.com",
            }
        )
        cls.customer.cobranca_collector_id = cls.collector

    def post_at(self, due, posted="2026-02-02", partner=None, **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )


@tagged("post_install", "-at_install")
class TestDispatch(DispatchCommon):
    # -------------------------------------------------------------- the ladder
    def test_standard_ladder_over_the_carnaval_week(self):
        # Due Friday 13/02/2026; Carnaval on 16-17/02. The cron runs each day at 10:00.
        move = self.post_at("2026-02-13")
        day = date(2026, 2, 2)
        while day <= date(2026, 3, 11):
            self.dispatch(f"{day.isoformat()} 10:00")
            day += timedelta(days=1)
        reminders = self.reminders(move)
        sent_days = {
            name: r.sent_date and (r.sent_date - timedelta(hours=3)).date()
            for name, r in reminders.items()
        }
        self.assertEqual(sent_days["D-5"], date(2026, 2, 6))
        self.assertEqual(sent_days["D-1"], date(2026, 2, 12))
        self.assertEqual(sent_days["D0"], date(2026, 2, 13))
        self.assertEqual(sent_days["D+3"], date(2026, 2, 20))
        self.assertEqual(sent_days["D+7"], date(2026, 2, 26))
        self.assertEqual(reminders["D+15"].state, "to_approve")
        self.assertFalse(reminders["D+15"].sent_date)
        # D-1 is a WhatsApp step: without the customer's consent it falls back to email
        self.assertEqual(
            (reminders["D-1"].channel, reminders["D-1"].fallback_reason),
            ("email", "no_consent"),
        )
        # emails: D-5, D-1, D0, D+3; D+7 is a call for the collector
        mails = self.mails_of(move)
        self.assertEqual(len(mails), 4)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual(mails.recipient_ids, self.customer)
        activity = reminders["D+7"].activity_id
        self.assertEqual(activity.user_id, self.collector)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activity.date_deadline, date(2026, 2, 26))
        # each email is in the invoice's chatter, with the Portuguese texts
        before = reminders["D-5"].mail_message_id
        self.assertEqual(before.model, "account.move")
        self.assertEqual(before.res_id, move.id)
        self.assertIn(before, move.message_ids)
        self.assertIn("em 7 dias", before.body)  # D-5 business days = 7 calendar days
        self.assertRegex(str(before.body), amount_re("R$ 1.000,00"))
        self.assertIn("13/02/2026", before.body)
        self.assertIn(move.get_portal_url(), before.body)
        self.assertIn("vence hoje", reminders["D0"].mail_message_id.subject)
        # D+3 business days after Friday 13/02, over Carnaval, is Friday 20/02:
        # 7 days late
        self.assertIn("está vencida há 7 dias", reminders["D+3"].mail_message_id.body)

    def test_cron_record_runs_the_dispatcher(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        cron = self.env.ref("l10n_br_cobranca_preventiva.ir_cron_cobranca_dispatch")
        self.assertEqual(cron.interval_number, 15)
        self.assertEqual(cron.interval_type, "minutes")
        with freeze_time(self.sp_time("2026-03-09 10:00")):
            cron.method_direct_trigger()
        self.assertEqual(self.reminders(move)["D-5"].state, "sent")

    # ------------------------------------------------------------------ window
    def test_sending_window(self):
        # D-1 of an invoice due Monday 16/03/2026 is Friday 13/03.
        move = self.post_at("2026-03-16", posted="2026-03-02")
        d1 = self.reminders(move)["D-1"]
        self.dispatch("2026-03-13 19:59")
        self.assertEqual(d1.state, "sent")
        late = self.post_at("2026-03-16", posted="2026-03-02", partner=self.partner_a)
        self.partner_a.email = "financeiro@partner-a.example.com"
        late_d1 = self.reminders(late)["D-1"]
        self.dispatch("2026-03-13 20:01")
        self.assertEqual(late_d1.state, "scheduled")
        self.dispatch("2026-03-14 07:59")
        self.assertEqual(late_d1.state, "scheduled")
        self.dispatch("2026-03-14 08:00")
        self.assertEqual(late_d1.state, "sent")

    def test_saturday_afternoon_waits_until_monday(self):
        # one step, two calendar days before a Monday due date: Saturday 14/03/2026
        regua = self.env["cobranca.regua"].create(
            {
                "name": "Sábado",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -2,
                            "day_type": "calendar",
                            "channel": "email",
                            "mail_template_id": self.template_before_due.id,
                        }
                    )
                ],
            }
        )
        move = self.post_at("2026-03-16", posted="2026-03-02", cobranca_regua_id=regua.id)
        self.assertEqual(move.cobranca_reminder_ids.scheduled_date, date(2026, 3, 14))
        self.dispatch("2026-03-14 13:59")
        self.assertEqual(move.cobranca_reminder_ids.state, "sent")
        self.partner_a.email = "financeiro@partner-a.example.com"
        other = self.post_at(
            "2026-03-16",
            posted="2026-03-02",
            partner=self.partner_a,
            cobranca_regua_id=regua.id,
        )
        reminder = other.cobranca_reminder_ids
        self.dispatch("2026-03-14 14:00")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-15 10:00")  # Sunday
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-16 07:59")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-03-16 08:00")
        self.assertEqual(reminder.state, "sent")

    def test_stale_steps_give_way_to_the_latest(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        self.dispatch("2026-03-16 08:00")  # nothing ran since the D-5 of 09/03
        reminders = self.reminders(move)
        for name in ("D-5", "D-1"):
            self.assertEqual(
                (reminders[name].state, reminders[name].skip_reason),
                ("skipped", "superseded"),
            )
        self.assertEqual(reminders["D0"].state, "sent")
        self.assertEqual(len(self.mails_of(move)), 1)

    def test_holiday_is_skipped(self):
        # Due Wednesday 22/04/2026; a business-day D-1 is Monday 20/04 (21/04 is
        # Tiradentes), a calendar-day D-1 falls on the holiday and waits for the next
        # day.
        self.assertEqual(
            self.reminders(self.post_at("2026-04-22", posted="2026-04-01"))["D-1"].scheduled_date,
            date(2026, 4, 20),
        )
        regua = self.env["cobranca.regua"].create(
            {
                "name": "Véspera corrida",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -1,
                            "day_type": "calendar",
                            "channel": "email",
                            "mail_template_id": self.template_before_due.id,
                        }
                    )
                ],
            }
        )
        move = self.post_at(
            "2026-04-22",
            posted="2026-04-01",
            partner=self.partner_a,
            cobranca_regua_id=regua.id,
        )
        self.partner_a.email = "financeiro@partner-a.example.com"
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.scheduled_date, date(2026, 4, 21))
        self.dispatch("2026-04-21 10:00")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2026-04-22 08:30")
        self.assertEqual(reminder.state, "sent")

    # --------------------------------------------------------- customer rules
    def test_two_invoices_one_email(self):
        first = self.post_at("2026-03-16", posted="2026-03-02")
        second = self.post_at("2026-03-16", posted="2026-03-03")
        self.dispatch("2026-03-09 10:00")
        r1, r2 = self.reminders(first)["D-5"], self.reminders(second)["D-5"]
        self.assertEqual((r1.state, r2.state), ("sent", "sent"))
        self.assertEqual(r1.mail_message_id, r2.mail_message_id)
        self.assertEqual(r1.mail_mail_id, r2.mail_mail_id)
        mails = self.mails_of(first | second)
        self.assertEqual(len(mails), 1)
        body = str(mails.body_html)
        self.assertIn(first.name, body)
        self.assertIn(second.name, body)
        self.assertIn("das faturas abaixo", body)
        self.assertIn("2 faturas próximas do vencimento", mails.subject)
        # the email sits in the lead invoice's chatter; the other invoice's chatter gets
        # a note that says which email carried its reminder
        lead = self.env["account.move"].browse(r1.mail_message_id.res_id)
        other = (first | second) - lead
        self.assertEqual(len(other), 1)
        self.assertNotIn(r1.mail_message_id, other.message_ids)
        notes = other.message_ids.filtered(
            lambda m: "sent by email together with" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn(lead.name, notes.body)
        self.assertEqual(notes.message_type, "notification")

    def test_daily_cap_in_one_run(self):
        # D-5 of one invoice and D0 of another fall on the same day: one message a day.
        soon = self.post_at("2026-03-16", posted="2026-03-02")
        today = self.post_at("2026-03-09", posted="2026-03-02")
        self.dispatch("2026-03-09 10:00")
        d5, d0 = self.reminders(soon)["D-5"], self.reminders(today)["D0"]
        self.assertEqual(d0.state, "sent")  # the most advanced step goes first
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", "daily_cap"))
        self.assertEqual(d5.next_try, self.sp_time("2026-03-10 00:00"))
        self.dispatch("2026-03-10 08:00")
        self.assertEqual(d5.state, "sent")
        self.assertFalse(d5.skip_reason)
        self.assertEqual(len(self.mails_of(soon | today)), 2)

    def test_daily_cap_across_two_runs_of_the_same_day(self):
        # 10:00: the D0 of one invoice goes. 15:00: another invoice is posted whose D-5
        # is today; its reminder has never waited (no next_try): only the count of what
        # the customer already received today holds it until tomorrow.
        today = self.post_at("2026-03-09", posted="2026-03-02")
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.reminders(today)["D0"].state, "sent")
        with freeze_time(self.sp_time("2026-03-09 15:00")):
            later = self.make_invoice(
                "2026-03-16", invoice_date=date(2026, 3, 9), invoice_user_id=False
            )
        d5 = self.reminders(later)["D-5"]
        self.assertEqual(
            (d5.state, d5.scheduled_date, d5.next_try),
            ("scheduled", date(2026, 3, 9), False),
        )
        self.dispatch("2026-03-09 16:00")
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", "daily_cap"))
        self.assertFalse(self.mails_of(later))
        self.dispatch("2026-03-10 08:00")
        self.assertEqual(d5.state, "sent")
        self.assertEqual(len(self.mails_of(later)), 1)

    def test_daily_cap_setting(self):
        self.company.cobranca_daily_cap = 2
        soon = self.post_at("2026-03-16", posted="2026-03-02")
        today = self.post_at("2026-03-09", posted="2026-03-02")
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(self.reminders(soon)["D-5"].state, "sent")
        self.assertEqual(self.reminders(today)["D0"].state, "sent")

    # --------------------------------------------------------- payment, pause
    def test_payment_at_d2_cancels_d1_and_d0(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        self.dispatch("2026-03-09 10:00")
        with freeze_time(self.sp_time("2026-03-12 10:00")):
            self.pay(move, day=date(2026, 3, 12))
        reminders = self.reminders(move)
        self.assertEqual(reminders["D-5"].state, "sent")
        for name in ("D-1", "D0", "D+3", "D+7", "D+15"):
            self.assertEqual(
                (reminders[name].state, reminders[name].skip_reason),
                ("cancelled", "paid"),
            )
        self.dispatch("2026-03-13 10:00")
        self.dispatch("2026-03-16 10:00")
        self.assertEqual(len(self.mails_of(move)), 1)

    def test_partial_payment_keeps_reminders_with_the_remaining_amount(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        with freeze_time(self.sp_time("2026-03-05 10:00")):
            self.pay(move, amount=400, day=date(2026, 3, 5))
        self.assertEqual(move.payment_state, "partial")
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual(d5.state, "sent")
        body = str(d5.mail_message_id.body)
        self.assertRegex(body, amount_re("R$ 600,00"))
        self.assertIn("saldo após pagamento parcial", body)

    def test_promise_to_pay_pauses_until_the_day_after(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        with freeze_time(self.sp_time("2026-03-10 09:00")):
            move.cobranca_paused_until = date(2026, 3, 18)
        self.dispatch("2026-03-16 10:00")
        reminders = self.reminders(move)
        self.assertEqual(
            (reminders["D0"].state, reminders["D0"].skip_reason),
            ("scheduled", "paused"),
        )
        self.assertEqual(len(self.mails_of(move)), 0)
        self.dispatch("2026-03-19 10:00")  # D+3 is 19/03: sent, the missed ones give way
        self.assertEqual(reminders["D+3"].state, "sent")
        self.assertEqual(reminders["D0"].skip_reason, "superseded")
        self.assertEqual(len(self.mails_of(move)), 1)

    def test_dispute_holds_reminders_until_cleared(self):
        move = self.post_at("2026-03-16", posted="2026-03-02")
        move.cobranca_dispute = True
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", "dispute"))
        move.action_cobranca_resume()
        self.dispatch("2026-03-09 11:00")
        self.assertEqual(d5.state, "sent")
