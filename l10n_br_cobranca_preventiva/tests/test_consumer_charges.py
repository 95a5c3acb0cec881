"""Late charges stated to a consumer item by item (SP Lei 14.953/2013 art. 2º, RJ Lei
6.854/2014 art. 2º, PR Lei 17.352/2012 art. 2º): the original amount, the fine, the
interest for the days late and the total of the message's day, on every channel that
states the amount of an overdue invoice, and the Pix code asks for that total. A
business is told the rates; a consumer is never told a fine above 2% (CDC art. 52 §
1º) nor interest above 1% a month: its invoice is then stated without charges."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon
from .test_pix import KEY, br_code

ITEMISED = (
    "Valor atualizado em 17/03/2026: R$\xa01.000,00 (valor original) + R$\xa020,00 (multa "
    "de 2%) + R$\xa05,00 (juros de mora de 1% ao mês, 15 dias de atraso) = R$\xa01.025,00."
)
SETTLES = "O valor indicado quita a fatura: não há multa nem juros por atraso."


class ConsumerChargesCommon(CobrancaCommon):
    """A consumer and a business, each with an invoice due 02/03/2026 written about on
    the 17th, the company charging 2% and 1% a month (the other channels' addons
    check their own messages on them)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"cobranca_late_fee_percent": 2, "cobranca_late_interest_percent": 1})
        cls.bank = cls.env["res.partner.bank"].create(
            {
                "acc_number": "123456789012345678",
                "partner_id": cls.company.partner_id.id,
                "proxy_type": "br_random",
                "proxy_value": KEY,
                "include_reference": True,
            }
        )
        cls.consumer = cls.customer  # a person, no CPF recorded
        cls.business = cls.env["res.partner"].create(
            {
                "name": "Mercado Bom Preço Ltda",
                "is_company": True,
                "vat": "11.444.777/0001-61",
                "email": "financeiro@bompreco.example.com",
            }
        )
        cls.overdue = cls.env.ref("l10n_br_cobranca_preventiva.mail_template_cobranca_overdue")

    def invoice(self, partner):
        """Due Monday 02/03/2026; the messages are written on 17/03, 15 days late."""
        return self.make_invoice("2026-03-02", partner=partner, partner_bank_id=self.bank.id)

    def pix(self, move, amount):
        reference = move.payment_reference or move.name
        return br_code(
            KEY,
            amount,
            "DISTRIBUIDORA EXEMPLO LTD",
            "SAO PAULO",
            "".join(ch for ch in reference if ch.isalnum()),
        )

    def on_the_17th(self, move):
        move.invalidate_recordset()
        return freeze_time(self.sp_time("2026-03-17 10:00"))

    def whatsapp_amounts(self, move):
        """The "amount" and "amount_to_pay" values of a WhatsApp template."""
        template = (
            self.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "cobranca_vencida",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": "Valor: {{1}}. A pagar: {{2}}. Pix: {{3}}. Credor: {{4}}",
                    "param_count": 4,
                    "company_id": self.company.id,
                }
            )
        )
        reminder = move.cobranca_reminder_ids[:1]
        reminder.step_id.write(
            {
                "whatsapp_template_id": template.id,
                "whatsapp_param_ids": [
                    Command.clear(),
                    Command.create({"sequence": 1, "value": "amount"}),
                    Command.create({"sequence": 2, "value": "amount_to_pay"}),
                    Command.create({"sequence": 3, "value": "pix_code"}),
                    Command.create({"sequence": 4, "value": "creditor"}),
                ],
            }
        )
        return self.env["cobranca.whatsapp.param"]._render(reminder)[:3]


