"""Odoo 18's early-payment discount in the reminders, worded as a fact ("valor com
desconto de 2% até 12/03/2026: R$ 980,00", not the promotional "obtenha 5% de
desconto se pagar até…": a reminder is a UTILITY message): until the discount's last
day, the messages state the discounted amount and that day, and the Pix code (checked
against a BR Code built from the spec in test_pix) carries the discounted amount; the
day after, the full amount. A partly paid invoice loses the discount, as in core."""

import re
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon
from .test_pix import KEY, br_code


class EarlyDiscountCommon(CobrancaCommon):
    """An invoice due in 30 days with 2% off within 10 (the other channels' addons
    check their own messages on it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["res.partner.bank"].create(
            {
                "acc_number": "123456789012345678",
                "partner_id": cls.company.partner_id.id,
                "proxy_type": "br_random",
                "proxy_value": KEY,
                "include_reference": True,
            }
        )
        # "2% de desconto pagando em até 10 dias, 30 dias líquido"
        cls.term = cls.env["account.payment.term"].create(
            {
                "name": "30 dias, 2% em 10 dias",
                "early_discount": True,
                "discount_percentage": 2.0,
                "discount_days": 10,
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})
                ],
            }
        )

    def invoice(self):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            # the payment terms set the due date (30 days) and the discount (10 days)
            return self.make_invoice(
                "2026-04-01",
                invoice_date=date(2026, 3, 2),
                invoice_payment_term_id=self.term.id,
                partner_bank_id=self.bank.id,
            )

    def pix(self, move, amount):
        reference = re.sub(r"[^a-zA-Z0-9*]", "", move.payment_reference or move.name)
        return br_code(KEY, amount, "DISTRIBUIDORA EXEMPLO LTD", "SAO PAULO", reference)

    def at(self, day, move):
        move.invalidate_recordset()
        return freeze_time(self.sp_time(f"{day} 10:00"))


@tagged("post_install", "-at_install")
class TestEarlyDiscount(EarlyDiscountCommon):
    def test_before_and_after_the_discount_day(self):
        move = self.invoice()
        self.assertEqual(move.invoice_date_due, date(2026, 4, 1))
        with self.at("2026-03-12", move):  # the last day of the discount
            self.assertEqual(self.texts(move).discount_date, date(2026, 3, 12))
            self.assertAlmostEqual(self.texts(move).amount_to_pay, 980.0)
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "980.00"))
            self.assertEqual(
                self.texts(move).discount_phrase,
                "valor com desconto de 2% até 12/03/2026: R$\xa0980,00",
            )
        with self.at("2026-03-13", move):  # the day after: the full amount
            self.assertFalse(self.texts(move).discount_date)
            self.assertFalse(self.texts(move).discount_phrase)
            self.assertAlmostEqual(self.texts(move).amount_to_pay, 1000.0)
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "1000.00"))

    def test_partly_paid_loses_the_discount(self):
        move = self.invoice()
        self.pay(move, amount=100, day=date(2026, 3, 5))
        with self.at("2026-03-06", move):
            self.assertFalse(self.texts(move).discount_date)
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "900.00"))

    def test_the_messages_offer_the_discount_until_its_day(self):
        move = self.invoice()
        template = self.template_before_due
        with self.at("2026-03-09", move):
            body = template._render_field("body_html", move.ids)[move.id]
            self.assertIn("valor com desconto de 2% até 12/03/2026", str(body))
            self.assertNotIn("obtenha", str(body))
            self.assertIn(self.pix(move, "980.00"), str(body))
        with self.at("2026-03-20", move):
            body = template._render_field("body_html", move.ids)[move.id]
            self.assertNotIn("desconto", str(body))
            self.assertIn(self.pix(move, "1000.00"), str(body))

    def test_discounted_pix_gives_the_full_amount_code_for_after_its_day(self):
        move = self.invoice()
        template = self.template_before_due
        with self.at("2026-03-09", move):
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "980.00"))
            self.assertEqual(self.texts(move).pix_code_full, self.pix(move, "1000.00"))
            full = "após 12/03, valor integral (R$\xa01.000,00)"
            self.assertEqual(self.texts(move).full_amount_phrase, full)
            body = str(template._render_field("body_html", move.ids)[move.id])
            self.assertIn(f"Pix copia e cola {full}: <span", body)
            self.assertIn(self.pix(move, "1000.00"), body)
            html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
                "l10n_br_cobranca_preventiva.report_formal_notice", move.ids
            )
            self.assertIn(self.pix(move, "1000.00"), html.decode())
        with self.at("2026-03-13", move):  # the day after: one code, the full amount
            self.assertFalse(self.texts(move).pix_code_full)
            body = str(template._render_field("body_html", move.ids)[move.id])
            self.assertNotIn("valor integral", body)

    def test_whatsapp_gives_the_full_amount_code_as_its_own_parameter(self):
        move = self.invoice()
        reminder = move.cobranca_reminder_ids[:1]
        template = (
            self.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "lembrete_pix_integral",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": "Pix: {{1}}. Após o desconto: {{2}}. Credor: {{3}}",
                    "param_count": 3,
                    "company_id": self.company.id,
                }
            )
        )
        reminder.step_id.write(
            {
                "whatsapp_template_id": template.id,
                "whatsapp_param_ids": [
                    Command.clear(),
                    Command.create({"sequence": 1, "value": "pix_code"}),
                    Command.create({"sequence": 2, "value": "pix_code_full"}),
                    Command.create({"sequence": 3, "value": "creditor"}),
                ],
            }
        )
        Params = self.env["cobranca.whatsapp.param"]
        with self.at("2026-03-09", move):
            code, full, _creditor = Params._render(reminder)
            self.assertEqual((code, full), (self.pix(move, "980.00"), self.pix(move, "1000.00")))
        with self.at("2026-03-20", move):  # no discount left: the one code
            code, full, _creditor = Params._render(reminder)
            self.assertEqual((code, full), (self.pix(move, "1000.00"), self.pix(move, "1000.00")))

    def test_whatsapp_parameters(self):
        move = self.invoice()
        reminder = move.cobranca_reminder_ids[:1]
        step = reminder.step_id
        Params = self.env["cobranca.whatsapp.param"]
        template = (
            self.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "lembrete_desconto",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": "Valor: {{1}}, {{2}}. Credor: {{3}}.",
                    "param_count": 3,
                    "company_id": self.company.id,
                }
            )
        )
        step.write(
            {
                "whatsapp_template_id": template.id,
                "whatsapp_param_ids": [
                    Command.clear(),
                    Command.create({"sequence": 1, "value": "amount_to_pay"}),
                    Command.create({"sequence": 2, "value": "discount_phrase"}),
                    Command.create({"sequence": 3, "value": "creditor"}),
                ],
            }
        )
        with self.at("2026-03-09", move):
            amount, phrase, _creditor = Params._render(reminder)
            self.assertEqual(amount, "R$\xa0980,00")
            self.assertEqual(phrase, "valor com desconto de 2% até 12/03/2026: R$\xa0980,00")
        with self.at("2026-03-20", move):
            amount, phrase, _creditor = Params._render(reminder)
            self.assertEqual(amount, "R$\xa01.000,00")
            self.assertEqual(phrase, "pague até 01/04/2026")
