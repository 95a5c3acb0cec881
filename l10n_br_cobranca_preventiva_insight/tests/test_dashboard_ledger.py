"""The dashboard checked against the ledger, as a controller checks it, in both of
Odoo 18's payment setups: payments with a journal entry (an outstanding-payments
account on the payment method) and without one (Odoo 18's default).

Today is Monday 02/03/2026 (São Paulo). Two customers, five months, every due date on
a business day (the payable day is the due date); amounts in R$:

==  =======  ==========  ==========  =====  ============================================
id  who      invoiced    due         total  what happened to it
==  =======  ==========  ==========  =====  ============================================
A   Carla    10/11/2025  15/12/2025  1 000  400 paid 31/12/2025; 600 still due
B   Carla    01/12/2025  09/01/2026  2 000  paid 09/01/2026 (on time)
F   Carla    15/01/2026  03/02/2026  1 200  credit note 200 on 20/01, 1 000 paid 03/02
C   Davi     10/01/2026  20/02/2026  1 500  paid 27/02 by a payment of 2 500 for C and D
D   Davi     20/01/2026  27/02/2026  1 500  1 000 of that payment (C falls due first)
E   Davi     02/02/2026  06/02/2026    800  reversed by a credit note on 12/02
G   Davi     16/02/2026  16/03/2026    900  open, not yet due
==  =======  ==========  ==========  =====  ============================================

Every expected figure below is worked out by hand from this table.
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


class LedgerCase:
    """The data set and the two tests; the subclasses choose the payment setup."""

    #: payments have a journal entry (outstanding-payments account) or not
    WITH_ENTRIES = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.WITH_ENTRIES:
            cls.inbound_payment_method_line.payment_account_id = False
        Partner = cls.env["res.partner"]
        cls.carla = Partner.create({"name": "Carla Dias", "email": "carla@example.com"})
        cls.davi = Partner.create({"name": "Davi Rocha", "email": "davi@example.com"})
        plan = {
            "A": (cls.carla, "2025-11-10", "2025-12-15", 1000.0),
            "B": (cls.carla, "2025-12-01", "2026-01-09", 2000.0),
            "F": (cls.carla, "2026-01-15", "2026-02-03", 1200.0),
            "C": (cls.davi, "2026-01-10", "2026-02-20", 1500.0),
            "D": (cls.davi, "2026-01-20", "2026-02-27", 1500.0),
            "E": (cls.davi, "2026-02-02", "2026-02-06", 800.0),
            "G": (cls.davi, "2026-02-16", "2026-03-16", 900.0),
        }
        cls.inv = {
            key: cls.ledger_invoice(partner, invoice_date, due, amount)
            for key, (partner, invoice_date, due, amount) in plan.items()
        }
        inv = cls.inv
        cls.payments = cls.pay(cls, inv["A"], amount=400.0, day=date(2025, 12, 31))
        cls.payments |= cls.pay(cls, inv["B"], day=date(2026, 1, 9))
        credit_note = cls.ledger_invoice(cls.carla, "2026-01-20", "2026-01-20", 200.0, "out_refund")
        (inv["F"] | credit_note).line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).reconcile()
        cls.payments |= cls.pay(cls, inv["F"], amount=1000.0, day=date(2026, 2, 3))
        inv["E"]._reverse_moves(
            [{"date": date(2026, 2, 12), "invoice_date": date(2026, 2, 12)}], cancel=True
        )
        cls.payments |= (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=(inv["C"] | inv["D"]).ids)
            .create({"payment_date": date(2026, 2, 27), "group_payment": True, "amount": 2500.0})
            ._create_payments()
        )
        # what the reminders did (UTC): sent on 23/02 (C) and 25/02 (D), 10:00 in São Paulo
        for key, when in (("C", datetime(2026, 2, 23, 13)), ("D", datetime(2026, 2, 25, 13))):
            reminder = inv[key].cobranca_reminder_ids.sorted("offset_days")[:1]
            cls.env["cobranca.reminder"]._set_states(
                {reminder.id: {"state": "sent", "sent_date": when, "skip_reason": None}}
            )
        cls.env.invalidate_all()

    @classmethod
    def ledger_invoice(cls, partner, invoice_date, due, amount, move_type="out_invoice"):
        return cls.make_invoice(
            date.fromisoformat(due),
            partner=partner,
            invoice_date=date.fromisoformat(invoice_date),
            move_type=move_type,
            invoice_line_ids=[
                Command.create(
                    {"name": "Serviços", "quantity": 1, "price_unit": amount, "tax_ids": []}
                )
            ],
        )

    def kpi(self):
        rows = self.env["cobranca.kpi.report"].search([("company_id", "=", self.company.id)])
        return {(row.month.year, row.month.month): row for row in rows}

    def test_the_payment_setup_is_the_one_under_test(self):
        self.assertEqual(len(self.payments), 4)
        self.assertEqual(
            set(self.payments.mapped(lambda pay: bool(pay.move_id))), {self.WITH_ENTRIES}
        )

    # --------------------------------------------------------------- point 1
    def test_reversed_invoice_counts_neither_on_time_nor_late(self):
        """E, reversed by a credit note, is left out of the on-time rate as the payer
        ranking leaves it out of the customer's paid invoices."""
        self.assertEqual(self.inv["E"].payment_state, "reversed")
        kpi = self.kpi()
        # December: A, 600 still due → late; January: B paid on its day
        self.assertEqual((kpi[2025, 12].due_count, kpi[2025, 12].on_time_count), (1, 0))
        self.assertEqual((kpi[2026, 1].due_count, kpi[2026, 1].on_time_count), (1, 1))
        self.assertEqual(kpi[2026, 1].on_time_rate, 100.0)
        # February: F paid in full on 03/02 (on time), C paid 27/02 for 20/02 (late),
        # D 500 still due (late), E reversed (neither): 1 of 3
        feb = kpi[2026, 2]
        self.assertEqual((feb.due_count, feb.on_time_count), (3, 1))
        self.assertAlmostEqual(feb.on_time_rate, 100 / 3)
        # March: G payable 16/03, not late yet
        self.assertEqual(kpi[2026, 3].due_count, 0)
        # the ranking: Carla paid B and F on time (A is open), Davi paid C 7 days late
        # (D is open, E reversed)
        customers = (self.carla | self.davi).with_company(self.company)
        self.env["cobranca.ranking"]._rank(self.company, customers.ids)
        self.assertEqual(
            [(c.cobranca_paid_count, c.cobranca_on_time_rate) for c in customers],
            [(2, 1.0), (1, 0.0)],
        )
        self.assertEqual(customers[1].cobranca_avg_days_late, 7.0)

    # --------------------------------------------------------------- point 2
    def test_partial_payments_count_what_was_paid(self):
        """A partial payment counts for its own amount, with or without an entry."""
        inv = self.inv
        self.assertEqual(
            {key: inv[key].cobranca_amount_due for key in "ABCDEFG"},
            {"A": 600, "B": 0, "C": 0, "D": 500, "E": 0, "F": 0, "G": 900},
        )
        kpi = self.kpi()
        self.assertEqual(list(kpi), [(2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3)])
        # invoiced, collected, receivables at the end, not yet due at the end:
        # Nov: A 1 000 invoiced, not due (15/12)
        # Dec: B 2 000 invoiced; 400 paid on A; 1 000 + 2 000 − 400 = 2 600; B not due
        # Jan: F + C + D = 4 200; B 2 000 + F's credit note 200 = 2 200; 4 600;
        #      not due at 31/01: F 1 200 − 200 + C 1 500 + D 1 500 = 4 000
        # Feb: E + G = 1 700; F 1 000 + E 800 + C 1 500 + D 1 000 = 4 300; 2 000;
        #      not due at 28/02: G 900
        # Mar (to today): nothing moved; 2 000; G 900
        self.assertEqual(
            {
                month: (
                    row.invoiced,
                    row.collected,
                    row.receivable_start,
                    row.receivable_end,
                    row.receivable_current,
                )
                for month, row in kpi.items()
            },
            {
                (2025, 11): (1000, 0, 0, 1000, 1000),
                (2025, 12): (2000, 400, 1000, 2600, 2000),
                (2026, 1): (4200, 2200, 2600, 4600, 4000),
                (2026, 2): (1700, 4300, 4600, 2000, 900),
                (2026, 3): (0, 0, 2000, 2000, 900),
            },
        )
        # CEI = (start + invoiced − end) / (start + invoiced − not yet due) × 100
        self.assertFalse(kpi[2025, 11].cei)  # 0 / 0: nothing was collectable
        self.assertAlmostEqual(kpi[2025, 12].cei, 400 / 1000 * 100)
        self.assertAlmostEqual(kpi[2026, 1].cei, 2200 / 2800 * 100)
        self.assertAlmostEqual(kpi[2026, 2].cei, 4300 / 5400 * 100)
        self.assertAlmostEqual(kpi[2026, 3].cei, 0.0)
        # DSO by countback: Dec 2 600 = Dec's 2 000 (31 days) + 600 of Nov's 1 000 (30);
        # Jan 4 600 = Jan's 4 200 (31) + 400 of Dec's 2 000 (31); Feb 2 000 = Feb's
        # 1 700 (28) + 300 of Jan's 4 200 (31); Mar: 2 days sold nothing, then as Feb
        self.assertAlmostEqual(kpi[2025, 11].dso, 30)
        self.assertAlmostEqual(kpi[2025, 12].dso, 31 + 600 / 1000 * 30)
        self.assertAlmostEqual(kpi[2026, 1].dso, 31 + 400 / 2000 * 31)
        self.assertAlmostEqual(kpi[2026, 2].dso, 28 + 300 / 4200 * 31)
        self.assertAlmostEqual(kpi[2026, 3].dso, 2 + 28 + 300 / 4200 * 31)
        # the aging adds up to the receivables: A 77 days past 15/12, D 3 days past
        # 27/02, G due in 14 days
        Aging = self.env["cobranca.aging.report"]
        rows = Aging.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            {(r.move_id, r.days_overdue, r.age_bucket, r.amount_residual) for r in rows},
            {
                (inv["A"], 77, "5_61_90", 600),
                (inv["D"], 3, "2_1_15", 500),
                (inv["G"], -14, "0_not_due", 900),
            },
        )
        # the effect of the reminders: C paid in full 4 days after its reminder of
        # 23/02; 1 000 of D paid 2 days after its reminder of 25/02, D still open
        effect = {
            row.move_id: row
            for row in self.env["cobranca.effect.report"].search(
                [("company_id", "=", self.company.id)]
            )
        }
        self.assertEqual(
            {
                key: (effect[inv[key]].paid_3d, effect[inv[key]].paid_7d)
                + (effect[inv[key]].amount_paid_7d,)
                for key in "CD"
            },
            {"C": (0, 100, 1500), "D": (0, 0, 1000)},
        )
        # the forecast: A and D are overdue (expected this week), G on 16/03 plus the
        # usual delay (B 0, F 0, C 7 days: P25 0, median 0, P75 3.5 → 4 days): all in
        # the week of 16/03
        forecast = self.env["cobranca.forecast.report"].search(
            [("company_id", "=", self.company.id)]
        )
        by_week = {}
        for row in forecast:
            by_week.setdefault(row.week, {})[row.series] = row.amount
        self.assertEqual(by_week[date(2026, 3, 2)], {"low": 1100, "expected": 1100, "high": 1100})
        self.assertEqual(by_week[date(2026, 3, 9)], {"low": 1100, "expected": 1100, "high": 1100})
        self.assertEqual(by_week[date(2026, 3, 16)], {"low": 2000, "expected": 2000, "high": 2000})
        # the ranking's overdue amounts: Carla A 600, Davi D 500 (G is not due)
        customers = (self.carla | self.davi).with_company(self.company)
        self.env["cobranca.ranking"]._rank(self.company, customers.ids)
        self.assertEqual(customers.mapped("cobranca_overdue_amount"), [600.0, 500.0])


@tagged("post_install", "-at_install")
class TestLedgerWithEntries(LedgerCase, CobrancaCommon):
    WITH_ENTRIES = True


@tagged("post_install", "-at_install")
class TestLedgerWithoutEntries(LedgerCase, CobrancaCommon):
    WITH_ENTRIES = False
