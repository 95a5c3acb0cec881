"""Promises against payments without a journal entry (see the app's test_settlement)."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.test_settlement import SettlementCommon


@tagged("post_install", "-at_install")
class TestAnswerSettlement(SettlementCommon):
    def test_a_partial_payment_does_not_keep_a_promise_of_the_whole_amount(self):
        move = self.post_at("2026-03-16")
        promise = move.env["cobranca.answer"]._promise(move, date(2026, 3, 20), "clerk", False)
        self.assertEqual(promise.amount, 1000)
        with freeze_time(self.sp_time("2026-03-18 10:00")):
            self.pay(move, amount=400, day=date(2026, 3, 18))
            self.env["cobranca.promise"]._cron_check()
        self.assertEqual(promise.state, "open")
        with freeze_time(self.sp_time("2026-03-23 10:00")):
            self.env["cobranca.promise"]._cron_check()
        self.assertEqual(promise.state, "broken")