@tagged("post_install", "-at_install")
class TestConsumerCharges(ConsumerChargesCommon):
    # ---------------------------------------------------------------- consumer
    def test_overdue_consumer_is_told_each_amount_and_the_pix_asks_the_total(self):
        move = self.invoice(self.consumer)
        with self.on_the_17th(move):
            self.assertEqual(self.texts(move).charges_line, ITEMISED)
            self.assertAlmostEqual(self.texts(move).amount_to_pay, 1025.0)
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "1025.00"))
            body = str(self.overdue._render_field("body_html", move.ids)[move.id])
            self.assertIn(ITEMISED, body)
            self.assertIn("valor atualizado de R$\xa01.025,00", body)
            self.assertIn(self.pix(move, "1025.00"), body)
            html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
                "l10n_br_cobranca_preventiva.report_formal_notice", move.ids
            )
            self.assertIn(ITEMISED, html.decode())
            amount, to_pay, code = self.whatsapp_amounts(move)
            itemised = (
                "R$\xa01.025,00 em 17/03/2026 (valor original R$\xa01.000,00 + multa "
                "R$\xa020,00 + juros R$\xa05,00)"
            )
            self.assertEqual((amount, to_pay), (itemised, itemised))
            self.assertEqual(code, self.pix(move, "1025.00"))
            note = self.env["cobranca.channel.activity"]._amount_text(move)
            self.assertIn("R$\xa01,025.00 (principal R$\xa01,000.00, late fee R$\xa020.00", note)
            self.assertIn("interest R$\xa05.00 for 15 days late", note)

    def test_not_yet_overdue_consumer_is_told_the_rates_only(self):
        move = self.invoice(self.consumer)
        move.invalidate_recordset()
        with freeze_time(self.sp_time("2026-03-02 10:00")):  # the due date
            self.assertFalse(self.texts(move).charges_line)
            self.assertAlmostEqual(self.texts(move).amount_to_pay, 1000.0)
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "1000.00"))
            body = str(self.template_before_due._render_field("body_html", move.ids)[move.id])
            self.assertIn("multa de 2% e juros de mora de 1% ao mês", body)
            self.assertNotIn("Valor atualizado", body)

    def test_partial_payment_charges_only_what_is_still_open(self):
        move = self.invoice(self.consumer)
        self.pay(move, amount=400)
        with self.on_the_17th(move):
            self.assertIn(
                "R$\xa0600,00 (valor original) + R$\xa012,00 (multa de 2%) + R$\xa03,00",
                self.texts(move).charges_line,
            )
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "615.00"))

    def test_consumer_with_a_cpf_marked_company_is_a_consumer(self):
        self.consumer.write({"is_company": True, "vat": "529.982.247-25"})
        move = self.invoice(self.consumer)
        with self.on_the_17th(move):
            self.assertEqual(self.texts(move).charges_line, ITEMISED)

    # ---------------------------------------------------------------- business
    def test_business_is_told_the_rates_and_asked_the_invoice_amount(self):
        move = self.invoice(self.business)
        with self.on_the_17th(move):
            self.assertFalse(self.texts(move).charges_line)
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "1000.00"))
            body = str(self.overdue._render_field("body_html", move.ids)[move.id])
            self.assertIn("multa de 2% e juros de mora de 1% ao mês", body)
            self.assertNotIn("Valor atualizado", body)
            amount, _to_pay, _code = self.whatsapp_amounts(move)
            self.assertEqual(amount, "R$\xa01.000,00")

    # ------------------------------------------------- above the consumer ceilings
    def test_rates_above_the_consumer_ceilings_are_never_told_to_a_consumer(self):
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.cobranca_charges_consumer_warning)
        for rates in ({"cobranca_late_fee_percent": 10}, {"cobranca_late_interest_percent": 2}):
            with self.subTest(rates=rates):
                self.company.write(
                    {"cobranca_late_fee_percent": 2, "cobranca_late_interest_percent": 1, **rates}
                )
                settings = self.env["res.config.settings"].create({})
                self.assertIn("ceilings for consumers", settings.cobranca_charges_consumer_warning)
                consumer = self.invoice(self.consumer)
                business = self.invoice(self.business)
                with self.on_the_17th(consumer), self.on_the_17th(business):
                    self.assertEqual(self.texts(consumer).charges_line, SETTLES)
                    self.assertEqual(self.texts(consumer).pix_code, self.pix(consumer, "1000.00"))
                    body = str(self.overdue._render_field("body_html", consumer.ids)[consumer.id])
                    self.assertIn(SETTLES, body)
                    self.assertNotIn("10%", body)
                    self.assertNotIn("2% ao mês", body)
                    body = str(self.overdue._render_field("body_html", business.ids)[business.id])
                    self.assertIn("Após o vencimento, incidem", body)
                    self.assertIn("ao mês", body)
                consumer.invalidate_recordset()
                with freeze_time(self.sp_time("2026-02-25 10:00")):  # before the due date
                    before = self.template_before_due._render_field("body_html", consumer.ids)
                    self.assertIn("NFe", str(before[consumer.id]))
                    self.assertNotIn("juros", str(before[consumer.id]))

    def test_consumer_without_charges_is_told_the_amount_settles_the_invoice(self):
        self.company.write({"cobranca_late_fee_percent": 0, "cobranca_late_interest_percent": 0})
        move = self.invoice(self.consumer)
        with self.on_the_17th(move):
            self.assertEqual(self.texts(move).pix_code, self.pix(move, "1000.00"))
            note = self.env["cobranca.channel.activity"]._amount_text(move)
            self.assertIn("with no late fee nor interest", note)
