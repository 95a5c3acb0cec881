"""An SMS carries the number and the text: an anonymisation erases its text in the
chatter, the queued SMS and the number its notification kept."""

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import lgpd_common


@tagged("post_install", "-at_install")
class TestAnonymiseSms(lgpd_common.LgpdCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.regua_padrao.step_ids.filtered(lambda s: s.offset_days == 0).write(
            {
                "channel": "sms",
                "sms_template_id": cls.env.ref(
                    "l10n_br_cobranca_preventiva_sms.sms_template_cobranca_due_today"
                ).id,
            }
        )

    def test_sms_text_queued_copy_and_number_are_erased(self):
        self.grant("sms", self.customer.mobile)
        move = self.post_at("2026-03-16")
        self.dispatch("2026-03-16 10:00")
        d0 = self.reminders(move)["D0"]
        self.assertEqual((d0.state, d0.channel), ("sent", "sms"))
        sms = self.env["sms.sms"].sudo().search([("mail_message_id", "=", d0.mail_message_id.id)])
        self.assertTrue(sms)
        self.assertTrue(any(d0.mail_message_id.sudo().notification_ids.mapped("sms_number")))

        self.as_user(self.customer, self.approver).action_cobranca_anonymise()

        self.env.invalidate_all()
        self.assertIn("Content removed", d0.mail_message_id.body)
        self.assertNotIn("98765", d0.mail_message_id.body)
        self.assertFalse(sms.exists())
        self.assertFalse(any(d0.mail_message_id.sudo().notification_ids.mapped("sms_number")))
