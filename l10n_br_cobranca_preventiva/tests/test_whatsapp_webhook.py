"""The WhatsApp webhook over the real route: routing by phone number, one company's
secret per change, body cap; the "PARAR" reply revokes the number that wrote."""

import http.client
import json
from datetime import datetime
from urllib.parse import urlsplit

from freezegun import freeze_time

from odoo.tests import tagged

from .common_whatsapp import CONSENTED, WABA_ID, WhatsappCommon

SECRET_B = "segredo-da-empresa-b"
PHONE_NUMBER_ID_B = "789"
WABA_ID_B = "790"
MIB = 1024 * 1024


@tagged("post_install", "-at_install")
class TestWhatsappWebhookRouting(WhatsappCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Empresa B Ltda")["company"]
        cls.company_b.sudo().write(
            {
                "cobranca_whatsapp_base_url": cls.server.url_for("").rstrip("/"),
                "cobranca_whatsapp_phone_number_id": PHONE_NUMBER_ID_B,
                "cobranca_whatsapp_waba_id": WABA_ID_B,
                "cobranca_whatsapp_token": "tok-b",
                "cobranca_whatsapp_app_secret": SECRET_B,
            }
        )

    def sent_reminder(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.provider_message_id), ("sent", "wamid.A"))
        return d1

    def state_of(self, reminder):
        reminder.invalidate_recordset()
        return reminder.state

    def whatsapp_consents(self, company):
        return self.env["cobranca.consent"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("channel", "=", "whatsapp"),
                ("company_id", "=", company.id),
            ]
        )

    def b_account(self):
        return {"phone_number_id": PHONE_NUMBER_ID_B, "waba_id": WABA_ID_B}

    # ---------------------------------------------------------------- routing
    def test_status_of_company_a_in_company_b_payload_changes_nothing(self):
        d1 = self.sent_reminder()
        payload = self.status_payload("wamid.A", "read", **self.b_account())
        response = self.webhook(payload, secret=SECRET_B)
        self.assertEqual(response.status_code, 200)  # B's own call, about a message B never sent
        self.assertEqual(self.state_of(d1), "sent")

    def test_company_b_secret_cannot_sign_for_company_a_number(self):
        d1 = self.sent_reminder()
        response = self.webhook(self.status_payload("wamid.A", "read"), secret=SECRET_B)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.state_of(d1), "sent")
        # the same call signed by A is applied
        self.assertEqual(self.webhook(self.status_payload("wamid.A", "read")).status_code, 200)
        self.assertEqual(self.state_of(d1), "read")
        # read at Meta's time (timestamp 1773300000): the send hour learns from it
        self.assertEqual(d1.read_date, datetime(2026, 3, 12, 7, 20))

    def test_phone_number_under_another_business_account_is_refused(self):
        d1 = self.sent_reminder()
        payload = self.status_payload("wamid.A", "read", waba_id=WABA_ID_B)
        self.assertEqual(self.webhook(payload).status_code, 403)
        self.assertEqual(self.state_of(d1), "sent")

    def test_unknown_phone_number_is_refused(self):
        d1 = self.sent_reminder()
        payload = self.status_payload("wamid.A", "read", phone_number_id="999")
        self.assertEqual(self.webhook(payload).status_code, 403)
        self.assertEqual(self.state_of(d1), "sent")

    def test_each_change_is_checked_with_its_own_company(self):
        """A call carrying A's change and a change claiming B's number, signed by A:
        A's change is applied, the other is not (B's secret did not sign it)."""
        d1 = self.sent_reminder()
        payload = self.status_payload("wamid.A", "delivered")
        payload["entry"] += self.inbound_payload("5511987654321", "PARAR", **self.b_account())[
            "entry"
        ]
        self.assertEqual(self.webhook(payload).status_code, 200)
        self.assertEqual(self.state_of(d1), "delivered")
        self.assertFalse(self.whatsapp_consents(self.company_b))
        self.assertEqual(self.whatsapp_consents(self.company).status, "granted")

    def test_stop_to_company_b_number_revokes_for_company_b_only(self):
        self.server.expect_oneshot_request(
            f"/v21.0/{PHONE_NUMBER_ID_B}/messages", method="POST"
        ).respond_with_json({"messaging_product": "whatsapp", "messages": [{"id": "wamid.OK"}]})
        payload = self.inbound_payload("5511987654321", "Parar", **self.b_account())
        self.assertEqual(self.webhook(payload, secret=SECRET_B).status_code, 200)
        self.assertEqual(self.whatsapp_consents(self.company_b).status, "revoked")
        self.assertEqual(self.whatsapp_consents(self.company).status, "granted")
        [(request, _response)] = self.server.log  # the confirmation, from B's number
        self.assertEqual(request.path, f"/v21.0/{PHONE_NUMBER_ID_B}/messages")
        self.assertEqual(request.headers["Authorization"], "Bearer tok-b")

    # ------------------------------------------- one number, several companies' copies
    SAME = "5511955554444"

    def copies(self, *companies):
        """Each company's own copy of one customer (same name, same number), in order:
        the later one comes first in a partner search (name, then id descending)."""
        return [
            self.env["res.partner"].create(
                {"name": "João Cliente", "mobile": "+55 11 95555-4444", "company_id": company.id}
            )
            for company in companies
        ]

    def kept(self, partner):
        return self.env["cobranca.whatsapp.message"].search([("partner_id", "=", partner.id)])

    def test_a_message_to_company_a_reaches_company_a_copy_only(self):
        copy_a, copy_b = self.copies(self.company, self.company_b)
        payload = self.inbound_payload(self.SAME, "Oi, é sobre a fatura")
        self.assertEqual(self.webhook(payload).status_code, 200)
        [kept] = self.kept(copy_a)
        self.assertEqual(kept.company_id, self.company)
        self.assertFalse(self.kept(copy_b))
        self.assertTrue(copy_a.with_company(self.company).cobranca_whatsapp_last_inbound)
        # company A's 24-hour window is not written on B's copy
        self.assertFalse(copy_b.sudo().with_company(self.company).cobranca_whatsapp_last_inbound)
        self.assertFalse(copy_b.sudo().with_company(self.company).cobranca_whatsapp_last_number)

    def test_a_message_to_company_b_reaches_company_b_copy_only(self):
        copy_b, copy_a = self.copies(self.company_b, self.company)
        payload = self.inbound_payload(self.SAME, "Oi", **self.b_account())
        self.assertEqual(self.webhook(payload, secret=SECRET_B).status_code, 200)
        self.assertEqual(self.kept(copy_b).company_id, self.company_b)
        self.assertFalse(self.kept(copy_a))
        self.assertFalse(copy_a.sudo().with_company(self.company_b).cobranca_whatsapp_last_inbound)

    def test_a_shared_customer_is_found_but_not_another_company_copy(self):
        shared = self.env["res.partner"].create(
            {"name": "João Cliente", "mobile": "+55 11 95555-4444", "company_id": False}
        )
        [copy_b] = self.copies(self.company_b)
        payload = self.inbound_payload(self.SAME, "Oi, é sobre a fatura")
        self.assertEqual(self.webhook(payload).status_code, 200)
        self.assertEqual(self.kept(shared).company_id, self.company)
        self.assertFalse(self.kept(copy_b))
        self.assertTrue(shared.with_company(self.company).cobranca_whatsapp_last_inbound)

    def test_stop_to_company_a_revokes_company_a_copy_only(self):
        copy_a, copy_b = self.copies(self.company, self.company_b)
        self.expect_send(wamid="wamid.OK")  # the confirmation
        self.assertEqual(self.webhook(self.inbound_payload(self.SAME, "PARAR")).status_code, 200)
        revoked = self.env["cobranca.consent"].search(
            [("channel", "=", "whatsapp"), ("status", "=", "revoked")]
        )
        self.assertEqual(revoked.partner_id, copy_a)
        self.assertEqual(revoked.company_id, self.company)
        self.assertNotIn(copy_b, revoked.partner_id)

    def test_template_update_of_the_business_account_is_accepted(self):
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": WABA_ID,
                    "time": 1773300000,
                    "changes": [
                        {
                            "value": {
                                "event": "APPROVED",
                                "message_template_id": 594425479261596,
                                "message_template_name": "lembrete_vencimento",
                                "message_template_language": "pt_BR",
                                "reason": "NONE",
                            },
                            "field": "message_template_status_update",
                        }
                    ],
                }
            ],
        }
        self.assertEqual(self.webhook(payload).status_code, 200)
        self.assertEqual(self.webhook(payload, secret=SECRET_B).status_code, 403)

    def test_repeated_statuses_in_one_call_keep_the_furthest(self):
        d1 = self.sent_reminder()
        payload = self.status_payload("wamid.A", "read")
        statuses = payload["entry"][0]["changes"][0]["value"]["statuses"]
        statuses.append(dict(statuses[0], status="delivered"))  # late, in the same call
        self.assertEqual(self.webhook(payload).status_code, 200)
        self.assertEqual(self.state_of(d1), "read")
        self.assertEqual(
            len(d1.move_id.message_ids.filtered(lambda m: "WhatsApp D-1" in (m.body or ""))),
            1,
        )

    # --------------------------------------------------------------- body cap
    def padded(self, payload, size):
        """The signed JSON body of ``payload`` padded with spaces to ``size`` bytes."""
        raw = json.dumps(payload).encode()
        return raw + b" " * (size - len(raw))

    def test_body_of_one_mib_is_accepted_and_one_byte_more_refused(self):
        d1 = self.sent_reminder()
        too_big = self.padded(self.status_payload("wamid.A", "read"), MIB + 1)
        self.assertEqual(self.webhook(too_big).status_code, 413)
        self.assertEqual(self.state_of(d1), "sent")
        just_right = self.padded(self.status_payload("wamid.A", "read"), MIB)
        self.assertEqual(self.webhook(just_right).status_code, 200)
        self.assertEqual(self.state_of(d1), "read")

    def test_chunked_body_over_one_mib_is_refused_on_the_bytes_read(self):
        """No Content-Length to trust: the controller counts what it reads."""
        d1 = self.sent_reminder()
        raw = self.padded(self.status_payload("wamid.A", "read"), MIB + 512)

        def chunks():
            for start in range(0, len(raw), 64 * 1024):
                yield raw[start : start + 64 * 1024]

        response = self.url_open(
            "/cobranca/whatsapp/webhook",
            data=chunks(),
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": self.sign(raw),
            },
        )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(self.state_of(d1), "sent")

    def test_declared_length_over_one_mib_is_refused_without_reading(self):
        d1 = self.sent_reminder()
        raw = json.dumps(self.status_payload("wamid.A", "read")).encode()
        url = urlsplit(self.base_url())
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            connection.putrequest("POST", "/cobranca/whatsapp/webhook")
            connection.putheader("Content-Length", str(50 * MIB))  # never sent
            connection.putheader("X-Hub-Signature-256", self.sign(raw))
            connection.endheaders(raw)
            response = connection.getresponse()
            self.assertEqual(response.status, 413)
        finally:
            connection.close()
        self.assertEqual(self.state_of(d1), "sent")


