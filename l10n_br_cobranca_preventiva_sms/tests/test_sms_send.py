"""SMS reminders as the customer receives them: one SMS per step to the consented
mobile, logged in the invoice's chatter, with the amount, the date the invoice is
payable until, the Pix code, the creditor and each link once (payment, opt-out)."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestSmsSend(CobrancaCommon):
    def post_at(self, due, posted="2026-03-02", partner=None, **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def sms_sent(self, due, template, offset_days, when):
        """The reminder and the ``sms.sms`` of an SMS step of an invoice due ``due``,
        dispatched at ``when`` (São Paulo)."""
        self.customer.mobile = "(11) 98765-4321"
        self.env["cobranca.consent"]._cobranca_record(
            self.customer, "sms", self.customer.mobile, "granted", "consent", "clerk",
            evidence="Cliente pediu SMS",
        )  # fmt: skip
        regua = self.env["cobranca.regua"].create(
            {
                "name": "SMS",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": offset_days,
                            "channel": "sms",
                            "sms_template_id": self.env.ref(
                                f"l10n_br_cobranca_preventiva_sms.{template}"
                            ).id,
                        }
                    )
                ],
            }
        )
        move = self.post_at(due, cobranca_regua_id=regua.id)
        self.dispatch(when)
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.state, "sent", reminder.error)
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "=", reminder.mail_message_id.id)])
        )
        self.assertEqual(len(sms), 1)
        return move, reminder, sms

    def test_sms_carries_the_creditor_and_each_link_once(self):
        move, reminder, sms = self.sms_sent(
            "2026-03-16", "sms_template_cobranca_due_today", 0, "2026-03-16 10:00"
        )
        self.assertIn("vence hoje", sms.body)
        self.assertIn("CNPJ 11.222.333/0001-81", sms.body)
        self.assertIn("Rua Augusta, 1500", sms.body)
        short = sms.body.split("Para não receber mais SMS: ")[1].split()[0]
        code = reminder.sudo().optout_code
        self.assertEqual(short, f"{move.get_base_url()}/cobranca/o/{code}")
        # each link once: no "[1] url" footnotes repeating them
        pay = move.get_base_url() + move.get_portal_url()
        self.assertEqual(sms.body.count(pay), 1)
        self.assertEqual(sms.body.count(short), 1)
        self.assertEqual(sms.body.count("http"), 2)
        self.assertNotIn("[1]", sms.body)
        self.assertTrue(sms.body.endswith(short), sms.body)

    def test_sms_prints_the_date_the_invoice_is_payable_until(self):
        # due Saturday 14/03/2026: payable until Monday 16/03; D-5 is Monday 09/03
        _move, _reminder, sms = self.sms_sent(
            "2026-03-14", "sms_template_cobranca_before_due", -5, "2026-03-09 10:00"
        )
        self.assertIn("vence em 7 dias (16/03/2026)", sms.body)
        self.assertNotIn("14/03/2026", sms.body)

    def test_sms_step_sends_one_sms(self):
        # the company's Pix key (a random DICT key): the SMS carries its BR Code
        self.env["res.partner.bank"].create(
            {
                "acc_number": "123456789012345678",
                "partner_id": self.company.partner_id.id,
                "proxy_type": "br_random",
                "proxy_value": "71d6c6e1-64ea-4a11-9560-a10870c40ca2",
                "include_reference": True,
            }
        )
        move, reminder, sms = self.sms_sent(
            "2026-03-16", "sms_template_cobranca_due_today", 0, "2026-03-16 10:00"
        )
        self.assertEqual((reminder.state, reminder.channel), ("sent", "sms"))
        self.assertEqual(sms.number, "+5511987654321")
        self.assertIn("vence hoje", sms.body)
        self.assertTrue(self.texts(move).pix_code)
        self.assertIn(self.texts(move).pix_code, sms.body)
        self.assertEqual(reminder.mail_message_id.message_type, "sms")
