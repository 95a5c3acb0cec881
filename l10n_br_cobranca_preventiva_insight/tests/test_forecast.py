"""The weekly cash-in forecast, recomputed by hand (today: Monday 02/03/2026)."""

from datetime import date, timedelta

from odoo.tests import tagged

from odoo.addons.l10n_br_cobranca_preventiva.tests.common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestForecast(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.carla = Partner.create({"name": "Carla Dias", "email": "carla@example.com"})
        cls.davi = Partner.create({"name": "Davi Melo", "email": "davi@example.com"})
        # Carla paid three invoices 2, 4 and 6 days late: her own quartiles are 3, 4, 5
        for due, late in (("2026-01-05", 2), ("2026-01-12", 4), ("2026-01-19", 6)):
            move = cls.make_invoice(due, partner=cls.carla)
            cls.pay(cls, move, day=date.fromisoformat(due) + timedelta(days=late))
        # Davi paid two (0 and 10 days late): too few, he gets his class's delays,
        # every 'new' customer's: 0, 2, 4, 6, 10 → quartiles 2, 4, 6
        for due, late in (("2026-01-07", 0), ("2026-01-14", 10)):
            move = cls.make_invoice(due, partner=cls.davi)
            cls.pay(cls, move, day=date.fromisoformat(due) + timedelta(days=late))
        cls.make_invoice("2026-03-04", partner=cls.carla)  # R$ 1.000,00
        cls.make_invoice("2026-03-10", partner=cls.davi)

    def test_weekly_cash_in_with_its_band(self):
        rows = self.env["cobranca.forecast.report"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(rows), 12 * 3)
        series = {(row.week, row.series): row.amount for row in rows}
        weeks = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
        # Carla's 1 000 (due 04/03): +3 → 07/03, +4 → 08/03 (week 0), +5 → 09/03 (week 1)
        # Davi's 1 000 (due 10/03): +2 → 12/03, +4 → 14/03 (week 1), +6 → 16/03 (week 2)
        expected = {
            "high": [1000, 2000, 2000],
            "expected": [1000, 2000, 2000],
            "low": [0, 1000, 2000],
        }
        for name, amounts in expected.items():
            self.assertEqual([series[week, name] for week in weeks], amounts, name)
        self.assertEqual(series[date(2026, 5, 18), "expected"], 2000)  # the 12th week

    def test_nothing_open_forecasts_zero(self):
        company_b = self.setup_other_company(name="Empresa Nova Ltda")["company"]
        rows = self.env["cobranca.forecast.report"].search([("company_id", "=", company_b.id)])
        self.assertEqual(len(rows), 36)
        self.assertEqual(set(rows.mapped("amount")), {0.0})

    def test_predicted_payment_date_of_each_open_invoice(self):
        """Due date + the customer's usual delay from the payer ranking (Carla: median
        of 2, 4, 6 = 4 days); a customer without a class gets the median of the ranked
        customers (Carla's 4 alone); never before today; empty once paid."""
        self.env["cobranca.ranking"]._rank(self.company, (self.carla | self.davi).ids)
        carla = self.carla.with_company(self.company)
        self.assertIn(carla.cobranca_class, ("a", "b", "c", "d"))
        self.assertEqual(carla.cobranca_usual_delay, 4.0)
        Move = self.env["account.move"]
        carla_open = Move.search(
            [("partner_id", "=", self.carla.id), ("invoice_date_due", "=", "2026-03-04")]
        )
        self.assertEqual(carla_open.cobranca_predicted_pay_date, date(2026, 3, 8))
        davi = self.davi.with_company(self.company)
        davi_open = Move.search(
            [("partner_id", "=", self.davi.id), ("invoice_date_due", "=", "2026-03-10")]
        )
        expected = date(2026, 3, 10) + timedelta(
            days=round(davi.cobranca_usual_delay if davi.cobranca_class != "new" else 4.0)
        )
        self.assertEqual(davi_open.cobranca_predicted_pay_date, expected)
        late = self.make_invoice("2026-02-02", partner=self.carla)  # + 4 = 06/02, gone by
        self.assertEqual(
            late.cobranca_predicted_pay_date, date(2026, 3, 2), "today at the earliest"
        )
        self.pay(late, day=date(2026, 3, 2))
        late.invalidate_recordset()
        self.assertFalse(late.cobranca_predicted_pay_date)
