"""The banking calendar of the debtor: the customer's state, the year's last
banking day and the company's closed days move the steps and the due dates."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestDebtorCalendar(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.brazil = cls.env.ref("base.br")
        cls.rio = cls.customer_in("Carlos Tijuca", "base.state_br_rj")
        cls.paulista = cls.customer_in("Paula Mooca", "base.state_br_sp")
        cls.approver = new_test_user(
            cls.env,
            login="aprovadora",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.clerk = new_test_user(
            cls.env,
            login="analista",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def customer_in(cls, name, state_xmlid):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.split()[0].lower()}@example.com",
                "country_id": cls.env.ref("base.br").id,
                "state_id": cls.env.ref(state_xmlid).id,
            }
        )

    def post_at(self, due, partner, posted="2026-04-01", **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def replan(self, day="2026-03-02"):
        """Run the planner as the cron would on ``day``."""
        with freeze_time(self.sp_time(f"{day} 09:00")):
            self.env["cobranca.planner"]._plan()
        self.env.invalidate_all()

    def scheduled(self, move):
        return {name: r.scheduled_date for name, r in self.reminders(move).items()}

    def calendar_day_regua(self, offset):
        return self.env["cobranca.regua"].create(
            {
                "name": f"Corrida {offset}",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": offset,
                            "day_type": "calendar",
                            "channel": "email",
                            "mail_template_id": self.template_before_due.id,
                        }
                    )
                ],
            }
        )

    # ------------------------------------------------------- customer's state
    def test_rio_customer_business_day_steps_skip_sao_jorge(self):
        # Due Friday 24/04/2026. 23/04 (São Jorge) is a holiday in Rio only,
        # 21/04 (Tiradentes) everywhere.
        paulista = self.post_at("2026-04-24", self.paulista)
        carioca = self.post_at("2026-04-24", self.rio)
        self.assertEqual(self.scheduled(paulista)["D-1"], date(2026, 4, 23))
        self.assertEqual(self.scheduled(paulista)["D-5"], date(2026, 4, 16))
        self.assertEqual(self.scheduled(carioca)["D-1"], date(2026, 4, 22))
        self.assertEqual(self.scheduled(carioca)["D-5"], date(2026, 4, 15))
        self.assertEqual(self.timeline_dates(carioca)["D-1"], date(2026, 4, 22))
        self.assertIn("RJ", carioca.cobranca_timeline_html)

    def test_due_date_on_the_customer_state_holiday_is_payable_the_next_day(self):
        paulista = self.make_invoice("2026-04-23", partner=self.paulista)
        carioca = self.make_invoice("2026-04-23", partner=self.rio)
        self.assertEqual(paulista.cobranca_effective_due_date, date(2026, 4, 23))
        self.assertEqual(carioca.cobranca_effective_due_date, date(2026, 4, 24))
        with freeze_time("2026-04-23 12:00:00"):
            (paulista | carioca).invalidate_recordset(["cobranca_days_to_due"])
            self.assertEqual(paulista.cobranca_days_to_due, 0)
            self.assertEqual(carioca.cobranca_days_to_due, 1)

    def test_rio_customer_is_not_reminded_on_sao_jorge(self):
        regua = self.calendar_day_regua(-1)  # Thursday 23/04 for a Friday due date
        paulista = self.post_at("2026-04-24", self.paulista, cobranca_regua_id=regua.id)
        carioca = self.post_at("2026-04-24", self.rio, cobranca_regua_id=regua.id)
        sp_reminder, rj_reminder = (
            paulista.cobranca_reminder_ids,
            carioca.cobranca_reminder_ids,
        )
        self.assertEqual(rj_reminder.scheduled_date, date(2026, 4, 23))
        self.dispatch("2026-04-23 10:00")
        self.assertEqual(sp_reminder.state, "sent")
        self.assertEqual(rj_reminder.state, "scheduled")
        self.dispatch("2026-04-24 08:30")  # Rio's law: 09:00 on business days
        self.assertEqual(rj_reminder.state, "scheduled")
        self.dispatch("2026-04-24 09:00")
        self.assertEqual(rj_reminder.state, "sent")

    def test_customer_moving_to_rio_is_planned_again(self):
        move = self.post_at("2026-04-24", self.paulista)
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 4, 23))
        with freeze_time("2026-04-02 12:00:00"):
            self.paulista.state_id = self.env.ref("base.state_br_rj")
        move.invalidate_recordset()
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 4, 22))
        self.assertEqual(self.reminders(move)["D-1"].state, "scheduled")
        # a foreign address has no Brazilian state: national calendar again
        with freeze_time("2026-04-02 12:00:00"):
            self.paulista.country_id = self.env.ref("base.pt")
        move.invalidate_recordset()
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 4, 23))

    def test_contact_address_does_not_change_the_customer_state(self):
        contact = self.env["res.partner"].create(
            {"name": "Financeiro", "parent_id": self.paulista.id, "type": "invoice"}
        )
        move = self.post_at("2026-04-24", contact)
        with freeze_time("2026-04-02 12:00:00"):
            contact.write({"state_id": self.env.ref("base.state_br_rj").id})
        move.invalidate_recordset()
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 4, 23))

    # --------------------------------------------------------------- year end
    def test_last_banking_day_of_the_year_is_skipped(self):
        # Due Friday 01/01/2027 (holiday): payable Monday 04/01/2027. Thursday
        # 31/12/2026 has no banking for the public: D-1 is Wednesday 30/12.
        move = self.post_at("2027-01-01", self.paulista, posted="2026-12-01")
        self.assertEqual(move.cobranca_effective_due_date, date(2027, 1, 4))
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 12, 30))
        self.assertEqual(self.scheduled(move)["D-5"], date(2026, 12, 23))
        # a calendar-day step on 31/12 waits for the next opening (Saturday 02/01)
        regua = self.calendar_day_regua(-4)
        other = self.post_at(
            "2027-01-01", self.rio, posted="2026-12-01", cobranca_regua_id=regua.id
        )
        reminder = other.cobranca_reminder_ids
        self.assertEqual(reminder.scheduled_date, date(2026, 12, 31))
        self.dispatch("2026-12-31 10:00")
        self.assertEqual(reminder.state, "scheduled")
        self.dispatch("2027-01-04 09:00")
        self.assertEqual(reminder.state, "sent")

    # ------------------------------------------------------ company closed days
    def test_company_closed_day_moves_steps_and_due_dates(self):
        # Due Friday 13/03/2026: D-1 Thursday 12/03, until the city closes that day.
        move = self.post_at("2026-03-13", self.paulista, posted="2026-03-02")
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 3, 12))
        closed = (
            self.env["cobranca.closed.date"]
            .with_user(self.approver)
            .create({"date": "2026-03-12", "name": "Aniversário da cidade"})
        )
        self.assertFalse(move.cobranca_planned_regua_id)  # outdated: planned again
        self.replan()
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 3, 11))
        self.assertEqual(self.scheduled(move)["D-5"], date(2026, 3, 5))
        self.assertIn(
            "Aniversário da cidade",
            self.env["cobranca.calendar"]._calendar(self.company).holiday_name(date(2026, 3, 12)),
        )
        # no message goes out on the closed day either
        self.dispatch("2026-03-12 10:00")
        self.assertEqual(self.reminders(move)["D-1"].state, "scheduled")
        # a due date on the closed day is payable the next business day
        closed.with_user(self.approver).date = "2026-03-13"
        self.replan()
        self.assertEqual(move.cobranca_effective_due_date, date(2026, 3, 16))
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 3, 12))
        closed.with_user(self.approver).unlink()
        self.replan()
        self.assertEqual(move.cobranca_effective_due_date, date(2026, 3, 13))

    def test_company_moving_to_sao_paulo_is_planned_again(self):
        # Due Friday 10/07/2026; 9 de julho closes São Paulo only.
        self.company.state_id = self.env.ref("base.state_br_mg")
        move = self.post_at("2026-07-10", self.rio, posted="2026-07-01")
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 7, 9))
        self.company.state_id = self.env.ref("base.state_br_sp")
        self.assertFalse(move.cobranca_planned_regua_id)
        self.replan("2026-07-01")
        # both the company's (SP) and the customer's (RJ) holidays now count
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 7, 8))
        self.assertIn("RJ, SP", move.cobranca_timeline_html)

    def test_closed_days_are_per_company(self):
        company_b = self.setup_other_company(name="Filial Recife Ltda")["company"]
        self.env["cobranca.closed.date"].create(
            {
                "date": "2026-03-12",
                "name": "Feriado em Recife",
                "company_id": company_b.id,
            }
        )
        self.assertTrue(
            self.env["cobranca.calendar"]._calendar(self.company).is_business_day(date(2026, 3, 12))
        )
        self.assertFalse(
            self.env["cobranca.calendar"]._calendar(company_b).is_business_day(date(2026, 3, 12))
        )

    def test_clerk_reads_closed_days_approver_manages_them(self):
        Closed = self.env["cobranca.closed.date"]
        day = Closed.with_user(self.approver).create({"date": "2026-03-12", "name": "Padroeiro"})
        self.assertEqual(day.company_id, self.company)
        self.assertEqual(Closed.with_user(self.clerk).search([]), day)
        with self.assertRaises(AccessError):
            Closed.with_user(self.clerk).create({"date": "2026-03-19", "name": "Outro"})
        with self.assertRaises(AccessError):
            day.with_user(self.clerk).name = "Mudado"
        with self.assertRaises(AccessError):
            day.with_user(self.clerk).unlink()

    def test_approver_of_another_company_does_not_see_the_closed_days(self):
        company_b = self.setup_other_company(name="Outra Empresa Ltda")["company"]
        approver_b = new_test_user(
            self.env,
            login="aprovador_b",
            groups="account.group_account_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        day = self.env["cobranca.closed.date"].create({"date": "2026-03-12", "name": "Padroeiro"})
        self.assertFalse(self.env["cobranca.closed.date"].with_user(approver_b).search([]))
        with self.assertRaises(AccessError):
            day.with_user(approver_b).read(["name"])

    # ---------------------------------------------------------------- ranking
    def test_ranking_counts_days_late_from_the_customer_calendar(self):
        # Both paid an invoice due Thursday 23/04/2026 on Friday 24/04: late in
        # São Paulo, on time in Rio (São Jorge moved the due date to the 24th).
        for partner in (self.paulista, self.rio):
            with freeze_time("2026-03-24"):
                move = self.make_invoice(
                    "2026-04-23", partner=partner, invoice_date=date(2026, 3, 24)
                )
            with freeze_time("2026-04-24"):
                self.pay(move, day=date(2026, 4, 24))
        with freeze_time("2026-06-15 12:00:00"):
            self.env["cobranca.ranking"]._rank(self.company, (self.paulista | self.rio).ids)
        (self.paulista | self.rio).invalidate_recordset()
        self.assertAlmostEqual(self.paulista.cobranca_avg_days_late, 1.0, places=2)
        self.assertAlmostEqual(self.paulista.cobranca_on_time_rate, 0.0, places=2)
        self.assertAlmostEqual(self.rio.cobranca_avg_days_late, 0.0, places=2)
        self.assertAlmostEqual(self.rio.cobranca_on_time_rate, 1.0, places=2)

    @freeze_time("2026-04-01 12:00:00")
    def test_planner_queries_do_not_grow_with_customers_of_many_states(self):
        states = [self.env.ref(f"base.state_br_{uf}") for uf in ("rj", "sp", "mg", "ba", "ac")]

        def count_queries(n):
            customers = self.env["res.partner"].create(
                [
                    {
                        "name": f"Cliente {n}-{i}",
                        "country_id": self.brazil.id,
                        "state_id": states[i % len(states)].id,
                    }
                    for i in range(n)
                ]
            )
            moves = self.env["account.move"]
            for customer in customers:
                moves |= self.make_invoice("2026-04-24", partner=customer, post=False)
            moves.action_post()
            self.env["cobranca.planner"]._outdate(partner_ids=customers.ids)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            planned, remaining = self.env["cobranca.planner"]._plan(moves.ids)
            count = self.env.cr.sql_log_count - before
            self.assertEqual((planned, remaining), (n, 0))
            d1 = {m.commercial_partner_id.state_id.code: self.scheduled(m)["D-1"] for m in moves}
            self.assertEqual(d1["RJ"], date(2026, 4, 22))
            self.assertEqual(d1["SP"], date(2026, 4, 23))
            return count

        count_queries(5)  # warm the caches
        small, large = count_queries(5), count_queries(40)
        self.assertLessEqual(large, small + 3)
