"""SMS reminders are created in batches: the chatter messages, the queued SMS, their
notifications and trackers in a few statements whatever the number of reminders, with
what core's ``_message_sms`` would have written (number in E.164, the rendered text,
a tracker Odoo's SMS delivery reports update)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestSmsBatch(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regua = cls.env["cobranca.regua"].create(
            {
                "name": "SMS D-5",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "sms",
                            "sms_template_id": cls.env.ref(
                                "l10n_br_cobranca_preventiva_sms.sms_template_cobranca_before_due"
                            ).id,
                        }
                    )
                ],
            }
        )

    def customers(self, n, tag):
        customers = self.env["res.partner"].create(
            [
                {"name": f"Cliente SMS {tag} {i}", "mobile": f"(11) 9{8000 + i:04d}-{1000 + i}"}
                for i in range(n)
            ]
        )
        for customer in customers:
            self.env["cobranca.consent"]._cobranca_record(
                customer, "sms", customer.mobile, "granted", "consent", "clerk",
                evidence="Cliente pediu SMS",
            )  # fmt: skip
        return customers

    def post_for(self, customers, posted):
        moves = self.env["account.move"]
        for customer in customers:
            with freeze_time(self.sp_time(f"{posted} 09:00")):
                moves |= self.make_invoice(
                    "2026-03-16",
                    partner=customer,
                    invoice_date=date.fromisoformat(posted),
                    cobranca_regua_id=self.regua.id,
                )
        return moves

    def test_what_core_would_write_for_each_sms(self):
        customers = self.customers(3, "a")
        moves = self.post_for(customers, "2026-03-02")
        self.dispatch("2026-03-09 10:00")
        for move in moves:
            reminder = move.cobranca_reminder_ids
            self.assertEqual(reminder.state, "sent", reminder.error)
            message = reminder.mail_message_id.sudo()
            self.assertEqual((message.model, message.res_id), ("account.move", move.id))
            self.assertEqual(message.message_type, "sms")
            self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
            sms = self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])
            self.assertEqual(len(sms), 1)
            self.assertEqual(sms.state, "outgoing")
            self.assertEqual(sms.partner_id, move.partner_id)
            self.assertEqual(
                sms.number, move.partner_id._phone_format(number=move.partner_id.mobile)
            )
            self.assertIn(move.name, sms.body)
            self.assertIn("Credor: Distribuidora Exemplo Ltda", sms.body)
            self.assertIn(move.name, message.body, "the chatter shows the text sent")
            notification = message.notification_ids
            self.assertEqual(
                (notification.notification_type, notification.notification_status),
                ("sms", "ready"),
            )
            self.assertEqual(notification.sms_id_int, sms.id)
            self.assertEqual(notification.sms_tracker_ids.sms_uuid, sms.uuid)
            # the provider's report reaches the reminder through the tracker
            sms._update_sms_state_and_trackers("sent")
            self.assertEqual(reminder.state, "delivered")

    def test_queries_grow_with_batches_not_reminders(self):
        def count_queries(n, posted, tag):
            customers = self.customers(n, tag)
            self.post_for(customers, posted)
            self.env.invalidate_all()
            with freeze_time(self.sp_time("2026-03-09 10:00")):
                before = self.env.cr.sql_log_count
                done = self.env["cobranca.dispatcher"]._dispatch()
                count = self.env.cr.sql_log_count - before
            self.assertEqual(done, n)
            return count

        count_queries(2, "2026-03-01", "w")  # warm the caches
        small = count_queries(3, "2026-03-02", "s")
        large = count_queries(30, "2026-03-03", "l")
        self.assertLessEqual(large, small + 3)
