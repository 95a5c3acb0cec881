"""What is still due on an invoice paid by Odoo 18 payments without a journal entry
(no outstanding-payments account: Odoo's default), for the ladder and the messages.

Odoo leaves such an invoice's ``amount_residual`` at its total and calls it paid even
for a partial payment; the addon counts the payments' own amounts
(``models/cobranca_settlement.py``)."""

import re
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon


def amount_re(text):
    """'R$ 600,00' with a normal or no-break space."""
    return re.escape(text).replace(r"\ ", r"(?:\s|\xa0|&nbsp;)")


class SettlementCommon(CobrancaCommon):
    """Payments without a journal entry (no outstanding-payments account)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inbound_payment_method_line.payment_account_id = False

    def post_at(self, due, posted="2026-03-02", **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(due, invoice_date=date.fromisoformat(posted), **vals)

    def pay_together(self, moves, amount, day):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({"payment_date": day, "group_payment": True, "amount": amount})
            ._create_payments()
        )


@tagged("post_install", "-at_install")
class TestSettlementWithoutEntries(SettlementCommon):
    def test_partial_payment_keeps_reminding_the_rest(self):
        move = self.post_at("2026-03-16")
        with freeze_time(self.sp_time("2026-03-05 10:00")):
            payment = self.pay(move, amount=400, day=date(2026, 3, 5))
        self.assertFalse(payment.move_id)
        # Odoo's view: untouched residual, and "paid"
        self.assertEqual((move.amount_residual, move.payment_state), (1000, "paid"))
        self.assertEqual(move.cobranca_amount_due, 600)
        reminders = self.reminders(move)
        self.assertNotIn("paid", reminders["D-5"].mapped("skip_reason"))
        self.assertEqual(reminders["D-5"].amount_residual, 600)
        self.dispatch("2026-03-09 10:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual(d5.state, "sent")
        body = str(d5.mail_message_id.body)
        self.assertRegex(body, amount_re("R$ 600,00"))
        self.assertRegex(body, "saldo após pagamento parcial de " + amount_re("R$ 400,00"))
        # the rest paid: the ladder stops, the invoice is settled
        with freeze_time(self.sp_time("2026-03-10 10:00")):
            self.pay(move, amount=600, day=date(2026, 3, 10))
        self.assertEqual(move.cobranca_amount_due, 0)
        reminders = self.reminders(move)
        for name in ("D-1", "D0", "D+3"):
            self.assertEqual(
                (reminders[name].state, reminders[name].skip_reason), ("cancelled", "paid")
            )

    def test_a_payment_for_several_invoices_pays_the_earliest_due_first(self):
        later = self.post_at("2026-03-20")
        sooner = self.post_at("2026-03-13")
        with freeze_time(self.sp_time("2026-03-05 10:00")):
            payment = self.pay_together(later | sooner, 1500, date(2026, 3, 5))
        self.assertEqual(len(payment), 1)
        self.assertEqual((sooner.cobranca_amount_due, later.cobranca_amount_due), (0, 500))
        self.assertEqual(set(sooner.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})
        self.assertNotIn("paid", later.cobranca_reminder_ids.mapped("skip_reason"))
        # the payment cancelled: everything is due again
        payment.action_cancel()
        self.assertEqual((sooner.cobranca_amount_due, later.cobranca_amount_due), (1000, 1000))

    def test_an_invoice_settled_otherwise_hands_its_share_to_the_others(self):
        """A credit note reconciled with the sooner invoice after a payment of both:
        the payment's share goes to the later invoice, which is then paid too (not a
        dependency of the field: the replan recomputes the invoices sharing the payment)."""
        later = self.post_at("2026-03-20")
        sooner = self.post_at("2026-03-13")
        with freeze_time(self.sp_time("2026-03-05 10:00")):
            self.pay_together(later | sooner, 1500, date(2026, 3, 5))
        self.assertEqual((sooner.cobranca_amount_due, later.cobranca_amount_due), (0, 500))
        refund = self.post_at("2026-03-02", move_type="out_refund")
        with freeze_time(self.sp_time("2026-03-06 10:00")):
            (sooner | refund).line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            ).reconcile()
        self.assertEqual(sooner.amount_residual, 0)
        self.assertEqual((sooner.cobranca_amount_due, later.cobranca_amount_due), (0, 0))
        self.assertEqual(set(later.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})

    def test_a_credit_note_paid_in_the_same_payment_counts_with_it(self):
        move = self.post_at("2026-03-16")
        refund = self.post_at(
            "2026-03-02",
            move_type="out_refund",
            invoice_line_ids=[
                Command.create({"name": "Devolução", "price_unit": 200.0, "tax_ids": []})
            ],
        )
        self.assertEqual(refund.amount_total, 200)
        with freeze_time(self.sp_time("2026-03-05 10:00")):
            self.pay_together(move | refund, 800, date(2026, 3, 5))
        self.assertEqual(move.cobranca_amount_due, 0)
        self.assertEqual(set(move.cobranca_reminder_ids.mapped("skip_reason")), {"paid"})
