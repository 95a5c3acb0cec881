"""The customer's other answers, through the entry points any channel calls:
"já paguei" (a pause, one verification to-do with the proof, closed by the payment),
a contest (held until the clerk resolves it) and an installment proposal (held until
the collector accepts or refuses it)."""

from datetime import date

from odoo.tests import tagged

from ..models.cobranca_answer import MAX_PROOF_BYTES, CobrancaAnswerError
from .common_answers import PROOF_PDF, AnswersCommon


@tagged("post_install", "-at_install")
class TestPaidClaim(AnswersCommon):
    def says_paid(self, moves, when="2026-03-16 09:00", **kw):
        with self.at(when):
            return moves.env["cobranca.answer"]._says_paid(moves, "whatsapp", "whatsapp", **kw)

    def test_ja_paguei_with_a_proof_waits_and_the_reconciliation_closes_the_check(self):
        move = self.post_at("2026-03-16")
        activity = self.says_paid(
            move, attachments=[("comprovante.pdf", PROOF_PDF)], note="Paguei hoje cedo"
        )
        # one to-do for the collector, the proof on the invoice and on the to-do
        self.assertEqual(self.activities(move), activity)
        self.assertEqual(activity.user_id, self.collector)
        proof = activity.attachment_ids
        self.assertEqual(proof.mapped("name"), ["comprovante.pdf"])
        self.assertEqual((proof.res_model, proof.res_id), ("account.move", move.id))
        self.assertEqual(proof.raw, PROOF_PDF)
        # Monday 16/03 + 2 business days: no reminder before Thursday
        self.assertEqual(move.cobranca_paid_claim_until, date(2026, 3, 18))
        self.assertEqual(
            (move.cobranca_paused_until, move.cobranca_pause_reason),
            (date(2026, 3, 18), "paid_claim"),
        )
        self.assertEqual(activity.date_deadline, date(2026, 3, 18))
        self.assertIn("Paguei hoje cedo", self.notes(move)[0])
        self.dispatch("2026-03-16 10:00")
        self.assertEqual(self.reminders(move)["D0"].skip_reason, "paid_claim")
        self.assertFalse(self.mails_of(move))

        # the payment is found: reconciled, the check closes itself
        with self.at("2026-03-17 11:00"):
            self.pay(move, day=date(2026, 3, 16))
        self.assertEqual(move.payment_state, "paid")
        self.assertFalse(activity.exists())
        self.assertFalse(self.activities(move))
        done = move.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertIn("Payment reconciled", str(done[:1].body))
        self.assertFalse(move.cobranca_paid_claim_until)
        self.assertEqual(proof.exists().res_id, move.id, "the proof stays on the invoice")

    def test_several_invoices_one_check_closed_when_the_last_is_paid(self):
        first = self.post_at("2026-03-16")
        second = self.post_at("2026-03-20")
        activity = self.says_paid(first | second)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.res_model, activity.res_id), ("account.move", first.id))
        self.assertEqual((first | second).mapped("cobranca_paid_claim_activity_id"), activity)
        # a second message of the same claim (the proof after the words) joins it
        again = self.says_paid(second, attachments=[("pix.pdf", PROOF_PDF)])
        self.assertEqual(again, activity)
        self.assertEqual(activity.attachment_ids.mapped("name"), ["pix.pdf"])
        with self.at("2026-03-17 11:00"):
            self.pay(first, day=date(2026, 3, 16))
        self.assertTrue(activity.exists(), "the second invoice is still to check")
        with self.at("2026-03-17 11:30"):
            self.pay(second, day=date(2026, 3, 16))
        self.assertFalse(activity.exists())

    def test_no_payment_in_the_days_given_and_the_ladder_resumes(self):
        move = self.post_at("2026-03-16")
        activity = self.says_paid(move)
        self.dispatch("2026-03-18 10:00")
        self.assertFalse(self.mails_of(move))
        self.check_answers("2026-03-19 03:00")
        self.assertFalse(move.cobranca_paid_claim_until)
        self.assertFalse(move.cobranca_paused_until)
        self.assertIn("the reminders resume", self.notes(move)[0])
        self.assertTrue(activity.exists(), "the collector still checks")
        self.dispatch("2026-03-19 10:00")
        self.assertEqual(self.reminders(move)["D+3"].state, "sent")

    def test_the_days_are_a_company_setting_on_the_business_calendar(self):
        self.company.cobranca_paid_claim_days = 3
        # Thursday 02/04/2026: Good Friday (03/04) and the weekend are not counted
        move = self.post_at("2026-04-10")
        self.says_paid(move, when="2026-04-02 09:00")
        self.assertEqual(move.cobranca_paid_claim_until, date(2026, 4, 8))

    def test_a_paid_invoice_or_a_bad_file_is_refused_and_nothing_changes(self):
        move = self.post_at("2026-03-16")
        for attachments, code in (
            ([("virus.exe", b"MZ\x90\x00" + b"\x00" * 64)], "attachment_type"),
            ([("grande.pdf", PROOF_PDF + b"0" * MAX_PROOF_BYTES)], "attachment_too_big"),
            ([("vazio.pdf", b"")], "attachment_type"),
        ):
            with self.subTest(code=code), self.assertRaises(CobrancaAnswerError) as refused:
                self.says_paid(move, attachments=attachments)
            self.assertEqual(refused.exception.code, code)
        other = self.post_at("2026-03-16", partner=self.partner_a)
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.says_paid(move | other)
        self.assertEqual(refused.exception.code, "several_customers")
        self.pay(move, day=date(2026, 3, 2))
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.says_paid(move)
        self.assertEqual(refused.exception.code, "paid")
        self.assertFalse(self.activities(move))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "account.move"), ("res_id", "=", move.id)]
            )
        )
        self.assertFalse(move.cobranca_paid_claim_until)


