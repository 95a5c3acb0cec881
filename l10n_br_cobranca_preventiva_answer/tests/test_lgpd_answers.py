"""What the customer answered, wrote and sent, and what was learned about it, is in
its data-subject export (JSON and the readable page, in Portuguese) and goes with its
erasure: WhatsApp answers and the messages that answered no reminder, the proofs of
payment (WhatsApp, portal) and the WhatsApp download records with their file names,
the collector's "also sent on WhatsApp" notes, contest reasons, promise and proposal
notes, the last WhatsApp number, the credit hold and the pinned class. After the
erasure the whole database is searched for the customer's strings."""

import json

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common_whatsapp import (
    CUSTOMER,
    DISPLAY_NUMBER,
    TIMESTAMP,
    AnswersMixin,
    WhatsappCommon,
)
from odoo.addons.l10n_br_cobranca_preventiva.tests.lgpd_common import (
    EXPORT_URL,
    REPORT_URL,
    database_hits,
)

from . import test_whatsapp_answers
from .common_answers import PROOF_PDF
from .test_whatsapp_answers import MEDIA_ID

#: Strings only the customer's data holds: none may survive the erasure.
MARKERS = (
    "CPF 123.456.789-00",
    "Oi de novo, Maria Souza aqui",
    "comprovante-whatsapp-maria.pdf",
    "comprovante-portal-maria.pdf",
    "Paguei no caixa, Maria",
    "Maria Souza nunca comprou isso",
    "Pago dia 20, Maria",
    "Recebo dia 5, Maria",
)


