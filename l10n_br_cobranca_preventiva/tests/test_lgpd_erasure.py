import base64
from datetime import date

from freezegun import freeze_time
from pytest_httpserver import HTTPServer

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools.whatsapp_webhook import parse_webhook
from .lgpd_common import LgpdCommon


@tagged("post_install", "-at_install")
class TestAnonymisation(LgpdCommon):
    """Anonymisation erases every trace of the collection, keeps the invoices and
    the facts, and keeps a revoked contact revoked through its keyed hash."""

    def history_with_every_kind_of_content(self):
        """Consents with evidence, emails, a call done with feedback, a formal
        notice PDF, a protest hand-off to-do and an earlier export attachment."""
        self.customer.cobranca_collector_id = self.approver
        # a hand-off at D+25 (07/04/2026), after the notice's deadline (30/03/2026)
        self.regua_padrao.step_ids = [
            Command.create(
                {
                    "offset_days": 25,
                    "channel": "email",
                    "mail_template_id": self.env.ref(
                        "l10n_br_cobranca_preventiva.mail_template_cobranca_overdue"
                    ).id,
                    "requires_approval": True,
                    "escalation_protest": True,
                }
            )
        ]
        self.grant(
            "whatsapp",
            self.customer.mobile,
            ip="203.0.113.7",
            evidence_file=base64.b64encode(b"%PDF termo assinado"),
            evidence_filename="termo.pdf",
        )
        with freeze_time(self.sp_time("2026-02-02 09:00")):
            move = self.make_invoice("2026-03-02", invoice_date=date(2026, 2, 2))
        for day in ("2026-02-25", "2026-03-05", "2026-03-11", "2026-03-23"):
            self.dispatch(f"{day} 10:00")
        reminders = self.reminders(move)
        reminders["D+7"].activity_id.action_feedback("Cliente prometeu pagar sexta")
        reminders["D+15"].with_user(self.approver).action_approve()
        self.dispatch("2026-03-23 11:00")
        self.dispatch("2026-04-07 10:00")
        reminders["D+25"].with_user(self.approver).action_approve()
        self.dispatch("2026-04-07 11:00")
        self.env["ir.attachment"].create(
            {
                "name": f"lgpd-cobranca-{self.customer.id}.json",
                "raw": b'{"email": "maria.souza@example.com"}',
                "res_model": "res.partner",
                "res_id": self.customer.id,
            }
        )
        return move

    def test_approver_without_contact_rights_erases_every_trace(self):
        move = self.history_with_every_kind_of_content()
        reminders = self.reminders(move)
        self.assertEqual(reminders["D+15"].state, "sent")
        notice = reminders["D+15"].mail_message_id.attachment_ids
        self.assertEqual(notice.mimetype, "application/pdf")
        handoff = reminders["D+25"].activity_id
        self.assertIn("protest", handoff.summary)
        before = (move.name, move.amount_total, move.amount_residual, move.state)
        self.assertFalse(self.approver.has_group("base.group_partner_manager"))

        self.as_user(self.customer, self.approver).action_cobranca_anonymise()

        self.env.invalidate_all()
        self.assertEqual((move.name, move.amount_total, move.amount_residual, move.state), before)
        # consents: status and keyed hash kept, contact and evidence gone
        consent = self.Consent.search([("partner_id", "=", self.customer.id)])
        self.assertEqual((consent.status, consent.contact), ("revoked", False))
        self.assertEqual(consent.contact_hash, self.Consent._hash("+5511987654321"))
        self.assertFalse(any(consent.event_ids.mapped("ip_address")))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "cobranca.consent.event"),
                    ("res_field", "=", "evidence_file"),
                ]
            )
        )
        for table, column in (
            ("cobranca_consent", "contact"),
            ("cobranca_consent_event", "contact"),
            ("cobranca_consent_event", "evidence"),
        ):
            self.assertEqual(self.raw_count(table, column, "98765"), 0, table)
            self.assertEqual(self.raw_count(table, column, "SIM no formul"), 0, table)
        # reminders: every message, note, attachment and to-do erased
        sent = move.cobranca_reminder_ids.filtered("sent_date")
        self.assertTrue(all(r.content_erased_date for r in sent))
        for message in sent.mail_message_id:
            self.assertIn("Content removed", message.body)
        self.assertFalse(notice.exists())
        self.assertFalse(handoff.exists())
        self.assertFalse(move.activity_ids)
        done_call = move.message_ids.filtered("mail_activity_type_id")
        self.assertTrue(done_call)
        self.assertNotIn("prometeu", "".join(done_call.mapped("body")))
        self.assertFalse(move.cobranca_reminder_ids.mapped("partner_id"))
        leaks = move.message_ids.filtered(lambda m: "Aparecida" in str(m.body))
        self.assertFalse(leaks, leaks.mapped("body"))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
            )
        )
        # the customer is out of collection; the chatter says who did it
        self.assertTrue(self.customer.cobranca_excluded)
        self.assertFalse(self.customer.cobranca_class)
        self.assertIn(self.approver.name, self.customer.message_ids[0].body)

    def test_revoked_contact_stays_revoked_after_anonymisation(self):
        self.revoke("email", self.customer.email)
        self.revoke("whatsapp", self.customer.mobile)
        self.customer.action_cobranca_anonymise()
        self.assertEqual(self.raw_count("cobranca_consent", "contact", "souza"), 0)
        # the same person registered again: same email (other case), same mobile
        again = self.env["res.partner"].create(
            {
                "name": "Maria A. Souza",
                "email": "Maria.Souza@Example.com",
                "mobile": "+55 11 9 8765 4321",
            }
        )
        move = self.post_at("2026-03-16", partner=again)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("skipped", "revoked"))
        self.grant("whatsapp", again.mobile, partner=again)
        # WhatsApp reports the number without the ninth digit
        loaded = self.Consent._load_decisions(self.company.ids, again.ids)
        decision = self.Consent._decide(loaded, self.company, again, "whatsapp", "+551187654321")
        self.assertEqual(decision[:2], (False, "revoked"))
        # another company never heard that revocation
        self.grant("whatsapp", again.mobile, partner=again, company=self.company_b)
        loaded = self.Consent._load_decisions(self.company_b.ids, again.ids)
        decision = self.Consent._decide(loaded, self.company_b, again, "whatsapp", "+551187654321")
        self.assertTrue(decision[0])

    def test_approver_of_company_b_erases_only_company_b_data(self):
        move_a, move_b = self.shared_customer_history()
        body_a = self.reminders(move_a)["D-5"].mail_message_id.body
        self.assertIn("em 7 dias", body_a)
        self.assertFalse(self.approver_b.has_group("base.group_partner_manager"))

        self.as_user(self.customer, self.approver_b).action_cobranca_anonymise()

        self.env.invalidate_all()
        consent_a = self.Consent.search(
            [
                ("partner_id", "=", self.customer.id),
                ("company_id", "=", self.company.id),
            ]
        )
        consent_b = self.Consent.search(
            [
                ("partner_id", "=", self.customer.id),
                ("company_id", "=", self.company_b.id),
            ]
        )
        self.assertEqual((consent_a.contact, consent_a.status), ("+5511987654321", "granted"))
        self.assertEqual(consent_a.event_ids.ip_address, "203.0.113.7")
        self.assertEqual((consent_b.contact, consent_b.status), (False, "revoked"))
        self.assertEqual(self.reminders(move_a)["D-5"].mail_message_id.body, body_a)
        self.assertIn("Content removed", self.reminders(move_b)["D-5"].mail_message_id.body)
        customer_a = self.customer.with_company(self.company)
        customer_b = self.customer.with_company(self.company_b)
        self.assertEqual((customer_a.cobranca_class, customer_b.cobranca_class), ("new", False))
        self.assertEqual(
            (customer_a.cobranca_excluded, customer_b.cobranca_excluded), (False, True)
        )

    def test_an_erased_customer_is_not_ranked_nor_profiled_again(self):
        self.shared_customer_history()
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.cobranca_class, "new")
        self.as_user(self.customer, self.approver).action_cobranca_anonymise()
        with freeze_time("2026-03-10 12:00:00"):
            self.env.ref(
                "l10n_br_cobranca_preventiva.ir_cron_cobranca_ranking"
            ).method_direct_trigger()
        self.env.invalidate_all()
        self.assertFalse(customer.cobranca_class or customer.cobranca_ranking_date)
        # company B, where nothing was erased, ranks it as before
        self.assertEqual(self.customer.with_company(self.company_b).cobranca_class, "new")

    def test_only_approvers_anonymise(self):
        self.grant("whatsapp", self.customer.mobile)
        with self.assertRaises(AccessError):
            self.as_user(self.customer, self.clerk).action_cobranca_anonymise()
        self.assertEqual(self.Consent.search([]).contact, "+5511987654321")


