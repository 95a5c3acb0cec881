"""Planning horizon: reminders are planned for the steps of the next days only; the
later steps are planned the day they come within the horizon, and go out on the same
dates as if everything had been planned at once."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestHorizon(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cobranca_plan_horizon_days = 7
        cls.collector = cls.env["res.users"].create(
            {"name": "Cobrador Téo", "login": "teo.cobranca", "email": "teo@example.com"}
        )
        cls.customer.cobranca_collector_id = cls.collector

    def post(self, due="2026-03-16", posted="2026-03-02"):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(due, invoice_date=date.fromisoformat(posted))

    def test_only_the_steps_within_the_horizon_are_planned(self):
        move = self.post()  # D-5 on 09/03 is 7 days ahead; D-1 on 13/03 is not
        self.assertEqual(set(self.reminders(move)), {"D-5"})
        plan = move.cobranca_plan_ids
        self.assertEqual(plan.next_date, date(2026, 3, 6))  # 13/03 - 7 days
        # the cron plans the rest as the days go by
        with freeze_time(self.sp_time("2026-03-05 23:00")):
            self.env["cobranca.planner"]._plan()
        self.assertEqual(set(self.reminders(move)), {"D-5"})
        with freeze_time(self.sp_time("2026-03-06 07:00")):
            self.env["cobranca.planner"]._plan()
        self.assertEqual(set(self.reminders(move)), {"D-5", "D-1"})
        self.assertEqual(move.cobranca_plan_ids.next_date, date(2026, 3, 9))  # D0 16/03

    def test_same_dates_as_planning_everything_at_once(self):
        move = self.post()
        day = date(2026, 3, 2)
        while day <= date(2026, 4, 10):
            self.dispatch(f"{day.isoformat()} 10:00")
            day += timedelta(days=1)
        sent = {
            name: r.sent_date and (r.sent_date - timedelta(hours=3)).date()
            for name, r in self.reminders(move).items()
        }
        self.assertEqual(sent["D-5"], date(2026, 3, 9))
        self.assertEqual(sent["D-1"], date(2026, 3, 13))
        self.assertEqual(sent["D0"], date(2026, 3, 16))
        self.assertEqual(sent["D+3"], date(2026, 3, 19))
        self.assertEqual(sent["D+7"], date(2026, 3, 25))
        self.assertEqual(self.reminders(move)["D+15"].state, "to_approve")
        self.assertFalse(move.cobranca_plan_ids.next_date)  # every step is planned

    def test_a_later_due_date_forgets_the_near_steps(self):
        move = self.post()
        with freeze_time(self.sp_time("2026-03-03 09:00")):
            move.invoice_date_due = date(2026, 4, 30)
        # the D-5 of 09/03 moved beyond the horizon: it waits, scheduled, at its new date
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.scheduled_date), ("scheduled", date(2026, 4, 23)))
        self.assertEqual(set(self.reminders(move)), {"D-5"})
        self.assertEqual(move.cobranca_plan_ids.next_date, date(2026, 4, 22))  # D-1 29/04
