from datetime import timedelta

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoDashboard(TransactionCase):
    """The dashboard of the demo a newcomer opens (the app's demo, ``cobranca.demo``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].browse(cls.env["cobranca.demo"]._load())

    def test_the_dashboard_has_three_months_of_the_addon(self):
        """The addon arrived three months ago: the reminders it sent before each
        payment feed the dashboard's effect and its before/with months."""
        sent = self.env["cobranca.reminder"].search(
            [("company_id", "=", self.company.id), ("sent_date", "!=", False)]
        )
        self.assertTrue(sent)
        today = self.env["cobranca.calendar"]._today(self.company)
        days = {r.sent_date.date() for r in sent}
        self.assertGreaterEqual(min(days), today - timedelta(days=91))
        self.assertLess(max(days), today)
        self.assertTrue(all(r.state in ("delivered", "read") for r in sent))
        for reminder in sent:  # never after the invoice was paid
            move = reminder.move_id
            payments = move.matched_payment_ids | move._get_reconciled_payments()
            paid = max(payments.mapped("date"), default=None)
            self.assertTrue(paid and reminder.scheduled_date <= paid, reminder.move_id.name)
        effect = self.env["cobranca.effect.report"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(effect), len(sent))
        self.assertTrue(any(effect.mapped("paid_7d")), "some paid within a week of a reminder")
        kpi = self.env["cobranca.kpi.report"].search([("company_id", "=", self.company.id)])
        self.assertEqual(set(kpi.mapped("period")), {"before", "with"})

    def test_the_months_with_the_addon_are_more_punctual_than_before(self):
        """The story the dashboard tells a newcomer: since the addon arrived the
        punctual and the good payers pay on time, so every complete month with it is
        more punctual than the months before it were on average."""
        self.env["ir.config_parameter"].sudo().set_param("cobranca.insight_cache_minutes", 0)
        current = self.env["cobranca.calendar"]._today(self.company).replace(day=1)
        kpi = self.env["cobranca.kpi.report"].search(
            [("company_id", "=", self.company.id), ("due_count", ">", 0), ("month", "<", current)]
        )
        before = kpi.filtered(lambda k: k.period == "before")
        with_addon = kpi.filtered(lambda k: k.period == "with")
        self.assertGreaterEqual(len(before), 6)
        self.assertGreaterEqual(len(with_addon), 1)
        before_rate = 100 * sum(before.mapped("on_time_count")) / sum(before.mapped("due_count"))
        for month in with_addon:
            self.assertGreater(month.on_time_rate, before_rate + 5, month.month)