@tagged("post_install", "-at_install")
class TestWhatsappStop(WhatsappCommon):
    """A stop reply revokes the number that wrote, for the partners that have it."""

    A = "+5511987654321"  # the customer's mobile (consented in WhatsappCommon)
    B = "+5511988776655"  # the billing contact's mobile, also the company's phone

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cobranca_daily_cap = 5
        cls.customer.write({"is_company": True, "phone": "(11) 98877-6655"})
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Financeiro",
                "parent_id": cls.customer.id,
                "type": "invoice",
                "mobile": "(11) 98877-6655",
                "email": "financeiro@example.com",
            }
        )
        with freeze_time(CONSENTED):
            cls.env["cobranca.consent"]._cobranca_record(
                cls.contact,
                "whatsapp",
                cls.B,
                "granted",
                "consent",
                "form",
                evidence="Contrato",
            )

    def consent_status(self, partner, number):
        consents = self.env["cobranca.consent"].search(
            [("partner_id", "=", partner.id), ("channel", "=", "whatsapp")]
        )
        return {c.contact: c.status for c in consents}.get(number)

    def test_parar_from_the_contact_revokes_that_number_not_the_customer_mobile(self):
        for_contact = self.post_at(partner=self.contact)
        for_customer = self.post_at()
        self.expect_send(wamid="wamid.REPLY")  # the confirmation
        # WhatsApp reports the contact's number without its ninth digit
        response = self.webhook(self.inbound_payload("551188776655", "PARAR"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.consent_status(self.contact, self.B), "revoked")
        self.assertEqual(self.consent_status(self.customer, self.B), "revoked")
        self.assertEqual(self.consent_status(self.customer, self.A), "granted")
        [reply] = self.sent_bodies()
        self.assertEqual(reply["to"], "551188776655")

        self.server.clear()
        self.expect_send(wamid="wamid.TO_A")
        self.dispatch("2026-03-13 10:00")
        to_contact = self.reminders(for_contact)["D-1"]
        to_customer = self.reminders(for_customer)["D-1"]
        self.assertEqual(
            (to_contact.channel, to_contact.fallback_reason), ("email", "revoked")
        )  # nothing to B
        self.assertEqual(
            (to_customer.state, to_customer.channel, to_customer.provider_message_id),
            ("sent", "whatsapp", "wamid.TO_A"),
        )
        self.assertEqual([body["to"] for body in self.sent_bodies()], ["5511987654321"])

    def test_stop_event_records_the_sender_number_and_its_text(self):
        self.expect_send(wamid="wamid.REPLY")
        self.webhook(self.inbound_payload("5511988776655", "sair."))
        consent = self.env["cobranca.consent"].search(
            [("partner_id", "=", self.contact.id), ("channel", "=", "whatsapp")]
        )
        self.assertEqual(consent.contact, self.B)
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual((event.status, event.source), ("revoked", "whatsapp"))
        self.assertIn("5511988776655", event.evidence)
