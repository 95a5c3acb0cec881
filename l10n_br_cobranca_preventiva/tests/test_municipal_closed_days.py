"""Municipal closed days: a closed day with a city (and a state) closes that day
only for the customers and the people reminded in that city: their steps move
around it, their due dates falling on it are payable the next business day, and
no message reaches them that day. Changing one plans again the invoices of that
city only."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestMunicipalClosedDays(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            login="aprovadora.municipal",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.clerk = new_test_user(
            cls.env,
            login="analista.municipal",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.campineiro = cls.customer_in("Carla Campinas", "Campinas", "sp")
        cls.paulistano = cls.customer_in("Paulo Centro", "São Paulo", "sp")
        Closed = cls.env["cobranca.closed.date"]
        cls.Closed = Closed.with_user(cls.approver)

    @classmethod
    def customer_in(cls, name, city, uf, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.split()[0].lower()}.{uf}@example.com",
                "city": city,
                "country_id": cls.env.ref("base.br").id,
                "state_id": cls.env.ref(f"base.state_br_{uf}").id,
                **vals,
            }
        )

    def post_at(self, due, partner, posted="2026-03-02", **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def replan(self, day="2026-03-02"):
        with freeze_time(self.sp_time(f"{day} 09:00")):
            self.env["cobranca.planner"]._plan()
        self.env.invalidate_all()

    def d1(self, move):
        return self.reminders(move)["D-1"].scheduled_date

    def close_campinas(self, **vals):
        # as people type it: the partners' city is "Campinas"
        return self.Closed.create(
            {"date": "2026-03-12", "name": "Aniversário de Campinas", "city": " CAMPINAS ", **vals}
        )

    # ------------------------------------------------------------------ dates
    def test_city_closed_day_moves_the_steps_and_due_dates_of_that_city_only(self):
        # Due Friday 13/03/2026: D-1 is Thursday 12/03, Campinas' closed day.
        campinas = self.post_at("2026-03-13", self.campineiro)
        sao_paulo = self.post_at("2026-03-13", self.paulistano)
        self.close_campinas(state_id=self.env.ref("base.state_br_sp").id)
        self.replan()
        self.assertEqual(self.d1(campinas), date(2026, 3, 11))
        self.assertEqual(self.d1(sao_paulo), date(2026, 3, 12))
        self.assertEqual(
            self.timeline_dates(campinas)["D-1"], date(2026, 3, 11), "the timeline agrees"
        )
        # a bill due on the closed day is payable the next business day in Campinas
        due_closed = self.post_at("2026-03-12", self.campineiro)
        elsewhere = self.post_at("2026-03-12", self.paulistano)
        self.assertEqual(due_closed.cobranca_effective_due_date, date(2026, 3, 13))
        self.assertEqual(elsewhere.cobranca_effective_due_date, date(2026, 3, 12))

    def test_city_matches_without_accents_case_or_spaces_and_the_state_when_given(self):
        sjc = self.customer_in("José Vale", "Sao Jose  dos Campos", "sp")
        palmas_pr = self.customer_in("Pedro Palmas", "Palmas", "pr")
        palmas_to = self.customer_in("Tânia Palmas", "palmas", "to")
        self.Closed.create(
            {"date": "2026-03-12", "name": "Aniversário", "city": "São José dos Campos"}
        )
        self.Closed.create(
            {
                "date": "2026-03-12",
                "name": "Padroeiro",
                "city": "Palmas",
                "state_id": self.env.ref("base.state_br_to").id,
            }
        )
        moves = {p: self.post_at("2026-03-13", p) for p in (sjc, palmas_pr, palmas_to)}
        self.assertEqual(self.d1(moves[sjc]), date(2026, 3, 11))
        self.assertEqual(self.d1(moves[palmas_to]), date(2026, 3, 11))
        self.assertEqual(self.d1(moves[palmas_pr]), date(2026, 3, 12))

    # --------------------------------------------------------------- messages
    def test_no_message_reaches_the_closed_city_that_day(self):
        # a calendar-day step on Thursday 12/03 for everybody; Campinas is closed
        regua = self.env["cobranca.regua"].create(
            {
                "name": "Um passo",
                "step_ids": [
                    Command.create(
                        {
                            "offset_days": -1,
                            "day_type": "calendar",
                            "channel": "email",
                            "mail_template_id": self.template_before_due.id,
                        }
                    )
                ],
            }
        )
        self.close_campinas()
        # the billing contact of a São Paulo customer lives in Campinas
        contact = self.env["res.partner"].create(
            {
                "name": "Financeiro Campinas",
                "parent_id": self.paulistano.id,
                "type": "invoice",
                "email": "financeiro.campinas@example.com",
                "city": "Campinas",
                "country_id": self.env.ref("base.br").id,
                "state_id": self.env.ref("base.state_br_sp").id,
            }
        )
        moves = [
            self.post_at("2026-03-13", partner, cobranca_regua_id=regua.id)
            for partner in (self.campineiro, self.paulistano, contact)
        ]
        self.assertEqual(
            {m.cobranca_reminder_ids.scheduled_date for m in moves}, {date(2026, 3, 12)}
        )
        self.dispatch("2026-03-12 10:00")
        self.assertEqual(
            [m.cobranca_reminder_ids.state for m in moves], ["scheduled", "sent", "scheduled"]
        )
        self.assertEqual(moves[0].cobranca_reminder_ids.skip_reason, "outside_window")
        self.dispatch("2026-03-13 08:00")
        self.assertEqual({m.cobranca_reminder_ids.state for m in moves}, {"sent"})

    # ---------------------------------------------------------------- planning
    def test_changing_a_city_closed_day_plans_that_city_again(self):
        santista = self.customer_in("Sônia Santos", "Santos", "sp")
        moves = {
            p: self.post_at("2026-03-13", p) for p in (self.campineiro, self.paulistano, santista)
        }
        planned = {p: m.cobranca_planned_regua_id for p, m in moves.items()}
        self.assertTrue(all(planned.values()))
        day = self.close_campinas()
        self.env.invalidate_all()
        self.assertFalse(moves[self.campineiro].cobranca_planned_regua_id)
        self.assertTrue(moves[self.paulistano].cobranca_planned_regua_id)
        self.assertTrue(moves[santista].cobranca_planned_regua_id)
        self.replan()
        self.assertEqual(self.d1(moves[self.campineiro]), date(2026, 3, 11))
        # moved to Santos: Campinas and Santos are planned again, São Paulo is not
        day.city = "Santos"
        self.env.invalidate_all()
        self.assertFalse(moves[self.campineiro].cobranca_planned_regua_id)
        self.assertFalse(moves[santista].cobranca_planned_regua_id)
        self.assertTrue(moves[self.paulistano].cobranca_planned_regua_id)
        self.replan()
        self.assertEqual(self.d1(moves[self.campineiro]), date(2026, 3, 12))
        self.assertEqual(self.d1(moves[santista]), date(2026, 3, 11))
        day.unlink()
        self.env.invalidate_all()
        self.assertFalse(moves[santista].cobranca_planned_regua_id)
        self.assertTrue(moves[self.campineiro].cobranca_planned_regua_id)

    def test_customer_moving_to_the_closed_city_is_planned_again(self):
        self.close_campinas()
        move = self.post_at("2026-03-13", self.paulistano)
        self.assertEqual(self.d1(move), date(2026, 3, 12))
        with freeze_time("2026-03-03 12:00:00"):
            self.paulistano.city = "campinas"
        move.invalidate_recordset()
        self.assertEqual(self.d1(move), date(2026, 3, 11))

    # ----------------------------------------------------------------- records
    def test_a_day_closes_a_place_once(self):
        self.Closed.create({"date": "2026-03-12", "name": "Inventário"})
        self.close_campinas()  # the same day, for a city: allowed
        self.close_campinas(state_id=self.env.ref("base.state_br_sp").id)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.close_campinas(name="De novo")
        with self.assertRaises(ValidationError):
            self.Closed.create(
                {
                    "date": "2026-03-19",
                    "name": "Sem cidade",
                    "state_id": self.env.ref("base.state_br_sp").id,
                }
            )

    def test_clerk_cannot_close_a_city(self):
        with self.assertRaises(AccessError):
            self.Closed.with_user(self.clerk).create(
                {"date": "2026-03-12", "name": "Aniversário", "city": "Campinas"}
            )
        day = self.close_campinas()
        with self.assertRaises(AccessError):
            day.with_user(self.clerk).city = "Santos"
