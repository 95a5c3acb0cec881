"""Meta's 24-hour customer service window: after the customer writes on WhatsApp, a
collector's "Send message" in the invoice chatter (over the web client's own route,
``/mail/message/post``, as that collector) also goes to the customer as a WhatsApp
text; a day later only templates can go, and the chatter says so; a log note, or a
customer who asked to stop, sends nothing."""

import json

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common_whatsapp import WhatsappCommon
from .test_whatsapp_answers import CUSTOMER, AnswersMixin


@tagged("post_install", "-at_install")
class TestWhatsappSession(AnswersMixin, WhatsappCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env,
            login="session_collector",
            password="session_collector",
            groups="account.group_account_invoice,l10n_br_cobranca_preventiva.group_cobranca_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def customer_writes(self, text="Boa tarde, tenho uma dúvida sobre a fatura"):
        move = self.sent()
        self.answer(text)
        self.server.clear()
        return move

    def chatter_post(self, move, body, when, note=False):
        self.authenticate("session_collector", "session_collector")
        with freeze_time(when):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "account.move",
                    "thread_id": move.id,
                    "post_data": {
                        "body": body,
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_note" if note else "mail.mt_comment",
                    },
                },
            )
        self.env.invalidate_all()

    def notes(self, move, text):
        return move.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_inside_the_window_the_message_goes_on_whatsapp(self):
        move = self.customer_writes()
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.cobranca_whatsapp_last_number, CUSTOMER)
        self.assertEqual(str(customer.cobranca_whatsapp_last_inbound), "2026-03-13 18:00:00")
        self.expect_send("wamid.SESSION")
        self.chatter_post(
            move, "Olá Maria, a segunda via está no link da fatura.", "2026-03-14 09:00"
        )
        bodies = [json.loads(req.get_data()) for req, _resp in self.server.log]
        self.assertEqual(
            bodies,
            [
                {
                    "messaging_product": "whatsapp",
                    "to": CUSTOMER,
                    "type": "text",
                    "text": {"body": "Olá Maria, a segunda via está no link da fatura."},
                }
            ],
        )
        self.assertEqual(len(self.notes(move, "Also sent on WhatsApp")), 1)
        self.assertIn("wamid.SESSION", self.notes(move, "Also sent on WhatsApp").body)

    def test_outside_the_window_only_templates_and_the_chatter_says_so(self):
        move = self.customer_writes()
        self.chatter_post(move, "Olá Maria, tudo certo?", "2026-03-14 18:00:01")
        self.assertFalse(self.server.log, "nothing may reach WhatsApp")
        self.assertEqual(len(self.notes(move, "more than 24")), 1)

    def test_a_log_note_is_not_sent(self):
        move = self.customer_writes()
        self.chatter_post(move, "Cliente ligou, vai pagar amanhã", "2026-03-14 09:00", note=True)
        self.assertFalse(self.server.log)
        self.assertFalse(self.notes(move, "WhatsApp:"))

    def test_a_customer_who_said_stop_gets_nothing(self):
        move = self.customer_writes("PARAR")
        self.chatter_post(move, "Olá Maria, tudo certo?", "2026-03-14 09:00")
        self.assertFalse(self.server.log)
        self.assertEqual(len(self.notes(move, "asked to stop WhatsApp")), 1)

    def test_a_whatsapp_error_is_said_in_the_chatter(self):
        move = self.customer_writes()
        self.expect_send(
            status=400,
            body={
                "error": {
                    "message": "(#131047) Re-engagement message",
                    "type": "OAuthException",
                    "code": 131047,
                    "error_data": {
                        "messaging_product": "whatsapp",
                        "details": "Message failed to send because more than 24 hours have "
                        "passed since the customer last replied to this number.",
                    },
                    "fbtrace_id": "AbCdEf",
                }
            },
        )
        self.chatter_post(move, "Olá Maria", "2026-03-14 09:00")
        note = self.notes(move, "Not sent on WhatsApp")
        self.assertEqual(len(note), 1)
        self.assertIn("more than 24 hours have passed", note.body)

    def test_the_customer_posting_from_the_portal_sends_nothing_on_whatsapp(self):
        """The refused one: the customer's own portal user writes on the invoice over
        the same route (with the invoice's access token, as the portal chatter does);
        the message is posted, nothing leaves on WhatsApp."""
        move = self.customer_writes()
        portal = new_test_user(
            self.env,
            login="session_portal",
            password="session_portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        move._portal_ensure_token()
        self.authenticate("session_portal", "session_portal")
        with freeze_time("2026-03-14 09:00"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "account.move",
                    "thread_id": move.id,
                    "post_data": {
                        "body": "Escrevo pelo portal: já paguei ontem.",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                    "token": move.access_token,
                },
            )
        self.env.invalidate_all()
        posted = self.notes(move, "Escrevo pelo portal")
        self.assertEqual(len(posted), 1, "the portal message is posted")
        self.assertEqual(posted.author_id, portal.partner_id)
        self.assertFalse(self.server.log, "nothing may reach WhatsApp")
        self.assertFalse(self.notes(move, "WhatsApp:"))