@tagged("post_install", "-at_install")
class TestContest(AnswersCommon):
    def test_a_contest_holds_the_reminders_until_the_clerk_resolves_it(self):
        move = self.post_at("2026-03-16")
        reason = 'Não comprei isso <script>alert("x")</script>\nvalor errado'
        with self.at("2026-03-05 09:00"):
            activity = move.env["cobranca.answer"]._contest(move, reason, "email", "email")
        self.assertTrue(move.cobranca_dispute)
        self.assertEqual(move.cobranca_dispute_reason, reason)
        self.assertEqual((activity.user_id, activity.res_id), (self.collector, move.id))
        self.assertEqual(move.cobranca_dispute_activity_id, activity)
        note = self.notes(move)[0]
        self.assertNotIn("<script", note)
        self.assertIn("&lt;script&gt;", note)
        self.assertEqual(move.message_ids[0].author_id, self.customer)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", "dispute"))

        # a further message of the customer goes to the same to-do
        with self.at("2026-03-06 09:00"):
            again = move.env["cobranca.answer"]._contest(move, "Segue o pedido", "email", "email")
        self.assertEqual(again, activity)

        move.cobranca_dispute_resolution = "Pedido conferido: o valor está correto."
        move.action_cobranca_resolve_dispute()
        self.assertFalse(move.cobranca_dispute)
        self.assertFalse(activity.exists())
        self.assertIn("Dispute resolved", self.notes(move)[0])
        self.dispatch("2026-03-09 11:00")
        self.assertEqual(d5.state, "sent")

    def test_a_contest_needs_a_reason_and_an_open_invoice(self):
        move = self.post_at("2026-03-16")
        with self.assertRaises(CobrancaAnswerError) as refused:
            move.env["cobranca.answer"]._contest(move, "  \x00 ", "portal", "portal")
        self.assertEqual(refused.exception.code, "reason_missing")
        self.assertFalse(move.cobranca_dispute)
        self.pay(move, day=date(2026, 3, 2))
        with self.assertRaises(CobrancaAnswerError) as refused:
            move.env["cobranca.answer"]._contest(move, "valor errado", "portal", "portal")
        self.assertEqual(refused.exception.code, "paid")
        self.assertFalse(move.cobranca_dispute)
        self.assertFalse(self.activities(move))


