"""The budget of the customer's own answers, and the proofs of payment they carry.

After a broken promise, or two "já paguei" whose days passed without the payment (the
company's settings, over its look-back period), the customer's next promise or "já
paguei" is recorded and handed to the collector: a to-do, a note, and the reminders go
on; the answer page says a person will look at it. A claim under way is not lengthened
by more messages. A proof is stored with the type its bytes have and a matching
extension, whatever name or type it came with, on every channel; a claim takes a
bounded number and size of proofs."""

import io
from datetime import date

from freezegun import freeze_time
from PIL import Image

from odoo.tests import HttpCase, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common_whatsapp import (
    AnswersMixin,
    WhatsappCommon,
)

from ..models.cobranca_answer import CobrancaAnswerError
from . import test_whatsapp_answers as whatsapp_answers
from .common_answers import PROOF_PDF, AnswerPageMixin, AnswersCommon

MB = 1024 * 1024


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_of(size):
    return PROOF_PDF + b"0" * (size - len(PROOF_PDF))


@tagged("post_install", "-at_install")
class TestAnswerBudget(AnswersCommon):
    def says_paid(self, moves, when, source="portal", **kw):
        with self.at(when):
            return moves.env["cobranca.answer"]._says_paid(moves, source, source, **kw)

    def break_a_promise(self):
        move = self.post_at("2026-03-16")
        with self.at("2026-03-02 10:00"):
            promise = move.env["cobranca.answer"]._promise(move, "2026-03-04", "portal", "portal")
        self.check_answers("2026-03-05 03:00")
        self.assertEqual(promise.state, "broken")
        return move

    # ------------------------------------------------------------------ budget
    def test_after_a_broken_promise_the_next_promise_goes_to_the_collector(self):
        self.break_a_promise()
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 10:00"):
            promise = move.env["cobranca.answer"]._promise(
                move, "2026-03-12", "whatsapp", "whatsapp", note="Pago dia 12"
            )
        self.assertFalse(promise)
        self.assertFalse(move.cobranca_promise_ids)
        self.assertFalse(move.cobranca_paused_until, "the reminders go on")
        activity = self.activities(move)
        self.assertEqual(activity.user_id, self.collector)
        self.assertIn("Promise to pay from Maria Aparecida Souza", activity.summary)
        # the customer's words (the email telling it a person will look came after)
        note = move.message_ids.filtered(lambda m: m.message_type == "notification")[0]
        self.assertEqual(note.author_id, self.customer)
        self.assertIn("The reminders go on", note.body)
        self.assertIn("broke 1 promises", note.body)
        self.assertIn("Pago dia 12", note.body)
        # the collector accepts it: its promise pauses the reminders
        with self.at("2026-03-05 11:00"):
            move.cobranca_paused_until = date(2026, 3, 12)
        self.assertEqual(move.cobranca_promise_id.source, "clerk")
        # a contest still holds the reminders: it waits for a person anyway
        self.check_answers("2026-03-13 03:00")
        with self.at("2026-03-13 10:00"):
            move.env["cobranca.answer"]._contest(move, "Não comprei", "portal", "portal")
        self.assertTrue(move.cobranca_dispute)

    def test_after_two_payments_not_found_the_next_claim_goes_to_the_collector(self):
        move = self.post_at("2026-03-16")
        self.says_paid(move, "2026-03-02 10:00")  # checked until Wednesday 04/03
        self.check_answers("2026-03-05 03:00")
        self.says_paid(move, "2026-03-05 10:00")  # until Monday 09/03
        self.check_answers("2026-03-10 03:00")
        self.assertEqual(
            (move.cobranca_paid_claim_expired_count, move.cobranca_paid_claim_expired_date),
            (2, date(2026, 3, 10)),
        )
        activity = self.says_paid(move, "2026-03-10 10:00", note="Paguei de novo")
        self.assertFalse(move.cobranca_paid_claim_until)
        self.assertFalse(move.cobranca_paused_until, "the reminders go on")
        self.assertEqual(move.cobranca_paid_claim_activity_id, activity)
        self.assertIn("The reminders go on", activity.note)
        self.assertIn("reported 2 payments that were not found", move.message_ids[0].body)
        # the look-back is a setting: 90 days later the claims no longer count
        self.says_paid(move, "2026-06-09 10:00")
        self.assertEqual(move.cobranca_paid_claim_until, date(2026, 6, 11))

    def test_a_limit_of_zero_means_no_limit(self):
        self.break_a_promise()
        self.company.cobranca_answer_max_broken = 0
        move = self.post_at("2026-03-16")
        with self.at("2026-03-05 10:00"):
            promise = move.env["cobranca.answer"]._promise(move, "2026-03-12", "portal", "portal")
        self.assertEqual(promise.state, "open")

    def test_a_further_message_of_a_claim_does_not_lengthen_it(self):
        move = self.post_at("2026-03-16")
        self.says_paid(move, "2026-03-02 10:00")
        self.assertEqual(move.cobranca_paid_claim_until, date(2026, 3, 4))
        self.says_paid(move, "2026-03-04 10:00", note="o comprovante")
        self.assertEqual(move.cobranca_paid_claim_until, date(2026, 3, 4))
        self.check_answers("2026-03-05 03:00")
        self.assertFalse(move.cobranca_paused_until)

    def test_a_claim_of_several_invoices_counts_once(self):
        moves = self.post_at("2026-03-16") | self.post_at("2026-03-16")
        self.says_paid(moves, "2026-03-02 10:00")
        self.check_answers("2026-03-05 03:00")
        self.assertEqual(sum(moves.mapped("cobranca_paid_claim_expired_count")), 1)
        self.says_paid(moves[0], "2026-03-05 10:00")
        self.assertTrue(moves[0].cobranca_paid_claim_until, "one claim was not found, not two")

    # ------------------------------------------------------------------ proofs
    def test_a_proof_keeps_the_type_of_its_bytes_not_of_its_name(self):
        moves = self.post_at("2026-03-16") | self.post_at("2026-03-16")
        self.says_paid(
            moves[0],
            "2026-03-02 10:00",
            attachments=[("comprovante.html", PROOF_PDF, "text/html"), ("foto.exe", png())],
        )
        proofs = moves[0].cobranca_paid_claim_activity_id.attachment_ids.sorted("id")
        self.assertEqual(
            [(p.name, p.mimetype) for p in proofs],
            [("comprovante.html.pdf", "application/pdf"), ("foto.exe.png", "image/png")],
        )
        # a mail attachment (kept as the mail gateway stored it) is corrected too
        mailed = (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": "recibo.txt", "raw": PROOF_PDF, "mimetype": "text/plain"})
        )
        self.assertEqual(mailed.mimetype, "text/plain")
        self.says_paid(moves[1], "2026-03-02 10:00", source="email", attachments=mailed)
        self.assertEqual((mailed.name, mailed.mimetype), ("recibo.txt.pdf", "application/pdf"))

    def test_a_claim_takes_a_bounded_number_of_proofs(self):
        self.company.cobranca_proof_max_count = 2
        move = self.post_at("2026-03-16")
        self.says_paid(move, "2026-03-02 10:00", attachments=[("a.pdf", PROOF_PDF)])
        self.says_paid(move, "2026-03-02 11:00", attachments=[("b.pdf", PROOF_PDF)])
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.says_paid(move, "2026-03-02 12:00", attachments=[("c.pdf", PROOF_PDF)])
        self.assertEqual(refused.exception.code, "too_many_proofs")
        with self.assertRaises(CobrancaAnswerError):
            self.says_paid(
                self.post_at("2026-03-16"),
                "2026-03-02 12:00",
                attachments=[("x.pdf", PROOF_PDF)] * 3,
            )
        self.assertEqual(len(move.cobranca_paid_claim_activity_id.attachment_ids), 2)

    def test_a_claim_takes_a_bounded_size_of_proofs(self):
        self.company.cobranca_proof_max_mb = 5
        move = self.post_at("2026-03-16")
        self.says_paid(move, "2026-03-02 10:00", attachments=[("a.pdf", pdf_of(2 * MB))])
        self.says_paid(move, "2026-03-02 11:00", attachments=[("b.pdf", pdf_of(2 * MB))])
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.says_paid(move, "2026-03-02 12:00", attachments=[("c.pdf", pdf_of(2 * MB))])
        self.assertEqual(refused.exception.code, "proofs_too_big")
        self.assertEqual(len(move.cobranca_paid_claim_activity_id.attachment_ids), 2)


