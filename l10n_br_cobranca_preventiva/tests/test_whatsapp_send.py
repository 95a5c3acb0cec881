"""WhatsApp sending against Meta's shapes: header, URL-button and
named variables counted at sync and sent; Meta's ``error_data.details`` kept;
throttling rescheduled, never a failure; a refused token puts the run back to
scheduled with one activity for an administrator.

The template listing follows Meta's "Template components" reference (TEXT header
with one variable, DOCUMENT header, URL button ending in {{1}}, ``parameter_format``
NAMED); the error bodies follow the Cloud API error responses (``message``, ``type``,
``code``, ``error_data.details``, ``fbtrace_id``), as the plain client tests do.
"""

from urllib.parse import parse_qs, urlsplit

from odoo.tests import Form, tagged

from .common_whatsapp import WABA_ID, WhatsappCommon

TEMPLATES_PATH = f"/v21.0/{WABA_ID}/message_templates"
LISTING = {
    "data": [
        {
            "name": "lembrete_botoes",
            "parameter_format": "POSITIONAL",
            "language": "pt_BR",
            "status": "APPROVED",
            "category": "UTILITY",
            "id": "1016249346611207",
            "components": [
                {
                    "type": "HEADER",
                    "format": "TEXT",
                    "text": "Fatura {{1}}",
                    "example": {"header_text": ["FAT/2026/00042"]},
                },
                {
                    "type": "BODY",
                    "text": "Olá {{1}}, a fatura de {{2}} vence amanhã. Credor: {{3}}",
                    "example": {"body_text": [["Maria", "R$ 1.000,00", "Exemplo Ltda"]]},
                },
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {"type": "QUICK_REPLY", "text": "Já paguei"},
                        {
                            "type": "URL",
                            "text": "Pagar agora",
                            "url": "https://erp.exemplo.com.br/{{1}}",
                            "example": ["my/invoices/7?access_token=abc"],
                        },
                    ],
                },
            ],
        },
        {
            "name": "lembrete_nomeado",
            "parameter_format": "NAMED",
            "language": "pt_BR",
            "status": "APPROVED",
            "category": "UTILITY",
            "id": "1016249346611210",
            "components": [
                {
                    "type": "BODY",
                    "text": "Olá {{customer_name}}, a fatura {{invoice_number}} de {{amount}} "
                    "vence amanhã. {{creditor}}",
                    "example": {
                        "body_text_named_params": [
                            {"param_name": "customer_name", "example": "Maria"},
                            {"param_name": "invoice_number", "example": "FAT/1"},
                            {"param_name": "amount", "example": "R$ 1,00"},
                            {"param_name": "creditor", "example": "Exemplo Ltda"},
                        ]
                    },
                }
            ],
        },
        {
            "name": "fatura_pdf",
            "parameter_format": "POSITIONAL",
            "language": "pt_BR",
            "status": "APPROVED",
            "category": "UTILITY",
            "id": "1016249346611208",
            "components": [
                {
                    "type": "HEADER",
                    "format": "DOCUMENT",
                    "example": {"header_handle": ["4::YXBwbGljYXRpb24vcGRm:ARaQ9fzqRY"]},
                },
                {"type": "BODY", "text": "Segue a fatura. Credor: {{1}}"},
            ],
        },
    ],
    "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}},
}


def meta_error(code, message, details=None, subcode=None):
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCd"}
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    if subcode:
        error["error_subcode"] = subcode
    return {"error": error}


