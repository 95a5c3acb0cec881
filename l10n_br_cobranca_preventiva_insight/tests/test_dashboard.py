"""The collection dashboard's figures, recomputed by hand on a known data set.

Today is Monday 02/03/2026 (São Paulo). The customers' invoices, their payments and
the reminders sent are chosen so that every bucket, month and rate has a value that
is written out below; the comments give each computation.
"""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestDashboard(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.ana = Partner.create({"name": "Ana Lima", "email": "ana@example.com"})
        cls.bruno = Partner.create({"name": "Bruno Reis", "email": "bruno@example.com"})
        # id: (customer, invoice date, due date, amount)
        plan = {
            "inv1": (cls.ana, "2026-01-05", "2026-01-20", 1000.0),
            "inv2": (cls.ana, "2026-01-10", "2026-02-10", 2000.0),
            "inv3": (cls.ana, "2026-02-01", "2026-03-10", 500.0),
            # due on Saturday 14/02; Carnaval Monday and Tuesday: payable Wednesday 18/02
            "inv4": (cls.bruno, "2026-01-15", "2026-02-14", 1000.0),
            "inv5": (cls.bruno, "2026-02-02", "2026-02-20", 3000.0),
            "inv6": (cls.bruno, "2025-11-01", "2025-12-01", 1500.0),
            "inv7": (cls.bruno, "2026-02-27", "2026-03-02", 700.0),
        }
        cls.inv = {
            key: cls.make_amount_invoice(partner, invoice_date, due, amount)
            for key, (partner, invoice_date, due, amount) in plan.items()
        }
        cls.pay(cls, cls.inv["inv1"], day=date(2026, 1, 19))
        cls.pay(cls, cls.inv["inv2"], day=date(2026, 2, 15))
        cls.pay(cls, cls.inv["inv4"], day=date(2026, 2, 18))
        cls.pay(cls, cls.inv["inv5"], amount=1000.0, day=date(2026, 2, 25))
        # reminders that went out (UTC times): 19/01 02:00 UTC is 18/01 23:00 in São Paulo
        cls.sent = {
            "inv1": cls.mark_sent("inv1", datetime(2026, 1, 19, 2, 0)),
            "inv2": cls.mark_sent("inv2", datetime(2026, 2, 13, 13, 0)),
            "inv4": cls.mark_sent("inv4", datetime(2026, 2, 9, 13, 0)),
            "inv5": cls.mark_sent("inv5", datetime(2026, 2, 23, 13, 0)),
        }
        cls.env.invalidate_all()

    @classmethod
    def make_amount_invoice(cls, partner, invoice_date, due, amount):
        return cls.make_invoice(
            date.fromisoformat(due),
            partner=partner,
            invoice_date=date.fromisoformat(invoice_date),
            invoice_line_ids=[
                Command.create(
                    {
                        "name": "Mercadorias",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        )

    @classmethod
    def mark_sent(cls, key, when):
        reminder = cls.inv[key].cobranca_reminder_ids.sorted("offset_days")[:1]
        cls.env["cobranca.reminder"]._set_states(
            {reminder.id: {"state": "sent", "sent_date": when, "skip_reason": None}}
        )
        return reminder

    # ------------------------------------------------------------------ aging
    def test_open_receivables_by_age_bucket(self):
        Aging = self.env["cobranca.aging.report"]
        rows = Aging.search([("company_id", "=", self.company.id)])
        by_move = {row.move_id: row for row in rows}
        # paid invoices are not open; inv5 is open for what is left (3000 − 1000)
        self.assertEqual(set(by_move), {self.inv[k] for k in ("inv3", "inv5", "inv6", "inv7")})
        self.assertEqual(by_move[self.inv["inv3"]].days_overdue, -8)  # 10/03 − 02/03
        self.assertEqual(by_move[self.inv["inv7"]].days_overdue, 0)
        self.assertEqual(by_move[self.inv["inv5"]].days_overdue, 10)  # 02/03 − 20/02
        self.assertEqual(by_move[self.inv["inv6"]].days_overdue, 91)  # 02/03 − 01/12
        groups = Aging._read_group(
            [("company_id", "=", self.company.id)], ["age_bucket"], ["amount_residual:sum"]
        )
        self.assertEqual(
            dict(groups),
            {"0_not_due": 500.0, "1_today": 700.0, "2_1_15": 2000.0, "6_90_plus": 1500.0},
        )
        overdue = Aging._read_group(
            [("company_id", "=", self.company.id), ("days_overdue", ">", 0)],
            ["partner_id"],
            ["amount_overdue:sum"],
        )
        self.assertEqual(dict(overdue), {self.bruno: 3500.0})

    def test_saturday_due_date_in_carnaval_is_payable_on_wednesday(self):
        """The aging counts days from the day the invoice is payable until."""
        move = self.make_amount_invoice(self.ana, "2026-02-01", "2026-02-14", 100.0)
        row = self.env["cobranca.aging.report"].search([("move_id", "=", move.id)])
        self.assertEqual(row.payable_date, date(2026, 2, 18))
        self.assertEqual(row.days_overdue, 12)  # 02/03 − 18/02

    # ------------------------------------------------------------- indicators
    def kpi(self):
        rows = self.env["cobranca.kpi.report"].search([("company_id", "=", self.company.id)])
        # from the month of the first invoice (November 2025) to today's (March 2026):
        # the months before had no figure to show
        self.assertEqual(
            [(row.month.year, row.month.month) for row in rows.sorted("month")],
            [(2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3)],
        )
        return {(row.month.year, row.month.month): row for row in rows}

    def test_receivables_dso_and_cei_per_month(self):
        kpi = self.kpi()
        jan, feb, mar = kpi[2026, 1], kpi[2026, 2], kpi[2026, 3]
        # receivables: Nov 1 500; Jan 1 500 + 4 000 invoiced − 1 000 paid = 4 500;
        # Feb 4 500 + 4 200 − (2 000 + 1 000 + 1 000) = 4 700
        self.assertEqual(kpi[2025, 11].receivable_end, 1500.0)
        self.assertEqual(kpi[2025, 12].receivable_end, 1500.0)
        self.assertEqual((jan.invoiced, jan.collected, jan.receivable_end), (4000, 1000, 4500))
        self.assertEqual((feb.invoiced, feb.collected, feb.receivable_end), (4200, 4000, 4700))
        self.assertEqual((feb.receivable_start, mar.receivable_end), (4500, 4700))
        # not yet due at the end of January: inv2 (10/02) and inv4 (14/02); of February:
        # inv3 (10/03) and inv7 (02/03)
        self.assertEqual(jan.receivable_current, 3000)
        self.assertEqual(feb.receivable_current, 1200)
        # CEI = (start + invoiced − end) / (start + invoiced − not yet due) × 100
        self.assertAlmostEqual(jan.cei, (1500 + 4000 - 4500) / (1500 + 4000 - 3000) * 100)
        self.assertAlmostEqual(feb.cei, (4500 + 4200 - 4700) / (4500 + 4200 - 1200) * 100)
        # DSO countback: February's 4 700 cover February's 4 200 sales (28 days), the
        # 500 left are 500/4 000 of January's 31 days
        self.assertAlmostEqual(feb.dso, 28 + 500 / 4000 * 31)
        # January's 4 500: January (31 days), 500 left; December sold nothing (31
        # days); November's 1 500 sales: 500/1 500 of 30 days
        self.assertAlmostEqual(jan.dso, 31 + 31 + 500 / 1500 * 30)

    def test_on_time_rate_per_month_counts_from_the_payable_day(self):
        kpi = self.kpi()
        # December: inv6, still open → 0 of 1
        self.assertEqual((kpi[2025, 12].due_count, kpi[2025, 12].on_time_count), (1, 0))
        self.assertEqual(kpi[2025, 12].on_time_rate, 0.0)
        # January: inv1 paid 19/01 for 20/01 → 1 of 1
        self.assertEqual(kpi[2026, 1].on_time_rate, 100.0)
        # February: inv2 late, inv4 paid on its payable Wednesday (on time), inv5 open
        feb = kpi[2026, 2]
        self.assertEqual((feb.due_count, feb.on_time_count), (3, 1))
        self.assertAlmostEqual(feb.on_time_rate, 100 / 3)
        # March: inv7 is payable today, not late yet: nothing to count
        self.assertEqual(kpi[2026, 3].due_count, 0)

    def test_months_before_the_first_reminder_are_marked_before_the_addon(self):
        kpi = self.kpi()
        self.assertEqual(kpi[2025, 12].period, "before")
        self.assertEqual(kpi[2026, 1].period, "with")
        self.assertEqual(kpi[2026, 3].period, "with")

    # ----------------------------------------------------------------- effect
    def test_pay_rate_and_amount_after_each_reminder(self):
        Effect = self.env["cobranca.effect.report"]
        rows = {row.move_id: row for row in Effect.search([("company_id", "=", self.company.id)])}
        self.assertEqual(set(rows), {self.inv[k] for k in ("inv1", "inv2", "inv4", "inv5")})
        # inv1: sent 18/01 23:00 in São Paulo, paid 19/01 → within a day
        self.assertEqual(rows[self.inv["inv1"]].sent_day, date(2026, 1, 18))
        expected = {
            "inv1": (100, 100, 100, 1000),
            "inv2": (0, 100, 100, 2000),  # sent 13/02, paid 15/02
            "inv4": (0, 0, 0, 0),  # sent 09/02, paid 18/02
            "inv5": (0, 0, 0, 1000),  # sent 23/02, 1 000 of 3 000 paid 25/02
        }
        for key, (one, three, seven, amount) in expected.items():
            row = rows[self.inv[key]]
            self.assertEqual(
                (row.paid_1d, row.paid_3d, row.paid_7d, row.amount_paid_7d),
                (one, three, seven, amount),
                key,
            )
            self.assertEqual(row.step_id, self.sent[key].step_id)
        [(rate_3d, amount)] = Effect._read_group(
            [("company_id", "=", self.company.id)], [], ["paid_3d:avg", "amount_paid_7d:sum"]
        )
        self.assertEqual((rate_3d, amount), (50.0, 4000.0))

    # ------------------------------------------------------------- the screen
    def test_dashboard_opens_with_its_nine_charts(self):
        view = self.env.ref("l10n_br_cobranca_preventiva_insight.view_cobranca_dashboard")
        arch = self.env["board.board"].get_view(view.id, "form")["arch"]
        self.assertEqual(arch.count("<action"), 9)
        action = self.env.ref("l10n_br_cobranca_preventiva_insight.action_cobranca_dashboard")
        self.assertEqual(action.view_id, view)

    def test_other_company_and_non_collection_users_see_nothing(self):
        company_b = self.setup_other_company(name="Empresa B Ltda")["company"]
        user_b = new_test_user(
            self.env,
            login="dash_b",
            groups="account.group_account_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        for model in ("cobranca.aging.report", "cobranca.kpi.report", "cobranca.effect.report"):
            rows = self.env[model].with_user(user_b).search([])
            self.assertNotIn(self.company, rows.company_id, model)
        portal = new_test_user(self.env, login="dash_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["cobranca.aging.report"].with_user(portal).search([])

    def test_a_company_without_history_shows_zeros_not_errors(self):
        company_b = self.setup_other_company(name="Empresa Nova Ltda")["company"]
        KPI = self.env["cobranca.kpi.report"]
        # no month to show (the graphs say there is no data), and grouping still works
        self.assertFalse(KPI.search([("company_id", "=", company_b.id)]))
        self.assertEqual(
            KPI._read_group([("company_id", "=", company_b.id)], ["month:month"], ["dso:avg"]),
            [],
        )
        self.assertFalse(
            self.env["cobranca.effect.report"].search([("company_id", "=", company_b.id)])
        )
