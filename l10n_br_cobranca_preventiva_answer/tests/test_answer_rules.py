"""The app's wait rule (``cobranca_rules.wait_reason`` and its SQL twin) on the pauses
and holds the customer's answers give: a contest, an installment proposal waiting, an
accepted plan, a promise, a payment reported."""

from datetime import date

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models import cobranca_rules as rules
from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon
from odoo.addons.l10n_br_cobranca_preventiva.tests.test_rule_agreement import sql_values


@tagged("post_install", "-at_install")
class TestAnswerRules(CobrancaCommon):
    def test_wait_reason_agrees(self):
        Proposal = self.env["cobranca.installment.proposal"].sudo()
        wait = {name: self.make_invoice("2026-03-16") for name in (
            "none", "dispute", "dispute_and_promise", "proposal", "plan", "promise", "paid_claim"
        )}  # fmt: skip
        wait["dispute"].cobranca_dispute = True
        wait["dispute_and_promise"].write(
            {"cobranca_dispute": True, "cobranca_paused_until": date(2026, 3, 20)}
        )
        Proposal.create(
            {"move_id": wait["proposal"].id, "installment_count": 2, "first_date": "2026-03-20"}
        )
        Proposal.create(
            {
                "move_id": wait["plan"].id,
                "installment_count": 2,
                "first_date": "2026-03-10",
                "state": "accepted",
            }
        )
        wait["promise"].cobranca_paused_until = date(2026, 3, 20)
        wait["paid_claim"].sudo().cobranca_paid_claim_until = date(2026, 3, 10)
        moves = self.env["account.move"].union(*wait.values())
        self.assertEqual(wait["plan"].cobranca_paused_until, date(2026, 4, 10))
        for today in ("2026-03-02", "2026-03-10", "2026-03-11", "2026-03-20", "2026-03-21",
                      "2026-04-10", "2026-04-11"):  # fmt: skip
            day = date.fromisoformat(today)
            python = {move.id: rules.wait_reason(move, day) for move in moves}
            self.assertEqual(python, sql_values(self.env, rules.wait_reason_sql(day), moves), today)
            self.assertEqual(
                python, sql_values(self.env, rules.wait_reason_sql(SQL("%s::date", day)), moves)
            )
        on_the_10th = {name: rules.wait_reason(m, date(2026, 3, 10)) for name, m in wait.items()}
        self.assertEqual(
            on_the_10th,
            {
                "none": None,
                "dispute": "dispute",
                "dispute_and_promise": "dispute",
                "proposal": "installment",
                "plan": "installment",
                "promise": "paused",
                "paid_claim": "paid_claim",
            },
        )
        self.assertIsNone(rules.wait_reason(wait["paid_claim"], date(2026, 3, 11)))
        self.assertIsNone(rules.wait_reason(wait["promise"], date(2026, 3, 21)))
