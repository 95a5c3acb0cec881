"""A customer's email reply to a reminder comes back through Odoo's mail gateway to
the invoice's chatter and acts: "já paguei" with its PDF is the proof for the
collector's check, "parar" revokes the address, anything else is a to-do; an
out-of-office (Gmail's vacation responder, Exchange's Automatic Replies) does nothing.
The reminders go out with the company catchall as reply-to and core's Message-Id, and
the replies are real RFC 5322 messages given to ``message_process``."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon
from odoo.addons.l10n_br_cobranca_preventiva.tests.lgpd_common import database_hits
from odoo.addons.mail.tests.common import MockEmail

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

REPLY = """\
Return-Path: <{sender}>
From: Maria Aparecida Souza <{sender}>
To: {to}
Subject: Re: {subject}
Date: Mon, 09 Mar 2026 14:30:00 -0300
Message-ID: <CAF=reply.{tag}@mail.gmail.com>
In-Reply-To: {parent}
References: {parent}
MIME-Version: 1.0
{extra}Content-Type: multipart/mixed; boundary="000000000000b0undary"

--000000000000b0undary
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: 8bit

{text}

Em seg., 9 de mar. de 2026 às 10:00, Distribuidora Exemplo Ltda <{to}> escreveu:
> Olá Maria, sua fatura vence em 5 dias úteis.
> Pix: 00020126...
{attachment}
--000000000000b0undary--
"""

ATTACHMENT = """
--000000000000b0undary
Content-Type: application/pdf; name="comprovante-pix.pdf"
Content-Disposition: attachment; filename="comprovante-pix.pdf"
Content-Transfer-Encoding: base64

