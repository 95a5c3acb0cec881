import json
import time
from datetime import datetime

from freezegun import freeze_time
from werkzeug.wrappers import Response

from odoo import Command
from odoo.tests import tagged

from .common_whatsapp import WhatsappCommon


@tagged("post_install", "-at_install")
class TestWhatsapp(WhatsappCommon):
    """Against a real local HTTP server speaking the Cloud API's shapes."""

    # ------------------------------------------------------------------ send
    def test_d1_sends_one_template_with_the_pix_code(self):
        move = self.post_at()
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(d1.channel, "whatsapp")
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        self.assertEqual(
            (d1.state, d1.channel, d1.provider_message_id),
            ("sent", "whatsapp", "wamid.A"),
        )
        [request] = self.sent_bodies()
        # the Pix code itself is pinned against the BR Code spec in test_pix.py
        expected_pix = self.texts(move).pix_code
        self.assertTrue(expected_pix.startswith("000201") and "br.gov.bcb.pix" in expected_pix)
        self.assertEqual(request["to"], "5511987654321")
        self.assertEqual(request["template"]["name"], "lembrete_vencimento")
        self.assertEqual(request["template"]["language"], {"code": "pt_BR"})
        params = [p["text"] for p in request["template"]["components"][0]["parameters"]]
        self.assertEqual(params[:2], ["Maria Aparecida Souza", move.name])
        self.assertRegex(params[2], r"R\$\s1\.000,00")
        self.assertEqual(params[3], expected_pix)
        self.assertEqual(
            params[4],
            "Distribuidora Exemplo Ltda · CNPJ 11.222.333/0001-81 · Rua Augusta, 1500 · "
            "São Paulo/SP · CEP 01304-001",
        )
        self.assertEqual(d1.legal_basis, "consent")
        log = move.message_ids.filtered(lambda m: "WhatsApp message sent" in (m.body or ""))
        self.assertIn("vence amanhã", log.body)

    def test_without_pix_key_the_link_goes(self):
        move = self.post_at(partner_bank_id=False)
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        params = [
            p["text"] for p in self.sent_bodies()[0]["template"]["components"][0]["parameters"]
        ]
        self.assertFalse(self.texts(move).pix_code)
        self.assertIn("/my/invoices/", params[3])

    def test_rate_limited_then_success_sends_exactly_once(self):
        move = self.post_at()
        self.server.expect_ordered_request("/v21.0/123/messages", method="POST").respond_with_json(
            {"error": {"message": "rate", "code": 130429}}, status=429
        )
        self.server.expect_ordered_request("/v21.0/123/messages", method="POST").respond_with_json(
            {"messages": [{"id": "wamid.B"}]}
        )
        self.dispatch("2026-03-13 10:00")
        self.dispatch("2026-03-13 11:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.provider_message_id), ("sent", "wamid.B"))
        self.assertEqual(len(self.server.log), 2)

    def test_read_timeout_is_uncertain_and_never_resent(self):
        move = self.post_at()

        calls = []

        def slow(_request):
            calls.append(1)
            time.sleep(1.0)
            return Response(json.dumps({"messages": [{"id": "wamid.SLOW"}]}), 200)

        self.server.expect_request("/v21.0/123/messages", method="POST").respond_with_handler(slow)
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.skip_reason), ("failed", "uncertain_delivery"))
        self.dispatch("2026-03-13 11:00")
        self.dispatch("2026-03-16 10:00")
        self.assertEqual(len(calls), 1)

    def test_template_refused_fails_with_meta_code(self):
        move = self.post_at()
        self.expect_send(
            status=400,
            body={"error": {"message": "Template does not exist", "code": 132001}},
        )
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.skip_reason), ("failed", "send_error"))
        self.assertIn("132001", d1.error)

    def test_interrupted_sending_is_marked_uncertain(self):
        move = self.post_at()
        d1 = self.reminders(move)["D-1"]
        self.env.cr.execute(
            "UPDATE cobranca_reminder SET state = 'sending', sent_date = '2026-03-13 13:00' "
            "WHERE id = %s",
            [d1.id],
        )
        self.env.invalidate_all()
        self.dispatch("2026-03-13 10:30")
        self.assertEqual((d1.state, d1.skip_reason), ("failed", "uncertain_delivery"))
        self.assertFalse(self.server.log)

    def test_landline_is_skipped(self):
        self.customer.mobile = False
        self.customer.phone = "(11) 3333-4444"
        self.grant("whatsapp", self.customer.phone)
        regua = self.one_step_regua(
            offset_days=-1,
            channel="whatsapp",
            whatsapp_template_id=self.template.id,
            whatsapp_param_ids=[
                Command.create({"value": v})
                for v in [
                    "customer_name",
                    "invoice_number",
                    "amount",
                    "pix_code",
                    "creditor",
                ]
            ],
        )
        move = self.post_at(cobranca_regua_id=regua.id)
        self.dispatch("2026-03-13 10:00")
        reminder = move.cobranca_reminder_ids
        self.assertEqual((reminder.state, reminder.skip_reason), ("skipped", "landline"))
        self.assertFalse(self.server.log)

    # --------------------------------------------------------------- webhook
    def test_status_webhook_moves_to_delivered_then_read(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(self.webhook(self.status_payload("wamid.A", "delivered")).status_code, 200)
        d1.invalidate_recordset()
        self.assertEqual(d1.state, "delivered")
        self.webhook(self.status_payload("wamid.A", "read"))
        self.webhook(self.status_payload("wamid.A", "delivered"))  # late and repeated
        d1.invalidate_recordset()
        self.assertEqual(d1.state, "read")
        self.assertEqual(
            self.webhook(self.status_payload("wamid.UNKNOWN", "read")).status_code, 200
        )

    def test_failed_status_keeps_the_error(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        self.webhook(
            self.status_payload("wamid.A", "failed", [{"code": 131026, "title": "Undeliverable"}])
        )
        d1 = self.reminders(move)["D-1"]
        d1.invalidate_recordset()
        self.assertEqual(d1.state, "failed")
        self.assertIn("131026", d1.error)

    def test_forged_signature_changes_nothing(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        forged = self.webhook(self.status_payload("wamid.A", "read"), secret="wrong")
        self.assertEqual(forged.status_code, 403)
        unsigned = self.url_open(
            "/cobranca/whatsapp/webhook",
            data=json.dumps(self.status_payload("wamid.A", "read")),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(unsigned.status_code, 403)
        d1 = self.reminders(move)["D-1"]
        d1.invalidate_recordset()
        self.assertEqual(d1.state, "sent")

    def test_handshake(self):
        ok = self.url_open(
            "/cobranca/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=42"
        )
        self.assertEqual((ok.status_code, ok.text), (200, "42"))
        bad = self.url_open(
            "/cobranca/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=42"
        )
        self.assertEqual(bad.status_code, 403)

    def test_parar_revokes_and_the_next_run_falls_back_to_email(self):
        move = self.post_at()
        self.expect_send(wamid="wamid.REPLY")  # the confirmation
        response = self.webhook(self.inbound_payload("5511987654321", "Parar"))
        self.assertEqual(response.status_code, 200)
        consent = self.env["cobranca.consent"].search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "whatsapp")]
        )
        self.assertEqual((consent.status, consent.source), ("revoked", "whatsapp"))
        [reply] = self.sent_bodies()
        self.assertEqual((reply["type"], reply["to"]), ("text", "5511987654321"))
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.channel, d1.fallback_reason), ("sent", "email", "revoked"))
        self.assertEqual(len(self.server.log), 1)

    def test_a_template_meta_moved_out_of_utility_is_not_sent(self):
        """Meta re-categorises templates (the synchronisation writes it): a reminder
        whose template is no longer UTILITY takes its fallback channel."""
        move = self.post_at()
        self.template.sudo().category = "MARKETING"
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(
            (d1.state, d1.channel, d1.fallback_reason), ("sent", "email", "channel_unavailable")
        )
        self.assertFalse(self.server.log)

    def test_days_to_due_is_never_negative_and_days_overdue_has_its_own_parameter(self):
        template = (
            self.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "lembrete_dias",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": "Faltam {{1}} dias, {{2}} dias de atraso. Credor: {{3}}.",
                    "param_count": 3,
                    "company_id": self.company.id,
                }
            )
        )
        self.d1.write(
            {
                "whatsapp_template_id": template.id,
                "whatsapp_param_ids": [
                    Command.clear(),
                    *(
                        Command.create({"sequence": i, "value": v})
                        for i, v in enumerate(["days_to_due", "days_overdue", "creditor"])
                    ),
                ],
            }
        )
        move = self.post_at()  # due Monday 16/03/2026
        d1 = self.reminders(move)["D-1"]
        Params = self.env["cobranca.whatsapp.param"]
        for day, expected in (
            ("2026-03-13", ["3", "0"]),
            ("2026-03-16", ["0", "0"]),
            ("2026-03-19", ["0", "3"]),
        ):
            move.invalidate_recordset()
            with freeze_time(self.sp_time(f"{day} 10:00")):
                self.assertEqual(Params._render(d1)[:2], expected, day)

    def test_ninth_digit_matching_both_ways(self):
        Inbound = self.env["cobranca.whatsapp.inbound"]
        found = Inbound._partners_by_phones(["551187654321"])
        self.assertEqual(found["551187654321"], self.customer)
        old = self.env["res.partner"].create(
            {"name": "Número antigo", "mobile": "+55 21 8765-4321"}
        )
        self.assertEqual(Inbound._partners_by_phones(["5521987654321"])["5521987654321"], old)
        self.expect_send(wamid="wamid.REPLY")
        self.webhook(self.inbound_payload("551187654321", "SAIR"))  # without the ninth digit
        consent = self.env["cobranca.consent"].search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "whatsapp")]
        )
        self.assertEqual(consent.status, "revoked")

    def test_whatsapp_goes_to_the_consented_mobile_not_the_contact_landline(self):
        self.customer.is_company = True
        contact = self.env["res.partner"].create(
            {
                "name": "Financeiro",
                "parent_id": self.customer.id,
                "type": "invoice",
                "phone": "(11) 3333-4444",
                "email": "fin@example.com",
            }
        )
        move = self.post_at(partner=contact)
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.channel, d1.partner_id), ("sent", "whatsapp", self.customer))
        self.assertEqual(self.sent_bodies()[0]["to"], "5511987654321")

    def test_an_unexpected_failure_of_a_request_is_uncertain_never_resent(self):
        delivery = self.env["cobranca.whatsapp.delivery"]
        now = datetime(2026, 3, 13, 13, 0)
        result = delivery._result(None, RuntimeError("connection pool closed"), now)
        self.assertEqual((result["state"], result["skip_reason"]), ("failed", "uncertain_delivery"))
        self.assertIn("connection pool closed", result["error"])
        self.assertEqual(delivery._result("wamid.X", None, now)["state"], "sent")
