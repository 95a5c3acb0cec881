"""Meta's 24-hour customer service window: after the customer writes on WhatsApp, a
collector's "Send message" in the invoice chatter (over the web client's own route,
``/mail/message/post``, as that collector) also goes to the customer as a WhatsApp
text; a day later only templates can go, and the chatter says so; a log note, or a
customer who asked to stop, sends nothing. Saturday 14/03/2026 12:00 UTC is 09:00 in
São Paulo: inside the customer's contact hours, and a new day for its daily limit
(the D-1 reminder went out on Friday)."""

import json
from datetime import UTC, datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common_whatsapp import CUSTOMER, AnswersMixin, WhatsappCommon


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
            move, "Olá Maria, a segunda via está no link da fatura.", "2026-03-14 12:00"
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
        self.chatter_post(move, "Cliente ligou, vai pagar amanhã", "2026-03-14 12:00", note=True)
        self.assertFalse(self.server.log)
        self.assertFalse(self.notes(move, "WhatsApp:"))

    def test_a_customer_who_said_stop_gets_nothing(self):
        move = self.customer_writes("PARAR")
        self.chatter_post(move, "Olá Maria, tudo certo?", "2026-03-14 12:00")
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
        self.chatter_post(move, "Olá Maria", "2026-03-14 12:00")
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
        with freeze_time("2026-03-14 12:00"):
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