@tagged("post_install", "-at_install")
class TestAnonymisePhoneMessages(LgpdCommon, HttpCase):
    """WhatsApp notes carry the number and the text: erased too.
    (HttpCase: the WhatsApp channel commits its "sending" mark in a cursor of its own.)"""

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
                "cobranca_whatsapp_phone_number_id": "123",
                "cobranca_whatsapp_token": "tok",
            }
        )
        template = (
            cls.env["cobranca.whatsapp.template"]
            .sudo()
            .create(
                {
                    "name": "lembrete_vencimento",
                    "language": "pt_BR",
                    "status": "APPROVED",
                    "category": "UTILITY",
                    "body": "Olá {{1}}, a fatura {{2}} vence amanhã. {{3}}",
                    "param_count": 3,
                    "company_id": cls.company.id,
                }
            )
        )
        cls.regua_padrao.step_ids.filtered(lambda s: s.offset_days == -1).write(
            {
                "whatsapp_template_id": template.id,
                "whatsapp_param_ids": [
                    Command.create({"sequence": 1, "value": "customer_name"}),
                    Command.create({"sequence": 2, "value": "invoice_number"}),
                    Command.create({"sequence": 3, "value": "creditor"}),
                ],
            }
        )

    def test_whatsapp_note_is_erased(self):
        self.grant("whatsapp", self.customer.mobile)
        move = self.post_at("2026-03-16")
        self.server.expect_oneshot_request("/v21.0/123/messages", method="POST").respond_with_json(
            {"messaging_product": "whatsapp", "messages": [{"id": "wamid.A"}]}
        )
        self.dispatch("2026-03-13 10:00")
        d1 = self.reminders(move)["D-1"]
        self.assertEqual((d1.state, d1.channel), ("sent", "whatsapp"))
        self.assertIn("+5511987654321", d1.mail_message_id.body)
        self.assertIn("Aparecida", d1.mail_message_id.body)

        self.as_user(self.customer, self.approver).action_cobranca_anonymise()

        self.env.invalidate_all()
        self.assertIn("Content removed", d1.mail_message_id.body)
        self.assertNotIn("98765", d1.mail_message_id.body)

    def test_whatsapp_replies_and_the_open_window_are_erased(self):
        """A message that answers no reminder is kept for the customer (a
        ``cobranca.whatsapp.message``); the number it came from opens the 24-hour
        window: both go with the erasure."""
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "456",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "551130000000",
                                    "phone_number_id": "123",
                                },
                                "contacts": [
                                    {"profile": {"name": "Maria"}, "wa_id": "5511987654321"}
                                ],
                                "messages": [
                                    {
                                        "from": "5511987654321",
                                        "id": "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNB",
                                        "timestamp": "1773424800",
                                        "type": "text",
                                        "text": {"body": "Aqui é a Maria Souza, CPF 123"},
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
        }
        changes = parse_webhook(payload)
        messages = [message for change in changes for message in change.messages]
        self.env["cobranca.channel.whatsapp"]._cobranca_inbound(self.company, messages)
        customer = self.customer.with_company(self.company)
        self.assertEqual(customer.cobranca_whatsapp_last_number, "5511987654321")
        kept = ("cobranca_whatsapp_message", "text", "CPF 123")
        self.assertEqual(TestAnonymisation.raw_count(self, *kept), 1)
        subject = self.as_user(self.env["cobranca.data.subject"], self.approver)
        exported = subject._data(self.customer)["whatsapp_messages"]
        self.assertEqual([m["text"] for m in exported], ["Aqui é a Maria Souza, CPF 123"])

        self.as_user(self.customer, self.approver).action_cobranca_anonymise()

        self.env.invalidate_all()
        self.assertEqual(TestAnonymisation.raw_count(self, *kept), 0)
        for table, column in (("cobranca_whatsapp_message", "body"), ("mail_message", "body")):
            self.assertEqual(TestAnonymisation.raw_count(self, table, column, "CPF 123"), 0)
        self.assertEqual(
            TestAnonymisation.raw_count(self, "cobranca_whatsapp_message", "number", "98765"), 0
        )
        self.assertFalse(customer.cobranca_whatsapp_last_number)
        self.assertFalse(customer.cobranca_whatsapp_last_inbound)
