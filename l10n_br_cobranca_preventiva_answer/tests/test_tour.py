"""The answers on the invoice in a real browser (static/src/js/tours/)."""

from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestAnswerTour(CobrancaCommon, HttpCase):
    def test_the_clerk_s_pause_date_is_a_promise_listed_on_the_invoice(self):
        clerk = new_test_user(
            self.env,
            login="cobranca_tour_answer_clerk",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        customer = self.env["res.partner"].create(
            {"name": "Cliente da Promessa Ltda", "email": "financeiro@promessa.example.com"}
        )
        move = self.make_invoice("2026-03-13", partner=customer)
        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "l10n_br_cobranca_preventiva_answer_clerk",
            login=clerk.login,
        )
        promise = move.cobranca_promise_ids
        self.assertEqual(
            (promise.state, promise.source, promise.date, promise.create_uid),
            ("open", "clerk", date(2026, 3, 20), clerk),
        )
        self.assertEqual(move.cobranca_pause_reason, "promise")