{data}
"""


@tagged("post_install", "-at_install")
class TestEmailReplies(CobrancaCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "empresa.example.com", "catchall_alias": "catchall", "bounce_alias": "bounce"}
        )
        cls.company.alias_domain_id = cls.alias_domain
        cls.collector = cls.env["res.users"].create(
            {"name": "Cobradora Rita", "login": "rita.reply", "email": "rita@example.com"}
        )
        cls.customer.with_company(cls.company).cobranca_collector_id = cls.collector
        cls.regua = cls.env["cobranca.regua"].create(
            {
                "name": "Um e-mail",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -5,
                            "channel": "email",
                            "mail_template_id": cls.template_before_due.id,
                        }
                    )
                ],
            }
        )

    def sent(self):
        with freeze_time(self.sp_time("2026-03-02 09:00")):
            move = self.make_invoice(
                "2026-03-16", invoice_date=date(2026, 3, 2), cobranca_regua_id=self.regua.id
            )
        self.dispatch("2026-03-09 10:00")
        reminder = move.cobranca_reminder_ids
        self.assertEqual(reminder.state, "sent")
        return move, reminder

    def reply(self, reminder, text, attachment=None, extra="", subject=None, tag="1"):
        message = reminder.mail_message_id
        raw = REPLY.format(
            sender=self.customer.email,
            to=self.alias_domain.catchall_email,
            subject=subject or message.subject,
            parent=message.message_id,
            extra=extra,
            text=text,
            tag=tag,
            attachment=ATTACHMENT.format(data=base64.b64encode(attachment).decode())
            if attachment
            else "",
        )
        with freeze_time(self.sp_time("2026-03-09 14:30")):
            self.env["mail.thread"].sudo().message_process(None, raw.encode())
        self.env.invalidate_all()

    def replies(self, move):
        return move.message_ids.filtered(lambda m: m.message_type == "email")

    def to_dos(self, move):
        return move.activity_ids.filtered(lambda a: a.user_id == self.collector)

    def test_the_reminder_is_sent_with_the_catchall_as_reply_to(self):
        move, reminder = self.sent()
        message = reminder.mail_message_id
        self.assertIn("catchall@empresa.example.com", message.reply_to)
        self.assertTrue(message.message_id.startswith("<"))
        with freeze_time(self.sp_time("2026-03-09 10:05")), self.mock_mail_gateway():
            reminder.mail_mail_id.sudo().send()
        self.assertEqual(len(self._mails), 1)
        sent = self._mails[0]
        self.assertIn("catchall@empresa.example.com", sent["reply_to"])
        self.assertEqual(sent["message_id"], message.message_id)

    def test_ja_paguei_with_the_pdf_opens_the_check_with_the_proof(self):
        move, reminder = self.sent()
        self.reply(reminder, "Bom dia, já paguei ontem, segue o comprovante.", attachment=PDF)
        self.assertEqual(len(self.replies(move)), 1, "the reply is in the invoice's chatter")
        activity = move.cobranca_paid_claim_activity_id
        self.assertTrue(activity)
        self.assertEqual(activity.user_id, self.collector)
        self.assertEqual(activity.attachment_ids.mapped("name"), ["comprovante-pix.pdf"])
        self.assertEqual(activity.attachment_ids.raw, PDF)
        self.assertTrue(move.cobranca_paused_until)
        # the quoted reminder is not taken for the customer's words
        note = move.message_ids.filtered(lambda m: "check the payment" in (m.body or ""))
        self.assertNotIn("00020126", note.body)

    def test_an_out_of_office_does_nothing(self):
        move, reminder = self.sent()
        self.reply(
            reminder,
            "Estou de férias até 20/03. Já paguei as contas do mês.",
            extra="Auto-Submitted: auto-replied\n",
        )
        self.reply(
            reminder,
            "Estarei fora do escritório.",
            subject="Resposta automática: fatura",
            tag="2",
        )
        self.assertEqual(len(self.replies(move)), 2, "core still keeps them in the chatter")
        self.assertFalse(move.cobranca_paid_claim_activity_id)
        self.assertFalse(self.to_dos(move))
        self.assertFalse(move.cobranca_paused_until)

    def test_any_other_reply_is_a_to_do_for_the_collector(self):
        move, reminder = self.sent()
        self.reply(reminder, "Pode me mandar a segunda via do boleto?")
        to_do = self.to_dos(move)
        self.assertEqual(len(to_do), 1)
        self.assertIn("replied by email", str(to_do.note))
        self.assertFalse(move.cobranca_paused_until)

    def test_a_promise_by_email(self):
        move, reminder = self.sent()
        self.reply(reminder, "Posso pagar dia 18, tudo bem?")
        promise = move.cobranca_promise_id
        self.assertEqual((promise.date, promise.source), (date(2026, 3, 18), "email"))

    def test_a_due_day_by_email_is_a_request_or_gets_the_days_offered(self):
        move, reminder = self.sent()
        self.reply(reminder, "Bom dia, dá pra mudar o vencimento para o dia 12?")
        Request = self.env["cobranca.due.day.request"]
        self.assertFalse(Request.search([("partner_id", "=", self.customer.id)]))
        [mail] = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "account.move"), ("res_id", "=", move.id)]
                + [("subject", "=", "Dias de vencimento disponíveis")]
            )
        )
        self.assertIn("5, 10, 15, 20 e 25", mail.body_html)
        self.assertIn(f"/my/invoices/{move.id}/cobranca", mail.body_html)
        self.assertFalse(self.to_dos(move))
        self.reply(reminder, "Então quero o vencimento todo dia 15.", tag="2")
        request = Request.search([("partner_id", "=", self.customer.id)])
        self.assertEqual((request.day, request.source, request.move_id), (15, "email", move))
        self.assertEqual(request.note, "Então quero o vencimento todo dia 15.")
        self.assertEqual(request.activity_ids.user_id, self.collector)

    def due_day_requests(self):
        return self.env["cobranca.due.day.request"].search([("partner_id", "=", self.customer.id)])

    def days_offered_mails(self, move):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "account.move"), ("res_id", "=", move.id)]
                + [("subject", "=", "Dias de vencimento disponíveis")]
            )
        )

    def test_ja_paguei_with_a_due_day_opens_the_check_and_the_due_day_request(self):
        move, reminder = self.sent()
        self.reply(reminder, "Já paguei ontem, mas quero mudar o vencimento para o dia 10.")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        request = self.due_day_requests()
        self.assertEqual(
            (request.day, request.source, request.channel, request.move_id),
            (10, "email", "email", move),
        )
        self.assertEqual(request.activity_ids.user_id, self.collector)
        to_dos = self.to_dos(move) - move.cobranca_paid_claim_activity_id
        self.assertFalse(to_dos, "both answers acted: nothing left to read")

    def test_a_promise_besides_a_due_day_request_is_recorded_with_its_own_date(self):
        move, reminder = self.sent()
        self.reply(reminder, "Pago dia 18 e quero mudar o vencimento para o dia 10.")
        self.assertEqual(self.due_day_requests().mapped("day"), [10])
        promise = move.cobranca_promise_id
        self.assertEqual((promise.date, promise.source), (date(2026, 3, 18), "email"))
        self.assertFalse(self.to_dos(move), "both answers acted: nothing left to read")

    def test_a_due_day_not_offered_besides_ja_paguei_gets_the_days_offered(self):
        move, reminder = self.sent()
        self.reply(reminder, "Já paguei. Dá pra mudar o vencimento pro dia 12?")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertFalse(self.due_day_requests())
        self.assertIn("5, 10, 15, 20 e 25", self.days_offered_mails(move).body_html)

    def test_a_due_day_refused_besides_ja_paguei_is_a_to_do_and_the_claim_stands(self):
        move, reminder = self.sent()
        self.env["cobranca.due.day.request"].sudo().create(
            [
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "day": day,
                    "source": "email",
                    "state": "refused",
                }
                for day in (5, 15, 20)
            ]
        )
        self.reply(reminder, "Já paguei ontem, mas quero mudar o vencimento para o dia 10.")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertFalse(self.due_day_requests().filtered(lambda r: r.day == 10))
        [to_do] = self.to_dos(move) - move.cobranca_paid_claim_activity_id
        self.assertIn("already asked for 3 due days", str(to_do.note))

    def test_a_stop_with_a_due_day_asks_nothing_and_tells_nothing(self):
        """The customer asked to stop: the address is revoked, no due day request, no
        email about it."""
        move, reminder = self.sent()
        self.reply(reminder, "PARAR. Não quero mais receber. E o vencimento todo dia 12.")
        consent = self.env["cobranca.consent"].search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "email")]
        )
        self.assertEqual(consent.status, "revoked")
        self.assertFalse(self.due_day_requests())
        self.assertFalse(self.days_offered_mails(move))
        self.assertFalse(self.to_dos(move))

    def test_parar_revokes_the_address(self):
        move, reminder = self.sent()
        self.reply(reminder, "PARAR. Não quero mais receber estes e-mails.")
        consent = self.env["cobranca.consent"].search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "email")]
        )
        self.assertEqual(consent.status, "revoked")
        self.assertEqual(consent.source, "email")
        self.assertFalse(self.to_dos(move))

    def test_a_reply_to_an_invoice_already_paid_asks_the_collector(self):
        move, reminder = self.sent()
        self.pay(move, day=date(2026, 3, 9))
        self.reply(reminder, "Já paguei!")
        to_do = self.to_dos(move)
        self.assertEqual(len(to_do), 1)
        self.assertIn("already paid", str(to_do.note))

    def test_the_reply_and_its_proof_are_exported_and_erased(self):
        """LGPD: the customer's email and the proof it attached are in its export and
        go with its erasure (the whole database is searched afterwards)."""
        move, reminder = self.sent()
        self.reply(reminder, "Já paguei, sou a Maria, CPF 987.654.321-00.", attachment=PDF)
        proof = move.cobranca_paid_claim_activity_id.attachment_ids
        self.assertEqual(proof.name, "comprovante-pix.pdf")
        data = self.customer._cobranca_subject_data()
        [reply] = [m for m in data["messages"] if m["type"] == "email"]
        self.assertIn("CPF 987.654.321-00", reply["text"])
        self.assertTrue(reply["written_by_you"])
        self.assertEqual(reply["files"], ["comprovante-pix.pdf"])
        self.assertIn("comprovante-pix.pdf", {p["file"] for p in data["proofs"]})
        needles = ["CPF 987.654.321-00", "comprovante-pix.pdf"]
        self.assertEqual(database_hits(self.env, needles).keys(), set(needles))

        self.customer.action_cobranca_anonymise()

        self.assertEqual(database_hits(self.env, needles), {})
        self.assertFalse(proof.exists())
        self.assertFalse(self.replies(move).email_from)
