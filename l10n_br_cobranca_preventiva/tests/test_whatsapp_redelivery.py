"""Meta delivers a webhook notification at least once: when our 200 comes late or is
lost it sends the same body again (the same message ``id``), possibly batched with
new messages. A message already taken is noted, answered and confirmed once only,
over the real webhook route; a message taken in a transaction that failed is taken
again when Meta retries; the ids are forgotten after 30 days."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.cobranca_whatsapp_received import KEEP
from ..tools import whatsapp_webhook
from .common_whatsapp import DISPLAY_NUMBER, WEBHOOK_TIME, WhatsappCommon

CUSTOMER = "5511987654321"
TIMESTAMP = "1773424800"  # 13/03/2026 18:00 UTC


class RedeliveryCommon(WhatsappCommon):
    """A reminder that went out on WhatsApp and the replies Meta delivers about it."""

    def sent(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        self.assertEqual(self.reminders(move)["D-1"].provider_message_id, "wamid.A")
        self.server.clear()
        return move

    @staticmethod
    def text(body, wamid):
        """A text answering our wamid.A, as Meta's messages webhook reference shows it."""
        return {
            "from": CUSTOMER,
            "id": wamid,
            "timestamp": TIMESTAMP,
            "type": "text",
            "text": {"body": body},
            "context": {"from": DISPLAY_NUMBER, "id": "wamid.A"},
        }

    def payload(self, *messages):
        return self.change_payload(
            {
                "contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}],
                "messages": list(messages),
            }
        )

    def parsed(self, wamid):
        """The InboundMessage the webhook's parser makes of a text with this id."""
        [change] = whatsapp_webhook.parse_webhook(self.payload(self.text("oi", wamid)))
        [message] = change.messages
        return message

    def notes(self, move):
        return move.message_ids.filtered(lambda m: "WhatsApp message from" in (m.body or ""))


@tagged("post_install", "-at_install")
class TestWhatsappRedelivery(RedeliveryCommon):
    def test_a_notification_delivered_twice_is_taken_once(self):
        move = self.sent()
        self.expect_send(wamid="wamid.CONFIRM")  # the stop confirmation, once
        payload = self.payload(self.text("parem de mandar", "wamid.HBgN1"))
        for _delivery in range(2):
            self.assertEqual(self.webhook(payload).status_code, 200)
        self.assertEqual(len(self.notes(move)), 1)
        self.assertEqual(len(self.sent_bodies()), 1, "one confirmation to the customer")
        revocations = self.env["cobranca.consent.event"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("channel", "=", "whatsapp"),
                ("status", "=", "revoked"),
            ]
        )
        self.assertEqual(len(revocations), 1)
        self.assertEqual(
            self.env["cobranca.whatsapp.received"].search_count(
                [("message_id", "=", "wamid.HBgN1")]
            ),
            1,
        )

    def test_a_retry_batched_with_a_new_message_takes_the_new_one(self):
        move = self.sent()
        first = self.text("posso pagar dia 20", "wamid.HBgN3")
        self.webhook(self.payload(first))
        later = self.text("obrigada", "wamid.HBgN4")
        self.webhook(self.payload(first, later, later))  # and the new one twice in one call
        bodies = self.notes(move).mapped("body")
        self.assertEqual(len(bodies), 2)
        self.assertEqual(sum("obrigada" in body for body in bodies), 1)

    def test_a_claim_whose_transaction_failed_is_taken_again(self):
        Received = self.env["cobranca.whatsapp.received"]
        message = self.parsed("wamid.HBgN5")
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.assertEqual(Received._claim([message]), [message])
            raise RuntimeError("the handling failed: Meta gets a 500 and retries")
        self.assertEqual(Received._claim([message]), [message])
        self.assertEqual(Received._claim([message]), [])

    def test_ids_are_forgotten_after_thirty_days(self):
        Received = self.env["cobranca.whatsapp.received"]
        message = self.parsed("wamid.HBgN6")
        arrival = datetime.fromisoformat(WEBHOOK_TIME)
        with freeze_time(arrival):
            Received._claim([message])
        with freeze_time(arrival + KEEP - timedelta(minutes=1)):
            Received._gc_received()
            self.assertEqual(Received._claim([message]), [], "still remembered")
        with freeze_time(arrival + KEEP + timedelta(minutes=1)):
            Received._gc_received()
            self.assertEqual(Received._claim([message]), [message])

    def test_a_collection_manager_cannot_read_or_write_the_received_ids(self):
        manager = new_test_user(
            self.env, login="cobranca_manager", groups="account.group_account_manager"
        )
        Received = self.env["cobranca.whatsapp.received"].with_user(manager)
        self.assertFalse(Received.has_access("read"))
        with self.assertRaises(AccessError):
            Received.create({"message_id": "wamid.FORGED", "received_date": WEBHOOK_TIME})