@tagged("post_install", "-at_install")
class TestWhatsappSessionHours(WhatsappCommon):
    """The collector's chatter text reaches the customer only inside its contact
    hours and daily message limit (the dispatcher's): outside them it is queued, the
    chatter says when it leaves, and the cron sends it then, while the customer's
    24-hour WhatsApp window is still open; it counts in the daily limit."""

    CRON = "l10n_br_cobranca_preventiva.ir_cron_cobranca_whatsapp_session"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="hours_clerk",
            password="hours_clerk",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def customer_writes(self, sp_when, text="Oi, tenho uma dúvida", wamid="wamid.IN.1"):
        """The customer writes to the company's number (answering no reminder) at
        São Paulo time ``sp_when``."""
        when = self.sp_time(sp_when)
        item = {
            "from": CUSTOMER,
            "id": wamid,
            "timestamp": str(int(when.replace(tzinfo=UTC).timestamp())),
            "type": "text",
            "text": {"body": text},
        }
        payload = self.change_payload(
            {"contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}], "messages": [item]}
        )
        self.assertEqual(self.webhook(payload, when=when).status_code, 200)

    def clerk_posts(self, move, sp_when, body="Olá Maria, a segunda via está no portal."):
        self.authenticate("hours_clerk", "hours_clerk")
        with freeze_time(self.sp_time(sp_when)):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "account.move",
                    "thread_id": move.id,
                    "post_data": {
                        "body": body,
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.env.invalidate_all()

    def run_cron(self, sp_when):
        with freeze_time(self.sp_time(sp_when)):
            self.env.ref(self.CRON).method_direct_trigger()
        self.env.invalidate_all()

    def outgoing(self, move):
        return self.env["cobranca.whatsapp.message"].search(
            [("move_id", "=", move.id), ("direction", "=", "out")]
        )

    def notes(self, move, text):
        return move.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_a_closed_day_of_the_customer_s_city_is_skipped(self):
        # Monday is the anniversary of the customer's city (closed there only)
        self.customer.write(
            {
                "city": "São Paulo",
                "state_id": self.env.ref("base.state_br_sp").id,
                "country_id": self.env.ref("base.br").id,
            }
        )
        self.env["cobranca.closed.date"].create(
            {
                "date": "2026-03-16",
                "name": "Feriado municipal",
                "city": "Sao Paulo",
                "state_id": self.env.ref("base.state_br_sp").id,
                "company_id": self.company.id,
            }
        )
        move = self.post_at()
        self.customer_writes("2026-03-15 21:00")  # Sunday
        self.clerk_posts(move, "2026-03-15 22:00")
        # not Monday 08:00 (the city is closed), Tuesday 08:00: past the 24-hour window
        queued = self.outgoing(move)
        self.assertEqual(queued.send_after, datetime(2026, 3, 17, 11, 0))
        self.run_cron("2026-03-16 08:00")
        self.assertFalse(self.server.log, "nothing may reach WhatsApp on the city's closed day")

    def test_on_a_sunday_night_it_waits_for_monday_at_8(self):
        move = self.post_at()
        self.customer_writes("2026-03-15 21:00")  # Sunday
        self.clerk_posts(move, "2026-03-15 22:00")
        self.assertFalse(self.server.log, "nothing may reach WhatsApp on a Sunday night")
        queued = self.outgoing(move)
        self.assertEqual(queued.state, "queued")
        self.assertEqual(queued.send_after, datetime(2026, 3, 16, 11, 0))  # 08:00 in SP
        self.assertEqual(queued.session_end, datetime(2026, 3, 17, 0, 0))  # Monday 21:00
        self.assertEqual(queued.user_id, self.clerk)
        [note] = self.notes(move, "Queued for WhatsApp")
        self.assertIn("contact hours are closed", note.body)
        self.assertIn("Mar 16, 2026, 8:00:00 AM", note.body)  # the clerk's language: en_US

        self.run_cron("2026-03-16 07:59")
        self.assertFalse(self.server.log)
        self.assertEqual(queued.state, "queued")

        self.expect_send("wamid.MONDAY")
        self.run_cron("2026-03-16 08:00")
        [body] = self.sent_bodies()
        self.assertEqual(
            (body["to"], body["text"]["body"]),
            (CUSTOMER, "Olá Maria, a segunda via está no portal."),
        )
        self.assertEqual((queued.state, queued.provider_message_id), ("sent", "wamid.MONDAY"))
        self.assertEqual(queued.date, datetime(2026, 3, 16, 11, 0))
        self.assertIn("wamid.MONDAY", self.notes(move, "Also sent on WhatsApp").body)

        self.run_cron("2026-03-16 09:00")  # never twice
        self.assertEqual(len(self.server.log), 1)

    def test_past_the_daily_limit_it_waits_for_the_next_day(self):
        """The D-1 reminder went out on Friday at 10:00 (the limit is 1 a day); the
        customer answers at 15:00 and the clerk replies at 16:00."""
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        self.assertEqual(self.reminders(move)["D-1"].state, "sent")
        self.server.clear()
        self.customer_writes("2026-03-13 15:00")
        self.clerk_posts(move, "2026-03-13 16:00")
        self.assertFalse(self.server.log)
        queued = self.outgoing(move)
        self.assertEqual(queued.state, "queued")
        self.assertEqual(queued.send_after, datetime(2026, 3, 14, 11, 0))  # Saturday 08:00
        [note] = self.notes(move, "Queued for WhatsApp")
        self.assertIn("already got its 1 collection message(s) of the day", note.body)

        self.expect_send("wamid.SATURDAY")
        self.run_cron("2026-03-14 08:00")
        self.assertEqual(queued.state, "sent")
        self.assertEqual(len(self.server.log), 1)

    def test_a_text_sent_from_the_chatter_counts_in_the_daily_limit(self):
        """Monday 08:30 the clerk's reply goes at once; at 10:00 the invoice's D0 email
        waits for the next day."""
        move = self.post_at()
        self.customer_writes("2026-03-16 08:00")
        self.expect_send("wamid.NOW")
        self.clerk_posts(move, "2026-03-16 08:30")
        self.assertEqual(self.outgoing(move).state, "sent")
        self.assertEqual(len(self.notes(move, "Also sent on WhatsApp")), 1)
        self.dispatch("2026-03-16 10:00")
        d0 = self.reminders(move)["D0"]
        self.assertEqual((d0.state, d0.skip_reason), ("scheduled", "daily_cap"))
        self.assertEqual(d0.next_try, datetime(2026, 3, 17, 3, 0))  # Tuesday 00:00 in SP

    def test_when_the_window_closes_first_the_clerk_is_told_it_was_not_sent(self):
        """Saturday 15:00 the customer writes (the window closed at 14:00): the reply
        would leave on Monday 08:00, but WhatsApp's window closes on Sunday 15:00."""
        move = self.post_at()
        self.customer_writes("2026-03-14 15:00")
        self.clerk_posts(move, "2026-03-14 16:00")
        queued = self.outgoing(move)
        self.assertEqual(queued.send_after, datetime(2026, 3, 16, 11, 0))
        self.run_cron("2026-03-15 15:01")
        self.assertFalse(self.server.log)
        self.assertEqual(queued.state, "expired")
        self.assertEqual(len(self.notes(move, "window closed on")), 1)
        [todo] = move.activity_ids.filtered(lambda a: a.user_id == self.clerk)
        self.assertEqual(todo.summary, "WhatsApp message not sent")
        self.assertIn("a segunda via está no portal", todo.note)

    def test_an_invoice_reader_without_collection_rights_sends_nothing(self):
        """The refused one: an employee who may read invoices (and so post in their
        chatter) but has no collection group."""
        reader = new_test_user(
            self.env,
            login="invoice_reader",
            password="invoice_reader",
            groups="base.group_user,account.group_account_readonly",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        self.assertFalse(reader.has_group("l10n_br_cobranca_preventiva.group_cobranca_user"))
        move = self.post_at()
        self.customer_writes("2026-03-16 08:00")
        self.authenticate("invoice_reader", "invoice_reader")
        with freeze_time(self.sp_time("2026-03-16 09:00")):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "account.move",
                    "thread_id": move.id,
                    "post_data": {
                        "body": "Maria, pague hoje por favor",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.env.invalidate_all()
        self.assertEqual(len(self.notes(move, "pague hoje por favor")), 1, "posted")
        self.assertFalse(self.server.log, "nothing may reach WhatsApp")
        self.assertFalse(self.outgoing(move))
        self.assertFalse(self.notes(move, "WhatsApp"))