@tagged("post_install", "-at_install")
class TestInstallmentProposal(AnswersCommon):
    def propose(self, move, count=3, first="2026-03-20", when="2026-03-12 09:00"):
        with self.at(when):
            return move.env["cobranca.installment.proposal"]._propose(
                move, count, first, "portal", "portal", note="Posso pagar em 3x"
            )

    def test_accepted_keeps_the_reminders_paused_until_the_last_installment(self):
        move = self.post_at("2026-03-09")  # overdue on 12/03
        proposal = self.propose(move)
        self.assertEqual(
            (proposal.state, proposal.installment_count, proposal.amount),
            ("pending", 3, 1000.0),
        )
        self.assertEqual(proposal.last_date, date(2026, 5, 20))
        self.assertEqual(
            [amount for _day, amount in proposal._schedule()], [333.33, 333.33, 333.34]
        )
        self.assertTrue(move.cobranca_installment_pending)
        activity = self.activities(proposal)
        self.assertEqual(activity.user_id, self.collector)
        self.dispatch("2026-03-12 10:00")  # D+3 of 09/03 is due: held
        d3 = self.reminders(move)["D+3"]
        self.assertEqual((d3.state, d3.skip_reason), ("scheduled", "installment"))

        with self.at("2026-03-12 14:00"):
            proposal.action_accept()
        self.assertEqual((proposal.state, proposal.decided_by_id), ("accepted", self.env.user))
        self.assertFalse(activity.exists())
        self.assertFalse(move.cobranca_installment_pending)
        self.assertEqual(
            (move.cobranca_paused_until, move.cobranca_pause_reason),
            (date(2026, 5, 20), "installment"),
        )
        self.assertIn("Installment plan accepted", self.notes(move)[0])
        self.dispatch("2026-03-30 10:00")
        self.assertEqual(d3.state, "scheduled")
        self.assertEqual(
            self.mails_of(move).mail_message_id.mapped("subject"),
            [f"Parcelamento aceito: fatura {move.name}"],
            "the customer is told the plan; no reminder goes",
        )

    def test_refused_resumes_the_ladder(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        proposal.decision_note = "Só aceitamos em 2x"
        proposal.action_refuse()
        self.assertEqual(proposal.state, "refused")
        self.assertFalse(move.cobranca_installment_pending)
        self.assertFalse(move.cobranca_paused_until)
        self.assertIn("Só aceitamos em 2x", self.notes(move)[0])
        self.assertFalse(self.activities(proposal))
        self.dispatch("2026-03-12 10:00")
        self.assertEqual(self.reminders(move)["D+3"].state, "sent")

    def test_an_installment_plan_needs_an_overdue_invoice_and_2_to_12_installments(self):
        not_due = self.post_at("2026-03-16")
        move = self.post_at("2026-03-09")
        for target, count, first, code in (
            (not_due, 3, "2026-03-20", "not_overdue"),
            (move, 1, "2026-03-20", "installments_range"),
            (move, 13, "2026-03-20", "installments_range"),
            (move, "x", "2026-03-20", "installments_range"),
            (move, 3, "2026-03-11", "date_past"),
            (move, 3, "2026-03-23", "date_too_far"),
        ):
            with self.subTest(code=code), self.assertRaises(CobrancaAnswerError) as refused:
                self.propose(target, count, first)
            self.assertEqual(refused.exception.code, code)
        self.assertFalse(self.Proposal.search([("move_id", "in", (move | not_due).ids)]))
        self.propose(move)
        with self.assertRaises(CobrancaAnswerError) as refused:
            self.propose(move, 4)
        self.assertEqual(refused.exception.code, "proposal_pending")
        self.assertEqual(len(move.cobranca_installment_ids), 1)

    def test_payment_drops_a_pending_proposal(self):
        move = self.post_at("2026-03-09")
        proposal = self.propose(move)
        with self.at("2026-03-13 10:00"):
            self.pay(move, day=date(2026, 3, 13))
        self.assertEqual(proposal.state, "cancelled")
        self.assertFalse(self.activities(proposal))
