"""What the customer answered is erased with the invoice's retention (see the app's
test_retention), and at its request with the rest of its data (test_lgpd_erasure)."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.lgpd_common import LgpdCommon, database_hits

from .common_answers import PROOF_PDF


@tagged("post_install", "-at_install")
class TestAnswerRetention(LgpdCommon):
    def answered(self, move, day, who="Maria"):
        """The customer promised, said it paid with a proof, and contested, on ``day``."""
        with freeze_time(self.sp_time(f"{day} 09:00")):
            move.env["cobranca.answer"]._promise(
                move,
                date.fromisoformat(day) + timedelta(days=5),
                "portal",
                "portal",
                note=f"Pago no vencimento, {who}",
            )
            move.env["cobranca.answer"]._says_paid(
                move, "portal", "portal", attachments=[(f"comprovante-{who}.pdf", PROOF_PDF)]
            )
            move.env["cobranca.answer"]._contest(
                move, f"{who} não reconhece o valor", "portal", "portal"
            )

    def test_a_never_paid_invoice_is_erased_its_retention_after_the_due_date(self):
        move = self.post_at("2026-03-16")
        later = self.post_at("2026-06-16")
        self.dispatch("2026-03-09 10:00")
        self.answered(move, "2026-03-10", "Maria")
        self.answered(later, "2026-03-10", "Aparecida")
        d5 = self.reminders(move)["D-5"]
        proof = self.env["ir.attachment"].search([("name", "=", "comprovante-Maria.pdf")])
        self.assertTrue(proof)

        self.run_retention("2031-03-15 12:00:00")  # five years after the due date: not yet
        self.assertFalse(d5.content_erased_date)
        self.assertEqual(move.cobranca_dispute_reason, "Maria não reconhece o valor")

        self.run_retention("2031-03-17 12:00:00")
        self.assertTrue(d5.content_erased_date)
        self.assertFalse(proof.exists())
        self.assertEqual(
            database_hits(self.env, ["Pago no vencimento, Maria", "Maria não reconhece"]), {}
        )
        self.assertTrue(move.cobranca_answers_erased_date)
        self.assertTrue(move.cobranca_dispute)  # the facts stay
        self.assertEqual(move.cobranca_promise_id.date.isoformat(), "2026-03-15")
        # the invoice due three months later keeps everything
        self.assertEqual(later.cobranca_dispute_reason, "Aparecida não reconhece o valor")
        self.assertEqual(later.cobranca_promise_id.note, "Pago no vencimento, Aparecida")
        self.assertTrue(
            self.env["ir.attachment"].search([("name", "=", "comprovante-Aparecida.pdf")])
        )

    def test_the_answers_of_a_paid_invoice_go_with_its_reminders(self):
        move = self.post_at("2026-03-16")
        self.answered(move, "2026-03-10")
        with freeze_time("2026-03-20"):
            self.pay(move, day=date(2026, 3, 20))
        self.run_retention("2031-03-19 12:00:00")
        self.assertEqual(move.cobranca_dispute_reason, "Maria não reconhece o valor")
        self.run_retention("2031-03-21 12:00:00")
        self.assertFalse(move.cobranca_dispute_reason)
        self.assertEqual(database_hits(self.env, ["comprovante-Maria", "Pago no vencimento"]), {})

    def test_what_the_customer_answered_is_erased_and_the_facts_stay(self):
        move = self.post_at("2026-03-16")
        other = self.post_at("2026-03-09")
        with freeze_time(self.sp_time("2026-03-10 09:00")):
            promise = move.env["cobranca.answer"]._promise(
                move, "2026-03-12", "portal", "portal", note="Pago quinta, sou a Maria Souza"
            )
            other.env["cobranca.answer"]._contest(
                other, "Maria Souza não comprou isso", "email", "email"
            )
            overdue = self.post_at("2026-03-02", posted="2026-02-02")
            self.env["cobranca.installment.proposal"]._propose(
                overdue, 3, "2026-03-15", "portal", "portal", note="Maria Souza, 3x por favor"
            )
        self.assertGreater(self.raw_count("mail_message", "body", "Maria Souza"), 0)

        self.as_user(self.customer, self.approver).action_cobranca_anonymise()

        self.env.invalidate_all()
        for table, column in (
            ("cobranca_promise", "note"),
            ("cobranca_installment_proposal", "note"),
            ("account_move", "cobranca_dispute_reason"),
            ("mail_message", "body"),
        ):
            with self.subTest(table=table):
                self.assertEqual(self.raw_count(table, column, "Maria Souza"), 0)
        self.assertEqual((promise.date, promise.state), (date(2026, 3, 12), "open"))
        self.assertTrue(other.cobranca_dispute)
