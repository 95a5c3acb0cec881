"""Customers' WhatsApp messages over the real webhook route: into the chatter of the
invoice they answer (``context.id``), else kept as a ``cobranca.whatsapp.message`` of
the customer (or of no one: unknown number), which only collection users read; with
the intent read and the reminder linked; stop requests revoke.

The messages have the shapes of Meta's "Messages webhook reference" pages and of
david-lev/pywa's tests/data/updates (message.json, callback_button.json,
callback_selection.json), as the plain parsing tests' files in tests/data/whatsapp/
do: text, quick-reply ``button`` with payload, interactive ``button_reply`` and
``list_reply``, media with id/mime_type/caption, reaction, and a message without
``from`` that only carries the business-scoped ``from_user_id`` (a user with a
username: Meta's contacts then omit ``wa_id``).
"""

import json

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged

from ..tools import whatsapp_webhook
from .common_whatsapp import DISPLAY_NUMBER, WhatsappCommon

CUSTOMER = "5511987654321"
BSUID = "BR.1502576394655843"
#: 13/03/2026 18:00 UTC, when the webhook calls arrive (WEBHOOK_TIME): 15:00 in São Paulo.
TIMESTAMP = "1773424800"


@tagged("post_install", "-at_install")
class TestWhatsappInbound(WhatsappCommon):
    def sent(self):
        """An invoice whose D-1 went out as wamid.A."""
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.provider_message_id), ("sent", "wamid.A"))
        self.server.clear()
        return move, d1

    def message(self, kind, content, context="wamid.A", sender=CUSTOMER, **extra):
        item = {"id": f"wamid.IN.{kind}", "timestamp": TIMESTAMP, "type": kind, kind: content}
        if sender:
            item["from"] = sender
        if context:
            item["context"] = {"from": DISPLAY_NUMBER, "id": context}
        item.update(extra)
        return item

    def post(self, *messages, contacts=None):
        if contacts is None:
            contacts = [
                {"profile": {"name": "Maria"}, "wa_id": CUSTOMER, "user_id": BSUID},
            ]
        payload = self.change_payload({"contacts": contacts, "messages": list(messages)})
        response = self.webhook(payload)
        self.assertEqual(response.status_code, 200)

    def notes(self, record):
        return record.message_ids.filtered(lambda m: "WhatsApp message from" in (m.body or ""))

    def kept(self, partner=False):
        """The messages kept out of the chatters, of ``partner`` (False: unknown)."""
        return self.env["cobranca.whatsapp.message"].search(
            [("partner_id", "=", partner and partner.id), ("direction", "=", "in")]
        )

    def whatsapp_consent(self):
        return self.env["cobranca.consent"].search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "whatsapp")]
        )

    # ---------------------------------------------------------------- routing
    def test_reply_lands_on_the_invoice_it_answers_with_intent_and_reminder(self):
        move, d1 = self.sent()
        self.post(self.message("text", {"body": "Já paguei ontem, segue o comprovante"}))
        [note] = self.notes(move)
        self.assertEqual(note.author_id, self.customer)
        self.assertEqual(
            (note.message_type, note.subtype_id), ("comment", self.env.ref("mail.mt_note"))
        )
        self.assertIn("Já paguei ontem, segue o comprovante", note.body)
        self.assertIn("says it is already paid", note.body)
        self.assertIn(f'data-oe-model="cobranca.reminder" data-oe-id="{d1.id}"', note.body)
        self.assertFalse(self.notes(self.customer))
        self.assertEqual(self.whatsapp_consent().status, "granted")

    def test_quick_reply_button_is_read_by_its_payload(self):
        move, _d1 = self.sent()
        self.post(self.message("button", {"payload": "COBRANCA_CONTEST", "text": "Não reconheço"}))
        [note] = self.notes(move)
        self.assertIn("Não reconheço", note.body)
        self.assertIn("contests the charge (1.00)", note.body)

    def test_interactive_list_reply_is_read_by_its_id_or_title(self):
        move, _d1 = self.sent()
        self.post(
            self.message(
                "interactive",
                {
                    "type": "list_reply",
                    "list_reply": {"id": "opcao-3", "title": "Falar com atendente"},
                },
            )
        )
        [note] = self.notes(move)
        self.assertIn("asks for a person (1.00)", note.body)

    def test_promise_shows_its_date(self):
        move, _d1 = self.sent()
        self.post(self.message("text", {"body": "posso pagar dia 20?"}))
        [note] = self.notes(move)
        self.assertIn("promise to pay", note.body)
        self.assertIn("promised for 20/03/2026", note.body)

    def test_a_due_day_request_shows_its_day_in_the_note_and_the_kept_message(self):
        move, _d1 = self.sent()
        self.post(self.message("text", {"body": "quero mudar o vencimento para o dia 10"}))
        [note] = self.notes(move)
        self.assertIn("asks for another due day (0.90) · day 10 of the month", note.body)
        self.post(self.message("text", {"body": "pode ser todo dia 15?"}, context=None, id="w.2"))
        [kept] = self.kept(self.customer)
        self.assertEqual(kept.intent, "due_day")
        self.assertIn("day 15 of the month", kept.body)

    def test_media_reply_names_its_media_id(self):
        move, _d1 = self.sent()
        self.post(
            self.message(
                "document",
                {
                    "caption": "segue o comprovante",
                    "filename": "comprovante-pix.pdf",
                    "mime_type": "application/pdf",
                    "sha256": "grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc=",
                    "id": "1198412283761922",
                },
            )
        )
        [note] = self.notes(move)
        self.assertIn("comprovante-pix.pdf", note.body)
        self.assertIn("1198412283761922", note.body)
        self.assertIn("says it is already paid", note.body)

    def test_reaction_to_our_message_lands_on_its_invoice(self):
        move, _d1 = self.sent()
        self.post(self.message("reaction", {"message_id": "wamid.A", "emoji": "👍"}, context=None))
        [note] = self.notes(move)
        self.assertIn("👍", note.body)

    def test_message_without_context_is_kept_for_the_customer_out_of_its_chatter(self):
        move, _d1 = self.sent()
        self.post(self.message("text", {"body": "quero falar com uma pessoa"}, context=None))
        self.assertFalse(self.notes(move))
        self.assertFalse(self.notes(self.customer), "the contact's chatter: every employee")
        [kept] = self.kept(self.customer)
        self.assertIn("asks for a person", kept.body)
        self.assertEqual(
            (kept.company_id, kept.number, kept.intent, kept.text, kept.state),
            (self.company, CUSTOMER, "human", "quero falar com uma pessoa", "received"),
        )
        self.assertEqual(str(kept.date), "2026-03-13 18:00:00")  # Meta's timestamp

    def test_an_employee_without_collection_rights_cannot_read_them(self):
        """The refused one: an internal user without collection groups, through the
        ORM and over RPC (the model, the customer's field, the customer's chatter);
        a collection user of another company sees none; the company's clerk does."""
        text = "Estou desempregada, pago quando puder"
        self.post(self.message("text", {"body": text}, context=None))
        kept = self.kept(self.customer)
        self.assertEqual(len(kept), 1)
        employee = new_test_user(
            self.env,
            login="plain_employee",
            password="plain_employee",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        with self.assertRaises(AccessError):
            self.env["cobranca.whatsapp.message"].with_user(employee).search([])
        with self.assertRaises(AccessError):
            kept.with_user(employee).read(["text"])
        with self.assertRaises(AccessError):
            self.customer.with_user(employee).read(["cobranca_whatsapp_message_ids"])
        chatter = self.customer.with_user(employee).message_ids
        self.assertFalse([m for m in chatter if text in (m.body or "")])

        self.authenticate("plain_employee", "plain_employee")
        for model, method, args, kwargs in (
            ("cobranca.whatsapp.message", "search_read", [[]], {"fields": ["text"]}),
            ("res.partner", "read", [self.customer.ids, ["cobranca_whatsapp_message_ids"]], {}),
        ):
            with self.assertRaises(JsonRpcException) as refused:
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": kwargs},
                )
            self.assertIn("AccessError", str(refused.exception))
        thread = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": self.customer.id},
        )
        self.assertNotIn(text, json.dumps(thread, ensure_ascii=False))

        company_b = self.setup_other_company(name="Empresa B Ltda")["company"]
        clerk_b = new_test_user(
            self.env,
            login="clerk_b",
            groups="account.group_account_invoice",
            company_id=company_b.id,
            company_ids=company_b.ids,
        )
        self.assertFalse(self.env["cobranca.whatsapp.message"].with_user(clerk_b).search([]))
        clerk = new_test_user(
            self.env,
            login="clerk_a",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=self.company.ids,
        )
        self.assertEqual(self.customer.with_user(clerk).cobranca_whatsapp_message_ids, kept)
        self.assertEqual(kept.with_user(clerk).text, text)

    def test_unknown_number_is_kept_for_the_company(self):
        stranger = "5521991112222"
        self.post(
            self.message("text", {"body": "quem é?"}, context=None, sender=stranger),
            contacts=[{"profile": {"name": "?"}, "wa_id": stranger}],
        )
        self.assertFalse(self.notes(self.company.partner_id))
        [kept] = self.kept()
        self.assertEqual(kept.company_id, self.company)
        self.assertIn("+5521991112222", kept.body)
        self.assertIn("No customer has this number.", kept.body)

    def test_customer_text_is_escaped(self):
        move, _d1 = self.sent()
        self.post(self.message("text", {"body": "<img src=x onerror=alert(1)> já paguei"}))
        [note] = self.notes(move)
        self.assertNotIn("<img", note.body)
        self.assertIn("&lt;img", note.body)

    # ------------------------------------------------------- no phone number
    def test_message_without_from_answering_a_reminder_lands_on_its_invoice(self):
        move, _d1 = self.sent()
        self.post(
            self.message("text", {"body": "posso pagar sexta"}, sender=None, from_user_id=BSUID),
            contacts=[{"profile": {"name": "Maria", "username": "@maria.souza"}, "user_id": BSUID}],
        )
        [note] = self.notes(move)
        self.assertIn("@maria.souza (Maria)", note.body)
        self.assertIn(BSUID, note.body)
        self.assertIn("did not give the phone number", note.body)
        self.assertIn("promised for 20/03/2026", note.body)

    def test_message_without_from_nor_context_is_kept_for_the_company(self):
        self.post(
            self.message("text", {"body": "oi"}, context=None, sender=None, from_user_id=BSUID),
            contacts=[{"profile": {"name": "Maria"}, "user_id": BSUID}],
        )
        self.assertFalse(self.notes(self.company.partner_id))
        [kept] = self.kept()
        self.assertIn(BSUID, kept.body)
        self.assertFalse(kept.number)

    def test_stop_without_from_revokes_the_consent_the_reminder_used(self):
        _move, d1 = self.sent()
        self.assertEqual(d1.consent_id, self.whatsapp_consent())
        self.post(
            self.message("text", {"body": "PARAR"}, sender=None, from_user_id=BSUID),
            contacts=[{"profile": {"name": "Maria"}, "user_id": BSUID}],
        )
        consent = self.whatsapp_consent()
        self.assertEqual((consent.status, consent.contact), ("revoked", "+5511987654321"))
        self.assertIn(BSUID, consent.event_ids.sorted("id")[-1].evidence)
        self.assertFalse(self.server.log)  # no number to confirm to

    # ------------------------------------------------------------------ stop
    def test_a_stop_sentence_revokes_too(self):
        self.expect_send(wamid="wamid.OK")
        self.post(self.message("text", {"body": "não quero mais receber"}, context=None))
        self.assertEqual(self.whatsapp_consent().status, "revoked")

    def test_paid_with_a_stop_request_is_paid_and_revokes(self):
        move, _d1 = self.sent()
        self.expect_send(wamid="wamid.OK")
        self.post(self.message("text", {"body": "já paguei, parem de mandar"}))
        [note] = self.notes(move)
        self.assertIn("says it is already paid", note.body)
        self.assertIn("also asks to stop the messages", note.body)
        self.assertEqual(self.whatsapp_consent().status, "revoked")
        [confirmation] = self.sent_bodies()
        self.assertEqual((confirmation["type"], confirmation["to"]), ("text", CUSTOMER))

    def test_a_reply_to_a_message_we_do_not_know_is_kept_for_the_customer(self):
        move, _d1 = self.sent()
        self.post(self.message("text", {"body": "ok"}, context="wamid.OF_ANOTHER_APP"))
        self.assertFalse(self.notes(move))
        self.assertEqual(len(self.kept(self.customer)), 1)

    # ------------------------------------------------------------------ hook
    def test_the_hook_returns_what_acting_on_a_reply_needs(self):
        move, d1 = self.sent()
        payload = self.change_payload(
            {
                "contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}],
                "messages": [
                    self.message(
                        "image",
                        {
                            "caption": "comprovante, pago dia 12",
                            "mime_type": "image/jpeg",
                            "id": "1047288396744213",
                        },
                    ),
                    self.message("text", {"body": "consigo pagar dia 25"}, context=None),
                ],
            }
        )
        [change] = whatsapp_webhook.parse_webhook(payload)
        with freeze_time("2026-03-13 18:00:00"):
            first, second = self.env["cobranca.channel.whatsapp"]._cobranca_inbound(
                self.company, change.messages
            )
        self.assertEqual((first.move, first.reminder, first.partner), (move, d1, self.customer))
        self.assertEqual((first.intent.intent, first.media_ids), ("paid", ("1047288396744213",)))
        self.assertIsNone(first.promise_date_hint)
        self.assertEqual(first.mail_message.res_id, move.id)
        self.assertEqual((second.move, second.reminder), (move.browse(), d1.browse()))
        self.assertEqual((second.partner, second.partners), (self.customer, self.customer))
        self.assertEqual(second.intent.intent, "promise")
        self.assertEqual(str(second.promise_date_hint), "2026-03-25")
        self.assertIsNone(second.mail_message)
        self.assertEqual(second.whatsapp_message.partner_id, self.customer)
        self.assertIsNone(first.whatsapp_message)
