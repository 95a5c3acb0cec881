"""A customer's answer on WhatsApp that Meta delivers twice is taken once: one
payment check, one promise (see the app's test_whatsapp_redelivery)."""

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.test_whatsapp_redelivery import (
    RedeliveryCommon,
)


@tagged("post_install", "-at_install")
class TestAnswerRedelivery(RedeliveryCommon):
    def test_a_ja_paguei_redelivered_opens_one_check(self):
        move = self.sent()
        payload = self.payload(self.text("já paguei ontem", "wamid.HBgN7"))
        self.webhook(payload)
        self.webhook(payload)
        checks = self.env["mail.activity"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", move.id)]
        )
        self.assertEqual(len(checks), 1)
        self.assertEqual(checks, move.cobranca_paid_claim_activity_id)
        self.assertEqual(checks.note.count("The customer says"), 1, "the to-do says it once")

    def test_a_promise_redelivered_is_not_refused_as_a_second_promise(self):
        move = self.sent()
        payload = self.payload(self.text("posso pagar dia 20", "wamid.HBgN2"))
        self.webhook(payload)
        self.webhook(payload)
        self.assertEqual(move.cobranca_promise_id.date.isoformat(), "2026-03-20")
        refused = move.message_ids.filtered(
            lambda m: "WhatsApp answer not applied" in (m.body or "")
        )
        self.assertFalse(refused, "the retry is not a second promise")
        self.assertEqual(len(self.notes(move)), 1)