@tagged("post_install", "-at_install")
class TestWhatsappSend(WhatsappCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cobranca_daily_cap = 10

    def sync(self):
        self.server.expect_oneshot_request(TEMPLATES_PATH, method="GET").respond_with_json(LISTING)
        self.env["cobranca.channel.whatsapp"]._sync_templates(self.company)
        self.server.clear()
        return {
            t.name: t
            for t in self.env["cobranca.whatsapp.template"].search(
                [("company_id", "=", self.company.id)]
            )
        }

    def components(self):
        [body] = self.sent_bodies()
        return body["template"]["components"]

    # ------------------------------------------------------------------ sync
    def test_sync_counts_header_body_and_url_button_variables(self):
        templates = self.sync()
        buttons, named, pdf = (
            templates["lembrete_botoes"],
            templates["lembrete_nomeado"],
            templates["fatura_pdf"],
        )
        self.assertEqual(buttons.param_count, 5)  # header 1 + body 3 + URL button 1
        self.assertEqual(
            [(s["component"], s["name"], s["index"]) for s in buttons.slots],
            [("header", "1", 0), ("body", "1", 0), ("body", "2", 0), ("body", "3", 0)]
            + [("button", "1", 1)],
        )
        self.assertEqual((buttons.header_format, buttons.header_text), ("text", "Fatura {{1}}"))
        self.assertEqual((named.parameter_format, named.param_count), ("NAMED", 4))
        self.assertEqual(pdf.param_count, 2)  # the document is a variable too

    def test_header_and_url_button_variables_are_sent(self):
        template = self.sync()["lembrete_botoes"]
        form = Form(self.d1)
        form.whatsapp_template_id = template
        with form.whatsapp_param_ids.edit(0) as row:
            self.assertEqual(row.slot_label, "Header {{1}}")
            row.value = "invoice_number"
        for index, value in enumerate(["customer_name", "amount", "creditor"], start=1):
            with form.whatsapp_param_ids.edit(index) as row:
                self.assertEqual(row.slot_label, f"Body {{{{{index}}}}}")
                row.value = value
        with form.whatsapp_param_ids.edit(4) as row:
            self.assertEqual(
                (row.slot_label, row.value), ("Button 2 URL {{1}}", "payment_link_path")
            )
        form.save()
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        header, body, button = self.components()
        self.assertEqual(
            header, {"type": "header", "parameters": [{"type": "text", "text": move.name}]}
        )
        self.assertEqual(body["type"], "body")
        self.assertEqual([p["text"] for p in body["parameters"]][0], "Maria Aparecida Souza")
        self.assertEqual(
            (button["type"], button["sub_type"], button["index"]), ("button", "url", "1")
        )
        [suffix] = [p["text"] for p in button["parameters"]]
        self.assertTrue(suffix.startswith(f"my/invoices/{move.id}?"), suffix)
        self.assertIn("access_token=", suffix)
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(d1.state, "sent")
        log = move.message_ids.filtered(lambda m: "WhatsApp message sent" in (m.body or ""))
        self.assertIn(f"Fatura {move.name}", log.body)  # the header as the customer read it

    def test_named_parameters_are_prefilled_and_sent_with_their_names(self):
        template = self.sync()["lembrete_nomeado"]
        with Form(self.d1) as form:
            form.whatsapp_template_id = template
        self.assertEqual(
            self.d1.whatsapp_param_ids.mapped("value"),
            ["customer_name", "invoice_number", "amount", "creditor"],
        )
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        [body] = self.components()
        self.assertEqual(
            [(p["parameter_name"], p["type"]) for p in body["parameters"]],
            [
                ("customer_name", "text"),
                ("invoice_number", "text"),
                ("amount", "text"),
                ("creditor", "text"),
            ],
        )
        self.assertEqual(body["parameters"][1]["text"], move.name)
        log = move.message_ids.filtered(lambda m: "WhatsApp message sent" in (m.body or ""))
        self.assertIn(f"Olá Maria Aparecida Souza, a fatura {move.name}", log.body)
        self.assertNotIn("{{", log.body)

    def test_document_header_sends_the_invoice_pdf_link(self):
        template = self.sync()["fatura_pdf"]
        with Form(self.d1) as form:
            form.whatsapp_template_id = template
            with form.whatsapp_param_ids.edit(1) as row:
                row.value = "creditor"
        self.assertEqual(self.d1.whatsapp_param_ids.mapped("value"), ["invoice_pdf", "creditor"])
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        header, _body = self.components()
        [parameter] = header["parameters"]
        self.assertEqual(parameter["type"], "document")
        document = parameter["document"]
        self.assertEqual(document["filename"], move.name.replace("/", "-") + ".pdf")
        url = urlsplit(document["link"])
        self.assertEqual(url.path, f"/my/invoices/{move.id}")
        query = parse_qs(url.query)
        self.assertEqual((query["report_type"], query["download"]), (["pdf"], ["true"]))
        self.assertTrue(query["access_token"][0])

    def test_a_template_synchronised_before_slots_keeps_sending_body_parameters(self):
        move = self.post_at()  # the fixture's template has no slots, only param_count
        self.assertFalse(self.template.slots)
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        [body] = self.components()
        self.assertEqual(body["type"], "body")
        self.assertEqual(len(body["parameters"]), 5)
        self.assertNotIn("parameter_name", body["parameters"][0])
        self.assertEqual(self.reminders(move)["D-1"].state, "sent")

    # --------------------------------------------------------------- errors
    def test_meta_error_details_are_kept_in_the_reminder_error(self):
        move = self.post_at()
        details = (
            "body: number of localizable_params (4) does not match the expected number of "
            "params (5)"
        )
        message = "(#132000) Number of parameters does not match the expected number of params"
        self.expect_send(status=400, body=meta_error(132000, message, details))
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.skip_reason), ("failed", "send_error"))
        self.assertIn("132000", d1.error)
        self.assertIn(details, d1.error)

    def test_failed_status_keeps_meta_details(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        details = "Failed to send message because this user's phone number is part of an experiment"
        error = {
            "code": 130472,
            "title": "User's number is part of an experiment",
            "message": "User's number is part of an experiment",
            "error_data": {"details": details},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }
        self.webhook(self.status_payload("wamid.A", "failed", [error]))
        d1 = self.reminders(move)["D-1"]
        self.assertEqual(d1.state, "failed")
        self.assertIn("130472", d1.error)
        self.assertIn(details, d1.error)

    def test_throttling_codes_are_rescheduled_then_sent_once(self):
        bodies = {
            4: meta_error(4, "(#4) Application request limit reached", subcode=2494055),
            80007: meta_error(
                80007,
                "(#80007) There have been too many calls to this WhatsApp account",
                "Rate limit issues",
            ),
            130429: meta_error(
                130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."
            ),
            131056: meta_error(
                131056,
                "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                "Message failed to send because there were too many messages sent from this phone "
                "number to the same phone number in a short period of time.",
            ),
        }
        for code, body in bodies.items():
            with self.subTest(code=code):
                self.server.clear()
                move = self.post_at()
                self.expect_send(status=400, body=body)
                self.dispatch("2026-03-13 10:00")
                d1 = self.reminders(move)["D-1"]
                self.assertEqual(d1.state, "scheduled")
                self.assertFalse(d1.skip_reason)
                self.assertTrue(d1.next_try)
                self.assertIn(str(code), d1.error)
                details = body["error"].get("error_data", {}).get("details")
                if details:
                    self.assertIn(details, d1.error)
                self.expect_send(wamid=f"wamid.{code}")
                self.dispatch("2026-03-13 10:30")
                d1.invalidate_recordset()
                self.assertEqual((d1.state, d1.provider_message_id), ("sent", f"wamid.{code}"))
                self.assertEqual(len(self.server.log), 2)  # the refused one, then one more

    def test_throttled_failure_status_is_rescheduled_not_failed(self):
        move = self.post_at()
        self.expect_send()
        self.dispatch("2026-03-13 10:00")
        error = {
            "code": 131056,
            "title": "(Business Account, Consumer Account) pair rate limit hit",
            "message": "(Business Account, Consumer Account) pair rate limit hit",
            "error_data": {"details": "Too many messages to the same phone number."},
        }
        self.webhook(self.status_payload("wamid.A", "failed", [error]))
        d1 = self.reminders(move)["D-1"]
        d1.invalidate_recordset()
        self.assertEqual((d1.state, d1.provider_message_id), ("scheduled", False))
        self.assertIn("131056", d1.error)
        self.server.clear()
        self.expect_send(wamid="wamid.AGAIN")
        self.dispatch("2026-03-13 16:00")
        d1.invalidate_recordset()
        self.assertEqual((d1.state, d1.provider_message_id), ("sent", "wamid.AGAIN"))

    # ------------------------------------------------------------------ token
    def token_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.company.partner_id.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "l10n_br_cobranca_preventiva.mail_activity_type_cobranca_whatsapp_token"
                    ).id,
                ),
            ]
        )

    def test_expired_token_reschedules_the_run_with_one_activity(self):
        self.env["ir.config_parameter"].sudo().set_param("cobranca.whatsapp_in_flight", "1")
        moves = [self.post_at() for _i in range(3)]  # chunks of two requests
        expired = meta_error(
            190,
            "Error validating access token: Session has expired on Friday, 13-Mar-26 09:00:00 PDT.",
            subcode=463,
        )
        self.server.expect_request("/v21.0/123/messages", method="POST").respond_with_json(
            expired, status=401
        )
        self.dispatch("2026-03-13 10:00")
        reminders = [self.reminders(move)["D-1"] for move in moves]
        self.assertEqual([r.state for r in reminders], ["scheduled"] * 3)
        self.assertTrue(all(r.next_try for r in reminders))
        self.assertTrue(all("access token" in r.error for r in reminders))
        self.assertEqual(len(self.server.log), 2)  # the first chunk; the rest never left
        [activity] = self.token_activities()
        self.assertTrue(activity.user_id.has_group("base.group_system"))
        self.assertIn("Session has expired", activity.note)
        for move in moves:  # one activity, not a note per invoice
            self.assertFalse(move.message_ids.filtered(lambda m: "access token" in (m.body or "")))
        # the next run tries again and adds nothing while the activity is open
        self.dispatch("2026-03-13 10:30")
        self.assertEqual(len(self.token_activities()), 1)
        self.assertEqual([r.state for r in reminders], ["scheduled"] * 3)
        # renewed: everything goes, once
        self.server.clear()
        for index in range(3):
            self.expect_send(wamid=f"wamid.T{index}")
        self.dispatch("2026-03-13 11:00")
        self.assertEqual([r.state for r in reminders], ["sent"] * 3)
        self.assertEqual(len(self.server.log), 3)

    def test_a_closed_token_activity_is_raised_again_on_the_next_refusal(self):
        self.server.expect_request("/v21.0/123/messages", method="POST").respond_with_json(
            meta_error(190, "Invalid OAuth access token - Cannot parse access token"), status=401
        )
        move = self.post_at()
        self.dispatch("2026-03-13 10:00")
        self.token_activities().action_feedback(feedback="Token renovado")
        self.assertFalse(self.token_activities())
        self.dispatch("2026-03-13 10:30")
        self.assertEqual(len(self.token_activities()), 1)
        self.assertEqual(self.reminders(move)["D-1"].state, "scheduled")