@tagged("post_install", "-at_install")
class TestAnswerBudgetPage(AnswerPageMixin, AnswersCommon, HttpCase):
    def setUp(self):
        super().setUp()
        self.move = self.post_at("2026-03-16")
        self.move._portal_ensure_token()

    def test_a_customer_out_of_budget_is_told_a_person_will_decide(self):
        self.assertIn("Até lá não enviaremos lembretes", self.open(self.url()).text)
        broken = self.post_at("2026-03-16")
        with self.at("2026-03-02 10:00"):
            broken.env["cobranca.answer"]._promise(broken, "2026-03-04", "portal", "portal")
        self.check_answers("2026-03-05 03:00")
        page = self.open(self.url())
        self.assertIn("até lá, os lembretes continuam", page.text)
        self.assertNotIn("Até lá não enviaremos lembretes", page.text)
        response = self.post("promise", date="2026-03-18")
        self.assertEqual(response.status_code, 200)
        self.assertIn("passamos para uma pessoa da nossa equipe", response.text)
        self.assertNotIn("Promessa registrada", response.text)
        self.assertFalse(self.move.cobranca_promise_ids)
        response = self.post("paid", note="paguei")
        self.assertIn("passamos para uma pessoa da nossa equipe", response.text)
        self.assertFalse(self.move.cobranca_paused_until)

    def test_the_page_keeps_the_type_of_the_bytes_and_counts_the_proofs(self):
        self.company.cobranca_proof_max_count = 1
        response = self.post(
            "paid", files={"comprovante": ("comprovante.html", PROOF_PDF, "text/html")}
        )
        self.assertEqual(response.status_code, 200)
        proof = self.move.cobranca_paid_claim_activity_id.attachment_ids
        self.assertEqual((proof.name, proof.mimetype), ("comprovante.html.pdf", "application/pdf"))
        response = self.post("paid", files={"comprovante": ("outro.png", png(), "image/png")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Já recebemos 1 comprovantes para este pagamento", response.text)
        self.assertEqual(self.move.cobranca_paid_claim_activity_id.attachment_ids, proof)


@tagged("post_install", "-at_install")
class TestAnswerBudgetWhatsapp(AnswersMixin, WhatsappCommon):
    # the Cloud API's media endpoints and a customer's picture, as the answers' tests
    media_reply = whatsapp_answers.TestWhatsappAnswers.media_reply
    serve_media = whatsapp_answers.TestWhatsappAnswers.serve_media
    download_proofs = whatsapp_answers.TestWhatsappAnswers.download_proofs

    def test_a_whatsapp_proof_keeps_the_type_of_its_bytes(self):
        move = self.sent()
        self.serve_media(raw=png())  # Meta says image/jpeg
        self.webhook(self.media_reply())
        self.download_proofs()
        proof = move.cobranca_paid_claim_activity_id.attachment_ids
        self.assertEqual(proof.mimetype, "image/png")
        self.assertTrue(proof.name.endswith(".png"), proof.name)

    def test_no_download_beyond_the_proofs_a_claim_takes(self):
        self.company.cobranca_proof_max_count = 1
        move = self.sent()
        with freeze_time(self.sp_time("2026-03-13 14:00")):
            move.env["cobranca.answer"]._says_paid(
                move, "portal", "portal", attachments=[("pix.pdf", PROOF_PDF)]
            )
        self.webhook(self.media_reply())
        self.assertFalse(self.env["cobranca.whatsapp.proof"].search([("move_id", "=", move.id)]))
        self.assertTrue(
            move.message_ids.filtered(lambda m: "not downloaded" in (m.body or "")),
        )
        self.assertEqual(len(move.cobranca_paid_claim_activity_id.attachment_ids), 1)
