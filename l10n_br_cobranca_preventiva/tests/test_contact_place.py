"""The person reminded decides the hours and holidays: when a reminder reaches the
invoice's contact (a billing address, a child contact) whose own state differs
from the customer's, that contact's holidays and legal contact hours apply to the
messages and calls to it; the due date stays payable on the customer's calendar,
where the payment is made."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CobrancaCommon


@tagged("post_install", "-at_install")
class TestContactPlace(CobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = cls.env["res.users"].create(
            {"name": "Cobradora Rita", "login": "rita.place", "email": "rita@example.com"}
        )
        cls.paulista = cls.customer_in("Paula Mooca", "sp")
        cls.acreano = cls.customer_in("Acácio Rio Branco", "ac")

    @classmethod
    def customer_in(cls, name, uf, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": f"{name.split()[0].lower()}@example.com",
                "country_id": cls.env.ref("base.br").id,
                "state_id": cls.env.ref(f"base.state_br_{uf}").id,
                "cobranca_collector_id": cls.collector.id,
                **vals,
            }
        )

    @classmethod
    def contact_in(cls, customer, uf, email=True, **vals):
        """A billing contact of ``customer`` with its own address in ``uf``."""
        return cls.env["res.partner"].create(
            {
                "name": f"Financeiro {uf.upper()}",
                "parent_id": customer.id,
                "type": "invoice",
                "email": email and f"financeiro.{uf}.{customer.id}@example.com",
                "country_id": cls.env.ref("base.br").id,
                "state_id": cls.env.ref(f"base.state_br_{uf}").id,
                **vals,
            }
        )

    def post_at(self, due, partner, posted="2026-04-01", **vals):
        with freeze_time(self.sp_time(f"{posted} 09:00")):
            return self.make_invoice(
                due, partner=partner, invoice_date=date.fromisoformat(posted), **vals
            )

    def scheduled(self, move):
        return {name: r.scheduled_date for name, r in self.reminders(move).items()}

    def one_step_regua(self, offset, channel="email"):
        step = {"offset_days": offset, "day_type": "calendar", "channel": channel}
        if channel == "email":
            step["mail_template_id"] = self.template_before_due.id
        return self.env["cobranca.regua"].create(
            {"name": f"Um passo {offset}", "step_ids": [Command.create(step)]}
        )

    # ------------------------------------------------------------------ dates
    def test_steps_to_a_rio_contact_skip_sao_jorge_the_due_date_stays_in_sao_paulo(self):
        # A São Paulo customer billed at its Rio office. Due Friday 24/04/2026: the
        # emails to the Rio contact count business days on Rio's holidays (23/04, São
        # Jorge, is closed there), as the customer's own emails would on São Paulo's.
        carioca = self.contact_in(self.paulista, "rj")
        to_rio = self.post_at("2026-04-24", carioca)
        to_sp = self.post_at("2026-04-24", self.paulista)
        self.assertEqual(self.scheduled(to_sp)["D-1"], date(2026, 4, 23))
        self.assertEqual(self.scheduled(to_sp)["D-5"], date(2026, 4, 16))
        self.assertEqual(self.scheduled(to_rio)["D-1"], date(2026, 4, 22))
        self.assertEqual(self.scheduled(to_rio)["D-5"], date(2026, 4, 15))
        self.assertEqual(self.timeline_dates(to_rio)["D-1"], date(2026, 4, 22))
        # the bill is paid in São Paulo: due on São Jorge, it is payable that day,
        # not on the 24th as for a Rio customer; the D0 email waits for Rio's
        # window to open (the next day), see the hours below
        on_st_george = self.post_at("2026-04-23", carioca)
        self.assertEqual(on_st_george.cobranca_effective_due_date, date(2026, 4, 23))
        self.assertEqual(self.scheduled(on_st_george)["D0"], date(2026, 4, 23))

    def test_contact_moving_to_another_state_is_planned_again(self):
        contact = self.contact_in(self.paulista, "sp")
        move = self.post_at("2026-04-24", contact)
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 4, 23))
        with freeze_time("2026-04-02 12:00:00"):
            contact.state_id = self.env.ref("base.state_br_rj")
        move.invalidate_recordset()
        self.assertEqual(self.scheduled(move)["D-1"], date(2026, 4, 22))

    # ------------------------------------------------------------------ hours
    def test_email_to_an_acre_contact_waits_for_eight_in_rio_branco(self):
        # D-5 of an invoice due Monday 16/03/2026 is Monday 09/03. At 08:30 in São
        # Paulo it is 06:30 for the contact in Rio Branco: the email waits for 08:00
        # there (10:00 in São Paulo), though its São Paulo customer could be written
        # to at once.
        move = self.post_at("2026-03-16", self.contact_in(self.paulista, "ac"), "2026-03-02")
        self.dispatch("2026-03-09 08:30")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.skip_reason), ("scheduled", "outside_window"))
        self.assertEqual(d5.next_try, self.sp_time("2026-03-09 10:00"))
        self.dispatch("2026-03-09 10:00")
        self.assertEqual(d5.state, "sent")
        self.assertEqual(d5.partner_id.state_id.code, "AC")

    def test_email_to_a_sao_paulo_contact_of_an_acre_customer_goes_at_eight(self):
        move = self.post_at("2026-03-16", self.contact_in(self.acreano, "sp"), "2026-03-02")
        self.dispatch("2026-03-09 08:30")
        self.assertEqual(self.reminders(move)["D-5"].state, "sent")

    def test_customer_hours_when_the_contact_has_no_email(self):
        # the Rio contact has no email: the message goes to the São Paulo customer,
        # at 08:00 (São Paulo's hours), not at 09:00 (Rio's)
        move = self.post_at(
            "2026-03-16", self.contact_in(self.paulista, "rj", email=False), "2026-03-02"
        )
        self.dispatch("2026-03-09 08:00")
        d5 = self.reminders(move)["D-5"]
        self.assertEqual((d5.state, d5.partner_id), ("sent", self.paulista))

    def test_partner_window_is_the_window_of_the_person(self):
        # the function the WhatsApp chatter messages wait with
        contact = self.contact_in(self.paulista, "ac")
        window = self.env["cobranca.calendar"]._partner_window(self.company, contact)
        self.assertFalse(window.is_open(self.sp_time("2026-03-09 09:59")))
        self.assertTrue(window.is_open(self.sp_time("2026-03-09 10:00")))
        self.assertTrue(
            self.env["cobranca.calendar"]
            ._partner_window(self.company, self.paulista)
            .is_open(self.sp_time("2026-03-09 08:00"))
        )

    def test_call_to_do_states_the_rio_contact_hours(self):
        # The call step falls on Saturday 14/03; the person to call is the Rio
        # contact (it has the phone): no Saturday calls in Rio, the to-do is due on
        # Monday, with Rio's hours.
        contact = self.contact_in(self.paulista, "rj", mobile="+55 21 99876-5432")
        regua = self.one_step_regua(-2, channel="activity")
        move = self.post_at("2026-03-16", contact, "2026-03-02", cobranca_regua_id=regua.id)
        self.dispatch("2026-03-14 10:00")
        call = move.cobranca_reminder_ids.activity_id
        self.assertEqual(call.date_deadline, date(2026, 3, 16))
        self.assertIn(
            "Call between 09:00 and 19:00 Mon–Fri, never on weekends or holidays "
            "(RJ, Lei RJ 6.854/2014, art. 3º, § 4º",
            str(call.note),
        )

    # --------------------------------------------------------------- batching
    def test_planner_queries_do_not_grow_with_contacts_of_other_states(self):
        states = ("rj", "ac", "ba", "mg")

        def count_queries(n):
            customers = self.env["res.partner"].create(
                [
                    {
                        "name": f"Cliente {n}-{i}",
                        "email": f"cliente.{n}.{i}@example.com",
                        "country_id": self.env.ref("base.br").id,
                        "state_id": self.env.ref("base.state_br_sp").id,
                    }
                    for i in range(n)
                ]
            )
            moves = self.env["account.move"]
            for i, customer in enumerate(customers):
                contact = self.contact_in(customer, states[i % len(states)])
                moves |= self.make_invoice("2026-04-24", partner=contact, post=False)
            with freeze_time("2026-04-01 12:00:00"):
                moves.action_post()
                self.env["cobranca.planner"]._outdate(move_ids=moves.ids)
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                planned, remaining = self.env["cobranca.planner"]._plan(moves.ids)
                count = self.env.cr.sql_log_count - before
            self.assertEqual((planned, remaining), (n, 0))
            d1 = {m.partner_id.state_id.code: self.scheduled(m)["D-1"] for m in moves}
            self.assertEqual(d1["RJ"], date(2026, 4, 22))
            self.assertEqual(d1["AC"], date(2026, 4, 23))
            return count

        count_queries(4)  # warm the caches
        small, large = count_queries(4), count_queries(40)
        self.assertLessEqual(large, small + 3)

    def test_dispatcher_queries_do_not_grow_with_contacts_of_other_states(self):
        def count_queries(n, posted):
            moves = self.env["account.move"]
            for i in range(n):
                customer = self.customer_in(f"Cliente{posted}{i} SP", "sp")
                moves |= self.post_at("2026-03-16", self.contact_in(customer, "ac"), posted)
            self.env.invalidate_all()
            with freeze_time(self.sp_time("2026-03-09 08:30")):
                before = self.env.cr.sql_log_count
                done = self.env["cobranca.dispatcher"]._dispatch()
                count = self.env.cr.sql_log_count - before
            self.assertEqual(done, n)
            held = moves.cobranca_reminder_ids.filtered(lambda r: r.offset_days == -5)
            self.assertEqual(set(held.mapped("skip_reason")), {"outside_window"})
            return count

        count_queries(2, "2026-03-01")  # warm the caches
        small = count_queries(3, "2026-03-02")
        large = count_queries(30, "2026-03-03")
        self.assertLessEqual(large, small + 3)
