"""What a customer's WhatsApp answer does to the invoice it answers (``context.id``),
over the real webhook route: "já paguei" pauses and asks the collector to check, a
promise with a date is recorded, "não reconheço" opens a dispute; a promise the
company cannot take is explained in the chatter and changes nothing."""

from odoo.tests import tagged

from .common_whatsapp import DISPLAY_NUMBER, WhatsappCommon

CUSTOMER = "5511987654321"
TIMESTAMP = "1773424800"  # 13/03/2026 18:00 UTC


@tagged("post_install", "-at_install")
class TestWhatsappAnswers(WhatsappCommon):
    def sent(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.provider_message_id), ("sent", "wamid.A"))
        return move

    def answer(self, text):
        item = {
            "from": CUSTOMER,
            "id": "wamid.IN",
            "timestamp": TIMESTAMP,
            "type": "text",
            "text": {"body": text},
            "context": {"from": DISPLAY_NUMBER, "id": "wamid.A"},
        }
        payload = self.change_payload(
            {"contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}], "messages": [item]}
        )
        self.assertEqual(self.webhook(payload).status_code, 200)
        self.env.invalidate_all()

    def test_ja_paguei_pauses_and_asks_the_collector_to_check(self):
        move = self.sent()
        self.answer("já paguei ontem 🙏")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertTrue(move.cobranca_paused_until)

    def test_a_promise_with_a_date_is_recorded(self):
        move = self.sent()
        self.answer("posso pagar dia 20")
        promise = move.cobranca_promise_id
        self.assertEqual(promise.date.isoformat(), "2026-03-20")
        self.assertEqual((promise.source, promise.state), ("whatsapp", "open"))

    def test_a_promise_beyond_the_limit_is_explained_and_changes_nothing(self):
        move = self.sent()
        self.answer("só consigo pagar dia 30/04")
        self.assertFalse(move.cobranca_promise_id)
        notes = move.message_ids.filtered(lambda m: "WhatsApp answer not applied" in (m.body or ""))
        self.assertEqual(len(notes), 1)

    def test_nao_reconheco_opens_a_dispute(self):
        move = self.sent()
        self.assertFalse(move.cobranca_dispute)
        self.answer("não reconheço essa cobrança")
        self.assertTrue(move.cobranca_dispute)