@tagged("post_install", "-at_install")
class TestSubjectAnswers(AnswersMixin, WhatsappCommon):
    # the Cloud API's media endpoints and the download cron, as the WhatsApp tests use them
    serve_media = test_whatsapp_answers.TestWhatsappAnswers.serve_media
    download_proofs = test_whatsapp_answers.TestWhatsappAnswers.download_proofs

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="answers_approver",
            password="answers_approver",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.collector = new_test_user(
            cls.env,
            login="answers_collector",
            groups="account.group_account_invoice,l10n_br_cobranca_preventiva.group_cobranca_user",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )

    def message(self, wamid, **content):
        """A customer's WhatsApp message, as Meta sends it."""
        item = {"from": CUSTOMER, "id": wamid, "timestamp": TIMESTAMP, **content}
        return self.change_payload(
            {"contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}], "messages": [item]}
        )

    def everything(self):
        """A customer with every kind of collection data the answers add."""
        move = self.sent()  # WhatsApp D-1, wamid.A
        other = self.post_at("2026-03-20")
        third = self.post_at("2026-03-25")
        # WhatsApp: an answer to the reminder, a message that answers none, a proof
        self.answer("Quem fala é a Maria, CPF 123.456.789-00")
        self.webhook(
            self.message("wamid.LOOSE", type="text", text={"body": "Oi de novo, Maria Souza aqui"})
        )
        self.serve_media(raw=PROOF_PDF)
        document = {
            "caption": "segue o comprovante",
            "filename": "comprovante-whatsapp-maria.pdf",
            "mime_type": "application/pdf",
            "sha256": "x",
            "id": MEDIA_ID,
        }
        self.webhook(
            self.message(
                "wamid.DOC",
                type="document",
                document=document,
                context={"from": DISPLAY_NUMBER, "id": "wamid.A"},
            )
        )
        self.download_proofs()
        # the collector answers in the chatter inside the 24-hour window
        self.expect_send("wamid.SESSION")
        with freeze_time("2026-03-14 12:00:00"):
            move.with_user(self.collector).with_context(cobranca_chatter_post=True).message_post(
                body="Olá, recebemos o comprovante.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # the portal: a proof, a contest, a promise
        with freeze_time(self.sp_time("2026-03-14 10:00")):
            other.env["cobranca.answer"]._says_paid(
                other,
                "portal",
                "portal",
                attachments=[("comprovante-portal-maria.pdf", PROOF_PDF)],
                note="Paguei no caixa, Maria",
            )
            third.env["cobranca.answer"]._contest(
                third, "Maria Souza nunca comprou isso", "portal", "portal"
            )
        with freeze_time(self.sp_time("2026-03-16 10:00")):
            third.env["cobranca.answer"]._promise(
                third, "2026-03-20", "portal", "portal", note="Pago dia 20, Maria"
            )
            self.env["cobranca.due.day.request"]._ask(
                third, 10, "portal", "portal", note="Recebo dia 5, Maria"
            )
        customer = self.customer.with_company(self.company)
        customer.write({"cobranca_credit_hold": True, "cobranca_class_manual": "b"})
        self.env.invalidate_all()
        return move, other, third

    def test_every_answer_is_exported_and_erased(self):
        # before: the contact's own phone, a field's help, and the WhatsApp consent
        number_before = database_hits(self.env, [CUSTOMER])[CUSTOMER]
        move, other, third = self.everything()
        proofs = self.env["ir.attachment"].search(
            [("name", "in", ("comprovante-whatsapp-maria.pdf", "comprovante-portal-maria.pdf"))]
        )
        self.assertEqual(len(proofs), 2)
        downloads = self.env["cobranca.whatsapp.proof"].search([("move_id", "=", move.id)])
        self.assertEqual(downloads.filename, "comprovante-whatsapp-maria.pdf")
        self.assertEqual(
            len(move.message_ids.filtered(lambda m: "Also sent on WhatsApp" in str(m.body))), 1
        )
        self.assertEqual(database_hits(self.env, MARKERS).keys(), set(MARKERS))

        self.authenticate("answers_approver", "answers_approver")
        data = json.loads(self.url_open(EXPORT_URL % self.customer.id).content)
        # the messages on its invoices, and the WhatsApp messages that answered none
        texts = " ".join(m["text"] or "" for m in data["messages"] + data["whatsapp_messages"])
        for text in ("CPF 123.456.789-00", "Oi de novo, Maria Souza aqui", "Paguei no caixa"):
            self.assertIn(text, texts)
        note = [m for m in data["messages"] if "Also sent on WhatsApp" in (m["text"] or "")]
        self.assertEqual(len(note), 1)
        self.assertIn(CUSTOMER, note[0]["text"])
        self.assertFalse(note[0]["written_by_you"])
        self.assertEqual(
            {p["file"] for p in data["proofs"]},
            {"comprovante-whatsapp-maria.pdf", "comprovante-portal-maria.pdf"},
        )
        self.assertEqual(
            [d["file"] for d in data["whatsapp_downloads"]], ["comprovante-whatsapp-maria.pdf"]
        )
        self.assertEqual(
            data["contests"],
            [
                {
                    "company": self.company.name,
                    "invoice": third.name,
                    "in_dispute": True,
                    "reason": "Maria Souza nunca comprou isso",
                }
            ],
        )
        self.assertEqual([p["note"] for p in data["promises"]], ["Pago dia 20, Maria"])
        self.assertEqual(
            [(r["day"], r["note"]) for r in data["due_day_requests"]],
            [(10, "Recebo dia 5, Maria")],
        )
        [status] = data["collection"]
        self.assertEqual(
            (status["credit_hold"], status["pinned_class"], status["whatsapp_last_number"]),
            (True, "b", CUSTOMER),
        )

        self.as_approver(self.customer).action_cobranca_anonymise()

        self.env.invalidate_all()
        self.assertEqual(database_hits(self.env, MARKERS), {})
        # the number: on the contact itself (kept with the invoices), in no consent,
        # note, message or record of the collection
        self.assertEqual(
            database_hits(self.env, [CUSTOMER]),
            {CUSTOMER: [hit for hit in number_before if not hit[0].startswith("cobranca_")]},
        )
        self.assertFalse(proofs.exists())
        self.assertFalse(downloads.exists())
        customer = self.customer.with_company(self.company)
        self.assertFalse(customer.cobranca_whatsapp_last_number)
        self.assertFalse(move.cobranca_reminder_ids.filtered("read_date"))
        # the facts stay: the invoices, the promise, who wrote what and when
        self.assertEqual(third.cobranca_promise_id.date.isoformat(), "2026-03-20")
        self.assertTrue(move.message_ids.filtered(lambda m: m.author_id == self.customer))

    def as_approver(self, records):
        return records.with_user(self.approver).with_context(
            allowed_company_ids=self.approver.company_ids.ids
        )

    def test_the_readable_export_prints_portuguese_labels(self):
        move, other, third = self.everything()
        self.customer.with_company(self.company).sudo().write(
            {
                "cobranca_early_warning": True,
                "cobranca_early_warning_reason": "Atrasou 25 dias",
                "cobranca_ranking_date": "2026-03-16",
            }
        )
        self.authenticate("answers_approver", "answers_approver")
        page = self.url_open(REPORT_URL % self.customer.id)
        self.assertEqual(page.status_code, 200)
        html = page.text
        for key in (">granted<", ">contract<", ">consent<", ">whatsapp<", ">sent<", ">open<"):
            self.assertNotIn(key, html)
        for text in (
            "autorizado",  # the WhatsApp consent
            "consentimento",
            "WhatsApp",
            "Promessas de pagamento",
            "Pago dia 20, Maria",
            "em aberto",  # the promise
            "Maria Souza nunca comprou isso",  # the contest
            "CPF 123.456.789-00",  # its own messages
            "Also sent on WhatsApp",  # the note about it
            "comprovante-portal-maria.pdf",
            "Bloqueio de crédito",
            "B (bom)",  # the pinned class
            "Atrasou 25 dias",  # the early warning
        ):
            self.assertIn(text, html)
