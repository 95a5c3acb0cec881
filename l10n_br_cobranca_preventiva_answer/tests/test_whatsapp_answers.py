"""What a customer's WhatsApp answer does to the invoice it answers (``context.id``),
over the real webhook route: "já paguei" pauses and asks the collector to check, a
promise with a date is recorded, "não reconheço" opens a dispute; a promise the
company cannot take is explained in the chatter and changes nothing."""

import hashlib
import io
import json
from datetime import date
from pathlib import Path

from freezegun import freeze_time
from PIL import Image

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common_whatsapp import (
    TIMESTAMP,
    WEBHOOK_TIME,
    AnswersMixin,
    WhatsappCommon,
)

#: Meta-shaped webhook payloads (tests/data/whatsapp at the repository root).
PAYLOADS = Path(__file__).resolve().parents[2] / "tests" / "data" / "whatsapp"
MEDIA_ID = "1047288396744213"
#: The smallest real JPEG header: what a phone's photo of a comprovante starts with.
PROOF_CRON = "l10n_br_cobranca_preventiva_answer.ir_cron_cobranca_whatsapp_proofs"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestWhatsappAnswers(AnswersMixin, WhatsappCommon):
    def test_ja_paguei_pauses_and_asks_the_collector_to_check(self):
        move = self.sent()
        self.answer("já paguei ontem 🙏")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertTrue(move.cobranca_paused_until)

    def test_a_promise_with_a_date_is_recorded(self):
        move = self.sent()
        self.answer("posso pagar dia 20")
        promise = move.cobranca_promise_id
        self.assertEqual(promise.date.isoformat(), "2026-03-20")
        self.assertEqual((promise.source, promise.state), ("whatsapp", "open"))

    def test_a_promise_beyond_the_limit_is_explained_and_changes_nothing(self):
        move = self.sent()
        self.answer("só consigo pagar dia 30/04")
        self.assertFalse(move.cobranca_promise_id)
        notes = move.message_ids.filtered(lambda m: "WhatsApp answer not applied" in (m.body or ""))
        self.assertEqual(len(notes), 1)

    def test_nao_reconheco_opens_a_dispute(self):
        move = self.sent()
        self.assertFalse(move.cobranca_dispute)
        self.answer("não reconheço essa cobrança")
        self.assertTrue(move.cobranca_dispute)

    # ------------------------------------------------- a due day asked besides the answer
    def due_day_requests(self):
        return self.env["cobranca.due.day.request"].search([("partner_id", "=", self.customer.id)])

    def outgoing_texts(self, move):
        return (
            self.env["cobranca.whatsapp.message"]
            .search([("move_id", "=", move.id), ("direction", "=", "out")])
            .mapped("text")
        )

    def test_ja_paguei_with_a_due_day_opens_the_check_and_the_due_day_request(self):
        move = self.sent()
        self.answer("já paguei, mas quero mudar o vencimento para o dia 10")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertTrue(move.cobranca_paused_until)
        request = self.due_day_requests()
        self.assertEqual(
            (request.day, request.source, request.channel, request.state, request.move_id),
            (10, "whatsapp", "whatsapp", "requested", move),
        )
        self.assertEqual(request.note, "já paguei, mas quero mudar o vencimento para o dia 10")
        self.assertEqual(len(request.activity_ids), 1)

    def test_a_contest_with_a_due_day_opens_the_dispute_and_the_due_day_request(self):
        """A promise is never the primary intent of a reply that names a due day
        (``due_day`` is read first): a contest is the other answer a due day can come
        with."""
        move = self.sent()
        self.answer("não reconheço essa cobrança. Vencimento todo dia 15")
        self.assertTrue(move.cobranca_dispute)
        self.assertEqual(self.due_day_requests().mapped("day"), [15])

    def test_a_promise_besides_a_due_day_request_is_recorded_with_its_own_date(self):
        move = self.sent()
        self.answer("pago dia 20 e quero que o vencimento passe para o dia 10")
        self.assertEqual(self.due_day_requests().mapped("day"), [10])
        promise = move.cobranca_promise_id
        self.assertEqual(
            (promise.date.isoformat(), promise.source, promise.state),
            ("2026-03-20", "whatsapp", "open"),
        )

    def test_a_due_day_not_offered_besides_ja_paguei_gets_the_days_offered(self):
        move = self.sent()
        self.answer("já paguei. Dá pra mudar o vencimento pro dia 12?")
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertFalse(self.due_day_requests())
        self.assertTrue(
            any(
                "Os dias de vencimento que oferecemos são" in (t or "")
                for t in self.outgoing_texts(move)
            ),
            self.outgoing_texts(move),
        )

    def test_a_stop_with_a_due_day_asks_nothing_and_tells_nothing(self):
        """The customer asked to stop: no due day request, no message about it."""
        move = self.sent()
        self.answer("já paguei, parem de mandar mensagem. Vencimento todo dia 12")
        self.assertFalse(self.due_day_requests())
        self.assertFalse(self.outgoing_texts(move))
        consent = self.env["cobranca.consent"].search(
            [("partner_id", "=", self.customer.id), ("channel", "=", "whatsapp")]
        )
        self.assertEqual(consent.status, "revoked")

    # ------------------------------------------------------- a comprovante by WhatsApp
    def media_reply(self, caption="comprovante do pix"):
        """Meta's image message (tests/data/whatsapp/image.json) answering our wamid."""
        payload = json.loads((PAYLOADS / "image.json").read_text())
        value = payload["entry"][0]["changes"][0]["value"]
        value["metadata"]["phone_number_id"] = "123"
        payload["entry"][0]["id"] = "456"
        message = value["messages"][0]
        message["context"]["id"] = "wamid.A"
        message["timestamp"] = TIMESTAMP
        if caption is None:
            del message["image"]["caption"]
        else:
            message["image"]["caption"] = caption
        return payload

    def serve_media(self, raw=JPEG, status=200, body=None, media_id=MEDIA_ID):
        """The Cloud API's media endpoints: ``GET /<media-id>`` then the file's URL."""
        meta = body or {
            "messaging_product": "whatsapp",
            "url": self.server.url_for(
                f"/whatsapp_business/attachments/?mid={media_id}&ext=1773412840&hash=ATs"
            ),
            "mime_type": "image/jpeg",
            "sha256": hashlib.sha256(raw).hexdigest(),
            "file_size": str(len(raw)),
            "id": media_id,
        }
        self.server.expect_oneshot_request(f"/v21.0/{media_id}", method="GET").respond_with_json(
            meta, status=status
        )
        if status == 200:
            self.server.expect_oneshot_request(
                "/whatsapp_business/attachments/",
                method="GET",
                query_string={"mid": media_id, "ext": "1773412840", "hash": "ATs"},
            ).respond_with_data(raw, content_type="image/jpeg")

    def download_proofs(self, when=WEBHOOK_TIME):
        """The cron that downloads the proofs the webhook left (triggered by it)."""
        with freeze_time(when):
            self.env.ref(PROOF_CRON).method_direct_trigger()
        self.env.invalidate_all()

    def test_comprovante_by_whatsapp_is_attached_and_the_check_closes_on_payment(self):
        move = self.sent()
        self.serve_media()
        self.assertEqual(self.webhook(self.media_reply()).status_code, 200)
        activity = move.cobranca_paid_claim_activity_id
        self.assertTrue(activity)
        # the webhook answered Meta without downloading anything: the claim is in
        self.assertFalse([req for req, _resp in self.server.log if req.method == "GET"])
        self.assertFalse(activity.attachment_ids)
        self.assertIn("being downloaded from WhatsApp", activity.note)
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.env.ref(PROOF_CRON).id)]),
            "the download cron is called right away",
        )
        self.download_proofs()
        proof = activity.attachment_ids
        self.assertEqual(len(proof), 1)
        self.assertEqual(proof.raw, JPEG)
        self.assertEqual((proof.res_model, proof.res_id), ("account.move", move.id))
        self.assertEqual(proof.mimetype, "image/jpeg")
        self.assertTrue(move.cobranca_paused_until)
        # the token went to both Meta endpoints, nowhere else
        paths = [req.path for req, _resp in self.server.log if req.method == "GET"]
        self.assertEqual(paths, [f"/v21.0/{MEDIA_ID}", "/whatsapp_business/attachments/"])
        [received] = move.message_ids.filtered(
            lambda m: "Proof of payment received on WhatsApp" in (m.body or "")
        )
        self.assertEqual(received.attachment_ids, proof)
        self.assertEqual(received.author_id, self.customer)
        self.download_proofs()  # nothing twice
        self.assertEqual(len(activity.attachment_ids), 1)

        self.pay(move, day=date(2026, 3, 13))
        self.assertEqual(move.payment_state, "paid")
        self.assertFalse(activity.exists(), "the check closes itself when the payment is in")
        self.assertFalse(move.cobranca_paid_claim_activity_id)
        self.assertEqual(proof.exists().res_id, move.id, "the proof stays on the invoice")

    def test_a_picture_sent_alone_is_taken_as_the_proof(self):
        move = self.sent()
        self.serve_media()
        self.webhook(self.media_reply(caption=None))
        self.download_proofs()
        self.assertEqual(move.cobranca_paid_claim_activity_id.attachment_ids.raw, JPEG)

    def test_a_failed_download_records_the_claim_and_says_why(self):
        move = self.sent()
        self.serve_media(
            status=400,
            body={
                "error": {
                    "message": f"Unsupported get request. Object with ID '{MEDIA_ID}' does "
                    "not exist, cannot be loaded due to missing permissions, or does not "
                    "support this operation.",
                    "type": "GraphMethodException",
                    "code": 100,
                    "error_subcode": 33,
                    "fbtrace_id": "AzXqnrRz5a3dE3pUk8Lr0dH",
                }
            },
        )
        self.assertEqual(self.webhook(self.media_reply()).status_code, 200)
        self.download_proofs()
        activity = move.cobranca_paid_claim_activity_id
        self.assertTrue(activity, "the words still count: the collector checks")
        self.assertFalse(activity.attachment_ids)
        notes = move.message_ids.filtered(
            lambda m: "could not be downloaded from WhatsApp" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("Unsupported get request", notes.body)

    def test_a_file_that_is_not_a_picture_or_pdf_is_not_kept(self):
        move = self.sent()
        self.serve_media(raw=b"MZ\x90\x00 not a receipt")
        self.webhook(self.media_reply())
        self.download_proofs()
        self.assertTrue(move.cobranca_paid_claim_activity_id)
        self.assertFalse(move.cobranca_paid_claim_activity_id.attachment_ids)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "account.move"),
                    ("res_id", "=", move.id),
                    ("name", "like", "comprovante"),
                ]
            )
        )
        self.assertTrue(
            move.message_ids.filtered(lambda m: "WhatsApp file not kept" in (m.body or ""))
        )

    def test_a_download_without_answer_is_tried_again_later(self):
        move = self.sent()
        self.webhook(self.media_reply())
        self.server.expect_oneshot_request(f"/v21.0/{MEDIA_ID}", method="GET").respond_with_json(
            {"error": {"message": "Service temporarily unavailable", "code": 2}}, status=503
        )
        self.download_proofs()
        proof = self.env["cobranca.whatsapp.proof"].search([("move_id", "=", move.id)])
        self.assertEqual((proof.state, proof.attempts), ("pending", 1))
        self.assertFalse(
            move.message_ids.filtered(lambda m: "could not be downloaded" in (m.body or "")),
            "a passing failure is not told to the collector",
        )
        self.server.clear()
        self.serve_media()
        self.download_proofs()  # too early: the next try is ten minutes later
        self.assertFalse(self.server.log)
        self.download_proofs(when="2026-03-13 18:11:00")
        self.assertEqual(proof.state, "done")
        self.assertEqual(move.cobranca_paid_claim_activity_id.attachment_ids.raw, JPEG)

    def test_a_proof_downloaded_after_the_payment_stays_on_the_invoice(self):
        move = self.sent()
        self.webhook(self.media_reply())
        self.pay(move, day=date(2026, 3, 13))
        self.assertFalse(move.cobranca_paid_claim_activity_id)
        self.serve_media()
        self.download_proofs()
        proof = self.env["cobranca.whatsapp.proof"].search([("move_id", "=", move.id)])
        self.assertEqual(proof.state, "done")
        self.assertEqual(
            (proof.attachment_id.res_model, proof.attachment_id.res_id), ("account.move", move.id)
        )

    def png(self, width, height):
        """A real PNG of one colour: a few kilobytes whatever its size in pixels."""
        buffer = io.BytesIO()
        Image.new("1", (width, height)).save(buffer, "PNG")
        return buffer.getvalue()

    def test_a_picture_of_too_many_pixels_is_refused_and_the_next_proof_goes_on(self):
        """A 24 KB PNG declaring 200 million pixels: decoding it (Odoo shrinks the
        pictures it stores) raised from the attachment and rolled the whole download
        batch back, at every call of the cron, the proofs behind it included."""
        move = self.sent()
        bomb = self.png(20000, 10000)
        self.assertLess(len(bomb), 100 * 1024)
        self.serve_media(raw=bomb)
        self.webhook(self.media_reply())
        later = (
            self.env["cobranca.whatsapp.proof"]
            .sudo()
            .create({"company_id": move.company_id.id, "move_id": move.id, "media_id": "2002"})
        )
        self.serve_media(media_id="2002")
        self.download_proofs()
        first = self.env["cobranca.whatsapp.proof"].search(
            [("move_id", "=", move.id), ("media_id", "=", MEDIA_ID)]
        )
        self.assertEqual(first.state, "failed")
        self.assertIn("more than 50 million pixels", first.error)
        self.assertTrue(
            move.message_ids.filtered(
                lambda m: (
                    "WhatsApp file not kept" in (m.body or "")
                    and "million pixels" in (m.body or "")
                )
            )
        )
        self.assertEqual(later.state, "done", "the next proof of the batch is downloaded")
        self.assertEqual(move.cobranca_paid_claim_activity_id.attachment_ids.raw, JPEG)

    def test_a_proof_that_cannot_be_stored_fails_alone_and_says_why(self):
        """Whatever breaks while a proof is kept (here Odoo's picture shrinking,
        misconfigured) fails that proof with the reason; the cron goes on."""
        move = self.sent()
        self.env["ir.config_parameter"].sudo().set_param("base.image_autoresize_max_px", "1920x")
        self.serve_media(raw=self.png(40, 40))
        self.webhook(self.media_reply())
        self.download_proofs()
        proof = self.env["cobranca.whatsapp.proof"].search([("move_id", "=", move.id)])
        self.assertEqual((proof.state, proof.attempts), ("failed", 1))
        self.assertIn("could not be kept", proof.error)
        self.assertTrue(move.message_ids.filtered(lambda m: "could not be kept" in (m.body or "")))
        self.assertTrue(move.cobranca_paid_claim_activity_id, "the words still count")
