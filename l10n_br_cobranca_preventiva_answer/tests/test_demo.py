from odoo.tests import TransactionCase, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tools import demo_data


@tagged("post_install", "-at_install")
class TestDemoAnswers(TransactionCase):
    """The demo's customers answered: a promise, a contest, "já paguei" with a proof,
    an installment proposal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].browse(cls.env["cobranca.demo"]._load())
        cls.env["cobranca.demo"]._load_answers()

    def test_the_open_invoices_carry_the_customers_answers(self):
        moves = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("payment_state", "=", "not_paid")]
        )
        self.assertEqual(len(moves), len(demo_data.OPEN_INVOICES))
        promise = moves.cobranca_promise_ids
        self.assertEqual(
            (len(promise), promise.state, promise.source), (1, "open", "portal"), "a promise"
        )
        self.assertEqual(promise.move_id.cobranca_paused_until, promise.date)
        self.assertEqual(promise.move_id.cobranca_pause_reason, "promise")
        contested = moves.filtered("cobranca_dispute")
        self.assertEqual(len(contested), 1, "a contested invoice")
        self.assertTrue(contested.cobranca_dispute_reason)
        self.assertTrue(contested.cobranca_dispute_activity_id, "a to-do for the collector")
        claimed = moves.filtered("cobranca_paid_claim_until")
        self.assertEqual(len(claimed), 1, "a customer who says it paid")
        self.assertEqual(
            claimed.cobranca_paid_claim_activity_id.attachment_ids.mapped("name"),
            ["comprovante-pix.pdf"],
        )
        proposal = moves.cobranca_installment_ids
        self.assertEqual((len(proposal), proposal.state), (1, "pending"), "an installment plan")
        self.assertTrue(proposal.activity_ids)
