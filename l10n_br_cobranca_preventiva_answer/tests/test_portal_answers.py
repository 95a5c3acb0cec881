"""The customer's answer page ``/my/invoices/<id>/cobranca`` over the real route: the
invoice's portal token opens it, a wrong or missing token changes nothing, bad input
gets a Portuguese message, each form acts as its entry point does."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from ..models.cobranca_answer import MAX_PROOF_BYTES
from .common_answers import PROOF_PDF, AnswerPageMixin, AnswersCommon


@tagged("post_install", "-at_install")
class TestPortalAnswers(AnswerPageMixin, AnswersCommon, HttpCase):
    def setUp(self):
        super().setUp()
        self.move = self.post_at("2026-03-16")
        self.move._portal_ensure_token()

    # ------------------------------------------------------------------ page
    def test_the_page_identifies_the_creditor_and_offers_the_answers(self):
        response = self.open(self.url())
        self.assertEqual(response.status_code, 200)
        text = response.text
        for expected in (
            "Distribuidora Exemplo Ltda",
            "CNPJ 11.222.333/0001-81",
            "Rua Augusta, 1500",
            "São Paulo/SP",
            "CEP 01304-001",
            "R$",
            "16/03/2026",
            "Já paguei",
            "Preciso de mais prazo",
            "Não reconheço esta cobrança",
            'max="2026-03-20"',  # 10 days ahead
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Propor parcelamento", text, "only for overdue invoices")

    # --------------------------------------------------------------- promise
    def test_a_promise_with_the_token(self):
        response = self.post("promise", date="2026-03-18")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Promessa registrada", response.text)
        self.assertIn("18/03/2026", response.text)
        promise = self.move.cobranca_promise_id
        self.assertEqual((promise.source, promise.date), ("portal", date(2026, 3, 18)))
        self.assertEqual(self.move.cobranca_paused_until, date(2026, 3, 18))

    def test_a_wrong_or_missing_token_changes_nothing(self):
        for token in ("0" * 36, ""):
            with self.subTest(token=token):
                page = self.open(self.url(token=token), redirects=False)
                self.assertIn(page.status_code, (302, 303))
                self.assertTrue(page.headers["Location"].endswith("/my"))
                for action, fields in (
                    ("promise", {"date": "2026-03-18"}),
                    ("contest", {"reason": "não comprei"}),
                    ("paid", {"note": "paguei"}),
                ):
                    response = self.post(action, token=token, **fields)
                    self.assertEqual(response.status_code, 403)
        self.assertFalse(self.move.cobranca_promise_ids)
        self.assertFalse(self.move.cobranca_dispute)
        self.assertFalse(self.move.cobranca_paid_claim_until)
        self.assertFalse(self.activities(self.move))
        # another invoice's token does not open this one
        other = self.post_at("2026-03-16")
        other._portal_ensure_token()
        response = self.post("promise", token=other.access_token, date="2026-03-18")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.move.cobranca_promise_ids)

    def test_bad_dates_and_a_second_promise_get_a_message(self):
        for day, message in (
            ("2026-03-09", "A data escolhida já passou"),
            ("2026-03-21", "Escolha uma data em até 10 dias, ou seja, até 20/03/2026"),
            ("", "Escolha uma data válida"),
        ):
            with self.subTest(day=day):
                response = self.post("promise", date=day)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn("Nada foi alterado", response.text)
        self.assertFalse(self.move.cobranca_promise_ids)
        self.post("promise", date="2026-03-20")
        response = self.post("promise", date="2026-03-19")
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            "Já existe uma promessa de pagamento para esta fatura, para 20/03/2026", response.text
        )
        self.assertEqual(self.move.cobranca_promise_ids.date, date(2026, 3, 20))

    def test_a_paid_invoice_says_so(self):
        self.pay(self.move, day=date(2026, 3, 9))
        response = self.post("promise", date="2026-03-18")
        self.assertEqual(response.status_code, 400)
        self.assertIn("já consta como paga", response.text)
        self.assertFalse(self.move.cobranca_promise_ids)

    # --------------------------------------------------------------- contest
    def test_a_contest_with_the_token(self):
        response = self.post("contest", reason="Não reconheço <b>esta</b> compra")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Contestação registrada", response.text)
        self.assertTrue(self.move.cobranca_dispute)
        self.assertEqual(self.move.cobranca_dispute_reason, "Não reconheço <b>esta</b> compra")
        activity = self.activities(self.move)
        self.assertEqual(activity.user_id, self.collector)
        self.assertIn("&lt;b&gt;esta&lt;/b&gt;", self.notes(self.move)[0])
        response = self.post("contest", reason="")
        self.assertNotIn("Enviar contestação", response.text, "already contested")
        self.move.cobranca_dispute_resolution = "A compra foi conferida."
        self.move.action_cobranca_resolve_dispute()
        response = self.post("contest", reason="   ")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Conte-nos o motivo", response.text)
        self.assertFalse(self.move.cobranca_dispute)

    # -------------------------------------------------------------- já paguei
    def test_ja_paguei_with_a_file(self):
        response = self.post(
            "paid",
            files={"comprovante": ("comprovante.pdf", PROOF_PDF, "application/pdf")},
            note="Pix de ontem",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Vamos conferir o pagamento", response.text)
        self.assertIn("12/03/2026", response.text)  # Tuesday + 2 business days
        activity = self.activities(self.move)
        self.assertEqual(activity.attachment_ids.mapped("name"), ["comprovante.pdf"])
        self.assertEqual(activity.attachment_ids.res_id, self.move.id)
        self.assertEqual(self.move.cobranca_paid_claim_until, date(2026, 3, 12))
        # reconciled: the check closes itself
        with freeze_time(datetime(2026, 3, 11, 13, 0)):
            self.pay(self.move, day=date(2026, 3, 9))
        self.assertFalse(activity.exists())

    def test_ja_paguei_refuses_a_big_or_strange_file(self):
        for name, raw, message in (
            ("grande.pdf", PROOF_PDF + b"0" * MAX_PROOF_BYTES, "maior que 5 MB"),
            ("script.html", b"<html><script>x</script></html>", "PDF ou como imagem"),
        ):
            with self.subTest(name=name):
                response = self.post("paid", files={"comprovante": (name, raw, "application/pdf")})
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertFalse(self.activities(self.move))
        self.assertFalse(self.move.cobranca_paid_claim_until)

    # ----------------------------------------------------------- installments
    def test_an_overdue_invoice_takes_an_installment_proposal(self):
        overdue = self.post_at("2026-03-02")
        overdue._portal_ensure_token()
        page = self.open(self.url(overdue))
        self.assertIn("Propor parcelamento", page.text)
        response = self.post("installment", move=overdue, count="4", first_date="2026-03-16")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Proposta de parcelamento enviada", response.text)
        proposal = overdue.cobranca_installment_ids
        self.assertEqual(
            (proposal.state, proposal.installment_count, proposal.source),
            ("pending", 4, "portal"),
        )
        response = self.post("installment", move=overdue, count="20", first_date="2026-03-16")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Já recebemos uma proposta", response.text)
        proposal.decision_note = "No máximo 3 parcelas."
        proposal.action_refuse()
        response = self.post("installment", move=overdue, count="20", first_date="2026-03-16")
        self.assertIn("Escolha de 2 a 12 parcelas", response.text)
        self.assertEqual(len(overdue.cobranca_installment_ids), 1)

    # ------------------------------------------------------------------ email
    def test_the_reminder_email_links_to_the_page(self):
        self.dispatch("2026-03-09 10:00")
        body = str(self.reminders(self.move)["D-5"].mail_message_id.body)
        self.assertIn("Já pagou, precisa de mais prazo ou não reconhece esta cobrança?", body)
        link = f"/my/invoices/{self.move.id}/cobranca?access_token={self.move.access_token}"
        self.assertIn(link, body.replace("&amp;", "&"))
        response = self.open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Já paguei", response.text)

    def test_an_email_of_several_invoices_links_to_each_page(self):
        second = self.post_at("2026-03-16")
        self.dispatch("2026-03-09 10:00")
        message = self.reminders(self.move)["D-5"].mail_message_id
        self.assertEqual(self.reminders(second)["D-5"].mail_message_id, message)
        body = str(message.body).replace("&amp;", "&")
        for move in self.move | second:
            self.assertIn(f"/my/invoices/{move.id}/cobranca?access_token={move.access_token}", body)
