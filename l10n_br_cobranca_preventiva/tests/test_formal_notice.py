"""A hand-off to protest or negativação happens only after a formal notice of the same
invoice went out (not rejected, skipped, failed or bounced) and the deadline it gave,
plus one business day, passed; the dates a notice prints are the ones the engine keeps,
counted from the day it is sent."""

import re
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestFormalNoticeDeadline(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="aprovadora_notificacao",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.company.cobranca_approver_id = cls.approver
        cls.customer.cobranca_collector_id = cls.approver
        # the standard ladder: formal notice at D+15; a hand-off to protest at D+25
        cls.regua_padrao.step_ids = [
            Command.create(
                {
                    "offset_days": 25,
                    "channel": "activity",
                    "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
                    "requires_approval": True,
                    "escalation_protest": True,
                }
            )
        ]

    def post(self, due="2026-03-02"):
        with freeze_time(self.sp_time("2026-02-02 09:00")):
            return self.make_invoice(due, invoice_date=date(2026, 2, 2))

    def approve(self, *reminders):
        reminders = self.env["cobranca.reminder"].browse([r.id for r in reminders])
        reminders.with_user(self.approver).action_approve()

    def handoffs(self, move):
        return move.activity_ids.filtered(lambda a: "protest" in (a.summary or ""))

    def assert_waits(self, reminder, text):
        self.assertEqual((reminder.state, reminder.skip_reason), ("scheduled", "notice_pending"))
        self.assertIn(text, reminder.error)
        self.assertFalse(self.handoffs(reminder.move_id))

    def late_notice(self):
        """The notice of D+15 (23/03/2026) waits for an approver until D+25 (07/04/2026),
        the day of the hand-off step: it is approved and goes out that day."""
        move = self.post()
        self.dispatch("2026-03-23 10:00")
        d15, d25 = self.reminders(move)["D+15"], self.reminders(move)["D+25"]
        self.assertEqual(d15.state, "to_approve")
        self.assertEqual(d25.scheduled_date, date(2026, 4, 7))
        self.dispatch("2026-04-07 10:00")
        # the hand-off's day came before any notice: it waits, nobody is asked to approve it
        self.assert_waits(d25, "No formal notice")
        self.approve(d15)
        self.dispatch("2026-04-07 11:00")
        self.assertEqual(d15.state, "sent")
        return move, d15, d25

    def test_late_approval_prints_the_dates_the_engine_keeps(self):
        move, d15, d25 = self.late_notice()
        # sent 07/04: + 5 days is Sunday 12/04 -> Monday 13/04; the hand-off waits for
        # Tuesday 14/04 (a payment made on the deadline) to pass: from 15/04
        self.assertEqual(d15.notice_deadline, date(2026, 4, 13))
        self.assertEqual(d15.handoff_from, date(2026, 4, 15))
        body = str(d15.mail_mail_id.body_html)
        self.assertIn("até <strong>13/04/2026</strong>", body)
        self.assertRegex(body, r"(?s)contestação até essa data.*a partir de\s+15/04/2026")
        self.assertNotIn("07/04/2026", body)  # not the step's own date
        # the letter attached to it prints the same dates
        [letter] = d15.mail_message_id.attachment_ids.filtered(lambda a: "notice" in a.name)
        text = letter.raw.decode()
        self.assertIn("13/04/2026", text)
        self.assertRegex(text, r"a partir de\s+15/04/2026")
        # the engine keeps them
        self.dispatch("2026-04-14 10:00")
        self.assert_waits(d25, format_date(self.env, date(2026, 4, 15)))
        self.assertEqual(d25.next_try, datetime(2026, 4, 15, 3, 0))  # 00:00 in São Paulo

    def test_hand_off_goes_once_the_deadline_and_one_business_day_passed(self):
        move, d15, d25 = self.late_notice()
        self.dispatch("2026-04-13 10:00")  # the deadline
        self.assert_waits(d25, format_date(self.env, date(2026, 4, 13)))
        self.dispatch("2026-04-14 10:00")  # the business day after it
        self.assert_waits(d25, format_date(self.env, date(2026, 4, 15)))
        self.dispatch("2026-04-15 10:00")
        self.assertEqual(d25.state, "to_approve")
        self.approve(d25)
        self.dispatch("2026-04-15 11:00")
        self.assertEqual(d25.state, "sent")
        self.assertEqual(self.handoffs(move).user_id, self.approver)

    def test_no_notice_sent_the_hand_off_waits(self):
        move = self.post()
        self.dispatch("2026-03-23 10:00")
        d15, d25 = self.reminders(move)["D+15"], self.reminders(move)["D+25"]
        d15.with_user(self.approver).action_reject("Cliente em negociação")
        for day in ("2026-04-07", "2026-04-20", "2026-05-04"):
            self.dispatch(f"{day} 10:00")
        self.assert_waits(d25, "No formal notice")
        self.assertFalse(d25.approval_batch_id)

    def test_bounced_notice_does_not_unlock_the_hand_off(self):
        move = self.post()
        self.dispatch("2026-03-23 10:00")
        d15, d25 = self.reminders(move)["D+15"], self.reminders(move)["D+25"]
        self.approve(d15)
        self.dispatch("2026-03-23 11:00")
        # sent on time: deadline 30/03, the hand-off step's own date (07/04) is later
        self.assertEqual(d15.state, "sent")
        self.assertEqual(
            (d15.notice_deadline, d15.handoff_from), (date(2026, 3, 30), date(2026, 4, 7))
        )
        notifications = d15.mail_message_id.notification_ids
        self.assertTrue(notifications)
        notifications.sudo().write({"notification_status": "bounce", "failure_type": "mail_bounce"})
        self.assertEqual(d15.state, "bounced")
        for day in ("2026-04-07", "2026-04-20"):
            self.dispatch(f"{day} 10:00")
        self.assert_waits(d25, "No formal notice")

    def test_grouped_notice_prints_each_invoice_its_own_dates(self):
        first, second = self.post("2026-03-02"), self.post("2026-03-09")
        self.dispatch("2026-03-23 10:00")  # the first notice waits for an approver
        self.dispatch("2026-03-30 10:00")  # and so does the second
        notices = [self.reminders(move)["D+15"] for move in (first, second)]
        self.approve(*notices)
        self.dispatch("2026-03-30 11:00")
        self.assertEqual(notices[0].mail_mail_id, notices[1].mail_mail_id)  # one email
        # sent 30/03: + 5 days is Saturday 04/04 -> Monday 06/04 (Good Friday 03/04);
        # hand-off after Tuesday 07/04; each invoice's own hand-off step comes later
        self.assertEqual(self.reminders(first)["D+25"].scheduled_date, date(2026, 4, 7))
        self.assertEqual(self.reminders(second)["D+25"].scheduled_date, date(2026, 4, 14))
        expected = {
            first: (date(2026, 4, 6), date(2026, 4, 8)),
            second: (date(2026, 4, 6), date(2026, 4, 14)),
        }
        for move, notice in zip((first, second), notices, strict=True):
            self.assertEqual((notice.notice_deadline, notice.handoff_from), expected[move])
        body = str(notices[0].mail_mail_id.body_html)
        items = re.findall(r"<li[^>]*>(.*?)</li>", body, re.S)
        self.assertEqual(len(items), 2)
        for move, item in zip((first, second), items, strict=True):
            deadline, protest = (day.strftime("%d/%m/%Y") for day in expected[move])
            self.assertIn(move.name, item)
            self.assertRegex(item, rf"até\s+{deadline}")
            self.assertRegex(item, rf"a partir de\s+{protest}")

    def test_notice_says_who_notifies_before_a_protest_or_negativacao(self):
        move = self.post()
        self.dispatch("2026-03-23 10:00")
        d15 = self.reminders(move)["D+15"]
        self.approve(d15)
        self.dispatch("2026-03-23 11:00")
        body = str(d15.mail_mail_id.body_html)
        [letter] = d15.mail_message_id.attachment_ids.filtered(lambda a: "notice" in a.name)
        for text in (body, letter.raw.decode()):
            # the creditor's notice is not the bureau's art. 43 § 2º notice (STJ Súmula 359)
            self.assertNotIn("comunicação prévia", text)
            self.assertRegex(
                text, r"intimado pelo tabelião de protesto\s+\(Lei 9\.492/1997,\s+art\. 14\)"
            )
            self.assertRegex(text, r"art\. 43, § 2º, e\s+Súmula 359 do STJ")
