"""What an SMS says about the amount: the Pix code only when the invoice's bank account
has a key a payer's bank can find, the early discount until its day (with the full
amount's code for after it), and a consumer's late charges item by item, or that the
amount settles the invoice when the rates are above the consumer ceilings."""

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests import (
    test_consumer_charges,
    test_early_discount,
    test_pix,
)

MODULE = "l10n_br_cobranca_preventiva_sms"
ITEMISED = test_consumer_charges.ITEMISED
SETTLES = test_consumer_charges.SETTLES


def sms_template(env, name):
    return env.ref(f"{MODULE}.{name}")


@tagged("post_install", "-at_install")
class TestSmsPix(test_pix.PixCommon):
    def test_bank_account_without_pix_key_gives_no_pix_sentence(self):
        move = self.make_invoice("2026-03-16", partner_bank_id=self.bank().id)
        self.assertFalse(self.texts(move).pix_code)
        sms = self.render(f"{MODULE}.sms_template_cobranca_due_today", move, "body")
        self.assertIn("Pague em", sms)
        self.assertNotIn("Pix", sms)


@tagged("post_install", "-at_install")
class TestSmsEarlyDiscount(test_early_discount.EarlyDiscountCommon):
    def test_the_sms_offers_the_discount_until_its_day(self):
        move = self.invoice()
        sms = sms_template(self.env, "sms_template_cobranca_before_due")
        with self.at("2026-03-09", move):
            text = sms._render_field("body", move.ids)[move.id]
            self.assertIn(". Valor com desconto de 2% até 12/03/2026: R$\xa0980,00.", text)
            self.assertNotIn("obtenha", text)
        with self.at("2026-03-20", move):
            self.assertNotIn("Desconto", sms._render_field("body", move.ids)[move.id])

    def test_discounted_pix_gives_the_full_amount_code_for_after_its_day(self):
        move = self.invoice()
        sms = sms_template(self.env, "sms_template_cobranca_before_due")
        with self.at("2026-03-09", move):
            full = "após 12/03, valor integral (R$\xa01.000,00)"
            text = sms._render_field("body", move.ids)[move.id]
            self.assertIn(
                f"Pix: {self.pix(move, '980.00')}; {full}, Pix: {self.pix(move, '1000.00')}.",
                text,
            )
        with self.at("2026-03-13", move):  # the day after: one code, the full amount
            self.assertNotIn("valor integral", sms._render_field("body", move.ids)[move.id])


@tagged("post_install", "-at_install")
class TestSmsConsumerCharges(test_consumer_charges.ConsumerChargesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sms_overdue = sms_template(cls.env, "sms_template_cobranca_overdue")

    def render(self, move):
        return self.sms_overdue._render_field("body", move.ids)[move.id]

    def test_overdue_consumer_is_told_each_amount_and_the_pix_asks_the_total(self):
        move = self.invoice(self.consumer)
        with self.on_the_17th(move):
            sms = self.render(move)
            self.assertIn(ITEMISED, sms)
            self.assertIn(f"Pix: {self.pix(move, '1025.00')}", sms)

    def test_rates_above_the_consumer_ceilings_are_never_told_to_a_consumer(self):
        for rates in ({"cobranca_late_fee_percent": 10}, {"cobranca_late_interest_percent": 2}):
            with self.subTest(rates=rates):
                self.company.write(
                    {"cobranca_late_fee_percent": 2, "cobranca_late_interest_percent": 1, **rates}
                )
                consumer = self.invoice(self.consumer)
                with self.on_the_17th(consumer):
                    sms = self.render(consumer)
                    self.assertIn(SETTLES, sms)
                    self.assertNotIn("10%", sms)

    def test_consumer_without_charges_is_told_the_amount_settles_the_invoice(self):
        self.company.write({"cobranca_late_fee_percent": 0, "cobranca_late_interest_percent": 0})
        move = self.invoice(self.consumer)
        with self.on_the_17th(move):
            self.assertIn(SETTLES, self.render(move))
