"""A company with a WhatsApp account on a real local HTTP server speaking the Cloud
API's shapes, and webhook calls shaped as Meta sends them."""

import hashlib
import hmac
import json
from datetime import date

from freezegun import freeze_time
from pytest_httpserver import HTTPServer

from odoo import Command
from odoo.tests import HttpCase

from .common import CobrancaCommon

SECRET = "s3cret"
PHONE_NUMBER_ID = "123"
WABA_ID = "456"
DISPLAY_NUMBER = "551130000000"
#: When the fixtures' consents were given (before any invoice of the tests).
CONSENTED = "2026-02-20 12:00:00"
#: When the webhook calls of the tests arrive (after the D-1 reminders went out).
WEBHOOK_TIME = "2026-03-13 18:00:00"
#: The customer's WhatsApp number and the time of its answers.
CUSTOMER = "5511987654321"
TIMESTAMP = "1773424800"  # 13/03/2026 18:00 UTC


class WhatsappCommon(CobrancaCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = HTTPServer(host="127.0.0.1", port=0)
        cls.server.start()
        cls.addClassCleanup(cls.server.stop)
        cls.company.sudo().write(
            {
                "cobranca_whatsapp_base_url": cls.server.url_for("").rstrip("/"),
                "cobranca_whatsapp_api_version": "v21.0",
                "cobranca_whatsapp_phone_number_id": PHONE_NUMBER_ID,
                "cobranca_whatsapp_waba_id": WABA_ID,
                "cobranca_whatsapp_token": "tok",
                "cobranca_whatsapp_app_secret": SECRET,
                "cobranca_whatsapp_verify_token": "vt",
            }
        )
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("cobranca.whatsapp_read_timeout", "0.5")
        params.set_param("cobranca.whatsapp_backoff", "0.01")
        cls.template = (
            cls.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "lembrete_vencimento",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": "Olá {{1}}, a fatura {{2}} de {{3}} vence amanhã. "
                    "Pix: {{4}}. Credor: {{5}}",
                    "param_count": 5,
                    "company_id": cls.company.id,
                }
            )
        )
        cls.d1 = cls.regua_padrao.step_ids.filtered(lambda s: s.offset_days == -1)
        cls.d1.write(
            {
                "whatsapp_template_id": cls.template.id,
                "whatsapp_param_ids": [
                    Command.create({"sequence": i, "value": v})
                    for i, v in enumerate(
                        [
                            "customer_name",
                            "invoice_number",
                            "amount",
                            "pix_code",
                            "creditor",
                        ]
                    )
                ],
            }
        )
        cls.customer.mobile = "(11) 98765-4321"
        with freeze_time(CONSENTED):
            cls.env["cobranca.consent"]._cobranca_record(
                cls.customer,
                "whatsapp",
                cls.customer.mobile,
                "granted",
                "consent",
                "form",
                evidence="Formulário de cadastro",
            )
        cls.bank = cls.env["res.partner.bank"].create(
            {
                "acc_number": "123456789012345678",
                "partner_id": cls.company.partner_id.id,
                "proxy_type": "br_random",
                "proxy_value": "71d6c6e1-64ea-4a11-9560-a10870c40ca2",
                "include_reference": True,
            }
        )

    def setUp(self):
        super().setUp()
        self.server.clear()

    def post_at(self, due="2026-03-16", posted="2026-03-02", partner=None, **vals):
        vals.setdefault("partner_bank_id", self.bank.id)
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due,
                partner=partner,
                invoice_date=date.fromisoformat(posted),
                **vals,
            )

    def grant(self, channel, contact, partner=None):
        return self.env["cobranca.consent"]._cobranca_record(
            partner or self.customer,
            channel,
            contact,
            "granted",
            "consent",
            "form",
            evidence="Formulário de cadastro",
        )

    def one_step_regua(self, **step):
        return self.env["cobranca.regua"].create(
            {"name": "Uma etapa", "step_ids": [Command.create(step)]}
        )

    def expect_send(self, wamid="wamid.A", status=200, body=None):
        self.server.expect_oneshot_request("/v21.0/123/messages", method="POST").respond_with_json(
            body or {"messaging_product": "whatsapp", "messages": [{"id": wamid}]},
            status=status,
        )

    def sent_bodies(self):
        return [json.loads(req.get_data()) for req, _resp in self.server.log]

    # ------------------------------------------------------------- webhook
    @staticmethod
    def sign(raw, secret=SECRET):
        return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()

    def webhook(self, payload, secret=SECRET, when=WEBHOOK_TIME):
        """POST a signed webhook call, as Meta would at ``when`` (UTC)."""
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        with freeze_time(when):
            response = self.url_open(
                "/cobranca/whatsapp/webhook",
                data=raw,
                headers={
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": self.sign(raw, secret),
                },
            )
        self.env.invalidate_all()  # the request wrote through its own environment
        return response

    @staticmethod
    def change_payload(value, phone_number_id=PHONE_NUMBER_ID, waba_id=WABA_ID):
        """A "messages" webhook of one business account and phone number, as Meta
        sends it (Cloud API webhook reference)."""
        return {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": waba_id,
                    "changes": [
                        {
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": DISPLAY_NUMBER,
                                    "phone_number_id": phone_number_id,
                                },
                                **value,
                            },
                            "field": "messages",
                        }
                    ],
                }
            ],
        }

    def status_payload(self, wamid, status, errors=None, **account):
        item = {
            "id": wamid,
            "status": status,
            "timestamp": "1773300000",
            "recipient_id": "5511987654321",
        }
        if status != "failed":
            item["conversation"] = {
                "id": "7270432eae37498234f4444b35ffc5",
                "origin": {"type": "utility"},
            }
            item["pricing"] = {
                "billable": True,
                "pricing_model": "CBP",
                "category": "utility",
            }
            if status == "sent":
                item["conversation"]["expiration_timestamp"] = "1773386400"
        if errors:
            item["errors"] = errors
        return self.change_payload({"statuses": [item]}, **account)

    def inbound_payload(self, sender, text, **account):
        return self.change_payload(
            {
                "contacts": [{"profile": {"name": "Maria"}, "wa_id": sender}],
                "messages": [
                    {
                        "from": sender,
                        "id": "wamid.IN",
                        "timestamp": "1773300000",
                        "type": "text",
                        "text": {"body": text},
                    }
                ],
            },
            **account,
        )


class AnswersMixin:
    """A reminder sent by WhatsApp (wamid.A), and the customer's text answering it."""

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
