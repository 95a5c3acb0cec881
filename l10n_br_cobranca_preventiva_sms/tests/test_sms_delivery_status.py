"""Delivery status of SMS reminders, from what Odoo's SMS tracker records (the
provider's delivery report, as the SMS controller applies it)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestSmsStatus(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.mobile = "(11) 98765-4321"
        cls.env["cobranca.consent"]._cobranca_record(
            cls.customer, "sms", cls.customer.mobile, "granted", "consent", "clerk",
            evidence="Cliente pediu SMS",
        )  # fmt: skip
        cls.regua = cls.env["cobranca.regua"].create(
            {
                "name": "SMS",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": 0,
                            "channel": "sms",
                            "sms_template_id": cls.env.ref(
                                "l10n_br_cobranca_preventiva_sms.sms_template_cobranca_due_today"
                            ).id,
                        }
                    )
                ],
            }
        )

    def sent_sms(self):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            move = self.make_invoice(
                "2026-03-16",
                invoice_date=date(2026, 3, 2),
                cobranca_regua_id=self.regua.id,
            )
        self.dispatch("2026-03-16 10:00")
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.state, "sent")
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", reminder.mail_message_id.id)])
        )
        self.assertEqual(len(sms), 1)
        return reminder, sms

    def test_sms_delivered_report(self):
        reminder, sms = self.sent_sms()
        # what the SMS controller does with the provider's delivery report
        sms._update_sms_state_and_trackers("pending")
        reminder.invalidate_recordset()
        self.assertEqual(reminder.state, "sent")
        sms._update_sms_state_and_trackers("sent")
        reminder.invalidate_recordset()
        self.assertEqual(reminder.state, "delivered")

    def test_sms_error_fails_the_reminder_with_its_failure_type(self):
        reminder, sms = self.sent_sms()
        sms._update_sms_state_and_trackers("error", failure_type="sms_number_format")
        reminder.invalidate_recordset()
        self.assertEqual((reminder.state, reminder.skip_reason), ("failed", "send_error"))
        self.assertIn("Wrong Number Format", reminder.error)
